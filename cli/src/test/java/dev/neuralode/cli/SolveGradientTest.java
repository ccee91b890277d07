package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@code neuralode solve --gradient} on linear decay u' = p·u, u(0) = u0, times 0, 1, 3, with the
 * loss L = u(0) + u(1) + u(3) = u0·(1 + e^p + e^{3p}). Analytically:
 * dL/du0 = 1 + e^p + e^{3p}; dL/dp = u0·(e^p + 3e^{3p}); dL/dt1 = p·u(1), dL/dt2 = p·u(3)
 * (moving an output time moves that output along f); dL/dt0 = −(dL/dt1 + dL/dt2) (moving t0 with
 * u0 fixed shifts the later outputs back), so the time gradients of this autonomous ODE sum to 0.
 */
class SolveGradientTest {

  private static final double U0 = 2.0;
  private static final double P = -0.5;

  @TempDir Path dir;

  private static final String[] DECAY = {"--vars", "u", "--rhs", "p*u", "--param", "p=" + P,
      "--param", "unused=3", "--y0", "" + U0, "--t", "0,1,3", "--rtol", "1e-10", "--atol",
      "1e-12", "--gradient"};

  @ParameterizedTest(name = "{0}")
  @CsvSource({"direct, ''", "checkpointed, ''", "backsolve, ''", "backsolve, --seminorm",
      "interpolating, ''", "interpolating, --seminorm"})
  void linearDecayGradientsMatchTheClosedForm(String mode, String extra) throws Exception {
    String[] args = SolveCommandTest.with(DECAY, "--gradient-mode", mode);
    if (!extra.isEmpty()) {
      args = SolveCommandTest.with(args, extra);
    }
    CliRun run = SolveCommandTest.solve(args);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    JsonNode j = Json.mapper().readTree(run.out());
    double e1 = Math.exp(P);
    double e3 = Math.exp(3 * P);
    assertThat(j.get("mode").asText()).isEqualTo(mode.equals("backsolve") ? "adjoint" : mode);
    assertThat(j.get("loss").asDouble()).isCloseTo(U0 * (1 + e1 + e3), within(1e-9));
    JsonNode g = j.get("gradient");
    assertThat(g.get("y0")).hasSize(1);
    assertThat(g.get("y0").get(0).asDouble()).isCloseTo(1 + e1 + e3, within(1e-6));
    assertThat(g.get("params").get("p").asDouble()).isCloseTo(U0 * (e1 + 3 * e3), within(1e-6));
    assertThat(g.get("params").get("unused").asDouble()).isEqualTo(0.0);
    assertThat(g.get("t")).hasSize(3);
    assertThat(g.get("t").get(1).asDouble()).isCloseTo(P * U0 * e1, within(1e-6));
    assertThat(g.get("t").get(2).asDouble()).isCloseTo(P * U0 * e3, within(1e-6));
    assertThat(g.get("t").get(0).asDouble()).isCloseTo(-P * U0 * (e1 + e3), within(1e-6));
    assertThat(j.get("nfe_forward").asInt()).isPositive();
    assertThat(j.get("nfe_backward").asInt()).isPositive();
  }

  @Test
  void lossVarsSelectTheSummedVariablesAndFilesReceiveTheOutputs() throws Exception {
    Path grad = dir.resolve("grad.json");
    Path csv = dir.resolve("out.csv");
    CliRun run = SolveCommandTest.solve("--vars", "x,v", "--rhs", "v; -x", "--y0", "1,0", "--t",
        "0,1", "--rtol", "1e-10", "--atol", "1e-12", "--gradient", "--loss-vars", "x",
        "--gradient-out", grad.toString(), "--out", csv.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(Files.readString(csv)).startsWith("t,x,v\n0.0,1.0,0.0\n");
    JsonNode g = Json.mapper().readTree(grad.toFile()).get("gradient");
    // L = x(0) + x(1) = x0 + x0 cos 1 + v0 sin 1
    assertThat(g.get("y0").get(0).asDouble()).isCloseTo(1 + Math.cos(1), within(1e-7));
    assertThat(g.get("y0").get(1).asDouble()).isCloseTo(Math.sin(1), within(1e-7));
    assertThat(g.get("params").size()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown mode  | --gradient-mode=adjont | --gradient 'adjont' is unknown; use one of direct, checkpointed, backsolve, interpolating (adjoint is backsolve)
      direct norm   | --adjoint-rtol=1e-6 | --adjoint-rtol, --adjoint-atol and --seminorm set the backward solve
      loss var      | --loss-vars=q | --loss-vars name 1 'q' is not a variable; variables: u
      with event    | --event=u - 1 | --gradient cannot be combined with --event
      """)
  void badGradientOptionsExitWithStatusTwo(String name, String option, String expected) {
    int eq = option.indexOf('=');
    CliRun run = SolveCommandTest.solve(SolveCommandTest.with(DECAY, option.substring(0, eq),
        option.substring(eq + 1)));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).startsWith("solve: " + expected);
  }

  @Test
  void checkpointedModeRejectsAdjointOptions() {
    CliRun run = SolveCommandTest.solve(SolveCommandTest.with(DECAY, "--gradient-mode", "checkpointed",
        "--seminorm"));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("solve: --adjoint-rtol, --adjoint-atol and --seminorm set the"
        + " backward solve of --gradient backsolve or interpolating; checkpointed mode has none");
  }

  /** Issue 13: --gradient takes the mode itself, as in every other command, and adjoint is backsolve. */
  @Test
  void gradientTakesTheModeAndAdjointIsBacksolve() throws Exception {
    String[] base = java.util.Arrays.copyOf(DECAY, DECAY.length - 1);
    CliRun backsolve = SolveCommandTest.solve(SolveCommandTest.with(base, "--gradient", "backsolve"));
    CliRun adjoint = SolveCommandTest.solve(SolveCommandTest.with(base, "--gradient", "adjoint"));
    CliRun old = SolveCommandTest.solve(SolveCommandTest.with(DECAY, "--gradient-mode", "backsolve"));
    assertThat(backsolve.exit()).as(backsolve.err()).isZero();
    assertThat(adjoint.out()).isEqualTo(backsolve.out());
    assertThat(Json.mapper().readTree(adjoint.out()).get("mode").asText()).isEqualTo("adjoint");
    assertThat(old.out()).isEqualTo(backsolve.out());
    CliRun bare = SolveCommandTest.solve(DECAY);
    assertThat(Json.mapper().readTree(bare.out()).get("mode").asText()).isEqualTo("direct");
  }
}
