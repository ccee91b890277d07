package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rough edges a fresh-clone walkthrough of the README found (issue 13's acceptance), one test
 * each, with the exit status and message they now get.
 */
class WalkthroughFindingsTest {

  @TempDir Path dir;

  private static final String[] SMALL_DENSITY = {"--toy", "moons", "--toy-samples", "60",
      "--iterations", "4", "--batch", "16", "--hidden", "6", "--grid", "4", "--samples", "10"};

  private static String[] with(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  @Test
  void resumeWarnsAboutTheOptionsItIgnores() {
    Path out = dir.resolve("out");
    CliRun first = CliRun.of(new DensityCommand(), with(SMALL_DENSITY, "--out", out.toString(),
        "--stop-after", "2", "--quiet"));
    assertThat(first.exit()).as(first.err()).isEqualTo(130);
    CliRun resumed = CliRun.of(new DensityCommand(), "--resume", out.toString(), "--iterations",
        "300", "--lr", "0.1", "--quiet");
    assertThat(resumed.exit()).as(resumed.err()).isZero();
    assertThat(resumed.errLines()).containsExactly("density: warning: ignoring --iterations, --lr:"
        + " --resume continues with the settings stored in the checkpoint");
  }

  @Test
  void demoInterruptNamesTheDemoInTheResumeCommandAndRefusalsNameTheOtherDemo() {
    Path out = dir.resolve("nl");
    CliRun first = CliRun.of(new DemoCommand(), "nonlinear", "--iterations", "20",
        "--plot-every", "10", "--out", out.toString(), "--stop-after", "5");
    assertThat(first.exit()).as(first.err()).isEqualTo(130);
    assertThat(first.errLines()).contains("demo: stopped; checkpoint saved, continue with:"
        + " neuralode demo nonlinear --resume " + out);
    CliRun wrong = CliRun.of(new DemoCommand(), "spiral", "--resume", out.toString());
    assertThat(wrong.exit()).isEqualTo(2);
    assertThat(wrong.errLines()).containsExactly("demo: " + out + ": holds the checkpoint of"
        + " 'demo nonlinear', not of 'demo spiral'; continue it with: neuralode demo nonlinear"
        + " --resume " + out);
    CliRun resumed = CliRun.of(new DemoCommand(), "nonlinear", "--resume", out.toString(),
        "--quiet");
    assertThat(resumed.exit()).as(resumed.err()).isZero();
    CliRun other = CliRun.of(new DemoCommand(), "spiral", "--iterations", "2", "--out",
        out.toString(), "--quiet");
    assertThat(other.exit()).isEqualTo(2);
    assertThat(other.errLines()).containsExactly("demo: " + out + ": already holds the output of"
        + " 'demo nonlinear'; give --out another directory, or add --overwrite to replace its"
        + " contents");
  }
}
