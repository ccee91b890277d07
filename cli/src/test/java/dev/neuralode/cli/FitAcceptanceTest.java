package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.io.Json;
import dev.neuralode.io.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slower acceptance rows of issue 10 (the pendulum with the defaults and lynx–hare run in
 * every build, in {@link FitRecipeTest} and {@link FitCommandTest}). Each fit takes from half a
 * minute to a few minutes on 2 cores, so they run under CI ({@code CI=true}) and on request
 * ({@code -Dneuralode.acceptance=true}), not in every local {@code mvn verify}. Every data set is
 * seeded ({@link SimulatedSeries}) or read from {@code ../shared/data}.
 */
@EnabledIf("requested")
class FitAcceptanceTest {
  static boolean requested() {
    return "true".equals(System.getenv("CI")) || Boolean.getBoolean("neuralode.acceptance");
  }

  @TempDir Path dir;

  private JsonNode fit(String name, Path data, String... extra) throws Exception {
    Path out = dir.resolve(name);
    List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--out",
        out.toString(), "--quiet"));
    args.addAll(List.of(extra));
    long start = System.nanoTime();
    CliRun run = CliRun.of(new FitCommand(), args.toArray(String[]::new));
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode s = Json.mapper().readTree(out.resolve("summary.json").toFile());
    System.out.printf("%s: rmse %.4g, baseline %.4g, ratio %.3f, validation %s, persistence %s,"
        + " mean %s, coverage %s, %.1f s%n", name, s.get("rmse").asDouble(),
        s.get("rmse_baseline").asDouble(), s.get("rmse_ratio").asDouble(),
        s.get("rmse_validation"), s.get("rmse_validation_persistence"),
        s.get("rmse_validation_mean"), s.get("validation_band_coverage"), seconds);
    return s;
  }

  /**
   * The long pelt series with the defaults: issue 10 asks for rmse ≤ 0.5 × the baseline. No
   * trajectory of a 2-D autonomous ODE gets there (it tends to a periodic orbit, and the best
   * periodic curve has 0.78 × the baseline, docs/fitting.md); the default's second fit, with one
   * latent dimension per column and a polish that merges the shooting segments, does.
   */
  @Test
  void peltsWithTheDefaultsHalveTheBaseline() throws Exception {
    Path pelts = SharedData.require("data/hudson_bay_pelts_1845_1935.csv");
    JsonNode s = fit("pelts", pelts);
    assertThat(s.get("rmse_ratio").asDouble()).isLessThanOrEqualTo(0.5);
    assertThat(s.get("augment_kept").asInt()).isEqualTo(2);
  }

  /** The same with the last 15% held out: the validation report against persistence and the mean. */
  @Test
  void peltsReportValidationAgainstPersistenceAndTheMean() throws Exception {
    Path pelts = SharedData.require("data/hudson_bay_pelts_1845_1935.csv");
    JsonNode v = fit("pelts-validate", pelts, "--validate", "0.15");
    assertThat(v.get("rows_validation").asInt()).isEqualTo(14);
    assertThat(v.get("rmse_validation").asDouble()).isPositive();
    assertThat(v.get("rmse_validation_persistence").asDouble()).isPositive();
    assertThat(v.get("rmse_validation_mean").asDouble()).isPositive();
  }

  @Test
  void vanDerPolXWithOneLatentDimension() throws Exception {
    Path data = Files.writeString(dir.resolve("vdp.csv"), SimulatedSeries.vanDerPol(10));
    JsonNode s = fit("vdp", data, "--augment", "1");
    assertThat(s.get("rmse_ratio").asDouble()).isLessThanOrEqualTo(0.3);
  }

  @Test
  void pharmacokineticPanelWithOneLatentDimension() throws Exception {
    Path data = Files.writeString(dir.resolve("pk.csv"), SimulatedSeries.pharmacokinetics(10));
    JsonNode s = fit("pk", data, "--group", "subject", "--augment", "1");
    assertThat(s.get("groups").asInt()).isEqualTo(12);
    assertThat(s.get("rmse_ratio").asDouble()).isLessThanOrEqualTo(0.45);
  }

  @Test
  void pendulumEnsembleBandCoversTheHeldOutPoints() throws Exception {
    Path data = Files.writeString(dir.resolve("pendulum.csv"), SimulatedSeries.pendulum(10));
    JsonNode s = fit("pendulum-ensemble", data, "--ensemble", "5", "--validate", "0.15");
    assertThat(s.get("members_failed").asInt()).isZero();
    assertThat(s.get("validation_band_coverage").asDouble()).isGreaterThanOrEqualTo(0.8);
  }
}
