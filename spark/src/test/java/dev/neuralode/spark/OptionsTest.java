package dev.neuralode.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Spark commands' options use the CLI's shared names ({@code --data}, {@code --out}, {@code
 * --param}, {@code --t}); the earlier names stay accepted as hidden aliases.
 */
class OptionsTest {

  private static final Set<String> VALUED = Set.of("--data", "--data-format", "--out",
      "--out-format", "--param", "--t", "--model");

  /** Walkthrough 13, findings 5 and 11. */
  @Test
  void aMistypedOptionGetsTheNearNameAndAParquetOutputReadsAsParquet(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    assertThatThrownBy(() -> Options.parse("density", new String[] {"--iteration", "2"},
        Set.of("--iterations", "--out"), Set.of()))
        .hasMessageStartingWith("unknown option '--iteration' (did you mean --iterations?); known options: ");
    // a job's Parquet output is a directory of part files: read as Parquet without --data-format
    java.nio.file.Path out = java.nio.file.Files.createDirectories(dir.resolve("pq1"));
    java.nio.file.Files.writeString(out.resolve("part-00000-x.snappy.parquet"), "");
    assertThat(Tables.format("--data-format", null, out.toString())).isEqualTo("parquet");
    assertThat(Tables.format("--data-format", null, dir.resolve("a.csv").toString())).isEqualTo("csv");
    assertThat(Tables.format("--data-format", "csv", out.toString())).isEqualTo("csv");
  }

  @Test
  void sharedNamesParseAndRepeatedParamsJoin() {
    Options o = Options.parse("ensemble-solve", new String[] {"--data", "a.csv", "--out", "runs/x",
        "--param", "mu=1", "--param", "k=2", "--t=0:1:3"}, VALUED, Set.of());
    assertThat(o.string("--data", null)).isEqualTo("a.csv");
    assertThat(o.string("--out", null)).isEqualTo("runs/x");
    assertThat(o.list("--param", null)).containsExactly("mu=1", "k=2");
    assertThat(o.string("--t", null)).isEqualTo("0:1:3");
  }

  @Test
  void earlierNamesAreAliases() {
    Options o = Options.parse("logp", new String[] {"--input", "p.csv", "--output", "runs/s",
        "--output-format", "csv", "--input-format=parquet", "--params", "mu", "--times", "0,1"},
        VALUED, Set.of());
    assertThat(List.of(o.string("--data", null), o.string("--out", null),
        o.string("--out-format", null), o.string("--data-format", null), o.string("--param", null),
        o.string("--t", null))).containsExactly("p.csv", "runs/s", "csv", "parquet", "mu", "0,1");
  }

  @Test
  void anAliasAndItsNameTogetherAreOneOptionGivenTwice() {
    assertThatThrownBy(() -> Options.parse("logp", new String[] {"--data", "a", "--input", "b"},
        VALUED, Set.of())).hasMessage("--data is given twice; give it once");
  }

  @Test
  void everyCommandTakesQuietAndHelpInTheirShortAndLongForms() {
    Options o = Options.parse("logp", new String[] {"-q", "--data", "a"}, VALUED, Set.of());
    assertThat(o.has(Options.QUIET)).isTrue();
    assertThat(Options.parse("logp", new String[] {"--quiet"}, VALUED, Set.of()).has(Options.QUIET)).isTrue();
    assertThat(Options.parse("logp", new String[] {"-h"}, VALUED, Set.of()).has(Options.HELP)).isTrue();
  }

