package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FlatOde#readLength}: a right-hand side that declares quadrature entries gets the same
 * solution, bit for bit, while the solver leaves those entries out of intermediate stage states.
 */
class FlatReadLengthTest {
  /** A forced Van der Pol oscillator [x, v] and two quadratures: ∫x² dt and ∫ v·cos t dt. */
  private static final FlatOde WITH_QUADRATURES = (t, y, dy) -> {
    dy[0] = y[1];
    dy[1] = 2 * (1 - y[0] * y[0]) * y[1] - y[0] + 0.3 * Math.cos(t);
    dy[2] = y[0] * y[0];
    dy[3] = y[1] * Math.cos(t);
  };

  @ParameterizedTest
  @ValueSource(strings = {"dopri5", "tsit5", "bosh3", "dopri8", "fehlberg2", "rk4", "euler", "midpoint"})
  void quadratureEntriesLeftOutOfStageStatesGiveTheSameBits(String method) {
    // interior output times use the dense output, which covers the whole state
    double[] t = {0, 0.37, 1.1, 2.5, 4.0};
    Solver s = method.equals("rk4") || method.equals("euler") || method.equals("midpoint")
        ? Solver.fixed(method, 0.05) : Solver.builder().method(method).rtol(1e-7).atol(1e-9).build();
    double[] y0 = {1.5, -0.5, 0.0, 0.0};
    FlatOde reading = FlatOde.reading(2, WITH_QUADRATURES);
    FlatOdeResult all = Odeint.solve(WITH_QUADRATURES, y0, t, s);
    FlatOdeResult two = Odeint.solve(reading, y0, t, s);
    for (int i = 0; i < t.length; i++) {
      assertThat(two.ys()[i]).as("t=%s", t[i]).containsExactly(all.ys()[i]);
    }
    assertThat(two.stats().nfe()).isEqualTo(all.stats().nfe());
    assertThat(two.stats().acceptedSteps()).isEqualTo(all.stats().acceptedSteps());
  }

  @Test
  void aDerivativeThatReadsAQuadratureItDeclaredUnreadGetsAnotherSolution() {
    // the check above can fail: declaring an entry unread when the derivative does read it changes
    // the result (the stage states then carry stale values there)
    FlatOde readsAll = (t, y, dy) -> {
      dy[0] = -y[1];
      dy[1] = y[0];
    };
    // (fixed steps: with step control the wrong stages' error estimate keeps dopri5 from advancing)
    Solver s = Solver.fixed("rk4", 0.01);
    double[] t = {0, 1, 2};
    FlatOdeResult right = Odeint.solve(readsAll, new double[] {1, 0}, t, s);
    FlatOdeResult wrong = Odeint.solve(FlatOde.reading(1, readsAll), new double[] {1, 0}, t, s);
    assertThat(wrong.ys()[2]).isNotEqualTo(right.ys()[2]);
    assertThat(right.ys()[2][0]).isCloseTo(Math.cos(2), org.assertj.core.api.Assertions.within(1e-7));
  }

  @Test
  void badReadLengthsAreRefused() {
    assertThatThrownBy(() -> FlatOde.reading(-1, WITH_QUADRATURES)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("read must be >= 0").hasMessageContaining("read=-1");
    assertThat(FlatOde.reading(9, WITH_QUADRATURES).readLength(4)).isEqualTo(4);
    assertThat(WITH_QUADRATURES.readLength(4)).isEqualTo(4);
    FlatOde liar = new FlatOde() {
      @Override
      public void derivative(double t, double[] y, double[] dydt) {
        WITH_QUADRATURES.derivative(t, y, dydt);
      }

      @Override
      public int readLength(int length) {
        return length + 1;
      }
    };
    assertThatThrownBy(() -> Odeint.solve(liar, new double[] {1, 0, 0, 0}, new double[] {0, 1},
        Solver.builder().method("dopri5").build())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("readLength(4) must be from 0 to 4; got 5");
  }
}
