package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Event location on the dense output: accuracy, several roots per step, ordering, boundaries, direction. */
class EventsTest {
  private static final OdeFunction BALL = (t, y) -> Tensor.of(new double[] {y.getFlat(1), -9.81}, 2);
  private static final OdeFunction UNIT = (t, y) -> Tensor.ones(1);

  @ParameterizedTest
  @ValueSource(strings = {"dopri5", "tsit5", "dopri8", "bosh3", "rk4"})
  void fallingBallHitsTheGroundAtSqrtOf2hOverG(String method) {
    double tHit = Math.sqrt(2 * 10 / 9.81);
    Event ground = Event.of((t, y) -> y.getFlat(0)).falling().asTerminal();
    OdeResult r = Odeint.solve(BALL, Tensor.of(new double[] {10, 0}, 2), new double[] {0, 0.5, 1.0, 1.5, 2.0, 3.0},
        Solver.builder().method(method).stepSize(0.1).build(), List.of(ground));
    assertThat(r.status()).isEqualTo(OdeResult.Status.TERMINATED_BY_EVENT);
    assertThat(r.events()).hasSize(1);
    EventRecord e = r.events().get(0);
    assertThat(e.index()).isZero();
    assertThat(e.t()).isCloseTo(tHit, within(1e-10));
    assertThat(e.y().getFlat(0)).isCloseTo(0.0, within(1e-9));
    assertThat(e.y().getFlat(1)).isCloseTo(-9.81 * tHit, within(1e-8));
    assertThat(r.t()).containsExactly(0, 0.5, 1.0); // the requested times after the event are dropped
    assertThat(r.ys().shape()).containsExactly(3, 2);
    assertThat(r.at(2).getFlat(0)).isCloseTo(10 - 9.81 / 2, within(1e-9));
  }

  @Test
  void threeRootsInsideOneLongStepAreAllFound() {
    Event sine = Event.of((t, y) -> Math.sin(y.getFlat(0)));
    OdeResult r = Odeint.solve(UNIT, Tensor.zeros(1), new double[] {0, 10},
        Solver.builder().firstStep(10.0).build(), List.of(sine));
    assertThat(r.stats().acceptedSteps()).isEqualTo(1);
    assertThat(r.status()).isEqualTo(OdeResult.Status.SUCCESS);
    assertThat(r.events()).extracting(EventRecord::t).hasSize(3);
    for (int k = 0; k < 3; k++) {
      assertThat(r.events().get(k).t()).isCloseTo((k + 1) * Math.PI, within(1e-10));
    }
    List<Event> rising = List.of(sine.rising());
    assertThat(Odeint.solve(UNIT, Tensor.zeros(1), new double[] {0, 10}, Solver.builder().firstStep(10.0).build(),
        rising).events()).extracting(EventRecord::t).singleElement().satisfies(t -> assertThat(t)
        .isCloseTo(2 * Math.PI, within(1e-10)));
    List<Event> falling = List.of(sine.falling());
    assertThat(Odeint.solve(UNIT, Tensor.zeros(1), new double[] {0, 10}, Solver.builder().firstStep(10.0).build(),
        falling).events()).hasSize(2);
  }

  @Test
  void theEarliestOfTwoTerminalEventsInOneStepWinsInEitherOrder() {
    Event late = Event.of((t, y) -> y.getFlat(0) - 7).asTerminal();
    Event early = Event.of((t, y) -> y.getFlat(0) - 3).asTerminal();
    Solver o = Solver.builder().firstStep(10.0).build();
    OdeResult a = Odeint.solve(UNIT, Tensor.zeros(1), new double[] {0, 10}, o, List.of(late, early));
    OdeResult b = Odeint.solve(UNIT, Tensor.zeros(1), new double[] {0, 10}, o, List.of(early, late));
    assertThat(a.stats().acceptedSteps()).isEqualTo(1);
    assertThat(a.events()).singleElement().satisfies(e -> {
      assertThat(e.index()).isEqualTo(1);
      assertThat(e.t()).isCloseTo(3.0, within(1e-12));
    });
    assertThat(b.events()).singleElement().satisfies(e -> {
      assertThat(e.index()).isEqualTo(0);
      assertThat(e.t()).isCloseTo(3.0, within(1e-12));
    });
    // a non-terminal event before the terminal one is reported too, in time order
    Event mark = Event.of((t, y) -> y.getFlat(0) - 1);
    OdeResult c = Odeint.solve(UNIT, Tensor.zeros(1), new double[] {0, 10}, o, List.of(late, early, mark));
    assertThat(c.events()).extracting(EventRecord::index).containsExactly(2, 1);
  }

