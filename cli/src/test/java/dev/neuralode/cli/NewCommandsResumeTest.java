package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.io.Json;
import dev.neuralode.io.OutputSet;
import dev.neuralode.io.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 1 for the newer training commands ({@code latent}, {@code demo anode}, {@code
 * demo latent}, {@code demo mnist}): interrupted at two points (as by Ctrl-C, here by the hidden
 * {@code --stop-after}) and resumed with {@code --resume DIR}, a run ends byte for byte as an
 * uninterrupted one; and issue 14 item 2: their output is an output set ({@code .neuralode-run},
 * refusal of another command's folder without {@code --overwrite}, the old output kept complete
 * while a run is interrupted).
 */
class NewCommandsResumeTest {

  @TempDir Path dir;

  private Path panel() throws Exception {
    StringBuilder b = new StringBuilder("id,t,x,y\n");
    for (int g = 0; g < 4; g++) {
      for (int i = 0; i < 6; i++) {
        double t = 0.3 * i + 0.1 * g;
        String x = (g + i) % 5 == 0 ? "" : Double.toString(Math.cos(t + g));
        String y = (g * i) % 7 == 3 ? "NA" : Double.toString(Math.sin(t + g));
        b.append("s").append(g).append(',').append(t).append(',').append(x).append(',')
            .append(y).append('\n');
      }
    }
    return Files.writeString(dir.resolve("panel.csv"), b.toString());
  }

  @Test
  void latentInterruptedAtTwoPointsAndResumedEndsByteIdentical() throws Exception {
    // 3 groups a batch of 4: the sampler's epoch boundary falls between the checkpoints.
    String[] common = {"--data", panel().toString(), "--time", "t", "--group", "id",
        "--iterations", "9", "--batch", "3", "--hidden", "6", "--checkpoint-every", "2",
        "--quiet"};
    Path whole = dir.resolve("whole");
    CliRun w = CliRun.of(new LatentCommand(), with(common, "--out", whole.toString()));
    assertThat(w.exit()).as(w.err()).isZero();
    Path parts = dir.resolve("parts");
    resumeTwice(new LatentCommand(), new LatentCommand(), new LatentCommand(),
        with(common, "--out", parts.toString()), parts, 3, 4);
    assertSameFiles(whole, parts, "model.json", "reconstructions.csv");
    assertSameFigures(whole, parts, "final_loss", "nfe_forward_total", "reconstruction_rmse");
  }

  @Test
  void demoAnodeInterruptedAtTwoPointsAndResumedEndsByteIdentical() throws Exception {
    // 3 models of 4 iterations: the first stop falls in the second model, the second in the third.
    String[] common = {"anode", "--iterations", "4", "--checkpoint-every", "3", "--quiet"};
    Path whole = dir.resolve("whole");
    CliRun w = CliRun.of(new DemoCommand(), with(common, "--out", whole.toString()));
    assertThat(w.exit()).as(w.err()).isZero();
    Path parts = dir.resolve("parts");
    resumeTwice(new DemoCommand(), new DemoCommand(), new DemoCommand(),
        with(common, "--out", parts.toString()), parts, 6, 5);
    assertSameFiles(whole, parts, "decision_regions.png", "flow.gif", "flow_final.png");
    JsonNode a = Json.mapper().readTree(whole.resolve("summary.json").toFile()).get("models");
    JsonNode b = Json.mapper().readTree(parts.resolve("summary.json").toFile()).get("models");
    for (int k = 0; k < 3; k++) {
      for (String f : new String[] {"train_accuracy", "heldout_accuracy", "final_loss",
          "mean_nfe_per_forward_solve", "nfe_last_forward_solve", "accuracy_history"}) {
        assertThat(b.get(k).get(f)).as(k + " " + f).isEqualTo(a.get(k).get(f));
      }
    }
  }

