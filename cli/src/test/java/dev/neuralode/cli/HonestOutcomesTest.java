package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.io.Json;
import dev.neuralode.io.ModelFile;
import dev.neuralode.model.OdeMlpModel;
import dev.neuralode.model.SeriesScaling;
import dev.neuralode.model.SolverSpec;
import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Rng;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13: progress that shows a run is alive off a terminal, and warnings for poor outcomes. */
class HonestOutcomesTest {
  @TempDir Path dir;

  @Test
  void plainProgressLinesCarryIterationLossNfeElapsedAndRemaining() {
    StringWriter w = new StringWriter();
    try (Progress p = Progress.lines("fit", 3, new PrintWriter(w), 0)) {
      p.step("loss 0.5", 20, 35);
      p.step("loss 0.25", 22, 36);
      p.step("loss 0.125", 26, 0);
    }
    List<String> lines = w.toString().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("fit: iteration 1/3 (33%), loss 0.5, nfe 20+35, ").endsWith(" s elapsed");
    assertThat(lines.get(1)).startsWith("fit: iteration 2/3 (66%), loss 0.25, nfe 22+36, ")
        .contains(" s elapsed, about ").endsWith(" s left");
    assertThat(lines.get(2)).startsWith("fit: iteration 3/3 (100%), loss 0.125, nfe 26+0, ")
        .endsWith(" s elapsed");
  }

  @Test
  void aResumedRunCountsOnFromItsCheckpoint() {
    StringWriter w = new StringWriter();
    try (Progress p = Progress.lines("fit", 400, new PrintWriter(w), 0).resumeAt(245)) {
      p.step("loss 0.5", 10, 0);
      p.step("loss 0.4", 20, 0);
    }
    List<String> lines = w.toString().lines().toList();
    assertThat(lines.get(0)).startsWith("fit: iteration 246/400 (61%), loss 0.5");
    assertThat(lines.get(1)).startsWith("fit: iteration 247/400 (61%), loss 0.4");
  }

  /**
   * Walkthrough 2, item 9: models trained one after another count their own iterations ({@code
   * demo latent} showed 60/60 for 30 iterations), and members trained side by side say what the
   * steps count.
   */
  @Test
  void modelsTrainedOneAfterAnotherCountTheirOwnIterations() {
    StringWriter w = new StringWriter();
    try (Progress p = Progress.lines("demo latent", 4, new PrintWriter(w), 0)) {
      p.stage("model 1/2 (latent ODE)", 0, 2);
      p.step("-ELBO 3.2", 40, 0);
      p.step("-ELBO 3.1", 40, 0);
      p.stage("model 2/2 (GRU-dt)", 2, 2);
      p.step("mse 0.5");
      p.step("mse 0.4");
    }
    List<String> lines = w.toString().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("demo latent: model 1/2 (latent ODE), iteration 1/2 (25%"
        + " of the run), -ELBO 3.2, nfe 40+0, ");
    assertThat(lines.get(1)).startsWith("demo latent: model 1/2 (latent ODE), iteration 2/2 (50%");
    assertThat(lines.get(3)).startsWith("demo latent: model 2/2 (GRU-dt), iteration 2/2 (100% of"
        + " the run), mse 0.4, ");
    StringWriter m = new StringWriter();
    try (Progress p = Progress.lines("fit", 6, new PrintWriter(m), 0)
        .counting("iterations of all 3 members")) {
      p.step("member 2 iteration 1, collocation loss 0.1", 0, 0);
    }
    assertThat(m.toString()).startsWith("fit: 1/6 iterations of all 3 members (16%), member 2"
        + " iteration 1, collocation loss 0.1, nfe 0+0, ");
  }

  @Test
  void plainProgressLinesAreThrottled() {
    StringWriter w = new StringWriter();
    try (Progress p = Progress.lines("demo spiral", 100, new PrintWriter(w), 3_600_000_000_000L)) {
      for (int i = 0; i < 100; i++) {
        p.step("loss 1", i, i);
      }
    }
    // the first step and the last, nothing in between within an hour
    assertThat(w.toString().lines()).hasSize(2);
  }

  @Test
  void demoOffATerminalPrintsProgressLines() {
    CliRun run = CliRun.of(new DemoCommand(), "spiral", "--iterations", "3", "--plot-every", "1", "--out",
        dir.resolve("demo").toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).contains("demo spiral: iteration 1/3 (33%), loss ")
        .contains("demo spiral: iteration 3/3 (100%)");
    // walkthrough 2: forward+backward, as summary.json splits them (Euler, adjoint: 20 and 40
    // evaluations per window of at most 32 times... the exact counts vary with the window)
    assertThat(run.err()).containsPattern("demo spiral: iteration 1/3 \\(33%\\), loss [0-9.]+,"
        + " nfe [1-9][0-9]*\\+[1-9][0-9]*, ");
    CliRun quiet = CliRun.of(new DemoCommand(), "spiral", "--iterations", "3", "-q", "--out",
        dir.resolve("demo-q").toString());
    assertThat(quiet.err()).isEmpty();
  }

