package dev.neuralode.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second README walkthrough's Spark findings: 1 (a missing input exits 2 with one line, not a
 * raw Spark exception), 3 (ensemble-solve keeps the input order and says which input row each
 * result row is), 18 (logp echoes its inputs as local logp writes them; fits.csv says which fits
 * were resampled) and the options every command takes coming before the command's name.
 */
class SparkWalkthrough2Test {
  @TempDir Path dir;

  private static List<Path> parts(Path out) throws Exception {
    try (Stream<Path> files = Files.list(out)) {
      return files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList();
    }
  }

  @Test
  void aMissingInputFileExitsWithStatus2AndOneLineThatSaysWhatToFix() throws Exception {
    String missing = dir.resolve("nonexist.csv").toString();
    String[][] commands = {
        {"ensemble-solve", "--data", missing, "--out", dir.resolve("a").toString(), "--vars", "x",
            "--rhs", "-x", "--t", "0:1:3"},
        {"logp", "--model", dir.resolve("nomodel.json").toString(), "--data", missing, "--out",
            dir.resolve("b").toString()},
        {"density", "--data", missing, "--columns", "x,y", "--out", dir.resolve("c").toString()},
        {"fit-ensemble", "--data", missing, "--out", dir.resolve("d").toString()}};
    for (String[] c : commands) {
      List<String> args = new ArrayList<>(List.of(c));
      args.addAll(List.of("--master", "local[1]"));
      SparkRun r = SparkRun.of(args.toArray(String[]::new));
      assertThat(r.exit()).as(String.join(" ", c) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err().lines().toList()).as(c[0]).hasSize(1);
      assertThat(r.err()).as(c[0]).startsWith("neuralode spark " + c[0] + ": ")
          .contains("file not found").contains("check the path")
          .doesNotContain("Exception").doesNotContain("SQLSTATE");
    }
    // a local input is looked for before Spark starts (walkthrough 24); the message names the option
    // and where it looked
    SparkRun solve = SparkRun.of(commands[0]);
    assertThat(solve.err().strip()).startsWith("neuralode spark ensemble-solve: --data " + missing
        + ": file not found (looked for " + missing + "); check the path");
    // a file Spark cannot read in the format asked for: exit 2 and one line, too
    Path csv = Files.writeString(dir.resolve("initial.csv"), "x\n1\n");
    SparkRun parquet = SparkRun.of("ensemble-solve", "--data", csv.toString(), "--data-format", "parquet",
        "--out", dir.resolve("e").toString(), "--vars", "x", "--rhs", "-x", "--t", "0:1:3",
        "--master", "local[1]");
    assertThat(parquet.exit()).as(parquet.err()).isEqualTo(2);
    assertThat(parquet.err().lines().toList()).hasSize(1);
    assertThat(parquet.err()).contains("--data " + csv + ": cannot be read as parquet")
        .contains("--data-format csv");
  }

  /** An unreadable file (tests run as root here, so the exception is built as Hadoop wraps it). */
  @Test
  void anUnreadableInputIsOneLineThatSaysMakeItReadable() {
    Exception hadoop = new RuntimeException("wrapped", new java.io.FileNotFoundException(
        "/data/in.csv (Permission denied)"));
    assertThat(Tables.readFailure("--data", "/data/in.csv", "csv", hadoop).getMessage())
        .isEqualTo("--data /data/in.csv: permission denied; make the file readable");
    Exception nio = new IllegalStateException(new java.nio.file.AccessDeniedException("/data/in.csv"));
    assertThat(Tables.readFailure("--data", "/data/in.csv", "parquet", nio).getMessage())
        .isEqualTo("--data /data/in.csv: permission denied; make the file readable");
    assertThat(Tables.readFailure("--data", "x.csv", "csv", new RuntimeException("bad\nsecond line"))
        .getMessage()).isEqualTo("--data x.csv: cannot be read as csv (bad); check that it is a CSV"
            + " file with a header line");
  }

