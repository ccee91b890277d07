package dev.neuralode.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The state layout of {@link OdeSystem}: {@code [nvars]} or {@code [batch, nvars]}. */
class OdeSystemTest {

  private static OdeSystem vanDerPol() {
    List<String> vars = List.of("x", "v");
    List<String> names = OdeSystem.slotNames(vars, List.of("mu"));
    assertThat(names).containsExactly("t", "x", "v", "mu");
    return new OdeSystem(vars, Map.of("mu", Tensor.scalar(2)), List.of(
        Parser.parse("v", names), Parser.parse("mu*(1-x^2)*v - x + 0*t", names)));
  }

  @Test
  void evaluatesAVectorState() {
    Tensor dy = vanDerPol().function().apply(Tensor.scalar(0), Tensor.vector(2, 3));
    assertThat(dy.shape()).containsExactly(2);
    assertThat(dy.toArray()).containsExactly(3, 2 * (1 - 4) * 3 - 2);
  }

  @Test
  void evaluatesEachRowOfABatchAsItsOwnState() {
    Tensor y = Tensor.matrix(new double[][] {{2, 3}, {-1, 0.5}, {0, 0}});
    Tensor dy = vanDerPol().function().apply(Tensor.scalar(1), y);
    assertThat(dy.shape()).containsExactly(3, 2);
    for (int i = 0; i < 3; i++) {
      Tensor row = vanDerPol().function().apply(Tensor.scalar(1), y.index(i));
      assertThat(dy.index(i).toArray()).containsExactly(row.toArray());
    }
  }

  @Test
  void constantRightHandSidesBecomeColumns() {
    List<String> names = OdeSystem.slotNames(List.of("a", "b"), List.of());
    OdeSystem s = new OdeSystem(List.of("a", "b"), Map.of(),
        List.of(Parser.parse("1", names), Parser.parse("-pi", names)));
    Tensor dy = s.function().apply(Tensor.scalar(0), Tensor.zeros(4, 2));
    assertThat(dy.shape()).containsExactly(4, 2);
    assertThat(dy.index(3).toArray()).containsExactly(1, -Math.PI);
  }

  @Test
  void compiledSolvesEqualEagerOnesBitForBit() {
    OdeFunction f = vanDerPol().function();
    assertThat(f.traceable()).isTrue();
    OdeFunction eager = (t, y) -> f.apply(t, y); // a plain lambda forces the eager path
    Tensor y0 = Tensor.matrix(new double[][] {{2, 0}, {0.5, -1}, {-1, 0.25}});
    double[] times = {0, 0.7, 2.5, 6.0};
    for (Solver s : List.of(Solver.builder().method("dopri5").rtol(1e-8).atol(1e-10).build(),
        Solver.fixed("rk4", 0.01))) {
      try (Autograd.Scope scope = Autograd.noGrad()) {
        double[] compiled = Odeint.solve(f, y0, times, s).ys().toArray();
        double[] reference = Odeint.solve(eager, y0, times, s).ys().toArray();
        assertThat(Arrays.stream(compiled).mapToLong(Double::doubleToRawLongBits).toArray())
            .containsExactly(Arrays.stream(reference).mapToLong(Double::doubleToRawLongBits).toArray());
      }
    }
  }

  @Test
  void rejectsAStateOfTheWrongWidthAndMismatchedCounts() {
    assertThatThrownBy(() -> vanDerPol().function().apply(Tensor.scalar(0), Tensor.vector(1, 2, 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 2 variables");
    assertThatThrownBy(() -> new OdeSystem(List.of("x"), Map.of(), List.of()))
        .hasMessageContaining("0 expressions for 1 variables");
  }
}
