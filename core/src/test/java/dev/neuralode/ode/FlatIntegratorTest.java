package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A reused {@link FlatIntegrator} gives, solve after solve, the same bits and statistics as a fresh
 * {@link Odeint#solve(FlatOde, double[], int, double[], Solver)}; a given first step equals the solver's
 * {@code firstStep}.
 */
class FlatIntegratorTest {
  /** Van der Pol (μ from the seed) on every pair of entries. */
  private static FlatOde vdp(double mu) {
    return (t, y, dy) -> {
      for (int i = 0; i < y.length; i += 2) {
        dy[i] = y[i + 1];
        dy[i + 1] = mu * (1 - y[i] * y[i]) * y[i + 1] - y[i];
      }
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"dopri5", "tsit5", "bosh3", "dopri8", "rk4", "euler", "midpoint"})
  void reusedSolvesEqualFreshOnesBitForBit(String method) {
    Solver solver = Methods.byName(method).adaptive()
        ? Solver.builder().method(method).rtol(1e-7).atol(1e-9).build()
        : Solver.builder().method(method).stepSize(0.01).build();
    FlatIntegrator integrator = new FlatIntegrator(solver, 4, 2);
    Random r = new Random(5);
    for (int k = 0; k < 6; k++) {
      double[] y0 = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
      double[] t = k % 2 == 0 ? new double[] {0, 0.3, 1.1, 2.0} : new double[] {2.0, 1.0, 0.5};
      // forward: Van der Pol; backward (where Van der Pol blows up): a damped oscillator
      FlatOde f = k % 2 == 0 ? vdp(0.5 + k) : (tt, y, dy) -> {
        for (int i = 0; i < y.length; i += 2) {
          dy[i] = y[i + 1];
          dy[i + 1] = -y[i] - 0.3 * y[i + 1];
        }
      };
      FlatOdeResult fresh = Odeint.solve(f, y0, 2, t, solver);
      FlatOdeResult reused = integrator.solve(f, y0, t);
      for (int i = 0; i < t.length; i++) {
        assertThat(reused.ys()[i]).as("%s solve %d time %d", method, k, i).containsExactly(fresh.ys()[i]);
      }
      assertThat(reused.stats()).isEqualTo(fresh.stats());
      assertThat(Double.doubleToLongBits(reused.nextStep())).isEqualTo(Double.doubleToLongBits(fresh.nextStep()));
    }
  }

  @Test
  void aGivenFirstStepEqualsTheSolversFirstStep() {
    Solver solver = Solver.builder().method("dopri5").rtol(1e-6).atol(1e-9).build();
    double[] y0 = {2.0, 0.0};
    double[] t = {0, 1, 3};
    FlatOdeResult viaSolver = Odeint.solve(vdp(1), y0, t, solver.toBuilder().firstStep(0.0123).build());
    FlatOdeResult viaArgument = new FlatIntegrator(solver, 2, 1).solve(vdp(1), y0, t, 0.0123);
    assertThat(viaArgument.last()).containsExactly(viaSolver.last());
    assertThat(viaArgument.stats()).isEqualTo(viaSolver.stats());
  }

  /**
   * A last step shortened to land on the final time proposes its next size from the shortened step;
   * nextStep reports the size the controller had chosen instead (a solve continuing from there must
   * not start with a step of 1e-11 and underflow, as the adjoints' backward intervals did). With
   * y' = 0 every error is 0, so each step proposes ten times itself: 0.5, then 5, shortened to
   * 1e-12 by the final time 0.5 + 1e-12, which alone would propose 1e-11.
   */
  @Test
  void aStepShortenedToTheEndReportsTheSizeChosenBeforeShortening() {
    Solver solver = Solver.builder().method("dopri5").rtol(1e-6).atol(1e-9).firstStep(0.5).build();
    FlatOdeResult r = Odeint.solve((t, y, dy) -> dy[0] = 0.0, new double[] {1.0}, new double[] {0, 0.5 + 1e-12},
        solver);
    assertThat(r.stats().acceptedSteps()).isEqualTo(2);
    assertThat(r.nextStep()).isEqualTo(5.0);
  }

  @Test
  void badArgumentsAreNamed() {
    Solver solver = Solver.defaults();
    assertThatThrownBy(() -> new FlatIntegrator(solver, 0, 1)).hasMessageContaining("length=0");
    assertThatThrownBy(() -> new FlatIntegrator(solver, 3, 2)).hasMessageContaining("rows=2");
    assertThatThrownBy(() -> new FlatIntegrator(Solver.builder().method("kvaerno5").build(), 2, 1))
        .hasMessageContaining("implicit");
    FlatIntegrator integrator = new FlatIntegrator(solver, 2, 1);
    assertThatThrownBy(() -> integrator.solve(vdp(1), new double[3], new double[] {0, 1}))
        .hasMessageContaining("y0 has 3 values").hasMessageContaining("states of 2");
    assertThatThrownBy(() -> integrator.solve(vdp(1), new double[2], new double[] {0, 1}, -1.0))
        .hasMessageContaining("firstStep=-1.0");
    assertThatThrownBy(() -> integrator.solve(vdp(1), new double[2], new double[] {0, 1, 1}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
