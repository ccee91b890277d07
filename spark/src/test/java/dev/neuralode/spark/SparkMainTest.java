package dev.neuralode.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.io.CnfModelFile;
import dev.neuralode.io.ModelFile;
import dev.neuralode.model.CnfModel;
import dev.neuralode.model.OdeMlpModel;
import dev.neuralode.model.SeriesPredictor;
import dev.neuralode.flow.TraceEstimator;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.CnfTrainer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands end to end on local[2], each with its own session as spark-submit would start it. */
class SparkMainTest {
  @TempDir
  Path dir;

  private int run(ByteArrayOutputStream err, String... args) {
    return SparkMain.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void aFitEnsembleModelFileSolvesOnExecutorsAsTheLibraryPredictsIt() throws Exception {
    Path data = Path.of(System.getProperty("neuralode.shared", "../../shared"), "data", "lynx_hare.csv");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path fits = dir.resolve("fits");
    assertThat(run(err, "fit-ensemble", "--data", data.toString(), "--time", "year", "--out", fits.toString(),
        "--fits", "2", "--iterations", "8", "--hidden", "8", "--rtol", "1e-5", "--atol", "1e-7",
        "--master", "local[2]")).as(err.toString()).isZero();
    assertThat(fits.resolve("fits.csv")).exists();
    List<String> bands = Files.readAllLines(fits.resolve("bands.csv"));
    assertThat(bands).hasSize(252);
    // populations are never negative in the data, so no band value is (clipped as local fit does)
    assertThat(bands.subList(1, bands.size()).stream().flatMap(l -> Stream.of(l.split(",")).skip(1))
        .mapToDouble(Double::parseDouble).min().orElseThrow()).isGreaterThanOrEqualTo(0);
    assertThat(Files.readString(fits.resolve("summary.json"))).contains("\"clipped_at_zero\" : {")
        .contains("\"hare\" :").contains("\"lynx\" :");
    // walkthrough 17: the mean-only baseline (local fit's rmse_baseline on this file: 18.72) is
    // recorded, and fits above 0.8 × it are counted and named in a warning, as local fit warns
    com.fasterxml.jackson.databind.JsonNode summary = dev.neuralode.io.Json.readTree(fits.resolve("summary.json"),
        "summary");
    double baseline = summary.get("rmse_baseline").asDouble();
    assertThat(baseline).isCloseTo(18.72, org.assertj.core.api.Assertions.within(0.005));
    List<String> fitRows = Files.readAllLines(fits.resolve("fits.csv"));
    int rmseColumn = List.of(fitRows.get(0).split(",")).indexOf("rmse");
    long poor = fitRows.stream().skip(1).map(l -> l.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)"))
        .filter(f -> !f[rmseColumn].isEmpty() && Double.parseDouble(f[rmseColumn]) > 0.8 * baseline).count();
    assertThat(summary.get("poor_fits").asLong()).isEqualTo(poor);
    if (poor > 0) {
      assertThat(err.toString()).contains("warning: fit").contains("mean-only baseline 18.72");
    } else {
      assertThat(err.toString()).doesNotContain("warning");
    }
    OdeMlpModel model = ModelFile.load(fits.resolve("model.json"));
    // a rerun with --overwrite and a mistyped column is refused before the earlier output is deleted
    ByteArrayOutputStream typo = new ByteArrayOutputStream();
    assertThat(run(typo, "fit-ensemble", "--data", data.toString(), "--time", "year", "--columns", "hare,lynxx",
        "--out", fits.toString(), "--fits", "2", "--iterations", "8", "--overwrite", "--master", "local[1]"))
        .isEqualTo(2);
    assertThat(typo.toString()).contains("lynxx");
    assertThat(fits.resolve("model.json")).isRegularFile();

    Path input = dir.resolve("initial.csv");
    Files.writeString(input, "id,year,hare,lynx\n0,1900,30,4\n1,1905,20,30\n2,1910,,10\n");
    Path out = dir.resolve("solved");
    assertThat(run(err, "ensemble-solve", "--input", input.toString(), "--output", out.toString(), "--model",
        fits.resolve("model.json").toString(), "--times", "1900,1910,1920", "--out-format", "parquet",
        "--master", "local[2]"))
        .as(err.toString()).isZero();

    SparkSession spark = LocalSpark.start(1);
    try {
      List<Row> rows = spark.read().parquet(out.toString()).orderBy("id").collectAsList();
      assertThat(rows).hasSize(3);
      SeriesPredictor.Prediction p = model.build().predictWithStats(new double[] {20, 30}, 1905,
          new double[] {1900, 1910, 1920});
      assertThat(rows.get(1).<Double>getAs("hare_2")).isEqualTo(p.states()[2][0]);
      assertThat(rows.get(1).<Double>getAs("lynx_0")).isEqualTo(p.states()[0][1]);
      assertThat(rows.get(1).<Long>getAs(EnsembleSolver.NFE)).isEqualTo((long) p.stats().nfe());
      assertThat(rows.get(2).<String>getAs(EnsembleSolver.STATUS)).isEqualTo(EnsembleSolver.FAILED);
      assertThat(rows.get(2).<String>getAs(EnsembleSolver.ERROR)).contains("'hare'");
    } finally {
      spark.stop();
    }
  }

  @Test
  void densityWritesACnfModelFileThatScoresRowsOnExecutorsAndBadOptionsExitWithStatus2() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path out = dir.resolve("density");
    assertThat(run(err, "density", "--toy", "8gaussians", "--rows", "600", "--out", out.toString(), "--iterations",
        "3", "--batch", "200", "--hidden", "8", "--partitions", "3", "--master", "local[2]")).as(err.toString())
        .isZero();
    CnfModel model = CnfModelFile.load(out.resolve("model.json"));
    assertThat(model.columns()).containsExactly("x", "y");

    Path points = dir.resolve("points.csv");
    Files.writeString(points, "x,y\n0.5,-1.0\n2.0,abc\n-1.5,0.25\n");
    Path scored = dir.resolve("scored");
    assertThat(run(err, "logp", "--model", out.resolve("model.json").toString(), "--input", points.toString(),
        "--output", scored.toString(), "--output-format", "csv", "--chunk", "1", "--master", "local[2]"))
        .as(err.toString()).isZero();
    SparkSession spark = LocalSpark.start(1);
    try {
      List<Row> rows = spark.read().option("header", "true").csv(scored.toString()).collectAsList();
      assertThat(rows).hasSize(3);
      double[] direct = model.scaling().toDataLogProb(CnfTrainer.logProb(model.build(),
          Tensor.matrix(model.scaling().apply(new double[][] {{-1.5, 0.25}})), TraceEstimator.exact(), 1, null));
      Row last = rows.stream().filter(r -> "-1.5".equals(r.getString(0))).findFirst().orElseThrow();
      assertThat(Double.parseDouble(last.getString(2))).isEqualTo(direct[0]);
      Row bad = rows.stream().filter(r -> "2.0".equals(r.getString(0))).findFirst().orElseThrow();
      assertThat(bad.isNullAt(2)).isTrue();
      assertThat(bad.getString(3)).contains("'y'");
    } finally {
      spark.stop();
    }
    // a rerun with a mistyped --data, or one without the model's columns, is refused before the
    // earlier output is deleted, even with --overwrite (which would have let it replace that output)
    Path wrong = Files.writeString(dir.resolve("wrong.csv"), "a,b\n1,2\n");
    for (Path bad : new Path[] {dir.resolve("nosuch.csv"), wrong}) {
      ByteArrayOutputStream missing = new ByteArrayOutputStream();
      assertThat(run(missing, "logp", "--model", out.resolve("model.json").toString(), "--data",
          bad.toString(), "--out", scored.toString(), "--out-format", "csv", "--chunk", "1",
          "--overwrite", "--master", "local[1]")).isEqualTo(2);
      assertThat(missing.toString()).containsAnyOf("nosuch.csv", "no column 'x'");
      assertThat(scored.resolve(dev.neuralode.io.SparkJobRecord.FILE)).isRegularFile();
    }

    ByteArrayOutputStream bad = new ByteArrayOutputStream();
    assertThat(run(bad, "density", "--toy", "nosuch", "--out", out.toString())).isEqualTo(2);
    assertThat(bad.toString()).contains("--toy 'nosuch'");
    // the flow's settings are checked as the options the user typed (was: "--end-time/--kinetic/
    // --jacobian/--gradient: endTime must be ...")
    for (String[] o : new String[][] {{"--end-time", "0", "> 0"}, {"--kinetic", "-1", ">= 0"},
        {"--jacobian", "-0.5", ">= 0"}, {"--weight-decay", "-1", ">= 0"}, {"--lr", "-2", "> 0"}}) {
      ByteArrayOutputStream e = new ByteArrayOutputStream();
      assertThat(run(e, "density", "--toy", "moons", o[0], o[1], "--out", out.toString())).isEqualTo(2);
      assertThat(e.toString()).contains(o[0] + " " + o[1] + " must be " + o[2]).doesNotContain("endTime");
    }
    for (String[] o : new String[][] {{"--lr", "0.01,-1", "--lr -1 must be > 0"},
        {"--rtol", "0", "--rtol 0 must be > 0"}, {"--atol", "-1e-9", "--atol -1e-9 must be >= 0"},
        {"--partitions", "0", "--partitions '0' must be a whole number from 1 to"}}) {
      ByteArrayOutputStream e = new ByteArrayOutputStream();
      assertThat(run(e, "fit-ensemble", "--data", Path.of(System.getProperty("neuralode.shared", "../../shared"),
          "data", "lynx_hare.csv").toString(), o[0], o[1], "--out", dir.resolve("fe").toString())).isEqualTo(2);
      assertThat(e.toString()).contains(o[2]).doesNotContain("need iterations").doesNotContain("field 'solver'");
    }
    assertThat(run(bad, "ensemble-solve", "--bogus")).isEqualTo(2);
    assertThat(bad.toString()).contains("unknown option '--bogus'");
    assertThat(run(bad, "nosuch")).isEqualTo(2);
  }

