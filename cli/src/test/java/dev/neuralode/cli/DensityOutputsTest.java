package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@link DensityOutputs}: a failing figure costs one note, not the run's outputs. */
class DensityOutputsTest {

  @Test
  void aFailingFigureBecomesNaNWithOneNoteEvenWhenQuiet() {
    DensityCommand c = new DensityCommand();
    CommandLine cmd = new CommandLine(c);
    StringWriter err = new StringWriter();
    cmd.setErr(new PrintWriter(err));
    cmd.parseArgs("--toy", "moons", "--quiet");
    double v = DensityOutputs.figure(c, "gmm2_test_nll", () -> {
      throw new IllegalStateException("covariance is not positive definite");
    });
    assertThat(v).isNaN();
    assertThat(err.toString().lines().toList()).containsExactly("density: note: could not compute gmm2_test_nll"
        + " (covariance is not positive definite); summary.json records it as null; model.json is saved");
    assertThat(DensityOutputs.figure(c, "test_nll", () -> 1.5)).isEqualTo(1.5);
    assertThat(err.toString().lines().count()).isEqualTo(1);
  }

  @Test
  void densityAcceptsOnlyTanhOrSoftplus() {
    CliRun run = CliRun.of(new DensityCommand(), "--toy", "moons", "--activation", "relu", "--quiet");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).contains("--activation").contains("'relu' is not tanh or softplus");
  }
}
