package dev.neuralode.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.io.InputException;
import dev.neuralode.io.Json;
import dev.neuralode.io.OutputSet;
import dev.neuralode.io.SparkJobRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark findings of a fresh-clone walkthrough (issue 13): a signal after the job has finished
 * exits 0; a rerun recognises the files of a job that was stopped or failed (and lists visible files
 * before hidden ones); {@code density --data} trains in Spark's default parallelism or {@code
 * --partitions N} partitions, in the file's row order, on every column unless {@code --columns}
 * names some; each command's help names only the earlier option names it accepts.
 */
class SparkWalkthrough5Test {
  @TempDir Path dir;

  /** Finding A: a signal after the last Spark job stops nothing; the status is the job's. */
  @Test
  void aSignalAfterTheJobHasFinishedKeepsItsStatusWithOneLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    assertThat(SparkMain.finished("density", 0, "TERM", err)).isZero();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("neuralode spark density: SIGTERM received after"
        + " the job had finished; its output is complete" + System.lineSeparator());
    bytes.reset();
    assertThat(SparkMain.finished("fit-ensemble", 1, null, err)).isEqualTo(1);
    assertThat(bytes.size()).isZero();
  }

  private static Path faithful(Path dir, String header, int rows) throws Exception {
    StringBuilder csv = new StringBuilder(header + "\n");
    java.util.Random rng = new java.util.Random(5);
    for (int i = 0; i < rows; i++) {
      csv.append(String.format(java.util.Locale.ROOT, "%.3f,%d", 1.5 + 3.5 * rng.nextDouble(), 45 + rng.nextInt(50)));
      if (header.split(",").length == 3) {
        csv.append(",site").append(i % 3);
      }
      csv.append('\n');
    }
    return Files.writeString(dir.resolve("faithful" + header.length() + ".csv"), csv.toString());
  }

  private static double[] parameters(Path model) throws Exception {
    JsonNode params = Json.readTree(model, "model").path("parameters");
    List<Double> values = new ArrayList<>();
    params.forEach(p -> collect(p.path("data"), values));
    assertThat(values).isNotEmpty();
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void collect(JsonNode node, List<Double> into) {
    if (node.isNumber()) {
      into.add(node.asDouble());
    } else {
      node.forEach(n -> collect(n, into));
    }
  }

  /**
   * Finding C: --data was trained on the file's single partition whatever --partitions said
   * (coalesce cannot raise the count), and the report said "1 partitions". Now Spark's default
   * parallelism or --partitions N, the rows in the file's order: the model agrees with one
   * partition's to rounding.
   */
  @Test
  void densityDataUsesTheDefaultParallelismOrPartitionsInFileOrder() throws Exception {
    Path data = faithful(dir, "eruptions,waiting", 272);
    String[] common = {"density", "--data", data.toString(), "--columns", "eruptions,waiting", "--iterations", "3",
        "--batch", "64", "--hidden", "8", "--master", "local[2]"};
    List<String> one = new ArrayList<>(List.of(common));
    one.addAll(List.of("--out", dir.resolve("one").toString(), "--partitions", "1"));
    SparkRun r1 = SparkRun.of(one.toArray(String[]::new));
    assertThat(r1.exit()).as(r1.err()).isZero();
    assertThat(r1.err()).contains("training a CNF on 272 rows in 1 partition on local[2]")
        .contains("272 rows, 1 partition, 3 iterations");

    List<String> byDefault = new ArrayList<>(List.of(common));
    byDefault.addAll(List.of("--out", dir.resolve("default").toString()));
    SparkRun r2 = SparkRun.of(byDefault.toArray(String[]::new));
    assertThat(r2.exit()).as(r2.err()).isZero();
    assertThat(r2.err()).as("local[2]'s default parallelism").contains("272 rows in 2 partitions")
        .contains("272 rows, 2 partitions, 3 iterations");

    List<String> three = new ArrayList<>(List.of(common));
    three.addAll(List.of("--out", dir.resolve("three").toString(), "--partitions", "3"));
    SparkRun r3 = SparkRun.of(three.toArray(String[]::new));
    assertThat(r3.exit()).as(r3.err()).isZero();
    assertThat(r3.err()).contains("272 rows in 3 partitions");
    assertThat(Json.readTree(dir.resolve("three").resolve("summary.json"), "summary").get("partitions").asInt())
        .isEqualTo(3);

    // the same rows in the same batches: the partitions change only the order of the additions
    double[] a = parameters(dir.resolve("one").resolve("model.json"));
    for (String other : List.of("default", "three")) {
      double[] b = parameters(dir.resolve(other).resolve("model.json"));
      assertThat(b).hasSameSizeAs(a);
      assertThat(DataParallelCnf.relativeDifference(a, b)).as(other).isLessThanOrEqualTo(1e-12);
    }
  }

  /** Finding D: without --columns, density models every column of --data, as local density does. */
  @Test
  void densityDataWithoutColumnsUsesEveryColumn() throws Exception {
    Path data = faithful(dir, "eruptions,waiting", 40);
    Path out = dir.resolve("all");
    SparkRun r = SparkRun.of("density", "--data", data.toString(), "--iterations", "1", "--batch", "16", "--hidden",
        "4", "--out", out.toString(), "--master", "local[1]");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode s = Json.readTree(out.resolve("summary.json"), "summary").get("settings");
    assertThat(s.get("columns").toString()).isEqualTo("[\"eruptions\",\"waiting\"]");

    Path text = faithful(dir, "eruptions,waiting,site", 40);
    Path none = dir.resolve("none");
    SparkRun refused = SparkRun.of("density", "--data", text.toString(), "--iterations", "1", "--out", none.toString(),
        "--master", "local[1]");
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err().strip()).isEqualTo("neuralode spark density: --data " + text + ": column 'site' is not"
        + " numeric (Spark reads it as string), and without --columns the density has every column; give its"
        + " columns with --columns, e.g. --columns eruptions,waiting");
    assertThat(none).doesNotExist();
    // walkthrough 15: an empty cell in a chosen column is refused in one line, before training
    Path holes = Files.writeString(dir.resolve("holes.csv"), "t,bp\n1,120\n2,\n3,118\n4,121\n");
    assertThat(refusal(holes, none, "t,bp")).isEqualTo("neuralode spark density: --data " + holes + ": empty,"
        + " non-numeric, NaN or infinite cells in column 'bp' (1 cell); fill them in or remove those rows (local 'neuralode density"
        + " --data' names their lines), or give --columns without it");
    // walkthrough 17: every column with such cells is named, with its count
    Path gaps = Files.writeString(dir.resolve("gaps.csv"), "t,bp\n1,120\n,\n3,x\n4,121\n");
    assertThat(refusal(gaps, none, "t,bp")).contains("empty, non-numeric, NaN or infinite cells in columns 't' (1 cell), 'bp' (2 cells);")
        .endsWith("or give --columns without them");
    // walkthrough 18: without --columns, an empty cell in one column and a word in another are named
    // together (the word's column was called "not numeric", and giving the others led to the next refusal)
    Path mixed = Files.writeString(dir.resolve("mixed.csv"), "a,b,c\n1,2,3\n,2,3\n1,n/a,3\n1,2,3\n");
    assertThat(refusal(mixed, none, null)).isEqualTo("neuralode spark density: --data " + mixed + ": empty,"
        + " non-numeric, NaN or infinite cells in columns 'a' (1 cell), 'b' (1 cell); fill them in or remove those rows (local"
        + " 'neuralode density --data' names their lines), or give --columns without them");
    // and a text column beside a column with an empty cell: both in one message
    Path textAndHole = Files.writeString(dir.resolve("text.csv"), "a,site,c\n1,x,3\n,y,3\n2,z,4\n");
    assertThat(refusal(textAndHole, none, null)).isEqualTo("neuralode spark density: --data " + textAndHole
        + ": column 'site' is not numeric (Spark reads it as string), and without --columns the density has every"
        + " column; give its columns with --columns, e.g. --columns a,c; those also have empty, non-numeric, NaN or infinite cells"
        + " in column 'a' (1 cell): fill them in or remove those rows");
    assertThat(SparkRun.of("density", "--help").out()).contains("(default: every", "column of --data");
  }

  /**
   * Runs {@code spark density --data} (with {@code --columns} when given) on data it must refuse:
   * exit status 2, no --out written; returns the one line on stderr.
   */
  private static String refusal(Path data, Path none, String columns) {
    List<String> args = new ArrayList<>(List.of("density", "--data", data.toString()));
    if (columns != null) {
      args.addAll(List.of("--columns", columns));
    }
    args.addAll(List.of("--iterations", "1", "--out", none.toString(), "--master", "local[1]"));
    SparkRun r = SparkRun.of(args.toArray(String[]::new));
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(none).doesNotExist();
    return r.err().strip();
  }

  /** Finding E: each command's help names only the earlier option names that command accepts. */
  @Test
  void eachHelpNamesOnlyTheEarlierNamesItsCommandAccepts() {
    for (String c : SparkMain.COMMANDS) {
      String help = SparkMain.commandUsage(c);
      assertThat(help).as(c).contains("--input (--data)").contains("--output (--out)").contains("docs/spark.md");
      assertThat(help.lines()).as(c).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(SparkHelp.COLUMNS));
    }
    for (String c : List.of("fit-ensemble", "density")) {
      assertThat(SparkMain.commandUsage(c)).as(c).doesNotContain("--input-format").doesNotContain("--output-format")
          .doesNotContain("--params").doesNotContain("--times");
    }
    assertThat(SparkMain.commandUsage("logp")).contains("--input-format (--data-format)")
        .contains("--output-format (--out-format)").doesNotContain("--params").doesNotContain("--times");
    assertThat(SparkMain.commandUsage("ensemble-solve")).contains("--params (--param)").contains("--times (--t)");
    // what the help offers is accepted, and only that
    assertThatThrownBy(() -> new DensityCommand(new String[] {"--toy", "moons", "--out", "o", "--times", "0:1:2"}))
        .hasMessageStartingWith("unknown option '--times'");
  }

  /** Finding C: a table redistributed into more partitions keeps its rows in order. */
  @Test
  void rangesSplitTheRowIndicesIntoContiguousNearlyEqualParts() {
    DataParallelCnf.Ranges ranges = new DataParallelCnf.Ranges(3, 10);
    assertThat(ranges.numPartitions()).isEqualTo(3);
    List<Integer> parts = new ArrayList<>();
    for (long i = 0; i < 10; i++) {
      parts.add(ranges.getPartition(i));
    }
    // as parallelize slices 10 elements in 3: [0, 3), [3, 6), [6, 10)
    assertThat(parts).containsExactly(0, 0, 0, 1, 1, 1, 2, 2, 2, 2);
    // more partitions than rows: some stay empty
    assertThat(new DataParallelCnf.Ranges(4, 2).getPartition(0L)).isEqualTo(1);
    assertThat(new DataParallelCnf.Ranges(4, 2).getPartition(1L)).isEqualTo(3);
    assertThat(new DataParallelCnf.Ranges(7, Long.MAX_VALUE / 2).getPartition(Long.MAX_VALUE / 2 - 1)).isEqualTo(6);
  }
}
