package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.io.Json;
import dev.neuralode.plot.GifFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The tutorial's two experiments with their default settings, end to end. */
class DemoCommandTest {
  @TempDir Path dir;

  private JsonNode run(String... args) throws Exception {
    CommandLine cmd = new CommandLine(new DemoCommand());
    StringWriter err = new StringWriter();
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(args);
    assertThat(code).as("exit status; stderr: %s", err).isZero();
    return Json.mapper().readTree(dir.resolve("summary.json").toFile());
  }

  @Test
  void spiralLearnsTheTrueMatrix() throws Exception {
    JsonNode s = run("spiral", "--out", dir.toString(), "--quiet");
    double[][] a = {{-0.1, -1.0}, {1.0, -0.1}};
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        assertThat(s.get("learned_weight").get(i).get(j).asDouble()).as("W[%d][%d]", i, j)
            .isCloseTo(a[i][j], within(0.05));
      }
    }
    assertThat(s.get("trajectory_rmse").asDouble()).isLessThanOrEqualTo(0.03);
    assertThat(s.get("initial_trajectory_rmse").asDouble()).isGreaterThan(0.3);
    assertThat(s.get("settings").get("iterations").asInt()).isEqualTo(500);
    Path gif = dir.resolve("spiral.gif");
    assertThat(GifFiles.frameCount(gif)).isEqualTo(51);   // the untrained model, then every 10th
    assertThat(GifFiles.loopCount(gif)).isZero();
    try (var frames = Files.list(dir.resolve("frames"))) {
      assertThat(frames.filter(p -> p.toString().endsWith(".png")).count()).isEqualTo(51);
    }
    assertThat(Files.readAllLines(dir.resolve("loss.csv"))).hasSize(501);
    // 1-based like fit's and density's loss.csv and the progress lines (the eighth walkthrough)
    assertThat(Files.readAllLines(dir.resolve("loss.csv")).get(1)).startsWith("1,");
    assertThat(Files.readAllLines(dir.resolve("loss.csv")).get(500)).startsWith("500,");
  }

  @Test
  void nonlinearImprovesOnItsInitialTrajectory() throws Exception {
    JsonNode s = run("nonlinear", "--out", dir.toString(), "--quiet");
    assertThat(s.get("settings").get("iterations").asInt()).isEqualTo(3000);
    assertThat(s.get("trajectory_rmse").asDouble()).isLessThan(s.get("initial_trajectory_rmse").asDouble());
    assertThat(GifFiles.frameCount(dir.resolve("nonlinear.gif"))).isEqualTo(101);
  }

  @Test
  void sameSeedGivesSameBits() throws Exception {
    JsonNode a = run("spiral", "--iterations", "20", "--plot-every", "10", "--out", dir.toString(), "--quiet");
    JsonNode b = run("spiral", "--iterations", "20", "--plot-every", "10", "--out", dir.toString(), "--quiet");
    assertThat(a.get("learned_weight")).isEqualTo(b.get("learned_weight"));
    assertThat(a.get("final_loss").asDouble()).isEqualTo(b.get("final_loss").asDouble());
    JsonNode c = run("spiral", "--iterations", "20", "--plot-every", "10", "--seed", "1", "--out", dir.toString(), "--quiet",
        "--overwrite");
    assertThat(c.get("final_loss").asDouble()).as("another seed, other noise and windows")
        .isNotEqualTo(a.get("final_loss").asDouble());
    try (var frames = Files.list(dir.resolve("frames"))) {
      assertThat(frames.count()).as("frames of earlier runs are removed").isEqualTo(3);
    }
  }

  @Test
  void directGradientsTrainTheSpiralToo() throws Exception {
    JsonNode s = run("spiral", "--gradient", "direct", "--method", "rk4", "--out", dir.toString(), "--quiet");
    assertThat(s.get("trajectory_rmse").asDouble()).isLessThanOrEqualTo(0.03);
  }

  @Test
  void badDemoNameExitsWithUsageError() {
    CommandLine cmd = Errors.install(new CommandLine(new DemoCommand()));
    StringWriter err = new StringWriter();
    cmd.setErr(new PrintWriter(err));
    assertThat(cmd.execute("helix", "--out", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("demo must be 'spiral', 'nonlinear', 'mnist', 'anode' or 'latent'; got 'helix'")
        .doesNotContain("did you mean");
    // a near miss gets a suggestion, as unknown options and commands do (walkthrough 9)
    StringWriter err2 = new StringWriter();
    cmd.setErr(new PrintWriter(err2));
    assertThat(cmd.execute("spirals", "--out", dir.toString())).isEqualTo(2);
    assertThat(err2.toString()).contains("got 'spirals' (did you mean spiral?)");
  }

  @Test
  void badStepSizeNamesTheOptionAndQuietHasAShortForm() {
    CliRun run = CliRun.of(new DemoCommand(), "spiral", "-q", "--step-size", "-1", "--out",
        dir.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString()
        .startsWith("demo: --step-size must be a finite number > 0").doesNotContain("stepSize");
  }

  @Test
  void divergenceIsAFailureThatNamesTheLearningRate() {
    CommandLine cmd = Errors.install(new CommandLine(new DemoCommand()));
    StringWriter err = new StringWriter();
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute("spiral", "--lr", "1e9", "--iterations", "50", "--out", dir.toString(), "--quiet");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("--lr").doesNotContain("Exception");
    assertThat(dir.resolve("spiral.gif")).doesNotExist();
  }
}
