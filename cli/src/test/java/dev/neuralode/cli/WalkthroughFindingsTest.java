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
        "300", "--lr", "0.1", "--threads", "1", "--stop-after", "3");
    assertThat(resumed.exit()).as(resumed.err()).isEqualTo(130);
    assertThat(resumed.errLines()).first().isEqualTo("density: warning: ignoring --iterations,"
        + " --lr: --resume continues with the settings stored in the checkpoint");
    CliRun quiet = CliRun.of(new DensityCommand(), "--resume", out.toString(), "--iterations",
        "300", "--quiet");
    assertThat(quiet.exit()).as(quiet.err()).isZero();
    assertThat(quiet.errLines()).isEmpty();
  }

  @Test
  void demoInterruptNamesTheDemoInTheResumeCommandAndRefusalsNameTheOtherDemo() {
    Path out = dir.resolve("nl");
    CliRun first = CliRun.of(new DemoCommand(), "nonlinear", "--iterations", "20",
        "--plot-every", "10", "--out", out.toString(), "--stop-after", "5");
    assertThat(first.exit()).as(first.err()).isEqualTo(130);
    assertThat(first.errLines()).contains("demo nonlinear: stopped after iteration 5 of 20; checkpoint"
        + " saved, continue with: neuralode demo nonlinear --resume " + out);
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

  @Test
  void demoSpiralWithAnMnistOptionWarnsNamingTheDemosItAppliesTo() {
    CliRun run = CliRun.of(new DemoCommand(), "spiral", "--epochs", "3", "--iterations", "2",
        "--out", dir.resolve("sp").toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.errLines()).first().isEqualTo("demo: warning: --epochs applies to demo mnist"
        + " only; ignored by demo spiral");
    // --iterations 2 with frames every 10 iterations: one frame, the final model's
    assertThat(run.errLines()).anyMatch(l -> l.contains(", 1 frame, "));
    CliRun anode = CliRun.of(new DemoCommand(), "anode", "--plot-every", "3", "--iterations", "0",
        "--out", dir.resolve("an").toString());
    assertThat(anode.errLines()).first().isEqualTo("demo: warning: --plot-every applies to demo"
        + " spiral, nonlinear only; ignored by demo anode");
  }

  @Test
  void densityBatchLargerThanTheTrainingRowsSaysItIsCapped() throws Exception {
    Path out = dir.resolve("d");
    String[] args = SMALL_DENSITY.clone();
    args[7] = "10000000";
    CliRun run = CliRun.of(new DensityCommand(), with(args, "--out", out.toString()));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.errLines()).contains("density: note: --batch 10000000 is more than the 48"
        + " training rows; each step uses all 48");
    assertThat(dev.neuralode.io.Json.mapper().readTree(out.resolve("summary.json").toFile())
        .get("rows_per_step").asInt()).isEqualTo(48);
    // walkthrough 3, finding 1: without --batch the note says it is the default 512
    String[] noBatch = {"--toy", "moons", "--toy-samples", "60", "--iterations", "2", "--hidden", "6",
        "--grid", "4", "--samples", "10", "--out", dir.resolve("d2").toString()};
    CliRun byDefault = CliRun.of(new DensityCommand(), noBatch);
    assertThat(byDefault.exit()).as(byDefault.err()).isZero();
    assertThat(byDefault.errLines()).contains("density: note: the default --batch 512 is more than the 48"
        + " training rows; each step uses all 48");
  }

  @Test
  void densityStoppedWhileEvaluatingExits130AndResumesByteIdentical() throws Exception {
    String[] common = with(SMALL_DENSITY, "--checkpoint-every", "2", "--quiet");
    Path whole = dir.resolve("whole");
    assertThat(CliRun.of(new DensityCommand(), with(common, "--out", whole.toString())).exit())
        .isZero();
    Path parts = dir.resolve("parts");
    // --stop-after 4 of 4 iterations: the stop request arrives after the last iteration, as a
    // Ctrl-C during "evaluating" does
    CliRun first = CliRun.of(new DensityCommand(), with(SMALL_DENSITY, "--checkpoint-every", "2",
        "--out", parts.toString(), "--stop-after", "4"));
    assertThat(first.exit()).as(first.err()).isEqualTo(130);
    assertThat(first.errLines()).contains("density: stopped while evaluating the trained model;"
        + " the checkpoint of iteration 4 is kept, continue with: neuralode density --resume "
        + parts);
    assertThat(parts).doesNotExist();
    CliRun last = CliRun.of(new DensityCommand(), "--resume", parts.toString(), "--quiet");
    assertThat(last.exit()).as(last.err()).isZero();
    for (String f : new String[] {"model.json", "loss.csv", "samples.csv"}) {
      assertThat(java.nio.file.Files.readAllBytes(parts.resolve(f))).as(f)
          .isEqualTo(java.nio.file.Files.readAllBytes(whole.resolve(f)));
    }
  }

  @Test
  void shellCompletionOffersDemoNamesGradientModesAndToyDensities() {
    String script = picocli.AutoComplete.bash("neuralode", Main.commandLine());
    assertThat(script).contains("(\"spiral\" \"nonlinear\" \"mnist\" \"anode\" \"latent\")")
        .contains("(\"direct\" \"checkpointed\" \"backsolve\" \"adjoint\" \"interpolating\")"
            + " # --gradient values")
        .contains("(\"" + String.join("\" \"", dev.neuralode.data.ToyDensities.NAMES)
            + "\") # --toy values");
  }

  @Test
  void demoHelpListsWhatEveryDemoWritesAndEveryDefault() {
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cl = new picocli.CommandLine(new DemoCommand());
    cl.setOut(new java.io.PrintWriter(out));
    assertThat(cl.execute("--help")).isZero();
    String help = out.toString();
    assertThat(help.lines()).allMatch(l -> l.length() <= 80 && !l.trim().equals("of"));
    assertThat(help).contains("classifier of MNIST digits", "decision_regions.png",
        "spirals.png", "250 anode, 1500 latent").doesNotContain("classifier on" + System.lineSeparator());
  }

  @Test
  void sampleWithSeedPlusSevenReproducesDensitysOwnSamplesCsv() throws Exception {
    Path out = dir.resolve("d");
    assertThat(CliRun.of(new DensityCommand(), with(SMALL_DENSITY, "--seed", "3", "--out",
        out.toString(), "--quiet")).exit()).isZero();
    Path drawn = dir.resolve("drawn.csv");
    CliRun sample = CliRun.of(new SampleCommand(), "--model", out.resolve("model.json").toString(),
        "-n", "10", "--seed", "10", "--out", drawn.toString());
    assertThat(sample.exit()).as(sample.err()).isZero();
    assertThat(java.nio.file.Files.readAllBytes(drawn))
        .isEqualTo(java.nio.file.Files.readAllBytes(out.resolve("samples.csv")));
  }
}
