package dev.neuralode.cli;

import static dev.neuralode.cli.CliRun.main;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.io.OutputSet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a training run interrupted (as by Ctrl-C, here by the hidden {@code --stop-after})
 * and resumed with {@code --resume DIR} ends byte for byte as an uninterrupted run:
 * {@code model.json} and {@code loss.csv} are identical.
 */
class ResumeTest {

  @TempDir Path dir;

  private Path series() throws Exception {
    return Files.writeString(dir.resolve("series.csv"),
        "t,x,y\n0,1,1\n1,2,3\n2,3,1\n3,4,5\n4,2,2\n5,1,0\n6,3,2\n7,2,4\n");
  }

  @Test
  void fitInterruptedAtTwoPointsAndResumedEndsByteIdentical() throws Exception {
    String data = series().toString();
    // 24 iterations: the curriculum's stages change at 3, 6, 9 and 12, Adam restarts there and
    // the rate drops at 21, so the interruptions at 5 and 14 cross every kind of transition.
    String[] common = {"--data", data, "--iterations", "24", "--hidden", "6", "--lr", "0.02",
        "--checkpoint-every", "4", "--quiet"};
    Path whole = dir.resolve("whole");
    assertThat(CliRun.of(new FitCommand(), with(common, "--out", whole.toString())).exit())
        .isZero();

    Path parts = dir.resolve("parts");
    CliRun first = CliRun.of(new FitCommand(), with(common, "--out", parts.toString(),
        "--stop-after", "5"));
    assertThat(first.exit()).as(first.err()).isEqualTo(130);
    assertThat(OutputSet.checkpointDir(parts).resolve(CheckpointFile.NAME)).isRegularFile();
    assertThat(parts).doesNotExist();

    CliRun second = CliRun.of(new FitCommand(), "--resume", parts.toString(), "--stop-after",
        "14");
    assertThat(second.exit()).as(second.err()).isEqualTo(130);
    // where it resumes (walkthrough 10): both fits of the default (no latent dimensions, and one
    // per column, whose polish merges segments) at iteration 5 of 24
    assertThat(second.errLines()).contains("fit: resuming from the checkpoint of iteration 10 of 48");

    CliRun last = CliRun.of(new FitCommand(), "--resume", parts.toString(), "--quiet");
    assertThat(last.exit()).as(last.err()).isZero();
    for (String f : new String[] {"model.json", "loss.csv", "predictions.csv"}) {
      assertThat(Files.readAllBytes(parts.resolve(f))).as(f)
          .isEqualTo(Files.readAllBytes(whole.resolve(f)));
    }
    assertThat(parts.resolve(CheckpointFile.NAME)).doesNotExist();
    assertThat(OutputSet.checkpointDir(parts)).doesNotExist();
    assertThat(siblings()).containsExactlyInAnyOrder("series.csv", "whole", "parts");
  }

  @Test
  void densityInterruptedAtTwoPointsAndResumedEndsByteIdentical() throws Exception {
    // A Hutchinson trace and batches smaller than the data: the generator's and the sampler's
    // positions matter, and the stop at 5 falls inside an epoch.
    String[] common = {"--toy", "moons", "--toy-samples", "60", "--iterations", "8", "--batch",
        "16", "--hidden", "6", "--trace", "hutchinson", "--grid", "4", "--samples", "10",
        "--checkpoint-every", "3", "--quiet"};
    Path whole = dir.resolve("whole");
    CliRun w = CliRun.of(new DensityCommand(), with(common, "--out", whole.toString()));
    assertThat(w.exit()).as(w.err()).isZero();
    Path parts = dir.resolve("parts");
    CliRun first = CliRun.of(new DensityCommand(), with(common, "--out", parts.toString(),
        "--stop-after", "2"));
    assertThat(first.exit()).as(first.err()).isEqualTo(130);
    CliRun second = CliRun.of(new DensityCommand(), "--resume", parts.toString(), "--stop-after",
        "5");
    assertThat(second.exit()).as(second.err()).isEqualTo(130);
    // walkthrough 13, finding 12: a resumed run says so, as fit's does
    assertThat(second.errLines()).contains("density: resuming from the checkpoint of iteration 2 of 8");
    CliRun last = CliRun.of(new DensityCommand(), "--resume", parts.toString(), "--quiet");
    assertThat(last.exit()).as(last.err()).isZero();
    for (String f : new String[] {"model.json", "loss.csv", "samples.csv"}) {
      assertThat(Files.readAllBytes(parts.resolve(f))).as(f)
          .isEqualTo(Files.readAllBytes(whole.resolve(f)));
    }
  }

