package dev.neuralode.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JobProgressTest {
  private static SparkSession spark;
  @org.junit.jupiter.api.io.TempDir
  java.nio.file.Path dir;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start(2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void theLineGivesDoneOfTotalThePercentElapsedAndTheTimeLeft() {
    assertThat(JobProgress.line(0, "fits done", 8, 5.04, Double.NaN)).isEqualTo("0/8 fits done (0%), 5.0 s elapsed");
    assertThat(JobProgress.line(3, "fits done", 8, 25.0, 41.7))
        .isEqualTo("3/8 fits done (37%), 25.0 s elapsed, about 42 s left");
    assertThat(JobProgress.line(1000, "rows solved", 1000, 61.25, Double.NaN))
        .isEqualTo("1000/1000 rows solved (100%), 61.3 s elapsed");
    // a task Spark ran twice counts twice: shown as the total, never above it
    assertThat(JobProgress.line(9, "fits done", 8, 10, Double.NaN)).startsWith("8/8 fits done (100%)");
    assertThat(JobProgress.line(0, "rows scored", 0, 1, Double.NaN)).isEqualTo("0/0 rows scored (100%), 1.0 s elapsed");
    assertThat(JobProgress.timeLeft(1, 4, 2.0)).isEqualTo(", about 6 s left");
    assertThat(JobProgress.timeLeft(0, 4, 2.0)).isEmpty();
    assertThat(JobProgress.timeLeft(4, 4, 2.0)).isEmpty();
  }

  @Test
  void theTimeLeftFallsWhileTheCountStandsStill() {
    // walkthrough 20: 2 of 4 fits after 20 s said "about 20 s left", then 25 and 30 at the next lines
    assertThat(JobProgress.remaining(2, 4, 20, 0)).isEqualTo(20.0);
    assertThat(JobProgress.remaining(2, 4, 20, 5)).isEqualTo(15.0);
    assertThat(JobProgress.remaining(2, 4, 20, 10)).isEqualTo(10.0);
    // past the estimate, and before the first or after the last unit: none
    assertThat(JobProgress.remaining(2, 4, 20, 25)).isNaN();
    assertThat(JobProgress.remaining(0, 4, 0, 30)).isNaN();
    assertThat(JobProgress.remaining(4, 4, 30, 0)).isNaN();
    assertThat(JobProgress.line(2, "fits done", 4, 31.0, JobProgress.remaining(2, 4, 20, 10)))
        .isEqualTo("2/4 fits done (50%), 31.0 s elapsed, about 10 s left");
  }

  /** Runs 8 elements in 4 tasks of about 0.6 s each on 2 threads, each adding 1 per element. */
  private static long slowJob(LongAccumulator counter) {
    List<Integer> items = List.of(0, 1, 2, 3, 4, 5, 6, 7);
    return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(items, 4).map(i -> {
      Thread.sleep(300);
      counter.add(1);
      return i;
    }).count();
  }

  @Test
  void linesComeAtTheIntervalWhileTheJobRunsCountUpAndStopAtClose() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    JobProgress progress = JobProgress.of(spark, "ensemble-solve", "rows solved", err, () -> false);
    long commandStart = System.nanoTime() - 7_000_000_000L;
    try (progress) {
      progress.start(8, commandStart, 200);
      assertThat(slowJob(progress.counter())).isEqualTo(8);
    }
    assertThat(progress.counter().value()).isEqualTo(8L);
    String printed = bytes.toString(StandardCharsets.UTF_8);
    Pattern line = Pattern.compile("neuralode spark ensemble-solve: (\\d)/8 rows solved \\(\\d+%\\), (\\d+\\.\\d) s"
        + " elapsed(, about \\d+ s left)?");
    List<Integer> counts = new ArrayList<>();
    for (String l : printed.split("\n")) {
      Matcher m = line.matcher(l);
      assertThat(m.matches()).as(l).isTrue();
      counts.add(Integer.parseInt(m.group(1)));
      // the elapsed time counts from the command's start, 7 s before the job's
      assertThat(Double.parseDouble(m.group(2))).isGreaterThanOrEqualTo(7.0);
    }
    // the job takes about 1.2 s: several lines, counts that never go down, and a task's rows appear
    // when it ends
    assertThat(counts).hasSizeGreaterThanOrEqualTo(3);
    assertThat(counts).isSorted();
    assertThat(counts).anyMatch(c -> c > 0);
    Thread.sleep(500);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).as("a line after close").isEqualTo(printed);
  }

  @Test
  void noLineOnceAStopSignalHasBeenReceived() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    AtomicBoolean stopped = new AtomicBoolean();
    try (JobProgress progress = JobProgress.of(spark, "fit-ensemble", "fits done", err, stopped::get)) {
      progress.start(8, System.nanoTime(), 100);
      // a line comes within the first periods, however loaded the machine
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (bytes.size() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("neuralode spark fit-ensemble: 0/8 fits done (0%)");
      stopped.set(true);
      // a line begun before the flag was set may still end: wait out two periods
      Thread.sleep(250);
      String before = bytes.toString(StandardCharsets.UTF_8);
      slowJob(progress.counter());
      assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(before);
    }
  }

  @Test
  void aProgressNeverStartedClosesAndPrintsNothing() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    JobProgress progress = JobProgress.of(spark, "logp", "rows scored",
        new PrintStream(bytes, true, StandardCharsets.UTF_8), () -> false);
    progress.close();
    assertThat(bytes.size()).isZero();
  }

  @Test
  void theSolverAndTheScorerCountEveryRowTheyReturn() {
    Dataset<Row> table = spark.createDataFrame(List.of(RowFactory.create(1.0, "0.0"), RowFactory.create(2.0, "0"),
        RowFactory.create(0.5, "x"), RowFactory.create(-1.0, "1.0"), RowFactory.create(0.0, "0.5")),
        DataTypes.createStructType(List.of(DataTypes.createStructField("x", DataTypes.DoubleType, true),
            DataTypes.createStructField("v", DataTypes.StringType, true)))).repartition(3);
    ExpressionOde ode = new ExpressionOde(List.of("x", "v"), List.of(), new double[0], List.of("v", "-x"),
        new double[] {0, 1}, SolverSettings.of("dopri5", 1e-6, 1e-8));
    LongAccumulator solved = spark.sparkContext().longAccumulator();
    // a row that fails (v = "x") counts too: it is done
    assertThat(new EnsembleSolver(ode).solve(table, solved).count()).isEqualTo(5);
    assertThat(solved.value()).isEqualTo(5L);

    // the plan ensemble-solve writes: rows in input order over a range repartition (whose bounds come
    // from a sampling job of its own), sorted, solved, written as CSV: each row counted once
    LongAccumulator written = spark.sparkContext().longAccumulator();
    Dataset<Row> ordered = EnsembleSolveCommand.inOrder(EnsembleSolveCommand.withInputRow(spark, table), 3);
    Tables.write(new EnsembleSolver(ode).solve(ordered, written), dir.resolve("solved").toString(), "csv");
    assertThat(written.value()).isEqualTo(5L);

    CnfSpec spec = new CnfSpec(2, new int[] {4}, dev.neuralode.nn.Activation.TANH, 0.5, false, 0, 0,
        SolverSettings.of("dopri5", 1e-5, 1e-7), "adjoint");
    dev.neuralode.model.CnfModel model = dev.neuralode.model.CnfModel.from(List.of("x", "v"),
        dev.neuralode.data.Standardizer.fit(new double[][] {{0, 0}, {1, 2}}), spec.create(3));
    LongAccumulator scored = spark.sparkContext().longAccumulator();
    assertThat(DensityScores.logProb(table, model, 2, scored).count()).isEqualTo(5);
    assertThat(scored.value()).isEqualTo(5L);
  }
}
