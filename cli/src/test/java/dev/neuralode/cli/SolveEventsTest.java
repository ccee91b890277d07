package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.io.Json;
import java.nio.file.Path;
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
    double[][] rows = SolveCommandTest.rows(run.out(), "t,x,v");
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
    assertThat(SolveCommandTest.rows(run.out(), "t,x,v")).hasNumberOfRows(10);
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
    assertThat(SolveCommandTest.rows(run.out(), "t,x")).hasNumberOfRows(1);
    JsonNode s = stats(statsFile);
    assertThat(s.get("status").asText()).isEqualTo("terminated_by_event");
    assertThat(s.get("events")).hasSize(1);
    assertThat(s.get("events").get(0).get("index").asInt()).isEqualTo(1);
    assertThat(s.get("events").get(0).get("t").asDouble()).isCloseTo(2.0, within(1e-10));
    assertThat(s.get("events").get(0).get("y").get(0).asDouble()).isCloseTo(2.0, within(1e-10));
  }
}