  @Test
  void demoNonlinearInterruptedAtTwoPointsAndResumedEndsByteIdentical() throws Exception {
    String[] common = {"nonlinear", "--iterations", "40", "--plot-every", "10",
        "--checkpoint-every", "8", "--quiet"};
    Path whole = dir.resolve("whole");
    CliRun w = CliRun.of(new DemoCommand(), with(common, "--out", whole.toString()));
    assertThat(w.exit()).as(w.err()).isZero();
    Path parts = dir.resolve("parts");
    CliRun first = CliRun.of(new DemoCommand(), with(common, "--out", parts.toString(),
        "--stop-after", "15"));
    assertThat(first.exit()).as(first.err()).isEqualTo(130);
    // frames: the untrained model, after every 10th step and of the final model: iteration 0's and
    // 10's are kept with the checkpoint
    Path saved = OutputSet.checkpointDir(parts);
    assertThat(saved.resolve("frames").resolve("0001.png")).isRegularFile();
    assertThat(saved.resolve("frames").resolve("0002.png")).doesNotExist();
    CliRun second = CliRun.of(new DemoCommand(), "--resume", parts.toString(), "--stop-after",
        "27");
    assertThat(second.exit()).as(second.err()).isEqualTo(130);
    assertThat(second.errLines()).contains("demo nonlinear: resuming from the checkpoint of iteration 15 of 40");
    CliRun last = CliRun.of(new DemoCommand(), "--resume", parts.toString(), "--quiet");
    assertThat(last.exit()).as(last.err()).isZero();
    for (String f : new String[] {"loss.csv", "nonlinear.gif", "frames/0004.png"}) {
      assertThat(Files.readAllBytes(parts.resolve(f))).as(f)
          .isEqualTo(Files.readAllBytes(whole.resolve(f)));
    }
    com.fasterxml.jackson.databind.JsonNode a = dev.neuralode.io.Json.mapper()
        .readTree(whole.resolve("summary.json").toFile());
    com.fasterxml.jackson.databind.JsonNode b = dev.neuralode.io.Json.mapper()
        .readTree(parts.resolve("summary.json").toFile());
    for (String k : new String[] {"final_loss", "trajectory_rmse", "initial_trajectory_rmse",
        "frames", "nfe_forward_total", "nfe_backward_total"}) {
      assertThat(b.get(k)).as(k).isEqualTo(a.get(k));
    }
  }

  @Test
  void resumeWithoutACheckpointIsRefused() {
    CliRun run = CliRun.of(new FitCommand(), "--resume", dir.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly("fit: " + dir + ": has no checkpoint to resume"
        + " from (looked for ." + dir.getFileName() + ".checkpoint/checkpoint.json beside it);"
        + " give --resume the --out directory of an interrupted 'fit' run");
  }

  /**
   * Issue 14 walkthrough: rerunning over a complete earlier run and interrupting it after its
   * first checkpoint leaves the earlier output complete and untouched (the checkpoint goes
   * beside it), and resuming still ends byte-identical to an uninterrupted run.
   */
  @Test
  void fitRerunOverACompleteRunAndInterruptedLeavesTheOldOutputComplete() throws Exception {
    String data = series().toString();
    String[] common = {"--data", data, "--iterations", "24", "--hidden", "6", "--lr", "0.02",
        "--checkpoint-every", "4", "--quiet"};
    Path whole = dir.resolve("whole");
    assertThat(CliRun.of(new FitCommand(), with(common, "--out", whole.toString())).exit())
        .isZero();
    Path out = dir.resolve("out");
    // The earlier run: other settings (seed 1), so the rerun needs --overwrite.
    assertThat(CliRun.of(new FitCommand(), with(common, "--out", out.toString(), "--seed", "1"))
        .exit()).isZero();
    java.util.Map<String, byte[]> before = contents(out);
    assertThat(before).containsKeys("model.json", "summary.json", "fit.png", ".neuralode-run");

    CliRun refused = CliRun.of(new FitCommand(), with(common, "--out", out.toString()));
    assertThat(refused.exit()).isEqualTo(2);

    CliRun first = CliRun.of(new FitCommand(), with(common, "--out", out.toString(),
        "--overwrite", "--stop-after", "9"));
    assertThat(first.exit()).as(first.err()).isEqualTo(130);
    assertThat(contents(out)).as("the earlier output, complete and unchanged")
        .containsOnlyKeys(before.keySet());
    contents(out).forEach((k, v) -> assertThat(v).as(k).isEqualTo(before.get(k)));
    assertThat(OutputSet.checkpointDir(out).resolve(CheckpointFile.NAME)).isRegularFile();

    CliRun last = CliRun.of(new FitCommand(), "--resume", out.toString(), "--quiet");
    assertThat(last.exit()).as(last.err()).isZero();
    for (String f : new String[] {"model.json", "loss.csv", "predictions.csv"}) {
      assertThat(Files.readAllBytes(out.resolve(f))).as(f)
          .isEqualTo(Files.readAllBytes(whole.resolve(f)));
    }
    assertThat(siblings()).containsExactlyInAnyOrder("series.csv", "whole", "out");
  }

  @Test
  void demoSpiralRerunOverACompleteRunAndInterruptedLeavesTheOldOutputComplete()
      throws Exception {
    String[] common = {"spiral", "--iterations", "12", "--plot-every", "4",
        "--checkpoint-every", "3", "--quiet"};
    Path whole = dir.resolve("whole");
    assertThat(CliRun.of(new DemoCommand(), with(common, "--out", whole.toString())).exit())
        .isZero();
    Path out = dir.resolve("out");
    assertThat(CliRun.of(new DemoCommand(), with(common, "--out", out.toString())).exit())
        .isZero();
    java.util.Map<String, byte[]> before = contents(out);
    CliRun first = CliRun.of(new DemoCommand(), with(common, "--out", out.toString(),
        "--stop-after", "5"));
    assertThat(first.exit()).as(first.err()).isEqualTo(130);
    assertThat(contents(out)).containsOnlyKeys(before.keySet());
    contents(out).forEach((k, v) -> assertThat(v).as(k).isEqualTo(before.get(k)));
    CliRun last = CliRun.of(new DemoCommand(), "--resume", out.toString(), "--quiet");
    assertThat(last.exit()).as(last.err()).isZero();
    for (String f : new String[] {"loss.csv", "spiral.gif", "frames/0000.png",
        "frames/0003.png"}) {
      assertThat(Files.readAllBytes(out.resolve(f))).as(f)
          .isEqualTo(Files.readAllBytes(whole.resolve(f)));
    }
    assertThat(siblings()).containsExactlyInAnyOrder("whole", "out");
    // walkthrough: summary.json lists the files, and .neuralode-run holds spiral's options only
    com.fasterxml.jackson.databind.JsonNode summary = dev.neuralode.io.Json.mapper()
        .readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("files").toString()).isEqualTo("[\"frames/0000.png\","
        + "\"frames/0001.png\",\"frames/0002.png\",\"frames/0003.png\",\"spiral.gif\",\"loss.csv\"]");
    com.fasterxml.jackson.databind.JsonNode id = dev.neuralode.io.Json.mapper()
        .readTree(out.resolve(OutputSet.IDENTITY).toFile()).get("settings");
    assertThat(id.has("--plot-every")).isTrue();
    assertThat(id.has("--width")).as("an MNIST option").isFalse();
    assertThat(id.has("--epochs")).as("an MNIST option").isFalse();
  }

