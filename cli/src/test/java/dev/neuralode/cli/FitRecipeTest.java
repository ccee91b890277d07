package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.io.Json;
import dev.neuralode.io.ModelFile;
import dev.neuralode.model.OdeMlpModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: {@code neuralode fit}'s recipe (collocation, multiple shooting, polish) on a
 * simulated pendulum with the defaults, panels with latent dimensions and {@code predict
 * --group}, ensembles with validation and their resume, and the new input errors.
 */
class FitRecipeTest {

  @TempDir Path dir;

  private JsonNode summary(Path out) throws Exception {
    return Json.mapper().readTree(out.resolve("summary.json").toFile());
  }

  /** The acceptance row: the damped pendulum of issue 10 with every default. */
  @Test
  void pendulumWithTheDefaultsBeatsTheMeanSevenfold() throws Exception {
    Path data = Files.writeString(dir.resolve("pendulum.csv"), SimulatedSeries.pendulum(10));
    Path out = dir.resolve("pendulum");
    long start = System.nanoTime();
    CliRun run = CliRun.of(new FitCommand(), "--data", data.toString(), "--out", out.toString(),
        "--quiet");
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode s = summary(out);
    double ratio = s.get("rmse").asDouble() / s.get("rmse_baseline").asDouble();
    System.out.printf("pendulum defaults: rmse %.4f, baseline %.4f, ratio %.3f, %.1f s%n",
        s.get("rmse").asDouble(), s.get("rmse_baseline").asDouble(), ratio, seconds);
    assertThat(ratio).isLessThanOrEqualTo(0.15);
    assertThat(s.get("phase_iterations").get("shooting").asInt()).isEqualTo(300);
    assertThat(s.get("segments").asInt()).isEqualTo(11);
  }

  static String smallPanel() {
    StringBuilder sb = new StringBuilder("subject,hour,conc\n");
    double[][] p = {{100, 1.2, 0.15}, {60, 0.8, 0.2}, {150, 1.5, 0.1}};
    double[][] times = {{0, 0.5, 1, 2, 4, 6, 9, 12}, {0, 0.7, 1.5, 3, 5, 8, 11}, {0, 0.4, 1.2, 2.5, 4, 7, 10, 14, 18}};
    for (int s = 0; s < 3; s++) {
      for (double t : times[s]) {
        double c = p[s][0] * p[s][1] / (15 * (p[s][1] - p[s][2]))
            * (Math.exp(-p[s][2] * t) - Math.exp(-p[s][1] * t));
        sb.append("s").append(s + 1).append(',').append(t).append(',').append(c).append('\n');
      }
    }
    return sb.toString();
  }

