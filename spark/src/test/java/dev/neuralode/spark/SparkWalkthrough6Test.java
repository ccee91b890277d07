package dev.neuralode.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark findings of walkthrough 24 (issue 13): mistakes that need no Spark are refused before
 * Spark starts (a missing local input, an {@code --out} the job would not replace, a wrong {@code
 * --time} column); {@code spark density} counts its {@code seconds} and elapsed times from the
 * command's start, as the other Spark commands and the README say.
 *
 * <p>The refusals here name an unreachable master ({@code spark://127.0.0.1:1}): a command that
 * started Spark would fail to reach it (exit 1), so exit 2 with the input's message shows that the
 * check ran before Spark.
 */
class SparkWalkthrough6Test {
  private static final String NOWHERE = "spark://127.0.0.1:1";

  @TempDir Path dir;

  @Test
  void fitEnsembleReadsItsDataAndChecksOutBeforeSparkStarts() throws Exception {
    Path data = Files.writeString(dir.resolve("series.csv"), "year,hare,lynx\n1900,30,4\n1901,47,6\n1902,70,9\n"
        + "1903,77,35\n1904,36,59\n1905,20,41\n");
    SparkRun missing = SparkRun.of("fit-ensemble", "--data", dir.resolve("nope.csv").toString(), "--out",
        dir.resolve("fits").toString(), "--master", NOWHERE);
    assertThat(missing.exit()).as(missing.err()).isEqualTo(2);
    assertThat(missing.err().lines()).hasSize(1);
    assertThat(missing.err()).startsWith("neuralode spark fit-ensemble: ").contains("nope.csv");

    SparkRun column = SparkRun.of("fit-ensemble", "--data", data.toString(), "--time", "yr", "--out",
        dir.resolve("fits").toString(), "--master", NOWHERE);
    assertThat(column.exit()).as(column.err()).isEqualTo(2);
    assertThat(column.err().lines()).hasSize(1);
    assertThat(column.err()).contains("yr").contains("year");

    // an --out that holds files no neuralode run wrote
    Path mine = Files.createDirectories(dir.resolve("mine"));
    Files.writeString(mine.resolve("notes.txt"), "mine");
    SparkRun foreign = SparkRun.of("fit-ensemble", "--data", data.toString(), "--time", "year", "--out",
        mine.toString(), "--master", NOWHERE);
    assertThat(foreign.exit()).as(foreign.err()).isEqualTo(2);
    assertThat(foreign.err()).contains("already holds files that no neuralode run wrote (notes.txt)");
    assertThat(mine.resolve("notes.txt")).hasContent("mine");
  }

  @Test
  void aRerunWithOtherSettingsIsRefusedBeforeSparkStartsAndTheSameSettingsStillRun() throws Exception {
    Path input = Files.writeString(dir.resolve("initial.csv"), "id,x\n0,1\n1,2\n");
    Path out = dir.resolve("ens");
    List<String> first = List.of("ensemble-solve", "--data", input.toString(), "--out", out.toString(),
        "--vars", "x", "--rhs", "-x", "--t", "0:10:11", "--out-format", "csv", "--master", "local[1]", "-q");
    assertThat(SparkRun.of(first.toArray(String[]::new)).exit()).isZero();
    String before = Files.readString(out.resolve("_neuralode_summary.json"));

    // the walkthrough's case: another --t, refused in one line naming the difference
    List<String> other = new ArrayList<>(first);
    other.set(other.indexOf("0:10:11"), "0:1:3");
    other.set(other.indexOf("local[1]"), NOWHERE);
    other.set(other.indexOf(out.toString()), out.toUri().toString()); // file: is local whatever the master
    SparkRun refused = SparkRun.of(other.toArray(String[]::new));
    assertThat(refused.exit()).as(refused.err()).isEqualTo(2);
    assertThat(refused.err().strip()).isEqualTo("neuralode spark ensemble-solve: " + out
        + ": already holds the output of 'spark ensemble-solve' with other settings (--t 0,1,2,3,4,5,6,7,8,9,10 -> 0,0.5,1);"
        + " give --out another directory, or add --overwrite to replace its contents");
    assertThat(out.resolve("_neuralode_summary.json")).hasContent(before);

    // the options given spelled otherwise (defaults typed out, a method in capitals) are the same
    // settings: no early refusal, and the job runs and replaces its output
    List<String> same = new ArrayList<>(first);
    same.addAll(List.of("--method", "DOPRI5", "--rtol", "0.0000001", "--data-format", "CSV"));
    SparkRun rerun = SparkRun.of(same.toArray(String[]::new));
    assertThat(rerun.exit()).as(rerun.err()).isZero();
    // the same times written as a list are the same setting (walkthrough 25)
    List<String> listed = new ArrayList<>(first);
    listed.set(listed.indexOf("0:10:11"), "0,1,2,3,4,5,6,7,8,9,10");
    SparkRun list = SparkRun.of(listed.toArray(String[]::new));
    assertThat(list.exit()).as(list.err()).isZero();

    // a missing local input (a file: URI is local under any master)
    SparkRun missing = SparkRun.of("ensemble-solve", "--data", dir.resolve("none.csv").toUri().toString(), "--out",
        dir.resolve("e2").toString(), "--vars", "x", "--rhs", "-x", "--t", "0:1:3", "--master", NOWHERE);
    assertThat(missing.exit()).as(missing.err()).isEqualTo(2);
    assertThat(missing.err().strip()).startsWith("neuralode spark ensemble-solve: --data ").contains("none.csv: file not"
        + " found").doesNotContain("\n");
  }

  /** Finding 6: logp's refusal of an input without the model's columns says what to do. */
  @Test
  void logpWithoutTheModelsColumnsSaysHowToFixIt() throws Exception {
    Path model = dir.resolve("density");
    SparkRun d = SparkRun.of("density", "--toy", "8gaussians", "--rows", "64", "--out", model.toString(),
        "--iterations", "1", "--batch", "32", "--hidden", "8", "--master", "local[1]", "-q");
    assertThat(d.exit()).as(d.err()).isZero();
    Path points = Files.writeString(dir.resolve("faithful.csv"), "eruptions,waiting\n3.6,79\n1.8,54\n");
    SparkRun l = SparkRun.of("logp", "--model", model.resolve("model.json").toString(), "--data", points.toString(),
        "--out", dir.resolve("scored").toString(), "--master", "local[1]");
    assertThat(l.exit()).as(l.err()).isEqualTo(2);
    assertThat(l.err().strip()).isEqualTo("neuralode spark logp: the input has no column 'x'; the model needs [x, y] and"
        + " the input has [eruptions, waiting]; give the input columns of the model's names (the model was trained on"
        + " columns of those names), or score it with a model trained on these columns (density --data FILE --columns"
        + " ...)");

    // a missing local input, refused before Spark starts (an unreachable master), with a real model
    SparkRun missing = SparkRun.of("logp", "--model", model.resolve("model.json").toString(), "--data",
        dir.resolve("none.csv").toUri().toString(), "--out", dir.resolve("l").toString(), "--master", NOWHERE);
    assertThat(missing.exit()).as(missing.err()).isEqualTo(2);
    assertThat(missing.err().strip()).startsWith("neuralode spark logp: --data ").contains("none.csv: file not found")
        .doesNotContain("\n");
  }

  @Test
  void aPathCountsAsLocalBeforeSparkOnlyWhenNothingMakesAnotherFileSystemTheDefault() {
    java.util.Set<String> valued = java.util.Set.of("--master");
    Options local = Options.parse("logp", new String[] {"--master", "local[1]"}, valued, java.util.Set.of());
    Options cluster = Options.parse("logp", new String[] {"--master", "spark://host:7077"}, valued, java.util.Set.of());
    assertThat(Tables.plainlyLocal("file:/tmp/a.csv", cluster)).isEqualTo(Path.of("/tmp/a.csv"));
    assertThat(Tables.plainlyLocal("hdfs://namenode/a.csv", local)).isNull();
    assertThat(Tables.plainlyLocal("a/b.csv", cluster)).isNull();
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("HADOOP_CONF_DIR") == null
        && System.getenv("YARN_CONF_DIR") == null, "a Hadoop configuration in the environment");
    assertThat(Tables.plainlyLocal("a/b.csv", local)).isEqualTo(Path.of("a/b.csv"));
    // spark-submit --conf spark.hadoop.fs.defaultFS=... (a system property): Spark decides
    String before = System.getProperty("spark.hadoop.fs.defaultFS");
    System.setProperty("spark.hadoop.fs.defaultFS", "hdfs://namenode:8020");
    try {
      assertThat(Tables.plainlyLocal("a/b.csv", local)).isNull();
    } finally {
      if (before == null) {
        System.clearProperty("spark.hadoop.fs.defaultFS");
      } else {
        System.setProperty("spark.hadoop.fs.defaultFS", before);
      }
    }
  }

  @Test
  void densitySecondsCountFromTheCommandsStartAndTrainSecondsAreTheLoops() throws Exception {
    Path out = dir.resolve("d");
    SparkRun r = SparkRun.of("density", "--toy", "8gaussians", "--rows", "64", "--batch", "32", "--iterations", "2",
        "--hidden", "8", "--out", out.toString(), "--master", "local[1]");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode s = Json.readTree(out.resolve("summary.json"), "summary");
    double seconds = s.get("seconds").asDouble();
    double train = s.get("train_seconds").asDouble();
    assertThat(train).isPositive();
    assertThat(seconds).isGreaterThanOrEqualTo(train);
    assertThat(s.get("seconds_per_iteration").asDouble()).isEqualTo(train / 2);
    // the NFE totals every training command's summary has (walkthrough 25): the loss.csv columns summed
    List<String> loss = Files.readAllLines(out.resolve("loss.csv"));
    long forward = 0;
    long backward = 0;
    for (String line : loss.subList(1, loss.size())) {
      String[] cells = line.split(",");
      forward += Long.parseLong(cells[3]);
      backward += Long.parseLong(cells[4]);
    }
    assertThat(forward).isPositive();
    assertThat(s.get("nfe_forward_total").asLong()).isEqualTo(forward);
    assertThat(s.get("nfe_backward_total").asLong()).isEqualTo(backward);
    // the last line: the command's seconds, then the training's
    String last = r.err().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(last).startsWith("neuralode spark density: 64 rows").contains("2 iterations: ").contains("(training ");
    // every progress line's elapsed time is at most the command's seconds
    r.err().lines().filter(l -> l.contains(" s elapsed")).forEach(l -> {
      double elapsed = Double.parseDouble(l.replaceAll(".*, ([0-9.]+) s elapsed.*", "$1"));
      assertThat(elapsed).isLessThanOrEqualTo(seconds + 0.05); // printed to 0.1 s
    });
  }

  /** Walkthrough 26: NaN and Infinity cells are refused as every command refuses them, naming the column. */
  @Test
  void densityRefusesNanAndInfiniteCellsNamingTheColumn() throws Exception {
    for (String bad : new String[] {"NaN", "Infinity", "-Infinity"}) {
      Path data = Files.writeString(dir.resolve("bad.csv"), "a,b\n1,2\n3," + bad + "\n2,5\n4,1\n");
      SparkRun r = SparkRun.of("density", "--data", data.toString(), "--iterations", "1", "--out",
          dir.resolve("d-" + bad).toString(), "--master", "local[1]");
      assertThat(r.exit()).as(r.err()).isEqualTo(2);
      assertThat(r.err().strip()).as(bad).isEqualTo("neuralode spark density: --data " + data + ": empty, non-numeric, NaN"
          + " or infinite cells in column 'b' (1 cell); fill them in or remove those rows (local 'neuralode density"
          + " --data' names their lines), or give --columns without it");
      assertThat(dir.resolve("d-" + bad)).doesNotExist();
    }
  }

  /** Walkthrough 26: a local CSV file without a parameter's column is refused before Spark starts. */
  @Test
  void aMissingParameterColumnInALocalCsvIsRefusedBeforeSparkStarts() throws Exception {
    Path input = Files.writeString(dir.resolve("initial.csv"), "x,v\n1,0\n2,0\n");
    SparkRun r = SparkRun.of("ensemble-solve", "--data", input.toUri().toString(), "--out", dir.resolve("e").toString(),
        "--vars", "x,v", "--rhs", "v; mu*(1-x^2)*v - x", "--param", "mu", "--t", "0:1:3", "--master", NOWHERE);
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("neuralode spark ensemble-solve: parameter 'mu' has no default and the input has no"
        + " column of that name; its columns are [x, v]");
    // a header Spark might read otherwise is left to Spark
    assertThat(EnsembleSolveCommand.plainHeader(Files.writeString(dir.resolve("q.csv"), "\"x\",v\n1,2\n"))).isNull();
    assertThat(EnsembleSolveCommand.plainHeader(Files.writeString(dir.resolve("s.csv"), "x, v\n1,2\n"))).isNull();
    assertThat(EnsembleSolveCommand.plainHeader(input)).containsExactly("x", "v");
  }
}
