package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.io.Json;
import dev.neuralode.io.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every training command reports NFE alike: each progress line carries {@code nfe F+B}, and each
 * {@code summary.json} has {@code nfe_forward_total} and {@code nfe_backward_total} (per model where
 * a demo trains several).
 */
class NfeReportingTest {
  @TempDir Path dir;

  private static final Pattern NFE = Pattern.compile(", nfe \\d+\\+\\d+");

  private static JsonNode summary(Path out, CliRun r) throws Exception {
    assertThat(r.exit()).as("exit; stderr: %s", r.err()).isZero();
    List<String> lines = r.errLines().stream().filter(l -> l.matches(".*iteration \\d+/\\d+.*")).toList();
    assertThat(lines).as("progress lines of %s", r.err()).isNotEmpty();
    assertThat(lines).allSatisfy(l -> assertThat(NFE.matcher(l).find()).as(l).isTrue());
    return Json.mapper().readTree(out.resolve("summary.json").toFile());
  }

  private static void hasTotals(JsonNode n, boolean backwardPositive) {
    assertThat(n.get("nfe_forward_total").asLong()).as(n.toString()).isPositive();
    assertThat(n.has("nfe_backward_total")).as(n.toString()).isTrue();
    if (backwardPositive) {
      assertThat(n.get("nfe_backward_total").asLong()).as(n.toString()).isPositive();
    }
  }

  @Test
  void demoMnistShowsNfeAndTotals() throws Exception {
    Path data = SharedData.require("data/" + MnistCommand.IMAGES).getParent();
    Path out = dir.resolve("mnist");
    JsonNode s = summary(out, CliRun.of(new DemoCommand(), "mnist", "--data", data.toString(), "--train-size",
        "64", "--test-size", "32", "--epochs", "1", "--width", "4", "--batch-size", "32", "--out",
        out.toString()));
    hasTotals(s.get("odenet"), false);
    // rk4, one step: 4 evaluations per forward pass, 2 passes
    assertThat(s.get("odenet").get("nfe_forward_total").asLong()).isEqualTo(8);
    assertThat(s.get("odenet").has("nfe_forward_per_pass")).isTrue();
  }

  @Test
  void demoAnodeShowsNfeAndTotalsPerModel() throws Exception {
    Path out = dir.resolve("anode");
    JsonNode s = summary(out, CliRun.of(new DemoCommand(), "anode", "--iterations", "2", "--out",
        out.toString()));
    for (JsonNode m : s.get("models")) {
      hasTotals(m, true);
    }
  }

  @Test
  void demoLatentShowsNfeAndTotalsPerModel() throws Exception {
    Path out = dir.resolve("dl");
    JsonNode s = summary(out, CliRun.of(new DemoCommand(), "latent", "--iterations", "2", "--out",
        out.toString()));
    hasTotals(s.get("latent_ode"), false);
    assertThat(s.get("gru_delta_t").get("nfe_forward_total").asLong()).isZero();
    assertThat(s.get("gru_delta_t").get("nfe_backward_total").asLong()).isZero();
  }

  @Test
  void demoSpiralAndLatentCommandShowNfeAndTotals() throws Exception {
    Path out = dir.resolve("spiral");
    hasTotals(summary(out, CliRun.of(new DemoCommand(), "spiral", "--iterations", "4", "--plot-every", "1000",
        "--out", out.toString())), true);

    StringBuilder b = new StringBuilder("id,t,x\n");
    for (int g = 0; g < 3; g++) {
      for (int i = 0; i < 5; i++) {
        b.append('s').append(g).append(',').append(0.3 * i).append(',').append(Math.cos(0.3 * i + g)).append('\n');
      }
    }
    Path panel = dir.resolve("panel.csv");
    Files.writeString(panel, b.toString());
    Path lat = dir.resolve("latent");
    hasTotals(summary(lat, CliRun.of(new LatentCommand(), "--data", panel.toString(), "--time", "t", "--group",
        "id", "--iterations", "2", "--out", lat.toString())), false);
  }

  @Test
  void densityHasTotalsBesideItsMeans() throws Exception {
    Path out = dir.resolve("density");
    JsonNode s = summary(out, CliRun.of(new DensityCommand(), "--toy", "moons", "--iterations", "2", "--hidden",
        "8,8", "--grid", "8", "--samples", "40", "--batch", "64", "--out", out.toString()));
    hasTotals(s, true);
    assertThat(s.has("nfe_forward")).isTrue();
    // every evaluation of f, forward or backward, multiplies at least the 64 rows by the 8 x 8 layer
    long evaluations = s.get("nfe_forward_total").asLong() + s.get("nfe_backward_total").asLong();
    assertThat(s.get("training_multiply_adds").asLong()).isGreaterThanOrEqualTo(evaluations * 64 * 8 * 8);
  }
}
