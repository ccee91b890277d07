package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.io.Json;
import dev.neuralode.plot.GifFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo anode} and {@code demo latent} with tiny settings: files, fields, determinism. */
class NewModelDemosTest {
  @TempDir Path dir;

  private JsonNode run(Path out, String... args) throws Exception {
    CliRun r = CliRun.of(new DemoCommand(), args);
    assertThat(r.exit()).as("exit status; stderr: %s", r.err()).isZero();
    return Json.mapper().readTree(out.resolve("summary.json").toFile());
  }

  @Test
  void anodeWritesAccuracyNfeAndPicturesForEachModel() throws Exception {
    Path out = dir.resolve("a");
    JsonNode s = run(out, "anode", "--iterations", "3", "--out", out.toString(), "--quiet");
    assertThat(s.get("models")).hasSize(3);
    int[] k = {0, 1, 5};
    for (int i = 0; i < 3; i++) {
      JsonNode m = s.get("models").get(i);
      assertThat(m.get("augment_dim").asInt()).isEqualTo(k[i]);
      assertThat(m.get("train_accuracy").asDouble()).isBetween(0.0, 1.0);
      assertThat(m.get("final_loss").asDouble()).isPositive();
      assertThat(m.get("mean_nfe_per_forward_solve").asDouble()).isGreaterThan(0);
      assertThat(m.get("accuracy_history")).hasSize(1);
      // walkthrough 2, finding 18: iterations as whole numbers (25, not 25.0)
      assertThat(m.get("accuracy_history").get(0).get(0).isIntegralNumber()).isTrue();
    }
    assertThat(s.get("checks").has("augmented_fewer_nfe_per_solve")).isTrue();
    assertThat(s.get("settings").get("out").asText()).isEqualTo(out.toString());
    assertThat(GifFiles.frameCount(out.resolve("flow.gif"))).isEqualTo(AnodeDemoRun.FRAMES);
    assertThat(ImageIO.read(out.resolve("decision_regions.png").toFile()).getWidth()).isGreaterThan(1000);
    assertThat(Files.exists(out.resolve("flow_final.png"))).isTrue();

    Path again = dir.resolve("b");
    JsonNode t = run(again, "anode", "--iterations", "3", "--out", again.toString(), "--quiet");
    for (int i = 0; i < 3; i++) {
      assertThat(t.get("models").get(i).get("final_loss").asDouble())
          .isEqualTo(s.get("models").get(i).get("final_loss").asDouble());
    }
  }

  @Test
  void latentComparesWithTheBaselineAndDrawsSpirals() throws Exception {
    Path out = dir.resolve("l");
    JsonNode s = run(out, "latent", "--iterations", "2", "--out", out.toString(), "--quiet");
    assertThat(s.get("latent_ode").get("extrapolation_mse").asDouble()).isPositive();
    assertThat(s.get("gru_delta_t").get("interpolation_mse").asDouble()).isPositive();
    assertThat(s.has("extrapolation_below_baseline")).isTrue();
    assertThat(Files.readAllLines(out.resolve("loss.csv"))).hasSize(3);
    assertThat(Files.readAllLines(out.resolve("loss.csv")).get(1)).startsWith("1,");
    assertThat(ImageIO.read(out.resolve("spirals.png").toFile()).getHeight()).isGreaterThan(600);
    Path again = dir.resolve("m");
    JsonNode t = run(again, "latent", "--iterations", "2", "--out", again.toString(), "--quiet");
    assertThat(t.get("latent_ode").get("extrapolation_mse").asDouble())
        .isEqualTo(s.get("latent_ode").get("extrapolation_mse").asDouble());
  }

  @Test
  void anodeRejectsBadOptionsWithOneLine() {
    CliRun r = CliRun.of(new DemoCommand(), "anode", "--iterations", "0", "--out", dir.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("--iterations");
  }
}
