package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code neuralode solve --event}: located events, terminal stops and the stats file. */
class SolveEventsTest {

  @TempDir Path dir;

  private JsonNode stats(Path file) throws Exception {
    return Json.mapper().readTree(file.toFile());
  }

  /** h'' = -9.81 from h = 10 at rest: the ground is reached at t = sqrt(2·10/9.81). */
  @Test
  void fallingBallStopsAtTheGround() throws Exception {
    Path statsFile = dir.resolve("stats.json");
    CliRun run = SolveCommandTest.solve("--vars", "x,v", "--rhs", "v; -9.81", "--y0", "10,0",
        "--t", "0:2:5", "--event", "x", "--event-direction", "falling", "--terminal",
        "--stats", statsFile.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    double hit = Math.sqrt(2 * 10 / 9.81);
    double[][] rows = requestedRows(run.out(), "t,x,v");
    assertThat(rows).hasNumberOfRows(3);
    assertThat(rows[2][0]).isEqualTo(1.0);
    assertThat(rows[2][1]).isCloseTo(10 - 9.81 / 2, within(1e-12));
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).startsWith("solve: terminated by event 0 (the first --event) at t = 1.42784");

    JsonNode s = stats(statsFile);
    assertThat(s.get("status").asText()).isEqualTo("terminated_by_event");
    assertThat(s.get("nfe").asInt()).isPositive();
    assertThat(s.get("events")).hasSize(1);
    JsonNode e = s.get("events").get(0);
    assertThat(e.get("index").asInt()).isZero();
    assertThat(e.get("t").asDouble()).isCloseTo(hit, within(1e-10));
    assertThat(e.get("y")).hasSize(2);
    assertThat(e.get("y").get(0).asDouble()).isCloseTo(0.0, within(1e-9));
    assertThat(e.get("y").get(1).asDouble()).isCloseTo(-9.81 * hit, within(1e-9));
  }

  /** x = cos t crosses zero at pi/2 (falling), 3pi/2 (rising) and 5pi/2 (falling) before 9. */
  @Test
  void nonTerminalEventsAreAllReportedInTimeOrderWithTheirDirection() throws Exception {
    Path statsFile = dir.resolve("stats.json");
    String[] base = {"--vars", "x,v", "--rhs", "v; -x", "--y0", "1,0", "--t", "0:9:10",
        "--rtol", "1e-10", "--atol", "1e-12", "--stats", statsFile.toString()};
    CliRun run = SolveCommandTest.solve(SolveCommandTest.with(base, "--event", "x"));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(requestedRows(run.out(), "t,x,v")).hasNumberOfRows(10);
    JsonNode s = stats(statsFile);
    assertThat(s.get("status").asText()).isEqualTo("success");
    assertThat(s.get("events")).hasSize(3);
    for (int k = 0; k < 3; k++) {
      assertThat(s.get("events").get(k).get("t").asDouble())
          .isCloseTo(Math.PI / 2 + k * Math.PI, within(1e-8));
    }

    run = SolveCommandTest.solve(SolveCommandTest.with(base, "--event", "x",
        "--event-direction", "rising"));
    assertThat(run.exit()).as(run.err()).isZero();
    s = stats(statsFile);
    assertThat(s.get("events")).hasSize(1);
    assertThat(s.get("events").get(0).get("t").asDouble()).isCloseTo(1.5 * Math.PI, within(1e-8));
  }