  @Test
  void panelWithALatentDimensionWritesGroupsAndPredictReproducesAGroup() throws Exception {
    Path data = Files.writeString(dir.resolve("panel.csv"), smallPanel());
    Path out = dir.resolve("panel");
    CliRun run = CliRun.of(new FitCommand(), "--data", data.toString(), "--group", "subject",
        "--augment", "1", "--iterations", "40", "--hidden", "8", "--out", out.toString(),
        "--quiet");
    assertThat(run.exit()).as(run.err()).isZero();
    OdeMlpModel model = ModelFile.load(out.resolve("model.json"));
    assertThat(model.latent()).isEqualTo(1);
    assertThat(model.architecture().in()).isEqualTo(2);
    assertThat(model.groups()).extracting(g -> g.name()).containsExactly("s1", "s2", "s3");
    assertThat(model.groups().get(2).t0()).isZero();
    assertThat(model.groups().get(2).dataTEnd()).isEqualTo(18.0);
    // the JSON keeps the latent part and reads back to an equal model
    Path copy = dir.resolve("copy.json");
    ModelFile.of(model).save(copy);
    assertThat(ModelFile.load(copy)).isEqualTo(model);
    List<String> pred = Files.readAllLines(out.resolve("predictions.csv"));
    assertThat(pred.get(0)).isEqualTo("subject,hour,conc");
    assertThat(pred).hasSize(1 + 3 * FitCommand.GRID_POINTS);
    JsonNode s = summary(out);
    assertThat(s.get("groups").asInt()).isEqualTo(3);
    assertThat(s.get("settings").get("group").asText()).isEqualTo("subject");
    // walkthrough 2, finding 18: every group's own initial state (observed columns), by name
    JsonNode states = s.get("initial_state");
    assertThat(states.isObject()).as(states.toString()).isTrue();
    assertThat(states.fieldNames()).toIterable().containsExactly("s1", "s2", "s3");
    for (String g : List.of("s1", "s2", "s3")) {
      assertThat(states.get(g)).hasSize(1);
    }
    assertThat(states.get("s1").get(0).asDouble()).isNotEqualTo(states.get("s3").get(0).asDouble());
    // predict --group s2 on the grid of predictions.csv gives its rows
    CliRun predict = CliRun.of(new PredictCommand(), "--model", out.resolve("model.json")
        .toString(), "--group", "s2", "--t0", "0", "--t1", "16", "-n",
        String.valueOf(FitCommand.GRID_POINTS), "--quiet");
    assertThat(predict.exit()).as(predict.err()).isZero();
    List<String> lines = predict.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("hour,conc");
    List<String> s2 = pred.stream().filter(l -> l.startsWith("s2,")).toList();
    for (int i = 0; i < s2.size(); i += 50) {
      String[] a = s2.get(i).split(",");
      String[] b = lines.get(i + 1).split(",");
      assertThat(Double.parseDouble(b[0])).isEqualTo(Double.parseDouble(a[1]));
      assertThat(Double.parseDouble(b[1])).isCloseTo(Double.parseDouble(a[2]), within(1e-9));
    }
    // without --group a panel model predicts its first group, and the extrapolation warning checks
    // that group's own range (the seventh walkthrough: it checked a mix of ranges)
    dev.neuralode.model.SeriesGroup s1 = model.groups().get(0);
    double panelEnd = model.groups().stream().mapToDouble(dev.neuralode.model.SeriesGroup::dataTEnd).max()
        .orElseThrow();
    assertThat(panelEnd).isGreaterThan(s1.dataTEnd());
    CliRun inside = CliRun.of(new PredictCommand(), "--model", out.resolve("model.json").toString(),
        "--t0", String.valueOf(s1.t0()), "--t1", String.valueOf(s1.dataTEnd()), "-n", "3");
    assertThat(inside.exit()).as(inside.err()).isZero();
    assertThat(inside.err()).doesNotContain("warning");
    CliRun past = CliRun.of(new PredictCommand(), "--model", out.resolve("model.json").toString(),
        "--t0", String.valueOf(s1.t0()), "--t1", String.valueOf(panelEnd), "-n", "3");
    assertThat(past.exit()).as(past.err()).isZero();
    assertThat(past.err()).contains("this predicts the first, 's1'")
        .contains("extends outside the data of group 's1' (");
    CliRun unknown = CliRun.of(new PredictCommand(), "--model", out.resolve("model.json")
        .toString(), "--group", "s9", "--t0", "0", "--t1", "16");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.errLines()).singleElement().asString()
        .contains("--group s9: the model has no group 's9'; its groups are s1, s2, s3");
  }

  @Test
  void ensembleWithValidationReportsTheBandAndResumesByteIdentical() throws Exception {
    Path data = Files.writeString(dir.resolve("p.csv"), SimulatedSeries.pendulum(4));
    String[] common = {"--data", data.toString(), "--iterations", "20", "--hidden", "6",
        "--ensemble", "2", "--validate", "0.2", "--checkpoint-every", "3", "--quiet"};
    Path whole = dir.resolve("whole");
    CliRun w = CliRun.of(new FitCommand(), with(common, "--out", whole.toString()));
    assertThat(w.exit()).as(w.err()).isZero();
    JsonNode s = summary(whole);
    assertThat(s.get("rows_validation").asInt()).isEqualTo(12);
    assertThat(s.get("rmse_validation").isNumber()).isTrue();
    assertThat(s.get("rmse_validation_persistence").asDouble()).isPositive();
    assertThat(s.get("rmse_validation_mean").asDouble()).isPositive();
    assertThat(s.get("validation_band_coverage").asDouble()).isBetween(0.0, 1.0);
    // two fits per member by default (no latent dimensions, one per column); one variant is kept
    assertThat(s.get("members").asInt()).isEqualTo(4);
    assertThat(s.get("members_in_band").asInt()).isEqualTo(2);
    assertThat(Files.readAllLines(whole.resolve("predictions.csv")).get(0))
        .isEqualTo("t,theta,omega,theta_lo,theta_hi,omega_lo,omega_hi");

    Path parts = dir.resolve("parts");
    CliRun first = CliRun.of(new FitCommand(), with(common, "--out", parts.toString(),
        "--stop-after", "7"));
    assertThat(first.exit()).as(first.err()).isEqualTo(130);
    CliRun last = CliRun.of(new FitCommand(), "--resume", parts.toString(), "--quiet");
    assertThat(last.exit()).as(last.err()).isZero();
    for (String f : new String[] {"model.json", "loss.csv", "predictions.csv"}) {
      assertThat(Files.readAllBytes(parts.resolve(f))).as(f)
          .isEqualTo(Files.readAllBytes(whole.resolve(f)));
    }
  }

  @Test
  void restartsKeepTheMemberWithTheLowestValidationError() throws Exception {
    Path data = Files.writeString(dir.resolve("p.csv"), SimulatedSeries.pendulum(5));
    Path out = dir.resolve("restarts");
    CliRun run = CliRun.of(new FitCommand(), "--data", data.toString(), "--iterations", "16",
        "--hidden", "6", "--restarts", "3", "--validate", "0.2", "--out", out.toString(),
        "--quiet");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode s = summary(out);
    List<Double> scores = new java.util.ArrayList<>();
    s.get("member_scores").forEach(n -> scores.add(n.asDouble()));
    // three seeds, each fitted without and with latent dimensions (the default)
    assertThat(scores).hasSize(6);
    int best = scores.indexOf(java.util.Collections.min(scores));
    assertThat(s.get("member_kept").asInt()).isEqualTo(best);
    assertThat(s.get("seed_kept").asInt()).isEqualTo(best / 2);
    assertThat(s.get("augment_kept").asInt()).isEqualTo(best % 2 == 0 ? 0 : 2);
    // the kept member is the run with seed_kept: refit that seed alone and compare the model
    Path alone = dir.resolve("alone");
    assertThat(CliRun.of(new FitCommand(), "--data", data.toString(), "--iterations", "16",
        "--hidden", "6", "--seed", String.valueOf(best / 2), "--validate", "0.2", "--out",
        alone.toString(), "--quiet").exit()).isZero();
    assertThat(ModelFile.load(out.resolve("model.json")))
        .isEqualTo(ModelFile.load(alone.resolve("model.json")));
  }

  @Test
  void badOptionsAndShortSeriesAreOneLineErrors() throws Exception {
    Path series = Files.writeString(dir.resolve("s.csv"),
        "t,x,y\n0,1,1\n1,2,3\n2,3,1\n3,4,5\n4,2,2\n5,1,0\n6,3,2\n7,2,4\n");
    Path panel = Files.writeString(dir.resolve("g.csv"),
        "g,t,x\na,0,1\na,1,2\na,2,3\nb,0,2\n");
    Object[][] cases = {
        {new String[] {"--data", series.toString(), "--augment", "0"},
            "--augment must be a whole number of latent dimensions between 1 and 64, none or auto"},
        {new String[] {"--data", series.toString(), "--augment", "-2"}, "got -2"},
        {new String[] {"--data", series.toString(), "--segments", "9"},
            "the series has 8 training rows, too few for --segments 9"},
        {new String[] {"--data", series.toString(), "--validate", "0.8"},
            "leaves 2 for training, fewer than 3; give a smaller --validate"},
        {new String[] {"--data", series.toString(), "--validate", "1"},
            "--validate must be a fraction in [0, 1)"},
        {new String[] {"--data", series.toString(), "--restarts", "2", "--ensemble", "3"},
            "cannot be combined"},
        {new String[] {"--data", panel.toString(), "--group", "g", "--time", "t"},
            "group 'b' has one row; every group needs at least 2 times"},
        {new String[] {"--data", series.toString(), "--group", "zz"}, "no column 'zz'"}};
    for (Object[] c : cases) {
      String[] args = with((String[]) c[0], "--out", dir.resolve("o").toString(), "--quiet");
      CliRun run = CliRun.of(new FitCommand(), args);
      assertThat(run.exit()).as(String.join(" ", args) + ": " + run.err()).isEqualTo(2);
      assertThat(run.errLines()).as(String.join(" ", args)).singleElement().asString()
          .contains((String) c[1]);
    }
    assertThat(dir.resolve("o")).doesNotExist();
  }

  private static String[] with(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }
}
