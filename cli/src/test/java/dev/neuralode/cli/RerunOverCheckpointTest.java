package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.io.OutputSet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walkthrough 2, item 11: rerunning the same command with the same settings into an {@code --out}
 * whose run was interrupted continues that run from its checkpoint (as {@code --resume} would),
 * says so, and ends bit for bit as an uninterrupted run; {@code --overwrite} starts over.
 */
class RerunOverCheckpointTest {

  @TempDir Path dir;

  private String series() throws Exception {
    return Files.writeString(dir.resolve("series.csv"),
        "t,x,y\n0,1,1\n1,2,3\n2,3,1\n3,4,5\n4,2,2\n").toString();
  }

  @Test
  void fitRerunWithTheSameSettingsContinuesTheInterruptedRun() throws Exception {
    String data = series();
    // one fit (--augment none), so that the progress lines count its iterations alone
    String[] common = {"--data", data, "--iterations", "12", "--hidden", "3",
        "--checkpoint-every", "2", "--augment", "none"};
    Path whole = dir.resolve("whole");
    assertThat(CliRun.of(new FitCommand(), NewCommandsResumeTest.with(common, "--out",
        whole.toString(), "-q")).exit()).isZero();
    Path out = dir.resolve("out");
    String[] run = NewCommandsResumeTest.with(common, "--out", out.toString());
    assertThat(CliRun.of(new FitCommand(), NewCommandsResumeTest.with(run, "--stop-after", "6"))
        .exit()).isEqualTo(130);
    assertThat(OutputSet.checkpointDir(out).resolve(CheckpointFile.NAME)).isRegularFile();

    // the same settings, spelled with a default given explicitly: the same run, continued
    CliRun again = CliRun.of(new FitCommand(), NewCommandsResumeTest.with(run, "--lr", "0.01",
        "--stop-after", "9"));
    assertThat(again.exit()).as(again.err()).isEqualTo(130);
    assertThat(again.errLines().get(0)).isEqualTo("fit: an interrupted run with the same settings"
        + " has a checkpoint in " + out.resolveSibling(".out.checkpoint") + "; continuing it (as --resume " + out
        + " would); add"
        + " --overwrite to start over instead");
    assertThat(again.err()).doesNotContain("ignored").contains("iteration 7/12");
    CliRun last = CliRun.of(new FitCommand(), run);
    assertThat(last.exit()).as(last.err()).isZero();
    assertThat(last.err()).contains("iteration 10/12");
    for (String f : new String[] {"model.json", "loss.csv", "predictions.csv"}) {
      assertThat(Files.readAllBytes(out.resolve(f))).as(f)
          .isEqualTo(Files.readAllBytes(whole.resolve(f)));
    }
    assertThat(OutputSet.checkpointDir(out)).doesNotExist();
  }

  @Test
  void overwriteStartsOverInsteadOfContinuing() throws Exception {
    String data = series();
    Path out = dir.resolve("out");
    String[] run = {"--data", data, "--iterations", "12", "--hidden", "3", "--checkpoint-every",
        "2", "--augment", "none", "--out", out.toString()};
    assertThat(CliRun.of(new FitCommand(), NewCommandsResumeTest.with(run, "--stop-after", "6"))
        .exit()).isEqualTo(130);
    CliRun over = CliRun.of(new FitCommand(), NewCommandsResumeTest.with(run, "--overwrite",
        "--stop-after", "3"));
    assertThat(over.exit()).isEqualTo(130);
    assertThat(over.err()).doesNotContain("continuing").contains("iteration 1/12");
    assertThat(over.errLines()).last().asString().startsWith("fit: stopped after iteration 3 of 12");
  }
}
