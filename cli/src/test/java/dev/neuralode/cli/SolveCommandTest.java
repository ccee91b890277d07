package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.io.Json;
import dev.neuralode.io.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code neuralode solve}: reference solutions, output forms and one-line errors. */
class SolveCommandTest {

  private static final String[] VAN_DER_POL = {"--vars", "x,v", "--rhs", "v; mu*(1-x*x)*v - x",
      "--param", "mu=1", "--y0", "2,0", "--t", "0:20:21", "--method", "dopri5", "--rtol", "1e-8",
      "--atol", "1e-10"};

  @TempDir Path dir;

  static CliRun solve(String... args) {
    return CliRun.of(new SolveCommand(), args);
  }

  static String[] with(String[] base, String... more) {
    List<String> all = new ArrayList<>(List.of(base));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /** Parses CSV output, checking its header. */
  static double[][] rows(String csv, String header) {
    List<String> lines = csv.lines().toList();
    assertThat(lines.get(0)).isEqualTo(header);
    double[][] rows = new double[lines.size() - 1][];
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      rows[i - 1] = new double[f.length];
      for (int j = 0; j < f.length; j++) {
        rows[i - 1][j] = Double.parseDouble(f[j]);
      }
    }
    return rows;
  }

  @Test
  void reproducesTheVanDerPolReference() throws Exception {
    JsonNode problem = null;
    for (JsonNode p : Json.mapper().readTree(
        SharedData.require("reference/ode_reference.json").toFile()).get("problems")) {
      if (p.get("name").asText().equals("van_der_pol_mu1")) {
        problem = p;
      }
    }
    assertThat(problem).isNotNull();
    assertThat(problem.get("params").get("mu").asDouble()).isEqualTo(1.0);
    CliRun run = solve(VAN_DER_POL);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    double[][] r = rows(run.out(), "t,x,v");
    JsonNode tEval = problem.get("t_eval");
    JsonNode yRef = problem.get("y_ref");
    assertThat(r).hasNumberOfRows(tEval.size());
    double maxError = 0;
    for (int i = 0; i < r.length; i++) {
      assertThat(r[i][0]).isEqualTo(tEval.get(i).asDouble());
      for (int j = 0; j < 2; j++) {
        maxError = Math.max(maxError, Math.abs(r[i][j + 1] - yRef.get(i).get(j).asDouble()));
      }
    }
    System.out.println("solve: Van der Pol max abs error vs reference = " + maxError);
    assertThat(maxError).isLessThan(1e-6);
  }

