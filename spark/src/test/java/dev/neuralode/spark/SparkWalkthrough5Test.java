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
}