  @Test
  void demoLatentInterruptedAtTwoPointsAndResumedEndsByteIdentical() throws Exception {
    // Two models of 3 iterations: the stops fall in the first and the second model.
    String[] common = {"latent", "--iterations", "3", "--checkpoint-every", "2", "--quiet"};
    Path whole = dir.resolve("whole");
    CliRun w = CliRun.of(new DemoCommand(), with(common, "--out", whole.toString()));
    assertThat(w.exit()).as(w.err()).isZero();
    Path parts = dir.resolve("parts");
    resumeTwice(new DemoCommand(), new DemoCommand(), new DemoCommand(),
        with(common, "--out", parts.toString()), parts, 1, 3);
    assertSameFiles(whole, parts, "loss.csv", "spirals.png");
    JsonNode a = Json.mapper().readTree(whole.resolve("summary.json").toFile());
    JsonNode b = Json.mapper().readTree(parts.resolve("summary.json").toFile());
    for (String m : new String[] {"latent_ode", "gru_delta_t"}) {
      for (String f : new String[] {"interpolation_mse", "extrapolation_mse",
          "final_training_loss"}) {
        assertThat(b.get(m).get(f)).as(m + " " + f).isNotNull().isEqualTo(a.get(m).get(f));
      }
    }
  }

  @Test
  void demoMnistInterruptedAtTwoPointsAndResumedEndsByteIdentical() throws Exception {
    // 2 epochs of 3 batches per model: the first stop falls mid-epoch (the epoch's order and the
    // shift generator's position matter), the second in the ResNet.
    Path data = SharedData.require("data/" + MnistCommand.IMAGES).getParent();
    String[] common = {"mnist", "--data", data.toString(), "--train-size", "48", "--test-size",
        "24", "--epochs", "2", "--width", "4", "--batch-size", "16", "--shift", "1",
        "--checkpoint-every", "2", "--quiet"};
    Path whole = dir.resolve("whole");
    CliRun w = CliRun.of(new DemoCommand(), with(common, "--out", whole.toString()));
    assertThat(w.exit()).as(w.err()).isZero();
    Path parts = dir.resolve("parts");
    resumeTwice(new DemoCommand(), new DemoCommand(), new DemoCommand(),
        with(common, "--out", parts.toString()), parts, 2, 6);
    assertSameFiles(whole, parts, "accuracy.csv", "accuracy.png", "confusion.png",
        "misclassified.png");
    JsonNode a = Json.mapper().readTree(whole.resolve("summary.json").toFile());
    JsonNode b = Json.mapper().readTree(parts.resolve("summary.json").toFile());
    for (String m : new String[] {"odenet", "resnet"}) {
      for (String f : new String[] {"test_accuracy", "test_accuracy_by_epoch",
          "train_loss_by_epoch"}) {
        assertThat(b.get(m).get(f)).as(m + " " + f).isEqualTo(a.get(m).get(f));
      }
    }
    assertThat(b.get("odenet").get("nfe_forward_per_pass"))
        .isEqualTo(a.get("odenet").get("nfe_forward_per_pass"));
  }

