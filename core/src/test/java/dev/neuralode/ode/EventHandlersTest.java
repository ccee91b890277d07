package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Event handlers and their actions: RESET_STATE (a bouncing ball), CONTINUE, STOP. */
class EventHandlersTest {
  private static final double G = 9.81;
  private static final double H0 = 10.0;
  private static final double RESTITUTION = 0.9;
  private static final OdeFunction BALL = (t, y) -> Tensor.of(new double[] {y.getFlat(1), -G}, 2);

  /** The k-th impact (k ≥ 1): t₁ = √(2h₀/g), each flight after it 2·0.9^j·g·t₁/g = 2·0.9^j·t₁ long. */
  private static double impact(int k) {
    double t1 = Math.sqrt(2 * H0 / G);
    double t = t1;
    for (int j = 1; j < k; j++) {
      t += 2 * Math.pow(RESTITUTION, j) * t1;
    }
    return t;
  }

  private static Event bounce() {
    return Event.of((t, y) -> y.getFlat(0)).falling()
        .withHandler((t, y) -> EventAction.resetState(Tensor.of(new double[] {y.getFlat(0),
            -RESTITUTION * y.getFlat(1)}, 2)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dopri5", "tsit5", "rk4"})
  void aBouncingBallBouncesAtTheAnalyticTimes(String method) {
    double[] t = {0, 2, 4, 6, 8};
    Solver solver = Solver.builder().method(method).stepSize(0.05).build();
    OdeResult r = Odeint.solve(BALL, Tensor.of(new double[] {H0, 0}, 2), t, solver, List.of(bounce()));
    assertThat(r.status()).isEqualTo(OdeResult.Status.SUCCESS);
    assertThat(r.t()).containsExactly(t);
    int k = 0;
    while (impact(k + 1) < 8) {
      k++;
    }
    assertThat(r.events()).hasSize(k);
    for (int i = 0; i < k; i++) {
      assertThat(r.events().get(i).t()).as("impact %d", i + 1).isCloseTo(impact(i + 1), within(1e-8));
      assertThat(r.events().get(i).y().getFlat(1)).as("velocity before impact %d", i + 1)
          .isCloseTo(-G * Math.sqrt(2 * H0 / G) * Math.pow(RESTITUTION, i), within(1e-6));
    }
    // Between impacts the height is a parabola: check the output at t = 4 from the last impact before it.
    int last = 0;
    while (impact(last + 1) < 4) {
      last++;
    }
    double tl = impact(last);
    double v = RESTITUTION * G * Math.sqrt(2 * H0 / G) * Math.pow(RESTITUTION, last - 1);
    double s = 4 - tl;
    assertThat(r.at(2).getFlat(0)).isCloseTo(v * s - G * s * s / 2, within(1e-6));
    assertThat(r.at(2).getFlat(1)).isCloseTo(v - G * s, within(1e-6));
  }

  @Test
  void aDenseSolutionFollowsTheResetTrajectory() {
    Solution sol = Odeint.solveDense(BALL, Tensor.of(new double[] {H0, 0}, 2), 0, 3, Solver.defaults(),
        List.of(bounce()), StepCallbacks.NONE);
    double t1 = impact(1);
    assertThat(sol.events()).hasSize(1);
    assertThat(sol.events().get(0).t()).isCloseTo(t1, within(1e-8));
    double v = RESTITUTION * G * t1;
    for (double tq : new double[] {t1 - 0.1, t1 + 0.05, t1 + 0.5, 3.0}) {
      double expected = tq < t1 ? H0 - G * tq * tq / 2 : v * (tq - t1) - G * (tq - t1) * (tq - t1) / 2;
      assertThat(sol.at(tq).getFlat(0)).as("h(%s)", tq).isCloseTo(expected, within(1e-6));
    }
  }

  @Test
  void continueOnlyRecordsTheEventsAndLeavesTheSolutionAlone() {
    OdeFunction rotation = (t, y) -> Tensor.of(new double[] {-y.getFlat(1), y.getFlat(0)}, 2);
    Tensor y0 = Tensor.of(new double[] {1, 0}, 2);
    double[] t = {0, 5, 10};
    List<Double> seen = new ArrayList<>();
    Event crossing = Event.of((tt, y) -> y.getFlat(1)).withHandler((tt, y) -> {
      seen.add(tt);
      return EventAction.CONTINUE;
    });
    OdeResult with = Odeint.solve(rotation, y0, t, Solver.defaults(), List.of(crossing));
    OdeResult without = Odeint.solve(rotation, y0, t, Solver.defaults());
    assertThat(with.ys().toArray()).containsExactly(without.ys().toArray());
    assertThat(with.stats()).isEqualTo(without.stats());
    assertThat(seen).hasSize(3);
    for (int k = 0; k < 3; k++) {
      assertThat(seen.get(k)).isCloseTo((k + 1) * Math.PI, within(1e-6));
      assertThat(with.events().get(k).t()).isEqualTo(seen.get(k));
    }
    // A handler returning null also continues; STOP ends the solve at the first crossing.
    assertThat(Odeint.solve(rotation, y0, t, Solver.defaults(), List.of(crossing.withHandler((tt, y) -> null)))
        .events()).hasSize(3);
    OdeResult stopped = Odeint.solve(rotation, y0, t, Solver.defaults(),
        List.of(crossing.withHandler(EventHandler.STOP)));
    assertThat(stopped.status()).isEqualTo(OdeResult.Status.TERMINATED_BY_EVENT);
    assertThat(stopped.events()).singleElement().satisfies(e -> assertThat(e.t()).isCloseTo(Math.PI, within(1e-6)));
  }

  @Test
  void aResetStateOfTheWrongShapeIsRejected() {
    Event bad = Event.of((t, y) -> y.getFlat(0)).falling().withHandler((t, y) -> EventAction.resetState(Tensor.zeros(3)));
    assertThatThrownBy(() -> Odeint.solve(BALL, Tensor.of(new double[] {H0, 0}, 2), new double[] {0, 3},
        Solver.defaults(), List.of(bad))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shape [3]").hasMessageContaining("shape [2]");
    assertThatThrownBy(() -> new EventAction(EventAction.Kind.STOP, Tensor.zeros(2)))
        .hasMessageContaining("takes no state");
    assertThatThrownBy(() -> EventAction.resetState(null)).hasMessageContaining("must not be null");
  }
}