  @Test
  void aNewRunWithOtherSettingsDoesNotSilentlyReplaceAnInterruptedRunsCheckpoint()
      throws Exception {
    String data = series().toString();
    Path out = dir.resolve("out");
    String[] run = {"--data", data, "--iterations", "12", "--hidden", "3", "--out",
        out.toString(), "--checkpoint-every", "2", "--quiet"};
    assertThat(CliRun.of(new FitCommand(), with(run, "--stop-after", "3")).exit()).isEqualTo(130);
    byte[] saved = Files.readAllBytes(OutputSet.checkpointDir(out).resolve(CheckpointFile.NAME));
    CliRun other = CliRun.of(new FitCommand(), with(run, "--seed", "5"));
    assertThat(other.exit()).isEqualTo(2);
    assertThat(other.errLines()).containsExactly("fit: " + out + ": has the checkpoint of an"
        + " interrupted run of 'fit' with other settings (--seed 0 -> 5; in .out.checkpoint"
        + " beside it); continue"
        + " that run with --resume " + out + ", or add --overwrite to start this one in its place");
    assertThat(Files.readAllBytes(OutputSet.checkpointDir(out).resolve(CheckpointFile.NAME)))
        .isEqualTo(saved);
    assertThat(CliRun.of(new FitCommand(), with(run, "--seed", "5", "--overwrite")).exit())
        .isZero();
    assertThat(OutputSet.checkpointDir(out)).doesNotExist();
  }

  /** Walkthrough: the resumed run's status and progress prefix dropped "neuralode ". */
  @Test
  void theResumedRunPrintsWithTheSamePrefixAsTheInterruptedOne() throws Exception {
    String data = series().toString();
    Path out = dir.resolve("prefix");
    CliRun first = main("fit", "--data", data, "--iterations", "6", "--hidden", "3",
        "--out", out.toString(), "--stop-after", "2");
    assertThat(first.exit()).as(first.err()).isEqualTo(130);
    assertThat(first.errLines()).last().asString().startsWith("neuralode fit: stopped after"
        + " iteration 2 of 6; checkpoint saved");
    CliRun second = main("fit", "--resume", out.toString(), "--stop-after", "4");
    assertThat(second.exit()).as(second.err()).isEqualTo(130);
    assertThat(second.errLines()).isNotEmpty().allMatch(l -> l.startsWith("neuralode fit"));
    assertThat(second.errLines()).last().asString().startsWith("neuralode fit: stopped after"
        + " iteration 4 of 6");
  }

  private java.util.List<String> siblings() throws Exception {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }

  /** Every file under a directory (relative name to bytes). */
  private static java.util.Map<String, byte[]> contents(Path root) throws Exception {
    java.util.Map<String, byte[]> m = new java.util.TreeMap<>();
    try (var files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        m.put(root.relativize(f).toString(), Files.readAllBytes(f));
      }
    }
    return m;
  }

  private static String[] with(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }
}