  @Test
  void helpPrintsTheCommandsUsageWithoutStartingSparkAndErrorsNameTheCommandOnce() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream o = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
    java.io.PrintStream e = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(SparkMain.run(new String[] {"ensemble-solve", "--help"}, o, e)).isZero();
    assertThat(SparkMain.run(new String[] {"logp", "-h"}, o, e)).isZero();
    assertThat(out.toString()).contains("Usage: neuralode spark ensemble-solve", "Usage: neuralode spark logp",
        "-q, --quiet");
    assertThat(err.toString()).isEmpty();
    assertThat(SparkMain.run(new String[] {"ensemble-solve", "--bogus"}, o, e)).isEqualTo(2);
    assertThat(err.toString()).startsWith("neuralode spark ensemble-solve: unknown option '--bogus'")
        .containsOnlyOnce("neuralode spark");
  }

  @Test
  void aStoppedJobsPartFilesAreNamedAsSuchAndNeverDeleted(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path out = dir.resolve("ens");
    java.nio.file.Files.createDirectories(out.resolve("_temporary").resolve("0"));
    java.nio.file.Files.writeString(out.resolve("part-00000-abc.csv"), "x\n1\n");
    java.nio.file.Files.writeString(out.resolve(".part-00000-abc.csv.crc"), "crc");
    for (String[] args : new String[][] {{"--out", out.toString()}, {"--out", out.toString(), "--overwrite"}}) {
      Options o = Options.parse("ensemble-solve", args, Set.of("--out"), Set.of("--overwrite"));
      assertThatThrownBy(() -> SparkOutput.prepare(out, "ensemble-solve", o))
          .isInstanceOf(IllegalArgumentException.class)
          // visible names first, the .crc last; the fix is the user's to make
          .hasMessageContaining("holds an unfinished job's files (_temporary, part-00000-abc.csv,"
              + " .part-00000-abc.csv.crc)")
          .hasMessageContaining("delete " + out + " yourself");
    }
    assertThat(out.resolve("part-00000-abc.csv")).exists();
    assertThat(out.resolve("_temporary").resolve("0")).isDirectory();
    assertThat(SparkOutput.sparkLeftover("_SUCCESS")).isTrue();
    assertThat(SparkOutput.sparkLeftover("._SUCCESS.crc")).isTrue();
    assertThat(SparkOutput.sparkLeftover("notes.txt")).isFalse();
    // walkthrough 17: a job halted while it wrote its own files leaves their hidden temporary files
    assertThat(SparkOutput.sparkLeftover("._neuralode_run.json.5f3a9c.tmp")).isTrue();
    assertThat(SparkOutput.sparkLeftover(".model.json.77ab.tmp")).isTrue();
    assertThat(SparkOutput.sparkLeftover("model.json")).isFalse();
    java.nio.file.Path halted = dir.resolve("halted");
    java.nio.file.Files.createDirectories(halted);
    java.nio.file.Files.writeString(halted.resolve("loss.csv"), "iteration,loss\n");
    java.nio.file.Files.writeString(halted.resolve(".model.json.77ab.tmp"), "{");
    Options again = Options.parse("density", new String[] {"--out", halted.toString(), "--overwrite"},
        Set.of("--out"), Set.of("--overwrite"));
    assertThatThrownBy(() -> SparkOutput.prepare(halted, "density", again))
        .hasMessageContaining("holds an unfinished job's files (loss.csv, .model.json.77ab.tmp)");
    assertThat(halted.resolve("loss.csv")).exists();
  }

  @Test
  void aJobWritesBesideOutAndSwapsItsOutputInOnlyWhenItCommits(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.nio.file.Path out = dir.resolve("ens");
    Set<String> valued = Set.of("--out");
    Options first = Options.parse("ensemble-solve", new String[] {"--out", out.toString()}, valued, Set.of());
    java.nio.file.Path staged = SparkOutput.prepare(out, "ensemble-solve", first);
    // a hidden sibling that Spark's writers create
    org.assertj.core.api.Assertions.assertThat(staged.getParent()).isEqualTo(out.toAbsolutePath().getParent());
    org.assertj.core.api.Assertions.assertThat(staged.getFileName().toString()).startsWith(".ens.staging-");
    org.assertj.core.api.Assertions.assertThat(staged).doesNotExist();
    java.nio.file.Files.createDirectories(staged);
    java.nio.file.Files.writeString(staged.resolve("part-00000.csv"), "x\n1\n");
    SparkOutput.commit("ensemble-solve", first);
    org.assertj.core.api.Assertions.assertThat(out.resolve("part-00000.csv")).hasContent("x\n1");
    org.assertj.core.api.Assertions.assertThat(dev.neuralode.io.SparkJobRecord.read(out)).isNotNull();
    org.assertj.core.api.Assertions.assertThat(staged).doesNotExist();

    // a rerun with the same settings that fails or is stopped: the earlier output stays whole
    Options again = Options.parse("ensemble-solve", new String[] {"--out", out.toString()}, valued, Set.of());
    java.nio.file.Path second = SparkOutput.prepare(out, "ensemble-solve", again);
    java.nio.file.Files.createDirectories(second);
    java.nio.file.Files.writeString(second.resolve("part-00000.csv"), "x\n2\n");
    org.assertj.core.api.Assertions.assertThat(out.resolve("part-00000.csv")).hasContent("x\n1");
    again.staged().close();
    org.assertj.core.api.Assertions.assertThat(second).doesNotExist();
    org.assertj.core.api.Assertions.assertThat(out.resolve("part-00000.csv")).hasContent("x\n1");
    org.assertj.core.api.Assertions.assertThat(SparkMain.stopped("SIGTERM", again)).endsWith(out + " keeps its earlier contents");

    // one that finishes replaces it, files the new job did not write included
    Options third = Options.parse("ensemble-solve", new String[] {"--out", out.toString()}, valued, Set.of());
    java.nio.file.Path last = SparkOutput.prepare(out, "ensemble-solve", third);
    java.nio.file.Files.createDirectories(last);
    java.nio.file.Files.writeString(last.resolve("part-00001.csv"), "x\n3\n");
    SparkOutput.commit("ensemble-solve", third);
    org.assertj.core.api.Assertions.assertThat(out.resolve("part-00001.csv")).hasContent("x\n3");
    org.assertj.core.api.Assertions.assertThat(out.resolve("part-00000.csv")).doesNotExist();
    try (var siblings = java.nio.file.Files.list(dir)) {
      org.assertj.core.api.Assertions.assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("ens");
    }
  }

  @Test
  void aSlowSparkStartPrintsALineAtEachPeriodUntilItIsUp() throws Exception {
    // walkthrough 21: nothing reached stderr for 31 s while the JVM and Spark started on a busy machine
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream err = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
    SparkMain.Notice notice = SparkMain.Notice.start(err, "density", "starting Spark on local[2]", 60);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines().count() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    // walkthrough 22: the lines go on, naming the next phase, until the command's first line
    notice.phase("preparing the job (reading its input)");
    while (!bytes.toString(java.nio.charset.StandardCharsets.UTF_8).contains("preparing") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    java.io.PrintStream gated = notice.gate(err);
    gated.println("neuralode spark density: training a CNF on 1 row");
    String printed = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    java.util.List<String> lines = printed.lines().toList();
    org.assertj.core.api.Assertions.assertThat(lines).hasSizeGreaterThanOrEqualTo(4);
    org.assertj.core.api.Assertions.assertThat(lines.subList(0, lines.size() - 1))
        .allMatch(l -> l.matches("neuralode spark density: (starting Spark on local\\[2\\]|preparing the job \\(reading"
            + " its input\\)), \\d+ s so far"));
    org.assertj.core.api.Assertions.assertThat(lines.get(lines.size() - 1)).isEqualTo("neuralode spark density: training a CNF on 1 row");
    Thread.sleep(200);
    org.assertj.core.api.Assertions.assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(printed);
    // the test runs' filter (SparkRun) takes these lines out, and only these
    org.assertj.core.api.Assertions.assertThat(SparkRun.withoutStartLines(printed))
        .isEqualTo("neuralode spark density: training a CNF on 1 row\n");
  }

  @Test
  void anInterruptedSwapIsFinishedBeforeOutIsChecked(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    // an earlier job killed between its renames: --out missing, its complete output beside it
    java.nio.file.Path out = dir.resolve("ens");
    java.nio.file.Path ready = dir.resolve(".ens.ready-999999999-abc");
    java.nio.file.Files.createDirectories(ready);
    java.nio.file.Files.writeString(ready.resolve("part-00000.csv"), "x\n1\n");
    dev.neuralode.io.SparkJobRecord.write(ready, "spark logp", java.util.Map.of());
    Options other = Options.parse("ensemble-solve", new String[] {"--out", out.toString()}, Set.of("--out"),
        Set.of());
    // that output is back in --out, and another command's job may not replace it without --overwrite
    assertThatThrownBy(() -> SparkOutput.prepare(out, "ensemble-solve", other))
        .hasMessageContaining("already holds the output of 'spark logp'");
    org.assertj.core.api.Assertions.assertThat(out.resolve("part-00000.csv")).hasContent("x\n1");
    org.assertj.core.api.Assertions.assertThat(ready).doesNotExist();
  }

  @Test
  void timesNotStrictlyMonotoneAreRefusedNamingTheOption() {
    // walkthrough 20: the message named no option
    // worded as local solve's (walkthrough 21: values counted from 1 there)
    assertThatThrownBy(() -> Options.requireMonotone("--t", "3,2,2", Options.times("--t", "3,2,2")))
        .hasMessage("--t value 3 (2.0) repeats value 2; times must be strictly increasing (or strictly decreasing"
            + " for a backward solve), with no repeated value");
    assertThatThrownBy(() -> Options.requireMonotone("--t", "0,1,0.5", Options.times("--t", "0,1,0.5")))
        .hasMessageStartingWith("--t value 3 (0.5) does not increase from value 2 (1.0)");
    assertThatThrownBy(() -> Options.requireMonotone("--t", "3,2,2.5", Options.times("--t", "3,2,2.5")))
        .hasMessageStartingWith("--t value 3 (2.5) does not decrease from value 2 (2.0)");
    assertThatThrownBy(() -> Options.requireMonotone("--t", "1,1", Options.times("--t", "1,1")))
        .hasMessageStartingWith("--t value 2 (1.0) repeats value 1");
    assertThatThrownBy(() -> Options.requireMonotone("--t", "5", Options.times("--t", "5")))
        .hasMessageContaining("--t '5' needs at least two times");
    Options.requireMonotone("--t", "3,2,-1", Options.times("--t", "3,2,-1"));
    // a fitted model predicts at times in any order: parsing alone does not refuse them
    org.assertj.core.api.Assertions.assertThat(Options.times("--t", "1850,1840,1860")).containsExactly(1850, 1840, 1860);
    org.assertj.core.api.Assertions.assertThat(Options.times("--t", "3,3")).containsExactly(3, 3);
  }

  @Test
  void aRerunWithAnOptionGivenOrLeftOutNamesItAsSuch(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path out = dir.resolve("ens");
    Set<String> valued = Set.of("--out", "--partitions");
    Options first = Options.parse("ensemble-solve", new String[] {"--out", out.toString()}, valued, Set.of());
    first.string("--out", null);
    java.nio.file.Path staged = SparkOutput.prepare(out, "ensemble-solve", first);
    java.nio.file.Files.createDirectories(staged);
    java.nio.file.Files.writeString(staged.resolve("part-00000.csv"), "x\n1\n");
    SparkOutput.commit("ensemble-solve", first);
    Options given = Options.parse("ensemble-solve", new String[] {"--out", out.toString(), "--partitions", "2"},
        valued, Set.of());
    given.string("--partitions", null);
    assertThatThrownBy(() -> SparkOutput.prepare(out, "ensemble-solve", given))
        .hasMessageContaining("with other settings (--partitions 2 now, not given before)");
  }
}
