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

  private String[] solve(Path out, String... more) throws Exception {
    Path input = dir.resolve("initial.csv");
    if (!Files.exists(input)) {
      Files.writeString(input, "x,v\n1,0\n0,1\n0.5,0.5\n");
    }
    List<String> args = new ArrayList<>(List.of("ensemble-solve", "--data", input.toString(), "--out",
        out.toString(), "--vars", "x,v", "--rhs", "v; -x", "--t", "0:1:3", "--master", "local[1]", "-q"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** What a job stopped while Spark wrote its table leaves: its record of the start and part files. */
  private static void unfinishedTable(Path out) throws Exception {
    SparkJobRecord.start(out, "spark ensemble-solve", Map.of("--t", "0:1:3"), SparkOutput.writes("ensemble-solve"));
    Files.writeString(out.resolve("part-00000-1f2e.csv"), "input_row,x,v\n0,1,0\n");
    Files.writeString(out.resolve(".part-00000-1f2e.csv.crc"), "crc");
    Files.writeString(out.resolve("_SUCCESS"), "");
    Files.writeString(out.resolve("._SUCCESS.crc"), "crc");
    Path attempt = Files.createDirectories(out.resolve("_temporary/0/_temporary/attempt_1"));
    Files.writeString(attempt.resolve("part-00001-1f2e.csv"), "input_row,x,v\n");
    Files.writeString(attempt.resolve(".part-00001-1f2e.csv.crc"), "crc");
  }

  /**
   * Finding B: a rerun into the --out of a stopped job named the job's own files as files no
   * neuralode run wrote, hidden .crc files first. The job records its start before it writes, so a
   * rerun recognises them: refused with the stop line's fix, replaced with --overwrite; a file the
   * user added is never deleted.
   */
  @Test
  void aRerunRecognisesAStoppedJobsFilesAndReplacesThemOnlyWithOverwrite() throws Exception {
    Path out = dir.resolve("ens20k");
    unfinishedTable(out);
    SparkRun refused = SparkRun.of(solve(out));
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err().strip()).isEqualTo("neuralode spark ensemble-solve: " + out + ": holds an unfinished"
        + " job's files ('spark ensemble-solve'); delete it, add --overwrite to replace it, or give --out another"
        + " directory");
    assertThat(out.resolve("part-00000-1f2e.csv")).exists();

    // the stop line gives the same fix
    Options o = Options.parse("ensemble-solve", new String[] {"--out", out.toString()}, java.util.Set.of("--out"),
        java.util.Set.of());
    assertThat(SparkMain.stopped("SIGTERM", o)).isEqualTo("stopped (SIGTERM); " + out + " holds an unfinished"
        + " job's files: delete it, add --overwrite to replace it, or give --out another directory, before"
        + " rerunning");

    // a file the user added: named, kept, even with --overwrite
    Files.writeString(out.resolve("notes.txt"), "mine");
    SparkRun kept = SparkRun.of(solve(out, "--overwrite"));
    assertThat(kept.exit()).isEqualTo(2);
    assertThat(kept.err()).contains("holds files that the previous run did not write (notes.txt)");
    assertThat(out.resolve("notes.txt")).hasContent("mine");
    Files.delete(out.resolve("notes.txt"));

    SparkRun replaced = SparkRun.of(solve(out, "--overwrite"));
    assertThat(replaced.exit()).as(replaced.err()).isZero();
    assertThat(out.resolve("part-00000-1f2e.csv")).doesNotExist();
    assertThat(out.resolve("_temporary")).doesNotExist();
    assertThat(SparkJobRecord.read(out)).isNotNull();
    assertThat(SparkJobRecord.unfinished(out)).isNull();
    assertThat(SparkJobRecord.read(out).foreign(out)).isEmpty();
    // and the finished output is replaced by the same command as before, without --overwrite
    assertThat(SparkRun.of(solve(out)).exit()).isZero();
  }

  /** Finding B: a local command recognises a stopped Spark job's files too. */
  @Test
  void aLocalRunRecognisesAStoppedSparkJobsFiles() throws Exception {
    Path out = dir.resolve("ens");
    unfinishedTable(out);
    assertThatThrownBy(() -> OutputSet.begin(out, "--out", Map.of("command", "fit"), false).close())
        .isInstanceOf(InputException.class)
        .hasMessageContaining("holds the files of an unfinished neuralode Spark job ('spark ensemble-solve');"
            + " delete it, add --overwrite to replace it, or give --out another directory");
    try (OutputSet set = OutputSet.begin(out, "--out", Map.of("command", "fit"), true)) {
      Files.writeString(set.dir().resolve("model.json"), "{}");
      set.commit();
    }
    assertThat(out.resolve("model.json")).exists();
    assertThat(out.resolve("_SUCCESS")).doesNotExist();
  }

  /** Finding B: lists of files show the visible ones first, then hidden ones such as .crc files. */
  @Test
  void listsOfFilesShowVisibleOnesBeforeHiddenOnes() throws Exception {
    Path out = Files.createDirectories(dir.resolve("foreign"));
    for (String n : List.of("._SUCCESS.crc", ".part-00000.csv.crc", ".part-00001.csv.crc", "_SUCCESS",
        "part-00000.csv", "part-00001.csv", "notes.txt")) {
      Files.writeString(out.resolve(n), "");
    }
    SparkRun r = SparkRun.of(solve(out));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("already holds files that no neuralode run wrote (_SUCCESS, notes.txt,"
        + " part-00000.csv, part-00001.csv, ._SUCCESS.crc and 2 more)");
    assertThat(OutputSet.visibleFirst(List.of(".b", "a/.c", "z", "a/b"))).containsExactly("a/b", "z", ".b", "a/.c");
  }

  /** Finding B: a job that fails before writing anything leaves no directory behind. */
  @Test
  void aJobThatFailsBeforeWritingLeavesNoDirectory() throws Exception {
    Path out = dir.resolve("scores");
    Path model = dir.resolve("model.json");
    SparkRun d = SparkRun.of("density", "--toy", "8gaussians", "--rows", "64", "--iterations", "1", "--batch", "16",
        "--hidden", "4", "--out", dir.resolve("flow").toString(), "--master", "local[1]", "-q");
    assertThat(d.exit()).as(d.err()).isZero();
    Files.copy(dir.resolve("flow").resolve("model.json"), model);
    // logp records its start, then fails to read --data
    SparkRun r = SparkRun.of("logp", "--model", model.toString(), "--data", dir.resolve("missing.csv").toString(),
        "--out", out.toString(), "--master", "local[1]");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("file not found");
    assertThat(out).doesNotExist();
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
      double scale = 0;
      double diff = 0;
      for (int i = 0; i < a.length; i++) {
        scale = Math.max(scale, Math.abs(a[i]));
        diff = Math.max(diff, Math.abs(a[i] - b[i]));
      }
      assertThat(diff / scale).as(other).isLessThanOrEqualTo(1e-12);
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
    assertThat(SparkRun.of("density", "--help").out()).contains("(default: every", "column of --data");
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