  @Test
  void aRootExactlyAtAStepBoundaryIsReportedOnce() {
    List<Double> ends = new ArrayList<>();
    OdeResult r = Odeint.solve(UNIT, Tensor.zeros(1), new double[] {0, 2},
        Solver.builder().method("rk4").stepSize(0.25).build(),
        List.of(Event.of((t, y) -> y.getFlat(0) - 1.0)),
        StepCallbacks.onAccepted(s -> ends.add(s.t1())));
    assertThat(ends).contains(1.0);
    assertThat(r.events()).singleElement().satisfies(e -> assertThat(e.t()).isEqualTo(1.0));
    // a zero at the initial time is not an event
    OdeResult atStart = Odeint.solve(UNIT, Tensor.zeros(1), new double[] {0, 2}, Solver.defaults(),
        List.of(Event.of((t, y) -> y.getFlat(0))));
    assertThat(atStart.events()).isEmpty();
  }

  @Test
  void backwardSolvesReportTrueTimesToEventsAndCallbacks() {
    List<double[]> steps = new ArrayList<>();
    List<Double> eventTimes = new ArrayList<>();
    Event four = Event.of((t, y) -> {
      eventTimes.add(t);
      return y.getFlat(0) - 4.0;
    });
    OdeResult r = Odeint.solve(UNIT, Tensor.full(10.0, 1), new double[] {10, 0}, Solver.defaults(), List.of(four), StepCallbacks.onAccepted(s -> steps.add(new double[] {s.t0(), s.t1()})));
    assertThat(r.events()).singleElement().satisfies(e -> {
      assertThat(e.t()).isCloseTo(4.0, within(1e-10));
      assertThat(e.y().getFlat(0)).isCloseTo(4.0, within(1e-10));
    });
    assertThat(steps.get(0)[0]).isEqualTo(10.0);
    assertThat(steps.get(steps.size() - 1)[1]).isEqualTo(0.0);
    for (double[] s : steps) {
      assertThat(s[1]).isLessThan(s[0]).isBetween(0.0, 10.0);
    }
    assertThat(eventTimes).allSatisfy(t -> assertThat(t).isBetween(0.0, 10.0));
  }

  @Test
  void aTerminalEventEndsADenseSolutionAndTensorEventFunctionsWork() {
    Event ground = new Event(EventFunction.ofTensor((t, y) -> y.slice(0, 0, 1)), Event.Direction.FALLING, EventHandler.STOP,
        1e-13, 8);
    Solution s = Odeint.solveDense(BALL, Tensor.of(new double[] {10, 0}, 2), 0, 5, Solver.defaults(), List.of(ground), StepCallbacks.NONE);
    double tHit = Math.sqrt(2 * 10 / 9.81);
    assertThat(s.status()).isEqualTo(OdeResult.Status.TERMINATED_BY_EVENT);
    assertThat(s.tEnd()).isCloseTo(tHit, within(1e-10));
    assertThat(s.at(s.tEnd()).getFlat(0)).isCloseTo(0.0, within(1e-9));
    assertThat(s.at(1.0).getFlat(0)).isCloseTo(10 - 9.81 / 2, within(1e-9));
    // the array form reads the cut step's end state too
    double[] out = new double[2];
    for (double t : new double[] {s.tEnd(), Math.nextDown(s.tEnd()), 0.5 * s.tEnd(), 0.0}) {
      s.at(t, out);
      assertThat(out).containsExactly(s.at(t).toArray());
    }
  }
}
