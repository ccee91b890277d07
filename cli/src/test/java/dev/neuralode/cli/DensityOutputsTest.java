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

  @Test
  void aFlowNoBetterThanAGaussianWarns() {
    // the fifth walkthrough: 5 iterations on moons gave 3.347 against the Gaussian's 3.290, silently
    assertThat(DensityOutputs.warning(3.347, 3.290, 3.158)).startsWith("the flow does not beat a single Gaussian")
        .contains("test NLL 3.347 vs 3.29").contains("--iterations");
    assertThat(DensityOutputs.warning(3.290, 3.290, 3.158)).isNotNull();
    // the seventh: pinwheel after 20 iterations, 3.644 against the Gaussian's 3.649 but the 2-GMM's
    // 3.467, drew one blob without a word
    assertThat(DensityOutputs.warning(3.644, 3.649, 3.467))
        .startsWith("the flow does not beat a mixture of two Gaussians").contains("3.644 vs 3.467");
    assertThat(DensityOutputs.warning(2.443, 3.649, 3.467)).isNull();
    assertThat(DensityOutputs.warning(3.913, 4.5, 3.951)).as("Old Faithful's acceptance figure").isNull();
    assertThat(DensityOutputs.warning(3.0, 3.649, Double.NaN)).isNull();
    assertThat(DensityOutputs.warning(Double.NaN, 3.0, 2.0)).isNull();
    assertThat(DensityOutputs.warning(2.0, Double.NaN, Double.NaN)).isNull();
  }

  @Test
  void aShortDensityRunThatLosesToTheGaussianSaysSoAndRecordsIt(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.nio.file.Path out = dir.resolve("d");
    CliRun run = CliRun.of(new DensityCommand(), "--toy", "moons", "--iterations", "1", "--hidden", "8",
        "--out", out.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    String summary = java.nio.file.Files.readString(out.resolve("summary.json"));
    double test = number(summary, "test_nll");
    double gauss = number(summary, "baseline_test_nll");
    double gmm2 = number(summary, "gmm2_test_nll");
    // one iteration of a fresh flow is no better than the baselines; either way the warning must
    // agree with the figures
    if (test >= Math.min(gauss, gmm2)) {
      assertThat(run.err()).contains("warning: the flow does not beat a");
      assertThat(summary).contains("\"warning\" : \"the flow does not beat a");
    } else {
      assertThat(run.err()).doesNotContain("warning:");
      assertThat(summary).doesNotContain("\"warning\"");
    }
  }

  private static double number(String json, String key) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\" : ([-0-9.eE]+)").matcher(json);
    assertThat(m.find()).as(key).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
