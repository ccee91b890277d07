package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.io.OutputSet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walkthrough 2, items 3 and 4: an output set's identity compares the values a run uses (defaults
 * filled in), and a refusal names the settings that differ.
 */
class RunIdentityTest {

  @TempDir Path dir;

  private Path series() throws Exception {
    return Files.writeString(dir.resolve("series.csv"),
        "t,x,y\n0,1,1\n1,2,3\n2,3,1\n3,4,5\n4,2,2\n");
  }

  private String identity(Path out) throws Exception {
    return Files.readString(out.resolve(OutputSet.IDENTITY));
  }

  @Test
  void fitWithAnExplicitDefaultIsTheSameRunAndReplacesItsOutput() throws Exception {
    Path out = dir.resolve("out");
    String[] fit = {"--data", series().toString(), "--iterations", "1", "--hidden", "4",
        "--out", out.toString(), "--quiet"};
    assertThat(CliRun.of(new FitCommand(), fit).exit()).isZero();
    String before = identity(out);
    // 0.01, 1e-7 and dopri5 are the defaults; backsolve is the same mode as the default adjoint
    CliRun same = CliRun.of(new FitCommand(), NewCommandsResumeTest.with(fit, "--lr", "1e-2",
        "--rtol", "0.0000001", "--method", "dopri5", "--gradient", "backsolve"));
    assertThat(same.exit()).as(same.err()).isZero();
    assertThat(identity(out)).isEqualTo(before);
  }

  @Test
  void fitsTimeAndColumnsLeftOutAreTheColumnsTheHeaderGives() throws Exception {
    Path out = dir.resolve("cols");
    String[] fit = {"--data", series().toString(), "--iterations", "1", "--hidden", "4",
        "--out", out.toString(), "--quiet"};
    // walkthrough 9: the README's columns spelled out, then left out, into the same --out
    CliRun spelled = CliRun.of(new FitCommand(), NewCommandsResumeTest.with(fit, "--time", "t",
        "--columns", "x, y"));
    assertThat(spelled.exit()).as(spelled.err()).isZero();
    String before = identity(out);
    CliRun left = CliRun.of(new FitCommand(), fit);
    assertThat(left.exit()).as(left.err()).isZero();
    assertThat(identity(out)).isEqualTo(before).contains("[x, y]");
    // other columns are another run
    CliRun other = CliRun.of(new FitCommand(), NewCommandsResumeTest.with(fit, "--columns", "y"));
    assertThat(other.exit()).isEqualTo(2);
    assertThat(other.err()).contains("--columns x,y -> y");
    // a stream is read once, by the run: /dev/stdin counts as given or not, redirected or piped
    FitCommand stream = new FitCommand();
    stream.data = Path.of("/dev/stdin");
    assertThat(stream.effectiveValue("--time", null)).isNull();
    FitCommand file = new FitCommand();
    file.data = series();
    assertThat(file.effectiveValue("--time", null)).isEqualTo("t");
  }

  @Test
  void demoWithItsOwnDefaultsSpelledOutIsTheSameRunAndMnistDefaultsAreRk4Direct()
      throws Exception {
    Path out = dir.resolve("spiral");
    String[] demo = {"spiral", "--iterations", "2", "--plot-every", "10", "--out",
        out.toString(), "--quiet"};
    assertThat(CliRun.of(new DemoCommand(), demo).exit()).isZero();
    String before = identity(out);
    CliRun same = CliRun.of(new DemoCommand(), NewCommandsResumeTest.with(demo, "--lr", "0.01"));
    assertThat(same.exit()).as(same.err()).isZero();
    assertThat(identity(out)).isEqualTo(before).contains("\"--lr\" : \"0.01\"");
    DemoCommand mnist = new DemoCommand();
    new picocli.CommandLine(mnist).parseArgs("mnist");
    assertThat(mnist.effectiveValue("--method", "euler")).isEqualTo("rk4");
    assertThat(mnist.effectiveValue("--gradient", "adjoint")).isEqualTo("direct");
    DemoCommand euler = new DemoCommand();
    new picocli.CommandLine(euler).parseArgs("mnist", "--method", "euler");
    assertThat(euler.effectiveValue("--method", "euler")).isEqualTo("euler");
  }

  @Test
  void aRefusalNamesTheSettingsThatDifferAtMostThreeThenHowManyMore() throws Exception {
    Path out = dir.resolve("out");
    String[] fit = {"--data", series().toString(), "--iterations", "1", "--hidden", "4",
        "--out", out.toString(), "--quiet"};
    assertThat(CliRun.of(new FitCommand(), fit).exit()).isZero();
    CliRun lr = CliRun.of(new FitCommand(), NewCommandsResumeTest.with(fit, "--lr", "0.02"));
    assertThat(lr.exit()).isEqualTo(2);
    assertThat(lr.errLines()).containsExactly("fit: " + out + ": already holds the output of"
        + " 'fit' with other settings (--lr 0.01 -> 0.02); give --out another directory, or add"
        + " --overwrite to replace its contents");
    CliRun many = CliRun.of(new FitCommand(), NewCommandsResumeTest.with(fit, "--lr", "0.02",
        "--seed", "3", "--augment", "1", "--activation", "elu", "--kinetic", "0.1"));
    assertThat(many.exit()).isEqualTo(2);
    assertThat(many.errLines()).containsExactly("fit: " + out + ": already holds the output of"
        + " 'fit' with other settings (--activation tanh -> elu, --augment (not given) -> 1, --kinetic"
        + " 0.0 -> 0.1 and 2 more); give --out another directory, or add --overwrite to replace"
        + " its contents");
  }
}