  /** Of two terminal events the earliest wins, whichever was given first; index says which. */
  @Test
  void theEarliestOfSeveralEventsWinsAndCarriesItsIndex() throws Exception {
    Path statsFile = dir.resolve("stats.json");
    CliRun run = SolveCommandTest.solve("--vars", "x", "--rhs", "1", "--y0", "0", "--t", "0,5",
        "--event", "x - 3", "--event", "t - 2", "--event-direction", "rising",
        "--event-direction", "both", "--terminal", "--stats", statsFile.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(requestedRows(run.out(), "t,x")).hasNumberOfRows(1);
    JsonNode s = stats(statsFile);
    assertThat(s.get("status").asText()).isEqualTo("terminated_by_event");
    assertThat(s.get("events")).hasSize(1);
    assertThat(s.get("events").get(0).get("index").asInt()).isEqualTo(1);
    assertThat(s.get("events").get(0).get("t").asDouble()).isCloseTo(2.0, within(1e-10));
    assertThat(s.get("events").get(0).get("y").get(0).asDouble()).isCloseTo(2.0, within(1e-10));
  }

  /**
   * The rows at requested times of a CSV with events (issue 13 added event rows, marked in a last
   * {@code event} column, to the requested times): checks the header and drops the event rows and
   * the column.
   */
  static double[][] requestedRows(String csv, String header) {
    List<String> lines = csv.lines().toList();
    assertThat(lines.get(0)).isEqualTo(header + ",event");
    List<double[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (!line.endsWith(",")) {
        continue;   // an event row
      }
      String[] f = line.substring(0, line.length() - 1).split(",");
      double[] r = new double[f.length];
      for (int j = 0; j < f.length; j++) {
        r[j] = Double.parseDouble(f[j]);
      }
      rows.add(r);
    }
    return rows.toArray(double[][]::new);
  }

  /** Issue 13: events are CSV rows marked in an event column; a terminal event's state is the last row. */
  @Test
  void eventsAreRowsAndATerminalEventIsTheLastRow() {
    CliRun run = SolveCommandTest.solve("--vars", "x,v", "--rhs", "v; -x", "--y0", "1,0", "--t", "0:9:10",
        "--rtol", "1e-10", "--atol", "1e-12", "--event", "x");
    assertThat(run.exit()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("t,x,v,event");
    assertThat(lines).hasSize(1 + 10 + 3);
    List<String> events = lines.stream().filter(l -> l.endsWith(",0")).toList();
    assertThat(events).hasSize(3);
    double previous = -1;
    for (String l : lines.subList(1, lines.size())) {
      double t = Double.parseDouble(l.split(",")[0]);
      assertThat(t).isGreaterThanOrEqualTo(previous);
      previous = t;
    }
    assertThat(Double.parseDouble(events.get(1).split(",")[0])).isCloseTo(1.5 * Math.PI, within(1e-8));
    assertThat(Math.abs(Double.parseDouble(events.get(1).split(",")[1]))).isLessThan(1e-8);

    CliRun ball = SolveCommandTest.solve("--vars", "h,v", "--rhs", "v; -9.81", "--y0", "10,0", "--t", "0:2:5",
        "--event", "h", "--event-direction", "falling", "--terminal");
    List<String> b = ball.out().lines().toList();
    String[] last = b.get(b.size() - 1).split(",", -1);
    assertThat(last[3]).isEqualTo("0");
    assertThat(Double.parseDouble(last[0])).isCloseTo(Math.sqrt(2 * 10 / 9.81), within(1e-10));
    assertThat(Double.parseDouble(last[2])).isCloseTo(-9.81 * Math.sqrt(2 * 10 / 9.81), within(1e-9));
  }

  /** Issue 13's acceptance: x' = x², x(0) = 1 blows up at t = 1; the partial solution and the status are kept. */
  @Test
  void aFailedSolveKeepsThePartialSolutionAndTheStatus() throws Exception {
    Path csv = dir.resolve("F.csv");
    Path statsFile = dir.resolve("stats.json");
    CliRun run = SolveCommandTest.solve("--vars", "x", "--rhs", "x^2", "--y0", "1", "--t", "0:2:5",
        "--out", csv.toString(), "--stats", statsFile.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.errLines()).singleElement().asString().contains("the ODE solver failed at t = ")
        .contains("has the solution up to it");
    double[][] rows = SolveCommandTest.rows(Files.readString(csv), "t,x");
    assertThat(rows.length).isBetween(2, 3);
    assertThat(rows[0]).containsExactly(0.0, 1.0);
    assertThat(rows[1][0]).isEqualTo(0.5);
    assertThat(rows[1][1]).isCloseTo(2.0, within(1e-6));   // 1 / (1 - t)
    JsonNode s = stats(statsFile);
    assertThat(s.get("status").asText()).isEqualTo("failed");
    assertThat(s.get("t_reached").asDouble()).isCloseTo(1.0, within(1e-3));
    assertThat(s.get("message").asText()).contains("underflow");
    assertThat(s.get("nfe").asInt()).isPositive();
  }

  /** Issue 13: --steps writes the solver's own steps. */
  @Test
  void stepsAreTheSolversOwnGrid() throws Exception {
    Path statsFile = dir.resolve("stats.json");
    CliRun run = SolveCommandTest.solve("--vars", "x", "--rhs", "-x", "--y0", "1", "--t", "0,5", "--steps",
        "--stats", statsFile.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    double[][] rows = SolveCommandTest.rows(run.out(), "t,x");
    assertThat(rows.length).isEqualTo(stats(statsFile).get("accepted").asInt() + 1);
    assertThat(rows[0]).containsExactly(0.0, 1.0);
    assertThat(rows[rows.length - 1][0]).isEqualTo(5.0);
    for (double[] r : rows) {
      assertThat(r[1]).isCloseTo(Math.exp(-r[0]), within(1e-6));
    }
  }
}