  /**
   * Issue 14 item 2 for demo anode, demo latent, demo mnist and latent: each writes {@code
   * .neuralode-run}, refuses a folder of another command without {@code --overwrite}, and checks
   * {@code --out} before any work.
   */
  @Test
  void newerCommandsWriteOutputSetsAndRefuseAnotherCommandsFolder() throws Exception {
    Path mnistData = SharedData.require("data/" + MnistCommand.IMAGES).getParent();
    List<String[]> runs = List.of(
        new String[] {"anode", "--iterations", "1"},
        new String[] {"latent", "--iterations", "1"},
        new String[] {"mnist", "--data", mnistData.toString(), "--train-size", "16",
            "--test-size", "8", "--epochs", "1", "--width", "4", "--batch-size", "16"});
    Path fitOut = dir.resolve("fit");
    Path series = Files.writeString(dir.resolve("s.csv"), "t,x\n0,1\n1,2\n2,0\n3,4\n");
    assertThat(CliRun.of(new FitCommand(), "--data", series.toString(), "--iterations", "1",
        "--hidden", "2", "--out", fitOut.toString(), "--quiet").exit()).isZero();
    List<String> fitFiles = names(fitOut);
    for (String[] demo : runs) {
      Path out = dir.resolve(demo[0]);
      CliRun ok = CliRun.of(new DemoCommand(), with(demo, "--out", out.toString(), "--quiet"));
      assertThat(ok.exit()).as(ok.err()).isZero();
      assertThat(out.resolve(OutputSet.IDENTITY)).isRegularFile();
      JsonNode id = Json.mapper().readTree(out.resolve(OutputSet.IDENTITY).toFile());
      assertThat(id.get("command").asText()).isEqualTo("demo");
      assertThat(id.get("settings").get("NAME").asText()).isEqualTo(demo[0]);
      // only the options that matter to this demo: no spiral or (but for mnist) MNIST options
      assertThat(id.get("settings").has("--plot-every")).isFalse();
      assertThat(id.get("settings").has("--width")).isEqualTo(demo[0].equals("mnist"));
      // the same demo again replaces its own output
      assertThat(CliRun.of(new DemoCommand(), with(demo, "--out", out.toString(), "--quiet"))
          .exit()).isZero();
      CliRun refused = CliRun.of(new DemoCommand(), with(demo, "--out", fitOut.toString(),
          "--quiet"));
      assertThat(refused.exit()).isEqualTo(2);
      assertThat(refused.errLines()).containsExactly("demo: " + fitOut + ": already holds the"
          + " output of 'fit'; give --out another directory, or add --overwrite to replace its"
          + " contents");
      assertThat(names(fitOut)).isEqualTo(fitFiles);
      Path blocked = Files.writeString(dir.resolve("blocked-" + demo[0]), "a file");
      CliRun unwritable = CliRun.of(new DemoCommand(), with(demo, "--out",
          blocked.resolve("sub").toString(), "--quiet"));
      assertThat(unwritable.exit()).isEqualTo(2);
      assertThat(unwritable.errLines()).singleElement().asString().contains("cannot be written");
    }
    Path panel = panel();
    Path latentOut = dir.resolve("latent-cmd");
    String[] latent = {"--data", panel.toString(), "--time", "t", "--group", "id",
        "--iterations", "1", "--quiet"};
    assertThat(CliRun.of(new LatentCommand(), with(latent, "--out", latentOut.toString())).exit())
        .isZero();
    assertThat(latentOut.resolve(OutputSet.IDENTITY)).isRegularFile();
    CliRun refused = CliRun.of(new LatentCommand(), with(latent, "--out", fitOut.toString()));
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.errLines()).containsExactly("latent: " + fitOut + ": already holds the"
        + " output of 'fit'; give --out another directory, or add --overwrite to replace its"
        + " contents");
    assertThat(names(fitOut)).isEqualTo(fitFiles);
    assertThat(CliRun.of(new LatentCommand(), with(latent, "--out", fitOut.toString(),
        "--overwrite")).exit()).isZero();
    assertThat(names(fitOut)).contains("reconstructions.csv").doesNotContain("fit.png");
  }

  /**
   * Runs to a stop after {@code first} steps, resumes and stops after {@code second} more steps
   * (counted over all models), then resumes to the end.
   */
  private void resumeTwice(Object c1, Object c2, Object c3, String[] args, Path out, int first,
      int second) {
    CliRun one = CliRun.of(c1, with(args, "--stop-after", Integer.toString(first)));
    assertThat(one.exit()).as(one.err()).isEqualTo(130);
    assertThat(OutputSet.checkpointDir(out).resolve(CheckpointFile.NAME)).isRegularFile();
    assertThat(out).doesNotExist();
    CliRun two = CliRun.of(c2, "--resume", out.toString(), "--stop-after",
        Integer.toString(first + second), "--quiet");
    assertThat(two.exit()).as(two.err()).isEqualTo(130);
    CliRun three = CliRun.of(c3, "--resume", out.toString(), "--quiet");
    assertThat(three.exit()).as(three.err()).isZero();
    assertThat(OutputSet.checkpointDir(out)).doesNotExist();
    assertThat(out.resolve(OutputSet.IDENTITY)).isRegularFile();
  }

  private static void assertSameFiles(Path a, Path b, String... names) throws Exception {
    for (String f : names) {
      assertThat(Files.readAllBytes(b.resolve(f))).as(f).isEqualTo(Files.readAllBytes(a.resolve(f)));
    }
  }

  private static void assertSameFigures(Path a, Path b, String... keys) throws Exception {
    JsonNode x = Json.mapper().readTree(a.resolve("summary.json").toFile());
    JsonNode y = Json.mapper().readTree(b.resolve("summary.json").toFile());
    for (String k : keys) {
      assertThat(y.get(k)).as(k).isNotNull().isEqualTo(x.get(k));
    }
  }

  static String[] with(String[] base, String... more) {
    String[] all = Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  static List<String> names(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