  @Test
  void writesTheCsvAndStatsFilesAtomically() throws Exception {
    Path csv = dir.resolve("vdp.csv");
    Path stats = dir.resolve("stats.json");
    CliRun run = solve(with(VAN_DER_POL, "--out", csv.toString(), "--stats", stats.toString()));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(Files.readString(csv)).isEqualTo(solve(VAN_DER_POL).out());
    JsonNode s = Json.mapper().readTree(stats.toFile());
    assertThat(s.properties()).extracting(e -> e.getKey())
        .containsExactly("status", "nfe", "accepted", "rejected", "events");
    assertThat(s.get("status").asText()).isEqualTo("success");
    int accepted = s.get("accepted").asInt();
    int rejected = s.get("rejected").asInt();
    assertThat(accepted).isPositive();
    assertThat(s.get("nfe").asInt()).isEqualTo(2 + 6 * (accepted + rejected));
    assertThat(s.get("events").isArray()).isTrue();
    assertThat(s.get("events")).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("vdp.csv", "stats.json");
    }
  }

  @Test
  void solvesWithTimeListsConstantsAndBackwardTime() {
    CliRun run = solve("--vars", "y", "--rhs", "-k*y", "--param", "k=0.5", "--y0", "1",
        "--t", "0,0.5,2.5", "--rtol", "1e-10", "--atol", "1e-12");
    assertThat(run.exit()).as(run.err()).isZero();
    double[][] r = rows(run.out(), "t,y");
    assertThat(r[2][0]).isEqualTo(2.5);
    assertThat(r[2][1]).isCloseTo(Math.exp(-1.25), within(1e-9));

    run = solve("--vars", "a,b", "--rhs", "1; cos(t)", "--y0", "0,0", "--t", "2:0:5");
    assertThat(run.exit()).as(run.err()).isZero();
    r = rows(run.out(), "t,a,b");
    assertThat(r[4][0]).isEqualTo(0.0);
    assertThat(r[4][1]).isCloseTo(-2.0, within(1e-9));
    assertThat(r[4][2]).isCloseTo(-Math.sin(2), within(1e-6));
  }

  @Test
  void fixedStepMethodsTakeAStepSize() {
    CliRun run = solve("--vars", "x,v", "--rhs", "v; -x", "--y0", "1,0", "--t", "0:3.14159:3",
        "--method", "rk4", "--step-size", "0.01");
    assertThat(run.exit()).as(run.err()).isZero();
    double[][] r = rows(run.out(), "t,x,v");
    assertThat(r[2][1]).isCloseTo(Math.cos(3.14159), within(1e-8));
    assertThat(r[2][2]).isCloseTo(-Math.sin(3.14159), within(1e-8));
  }

  @Test
  void solverFailureExitsWithStatusOne() {
    CliRun run = solve("--vars", "x", "--rhs", "x^2", "--y0", "1", "--t", "0:2:3",
        "--max-steps", "50");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).contains("the ODE solver failed at t = ");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown name     | --rhs=v; mu2*(1-x*x)*v - x | --rhs expression 2, column 1: unknown name 'mu2'; known names: t, x, v, mu
      unknown late     | --rhs=v; mu*(1-x*x)*v - q  | --rhs expression 2, column 16: unknown name 'q'
      syntax error     | --rhs=v; (x + 1            | --rhs expression 2, column 7: expected ')' to close the '(' at column 1
      bad operator     | --rhs=v * * 2; x           | --rhs expression 1, column 5: expected a number, a name or '(' but found '*'
      ends too early   | --rhs=v *; x               | --rhs expression 1, column 4: the expression ends too early
      implicit product | --rhs=v; 2x                | --rhs expression 2, column 1: malformed number '2x'
      function arity   | --rhs=v; max(x)            | --rhs expression 2, column 1: max takes 2 arguments
      too few rhs      | --rhs=v                    | --rhs has 1 expression but --vars names 2 variables (x, v)
      too many rhs     | --rhs=v; x; 1              | --rhs has 3 expressions but --vars names 2 variables
      y0 count         | --y0=1,2,3                 | --y0 has 3 values but --vars names 2 variables (x, v)
      y0 value         | --y0=1,abc                 | --y0 value 2 'abc' is not a number
      y0 infinite      | --y0=1,Infinity            | --y0 value 2 'Infinity' is not a number
      t range count    | --t=0:1:1                  | --t count 1 must be between 2 and
      t range form     | --t=0:1                    | --t '0:1' has 1 ':'
      t range equal    | --t=1:1:5                  | --t start equals stop
      t list order     | --t=0,2,1                  | --t value 3 (1.0) does not increase from value 2 (2.0)
      t list repeat    | --t=1,1,2                  | --t value 2 (1.0) repeats value 1; times must be strictly increasing (or strictly decreasing
      t list repeat 2  | --t=0,1,1                  | --t value 3 (1.0) repeats value 2; times must be strictly increasing
      t single         | --t=5                      | --t has one time
      t bad number     | --t=0,x                    | --t value 2 'x' is not a number
      param no equals  | --param=k                  | --param 2 'k' has no '='
      param bad value  | --param=k=abc              | --param 2 'k=abc': value 'abc' is not a number
      param is var     | --param=x=1                | --param 2 'x=1': 'x' is already a variable
      param repeated   | --param=mu=2               | --param 2 'mu=2': 'mu' is already set
      param reserved   | --param=pi=3               | --param 2 'pi=3': name 'pi' is reserved
      unknown method   | --method=foo               | --method: method "foo" is unknown; use one of
      negative rtol    | --rtol=-1                  | --rtol -1 must be > 0
      zero rtol value  | --rtol=1e-8,0              | --rtol value 2 0.0 must be > 0
      negative atol    | --atol=-1e-9               | --atol -1e-9 must be >= 0
      bad norm         | --norm=l2                  | --norm 'l2' is not rms or max
      min over max     | --min-step=1               | --min-step 1 must be finite, >= 0 and at most --max-step (0.5)
      bad jump time    | --jump-times=1,a           | --jump-times value 2 'a' is not a number
      event name       | --event=x - q              | --event 1, column 5: unknown name 'q'
      event syntax     | --event=x +                | --event 1, column 4: the expression ends too early
      direction word   | --event-direction=up       | --event-direction 1 'up' is not rising, falling or both
      atol count       | --atol=1,2,3               | --atol has 3 values but --vars names 2 variables
      step size        | --step-size=0              | --step-size 0 must be finite and > 0
      max steps        | --max-steps=0              | --max-steps 0 must be > 0
      """)
  void badInputExitsWithStatusTwoAndOneLine(String name, String option, String expected) {
    int eq = option.indexOf('=');
    String key = option.substring(0, eq);
    String value = option.substring(eq + 1);
    List<String> args = new ArrayList<>();
    boolean replaced = false;
    for (int i = 0; i < VAN_DER_POL.length; i += 2) {
      boolean same = VAN_DER_POL[i].equals(key) && !key.equals("--param");
      args.add(VAN_DER_POL[i]);
      args.add(same ? value : VAN_DER_POL[i + 1]);
      replaced |= same;
    }
    if (!replaced) {
      args.addAll(List.of(key, value));
    }
    if (key.equals("--min-step")) {
      args.addAll(List.of("--max-step", "0.5"));
    }
    if (key.equals("--event-direction")) {
      args.addAll(List.of("--event", "x"));
    }
    CliRun run = solve(args.toArray(String[]::new));
    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).startsWith("solve: " + expected);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void badVariableNamesExitWithStatusTwo() {
    for (String[] c : new String[][] {{"x,,v", "--vars name 2 is empty"},
        {"x,x", "--vars name 2 'x' repeats name 1"}, {"x,t", "--vars name 2 't' is reserved"},
        {"x,2v", "--vars name 2 '2v' is not a name"}}) {
      CliRun run = solve("--vars", c[0], "--rhs", "1;1", "--y0", "0,0", "--t", "0,1");
      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.errLines()).hasSize(1);
      assertThat(run.err()).startsWith("solve: " + c[1]);
    }
  }

  @Test
  void eventOptionsNeedAnEventAndMatchingDirections() {
    CliRun run = solve(with(VAN_DER_POL, "--terminal"));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly("solve: --terminal needs an event; add --event"
        + " EXPR, e.g. --event x");
    run = solve(with(VAN_DER_POL, "--event", "x", "--event", "v", "--event-direction", "rising",
        "--event-direction", "falling", "--event-direction", "both"));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly("solve: --event-direction is given 3 times for 2"
        + " events; give it once for all events or once per --event, in order");
  }

  @Test
  void optionsTheMethodWouldIgnoreAreRejected() {
    CliRun run = solve(with(VAN_DER_POL, "--step-size", "0.01"));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly("solve: --step-size applies to fixed-step methods (euler,"
        + " midpoint, heun2, heun3, ralston, rk4, rk38); dopri5 is adaptive: set --rtol/--atol, or"
        + " --first-step/--max-step");
    String[] harmonic = {"--vars", "x,v", "--rhs", "v; -x", "--y0", "1,0", "--t", "0:1:3", "--method", "rk4"};
    for (String[] option : new String[][] {{"--rtol", "1e-8"}, {"--atol", "1e-10"}, {"--first-step", "0.1"},
        {"--min-step", "0.001"}, {"--max-step", "0.1"}, {"--norm", "max"}, {"--jump-times", "0.5"}}) {
      run = solve(with(harmonic, option));
      assertThat(run.exit()).as(option[0]).isEqualTo(2);
      assertThat(run.errLines()).as(option[0]).hasSize(1);
      assertThat(run.err()).startsWith("solve: " + option[0] + " applies to adaptive methods (fehlberg2,"
          + " adaptive_heun, bosh3, dopri5, tsit5, dopri8, kvaerno5); rk4 is fixed-step");
      assertThat(run.out()).isEmpty();
    }
    run = solve(with(harmonic, "--step-size", "0.01", "--max-steps", "1000"));
    assertThat(run.exit()).as(run.err()).isZero();
    run = solve("--vars", "x", "--rhs", "-50*x", "--y0", "1", "--t", "0,1", "--method", "kvaerno5",
        "--first-step", "0.01", "--max-step", "0.5", "--rtol", "1e-6");
    assertThat(run.exit()).as(run.err()).isZero();
  }

  @Test
  void perVariableTolerancesNormsStepLimitsAndJumpTimes() {
    String[] vdp = java.util.Arrays.copyOf(VAN_DER_POL, VAN_DER_POL.length - 4);
    CliRun run = solve(with(vdp, "--atol", "1e-10,1e-9", "--rtol", "1e-8,1e-9"));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(rows(run.out(), "t,x,v")[20][1]).isCloseTo(2.0081506567993306, within(1e-6));
    run = solve(with(VAN_DER_POL, "--norm", "max", "--max-step", "0.05", "--min-step", "1e-9"));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(rows(run.out(), "t,x,v")[20][1]).isCloseTo(2.0081506567993306, within(1e-6));
    run = solve("--vars", "x", "--rhs", "abs(t - 1)", "--y0", "0", "--t", "0,2",
        "--jump-times", "1", "--rtol", "1e-10", "--atol", "1e-12");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(rows(run.out(), "t,x")[1][1]).isCloseTo(1.0, within(1e-12));
  }
}