  @Test
  void ensembleSolveWritesTheRowsInInputOrderWithTheirInputRow() throws Exception {
    // duplicate initial states: only the input_row column can tell them apart
    double[] xs = {2, 1, 0.5, -1, 1, 3, 0.25, 1};
    StringBuilder csv = new StringBuilder("x,v\n");
    for (double x : xs) {
      csv.append(x).append(",0\n");
    }
    Path input = Files.writeString(dir.resolve("initial.csv"), csv);
    Path out = dir.resolve("ens");
    // -q and --master before the command's name, as completion offers them
    SparkRun r = SparkRun.of("-q", "--master", "local[2]", "ensemble-solve", "--data", input.toString(), "--out",
        out.toString(), "--vars", "x,v", "--rhs", "v; -x", "--t", "0:1:3");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    List<Path> parts = parts(out);
    assertThat(parts).as("several partitions, so the order is really tested").hasSizeGreaterThan(1);
    List<String> rows = new ArrayList<>();
    for (Path part : parts) {
      List<String> lines = Files.readAllLines(part);
      assertThat(lines.get(0)).startsWith("input_row,x,v,status,");
      rows.addAll(lines.subList(1, lines.size()));
    }
    assertThat(rows).hasSize(xs.length);
    for (int i = 0; i < xs.length; i++) {
      String[] f = rows.get(i).split(",");
      assertThat(Long.parseLong(f[0])).as("part files in name order hold the input order").isEqualTo(i);
      assertThat(Double.parseDouble(f[1])).isEqualTo(xs[i]);
      assertThat(Double.parseDouble(rows.get(i).split(",")[6])).as("x_0 is the row's own x")
          .isEqualTo(xs[i]);
    }
    // --partitions too keeps the order
    Path out2 = dir.resolve("ens2");
    assertThat(SparkRun.of("ensemble-solve", "--data", input.toString(), "--out", out2.toString(), "--vars",
        "x,v", "--rhs", "v; -x", "--t", "0:1:3", "--partitions", "3", "--master", "local[2]", "-q")
        .exit()).isZero();
    List<String> rows2 = new ArrayList<>();
    for (Path part : parts(out2)) {
      List<String> lines = Files.readAllLines(part);
      rows2.addAll(lines.subList(1, lines.size()));
    }
    assertThat(rows2).isEqualTo(rows);
    // an input that has the column already is refused, as for status
    Path taken = Files.writeString(dir.resolve("taken.csv"), "input_row,x\n0,1\n");
    SparkRun refused = SparkRun.of("ensemble-solve", "--data", taken.toString(), "--out",
        dir.resolve("ens3").toString(), "--vars", "x", "--rhs", "-x", "--t", "0:1:3", "--master",
        "local[1]");
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("already has a column 'input_row'");
  }

  @Test
  void logpEchoesTheModelsColumnsAsDoublesAndFitsCsvSaysWhichFitsWereResampled() throws Exception {
    Path model = dir.resolve("density");
    SparkRun d = SparkRun.of("density", "--toy", "8gaussians", "--rows", "400", "--out", model.toString(),
        "--iterations", "2", "--batch", "100", "--hidden", "8", "--master", "local[2]", "-q");
    assertThat(d.exit()).as(d.err()).isZero();
    Path points = Files.writeString(dir.resolve("points.csv"), "x,y,label\n0,0,a\n0.5,1,b\n");
    Path scored = dir.resolve("scored");
    SparkRun l = SparkRun.of("logp", "--model", model.resolve("model.json").toString(), "--data",
        points.toString(), "--out", scored.toString(), "--master", "local[1]", "-q");
    assertThat(l.exit()).as(l.err()).isZero();
    List<String> lines = new ArrayList<>();
    for (Path part : parts(scored)) {
      lines.addAll(Files.readAllLines(part));
    }
    assertThat(lines.get(0)).startsWith("x,y,label,");
    assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("0.0,0.0,a,"))
        .anySatisfy(line -> assertThat(line).startsWith("0.5,1.0,b,"));

    Path data = Path.of(System.getProperty("neuralode.shared", "../../shared"), "data",
        "lynx_hare.csv");
    Path fits = dir.resolve("fits");
    SparkRun f = SparkRun.of("fit-ensemble", "--data", data.toString(), "--time", "year", "--out",
        fits.toString(), "--fits", "2", "--iterations", "2", "--hidden", "4", "--bootstrap",
        "--rtol", "1e-4", "--atol", "1e-6", "--master", "local[2]", "-q");
    assertThat(f.exit()).as(f.err()).isZero();
    List<String> csv = Files.readAllLines(fits.resolve("fits.csv"));
    assertThat(csv.get(0)).startsWith("index,seed,lr,hidden,bootstrap_seed,rows,status,");
    int all = Files.readAllLines(data).size() - 1;
    for (int k = 0; k < 2; k++) {
      String[] cells = csv.get(1 + k).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
      assertThat(cells[4]).as("fit %d's resample seed", k).isEqualTo(Integer.toString(k));
      assertThat(Integer.parseInt(cells[5])).as("fit %d, fit 0 included, is a resample", k)
          .isLessThan(all).isEqualTo(FitEnsemble.resample(new FitEnsemble.Series("t",
              new double[all], List.of("a"), new double[all][1]), k).t().length);
    }
    SparkSession spark = LocalSpark.start(1);
    try {
      Row first = spark.read().option("header", "true").csv(fits.resolve("fits.csv").toString())
          .first();
      assertThat(first.<String>getAs("bootstrap_seed")).isEqualTo("0");
    } finally {
      spark.stop();
    }
  }
}
