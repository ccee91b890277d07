package dev.neuralode.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.io.TimeSeries;
import dev.neuralode.io.TimeSeriesCsv;
import dev.neuralode.model.OdeMlpModel;
import dev.neuralode.model.SolverSpec;
import dev.neuralode.model.StandardisedSeries;
import dev.neuralode.nn.Activation;
import dev.neuralode.ode.Solver;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.train.ShootingFit;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FitEnsembleTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start(2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static FitEnsemble.Series lynxHare() {
    Path shared = Path.of(System.getProperty("neuralode.shared", "../../shared"));
    TimeSeries ts = TimeSeriesCsv.read(shared.resolve("data/lynx_hare.csv"), "year");
    return new FitEnsemble.Series(ts.timeName(), ts.t(), ts.names(), ts.values());
  }

  static FitConfig config(long seed) {
    return new FitConfig(24, 0.01, new int[] {8}, Activation.TANH, false,
        SolverSettings.of("dopri5", 1e-5, 1e-7), "adjoint", seed, -1);
  }

  @Test
  void eachFitEqualsTheLibraryFitAndAFailedFitIsReportedWithoutStoppingTheOthers() {
    FitEnsemble.Series series = lynxHare();
    FitConfig bad = new FitConfig(24, 1e9, new int[] {8}, Activation.TANH, false,
        SolverSettings.of("dopri5", 1e-5, 1e-7), "adjoint", 0, -1);
    List<FitConfig> configs = List.of(config(0), config(1), config(2).withBootstrap(5), bad);
    double[] grid = FitEnsemble.grid(series, 21, 5);

    org.apache.spark.util.LongAccumulator done = spark.sparkContext().longAccumulator();
    List<FitEnsemble.Outcome> out = FitEnsemble.run(spark, series, configs, grid, done);

    assertThat(out).hasSize(4);
    // the progress counter: one per fit ended, the failed one included
    assertThat(done.value()).isEqualTo(4L);
    assertThat(out.get(0).ok()).isTrue();
    // the library directly, with the settings 'neuralode fit' builds for these options (its
    // training solves at its default --fit-rtol 1e-5 and --fit-atol 1e-7, an NFE budget of 2000)
    StandardisedSeries s = FitEnsemble.standardise(series);
    ShootingFit.Settings settings = new ShootingFit.Settings(24, 0.01, new int[] {8}, Activation.TANH, false,
        Solver.builder().method("dopri5").rtol(1e-5).atol(1e-7).build(), Sensitivity.parse("adjoint"), 1, 0, 0,
        0, 2000, false);
    ShootingFit.Result r = ShootingFit.train(List.of(new ShootingFit.Series(s.tau(), s.z())), settings,
        (it, phase, loss, nfe) -> { }, null, ShootingFit.Checkpoints.none()).result();
    OdeMlpModel direct = OdeMlpModel.from(series.names(), "year", s.scaling(), r.mlp(),
        new SolverSpec("dopri5", 1e-5, 1e-7), r.initialStates()[0], 1900, series.t()[series.t().length - 1]);
    assertThat(out.get(1).model()).isEqualTo(direct);
    assertThat(out.get(1).model().parameters()).containsExactly(direct.parameters());
    assertThat(out.get(1).nfeForward()).isEqualTo(r.forwardNfe());
    assertThat(out.get(1).finalLoss()).isEqualTo(r.losses()[r.losses().length - 1]);
    assertThat(out.get(2).ok()).isTrue();
    assertThat(out.get(2).model().t0()).isGreaterThanOrEqualTo(1900);
    assertThat(out.get(3).ok()).isFalse();
    assertThat(out.get(3).error()).isNotBlank();

    Bands b = Bands.of(out, grid);
    assertThat(b.fits()).isEqualTo(3);
    for (int i = 0; i < grid.length; i++) {
      for (int j = 0; j < 2; j++) {
        assertThat(b.low()[i][j]).isLessThanOrEqualTo(b.median()[i][j]);
        assertThat(b.median()[i][j]).isLessThanOrEqualTo(b.high()[i][j]);
      }
    }
  }
}
