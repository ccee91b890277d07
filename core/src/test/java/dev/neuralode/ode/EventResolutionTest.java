package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: events are never missed silently. With dynamics that let the solver take huge steps,
 * a fast event function is sampled more finely (up to 4096 points a step) and every crossing is
 * found; past that resolution the result carries a warning.
 */
class EventResolutionTest {

  private static final OdeFunction STILL = (t, y) -> y.mul(0.0);

  @Test
  void eventSin20tOver0To100FindsAll636Crossings() {
    OdeResult r = Odeint.solve(STILL, Tensor.vector(1.0), new double[] {0, 100}, Solver.defaults(),
        List.of(Event.of((t, y) -> Math.sin(20 * t))));
    assertThat(r.warnings()).isEmpty();
    assertThat(r.events()).hasSize(636);
    for (int k = 0; k < r.events().size(); k++) {
      assertThat(r.events().get(k).t()).isCloseTo((k + 1) * Math.PI / 20,
          org.assertj.core.api.Assertions.within(1e-9));
    }
  }

  @Test
  void eventSin1000tOver0To1000FindsEveryCrossingOrWarns() {
    OdeResult r = Odeint.solve(STILL, Tensor.vector(1.0), new double[] {0, 1000},
        Solver.defaults(), List.of(Event.of((t, y) -> Math.sin(1000 * t))));
    int all = (int) Math.floor(1000 * 1000 / Math.PI);
    if (r.events().size() != all) {
      assertThat(r.warnings()).singleElement().asString()
          .contains("faster than the event sampling resolves, so crossings may be missing");
    }
  }
}