  @Test
  void csvInputGivesCsvOutputWithoutHeaderOnlyPartsAndTheColumnsTimesAreReported() throws Exception {
    Path input = dir.resolve("initial.csv");
    Files.writeString(input, "x,v\n2,0\n1,1\n");
    Path out = dir.resolve("ens");
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = SparkMain.run(new String[] {"ensemble-solve", "--data", input.toString(), "--out", out.toString(),
        "--vars", "x,v", "--rhs", "v; mu*(1-x^2)*v - x", "--param", "mu=1", "--t", "0:5:6", "--master",
        "local[2]"}, new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(rc).as(err.toString()).isZero();
    assertThat(stdout.toString()).isEmpty();
    assertThat(err.toString()).contains("(csv)")
        .contains("neuralode spark ensemble-solve: columns x_0 .. v_5: the state at the i-th time, t = 0.0, 1.0,"
            + " 2.0, 3.0, 4.0, 5.0");
    List<Path> parts;
    try (Stream<Path> files = Files.list(out)) {
      parts = files.filter(f -> f.getFileName().toString().startsWith("part-")).toList();
    }
    assertThat(parts).isNotEmpty().allSatisfy(f -> assertThat(f.toString()).endsWith(".csv"));
    int dataLines = 0;
    for (Path part : parts) {
      List<String> lines = Files.readAllLines(part);
      assertThat(lines).as(part + " has rows, not a header only").hasSizeGreaterThan(1);
      assertThat(lines.get(0)).startsWith("input_row,x,v,status,nfe,error,x_0,v_0,x_1,v_1");
      dataLines += lines.size() - 1;
    }
    assertThat(dataLines).isEqualTo(2);
    assertThat(Files.readString(out.resolve("_neuralode_summary.json")))
        .contains("\"command\" : \"spark ensemble-solve\"")
        .contains("\"times\" : [ 0.0, 1.0, 2.0, 3.0, 4.0, 5.0 ]");
  }

  @Test
  void noCommandIsOneLineOnStderrWithStatus2AndHelpIsTheUsageWithStatus0() {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = SparkMain.run(new String[0], new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(rc).isEqualTo(2);
    assertThat(stdout.toString()).isEmpty();
    assertThat(err.toString().strip()).doesNotContain("\n").startsWith("neuralode spark: missing command;")
        .contains("ensemble-solve, fit-ensemble, density, logp");

    stdout.reset();
    rc = SparkMain.run(new String[] {"--help"}, new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(rc).isZero();
    assertThat(stdout.toString()).startsWith("Usage: neuralode spark COMMAND");
  }

  @Test
  void anUnknownNameInAnExpressionSaysHowToReadItFromAColumn() throws Exception {
    Path input = dir.resolve("initial.csv");
    Files.writeString(input, "x,v,mu\n2,0,1\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = run(err, "ensemble-solve", "--data", input.toString(), "--out", dir.resolve("o").toString(),
        "--vars", "x,v", "--rhs", "v; mu*(1-x^2)*v - x", "--t", "0:1:2", "--master", "local[1]");
    assertThat(rc).isEqualTo(2);
    assertThat(err.toString().strip()).doesNotContain("\n")
        .contains("--rhs expression 2, column 1: unknown name 'mu'")
        .contains("if 'mu' is a column of --data, declare it with --param mu");
  }
}
