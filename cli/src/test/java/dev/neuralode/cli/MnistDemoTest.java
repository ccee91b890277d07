package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.io.Json;
import dev.neuralode.io.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo mnist} end to end with tiny settings: its outputs exist and its figures are sane. */
class MnistDemoTest {
  @TempDir Path dir;

  private String[] args(Path out, String... extra) {
    return args(out, 2, extra);
  }

  private String[] args(Path out, int epochs, String... extra) {
    Path data = SharedData.require("data/" + MnistCommand.IMAGES).getParent();
    String[] base = {"mnist", "--data", data.toString(), "--train-size", "192", "--test-size", "96", "--epochs", Integer.toString(epochs),
        "--width", "4", "--batch-size", "32", "--shift", "1", "--out", out.toString(), "--quiet"};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  @Test
  void progressLinesCountEachModelLikeTheOtherDemosAndEpochsAreWholeNumbers() throws Exception {
    // walkthrough 2, finding 7: "model k/2 (NAME), iteration i/n (p% of the run)", as in the README
    Path out = dir.resolve("progress");
    Path data = SharedData.require("data/" + MnistCommand.IMAGES).getParent();
    CliRun run = CliRun.of(new DemoCommand(), "mnist", "--data", data.toString(), "--train-size", "64",
        "--test-size", "32", "--epochs", "1", "--width", "4", "--batch-size", "32", "--shift", "1",
        "--out", out.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.errLines()).anySatisfy(l -> assertThat(l)
        .startsWith("demo mnist: model 1/2 (ODE-Net), iteration 1/2 (25% of the run), loss "));
    assertThat(run.errLines()).anySatisfy(l -> assertThat(l)
        .startsWith("demo mnist: model 2/2 (ResNet), iteration 2/2 (100% of the run), loss "));
    assertThat(run.err()).doesNotContain("mnist ODE-Net:").doesNotContain("mnist ResNet:");
    // walkthrough 2, finding 18: accuracy.csv's epoch is written as 1, not 1.0
    assertThat(Files.readAllLines(out.resolve("accuracy.csv")).get(1)).startsWith("1,");
  }

  @Test
  void tinyRunWritesEveryOutputWithSaneFigures() throws Exception {
    Path out = dir.resolve("mnist");
    CliRun run = CliRun.of(new DemoCommand(), args(out));
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode s = Json.mapper().readTree(out.resolve("summary.json").toFile());
    assertThat(s.get("command").asText()).isEqualTo("demo mnist");
    assertThat(s.get("settings").get("method").asText()).isEqualTo("rk4");
    assertThat(s.get("settings").get("gradient").asText()).isEqualTo("direct");
    assertThat(s.get("settings").get("train_size").asInt()).isEqualTo(192);
    for (String model : new String[] {"odenet", "resnet"}) {
      JsonNode m = s.get(model);
      assertThat(m.get("test_accuracy").asDouble()).as(model).isBetween(0.0, 1.0);
      assertThat(m.get("test_accuracy_by_epoch")).hasSize(2);
      assertThat(m.get("parameters").asInt()).as(model).isPositive();
      assertThat(m.get("train_seconds").asDouble()).as(model).isPositive();
      assertThat(m.get("train_loss_by_epoch").get(1).asDouble()).as(model).isPositive().isLessThan(5.0);
    }
    // rk4 with one step: four evaluations per forward pass
    assertThat(s.get("odenet").get("nfe_forward_per_pass").asDouble()).isEqualTo(4.0);
    assertThat(s.get("odenet").has("nfe_backward_per_pass")).isTrue();
    // same stem and head; the ODE function's convolutions see one more (time) channel and have biases
    int ode = s.get("odenet").get("parameters").asInt();
    int res = s.get("resnet").get("parameters").asInt();
    assertThat(Math.abs(ode - res)).isLessThan(ode / 5);
    for (String png : new String[] {"accuracy.png", "confusion.png", "misclassified.png"}) {
      BufferedImage img = ImageIO.read(out.resolve(png).toFile());
      assertThat(img).as(png).isNotNull();
      assertThat(img.getWidth()).as(png).isGreaterThan(300);
    }
    assertThat(Files.readAllLines(out.resolve("accuracy.csv"))).hasSize(3);
    assertThat(s.get("files").toString()).contains("confusion.png");
  }

  @Test
  void sameSeedSameFiguresAndBadOptionsAreRejected() throws Exception {
    CliRun a = CliRun.of(new DemoCommand(), args(dir.resolve("a"), 1));
    CliRun b = CliRun.of(new DemoCommand(), args(dir.resolve("b"), 1));
    assertThat(a.exit()).as(a.err()).isZero();
    assertThat(b.exit()).as(b.err()).isZero();
    JsonNode sa = Json.mapper().readTree(dir.resolve("a/summary.json").toFile());
    JsonNode sb = Json.mapper().readTree(dir.resolve("b/summary.json").toFile());
    for (String model : new String[] {"odenet", "resnet"}) {
      assertThat(sa.get(model).get("train_loss_by_epoch")).isEqualTo(sb.get(model).get("train_loss_by_epoch"));
      assertThat(sa.get(model).get("test_accuracy")).isEqualTo(sb.get(model).get("test_accuracy"));
    }
    CliRun badWidth = CliRun.of(new DemoCommand(), "mnist", "--width", "6", "--out", dir.resolve("c").toString(),
        "--quiet");
    assertThat(badWidth.exit()).isNotZero();
    assertThat(badWidth.err()).contains("--width must be a positive multiple of 4");
    CliRun noData = CliRun.of(new DemoCommand(), "mnist", "--data", dir.resolve("nowhere").toString(), "--out",
        dir.resolve("d").toString(), "--quiet");
    assertThat(noData.exit()).isNotZero();
    assertThat(noData.err()).contains(MnistCommand.IMAGES).contains("--data");
  }
}