  @Test
  void aFitThatBarelyBeatsTheMeanWarnsAndRecordsIt() throws Exception {
    Path out = dir.resolve("fit");
    CliRun run = CliRun.of(new FitCommand(), "--data", FitCommandTest.lynxHare().toString(), "--time", "year",
        "--columns", "hare,lynx", "--iterations", "4", "--out", out.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode s = Json.mapper().readTree(out.resolve("summary.json").toFile());
    assertThat(s.get("rmse").asDouble()).isGreaterThan(0.8 * s.get("rmse_baseline").asDouble());
    assertThat(s.get("warning").asText()).containsPattern("(barely beats|does not beat) predicting")
        .contains("--iterations");
    assertThat(run.errLines()).anySatisfy(l -> assertThat(l).startsWith("fit: warning: the model "));
    assertThat(FitOutputs.warning(1.0, 2.0)).isNull();
    assertThat(FitOutputs.warning(1.7, 2.0)).contains("barely beats").contains("ratio 0.85 > 0.8");
    // walkthroughs 22 and 23: a budget that cut the learning rate is named, and no lower --lr advised
    assertThat(FitOutputs.warning(1.7, 2.0, 1.0 / 1024, 2000)).contains("barely beats")
        .contains("the NFE budget (--nfe-budget 2000) cut the learning rate to 1/1024 of --lr (its floor)")
        .contains("try a larger --nfe-budget (0: none)").doesNotContain("lower --lr");
    assertThat(FitOutputs.warning(1.7, 2.0, 0.25, 500)).contains("cut the learning rate to 1/4 of --lr as")
        .doesNotContain("floor");
    assertThat(FitOutputs.warning(1.7, 2.0, 1.0, 2000)).contains("a lower --lr").doesNotContain("budget");
    // walkthrough 2, finding 10: above the mean's RMSE it does not beat the mean at all
    assertThat(FitOutputs.warning(19.58, 18.72)).startsWith("the model does not beat predicting each"
        + " column's mean (RMSE 19.58 vs 18.72, ratio 1.05 ≥ 1); try more --iterations")
        .doesNotContain("barely");
  }

  /** Walkthrough 12, finding 5: a forecast of the held-out rows worse than persistence got no warning. */
  @Test
  void aForecastWorseThanPersistenceIsWarnedAbout() {
    assertThat(FitOutputs.validationWarning(Double.NaN, Double.NaN, Double.NaN)).as("no --validate").isNull();
    assertThat(FitOutputs.validationWarning(27.73, 37.12, 27.76)).as("pelts: beats persistence").isNull();
    assertThat(FitOutputs.validationWarning(0.7325, 0.4948, 0.9)).isEqualTo("the forecast of the held-out rows"
        + " is worse than persistence, each series' last training value repeated (validation RMSE 0.7325 vs"
        + " 0.4948), so the model does not extrapolate; look at fit.png after the end of training, and try"
        + " --ensemble 5 (a band), --augment 1, more --iterations or a lower --lr");
    assertThat(FitOutputs.validationWarning(1.2, 0.5, 0.9)).contains("vs 0.5000) and than each series' training"
        + " mean (0.9000), so");
    assertThat(FitOutputs.joined(null, null)).isNull();
    assertThat(FitOutputs.joined("a", null)).isEqualTo("a");
    assertThat(FitOutputs.joined(null, "b")).isEqualTo("b");
    assertThat(FitOutputs.joined("a", "b")).isEqualTo("a; also, b");
  }

  /** Walkthrough 13, finding 13: a panel read without --group says how to read it. */
  @Test
  void aPanelWithoutGroupNamesTheOption(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path panel = java.nio.file.Files.writeString(tmp.resolve("pk.csv"),
        "subject,hour,conc\ns01,0,1\ns01,1,2\ns01,2,3\ns02,0,1\ns02,1,2\ns02,2,2.5\n");
    CliRun run = CliRun.main("fit", "--data", panel.toString(), "--time", "hour", "--out",
        tmp.resolve("o").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("column 'subject' value 's01' is not a number")
        .endsWith("; if column 'subject' names each row's series (a panel), give --group subject");
  }

  @Test
  void predictWarnsWhenItExtrapolates() throws Exception {
    Mlp mlp = new Mlp(2, new int[] {8}, 2, Activation.TANH, false, new Rng(3));
    OdeMlpModel model = OdeMlpModel.from(List.of("hare", "lynx"), "year",
        new SeriesScaling(new double[] {30, 20}, new double[] {20, 15}, 1900.0, 5.0), mlp,
        SolverSpec.of(Solver.defaults()), new double[] {0.5, -0.7}, 1900, 1920);
    Path file = dir.resolve("model.json");
    ModelFile.of(model).save(file);
    CliRun inside = CliRun.of(new PredictCommand(), "--model", file.toString(), "--t0", "1900", "--t1", "1920");
    assertThat(inside.err()).isEmpty();
    CliRun outside = CliRun.of(new PredictCommand(), "--model", file.toString(), "--t0", "1900", "--t1", "1950");
    assertThat(outside.exit()).isZero();
    assertThat(outside.errLines()).singleElement().asString()
        .startsWith("predict: warning: year 1900 to 1950 extends outside the data the model was fitted on (1900"
            + " to 1920)");
    CliRun quiet = CliRun.of(new PredictCommand(), "--model", file.toString(), "--t0", "1900", "--t1", "1950", "-q");
    assertThat(quiet.err()).isEmpty();
  }
}
