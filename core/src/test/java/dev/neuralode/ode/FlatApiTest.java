package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The public solve on plain arrays ({@link Odeint#solve(FlatOde, double[], int, double[], Solver)} and
 * {@link Odeint#solveRows}): analytic solutions, batches, per-row step control and argument checks.
 */
class FlatApiTest {
  private static final FlatOde DECAY = (t, y, dy) -> {
    for (int i = 0; i < y.length; i++) {
      dy[i] = -0.7 * y[i];
    }
  };

  /** x' = v, v' = −ω²x over rows of [x, v]. */
  private static FlatOde oscillator(double omega) {
    return (t, y, dy) -> {
      for (int i = 0; i < y.length; i += 2) {
        dy[i] = y[i + 1];
        dy[i + 1] = -omega * omega * y[i];
      }
    };
  }

  /** Van der Pol (μ = 3) with a time-dependent forcing: rows from different states take different steps. */
  private static final FlatOde FORCED = (t, y, dy) -> {
    for (int i = 0; i < y.length; i += 2) {
      double mu = 3;
      dy[i] = y[i + 1];
      dy[i + 1] = mu * (1 - y[i] * y[i]) * y[i + 1] - y[i] + 0.3 * Math.cos(t);
    }
  };

  @Test
  void exponentialDecayMatchesTheAnalyticSolution() {
    double[] t = {0, 0.5, 1, 2, 4};
    Solver s = Solver.builder().method("dopri5").rtol(1e-10).atol(1e-12).build();
    FlatOdeResult r = Odeint.solve(DECAY, new double[] {1.0, -2.0, 3.5}, t, s);
    assertThat(r.t()).containsExactly(t);
    for (int i = 0; i < t.length; i++) {
      double e = Math.exp(-0.7 * t[i]);
      assertThat(r.ys()[i][0]).isCloseTo(e, within(1e-9));
      assertThat(r.ys()[i][1]).isCloseTo(-2 * e, within(1e-9));
      assertThat(r.ys()[i][2]).isCloseTo(3.5 * e, within(1e-9));
    }
    assertThat(r.stats().nfe()).isEqualTo(2 + 6 * (r.stats().acceptedSteps() + r.stats().rejectedSteps()));
    // backward in time
    FlatOdeResult b = Odeint.solve(DECAY, new double[] {1.0}, new double[] {2, 0}, s);
    assertThat(b.last()[0]).isCloseTo(Math.exp(1.4), within(1e-8));
  }

  @Test
  void harmonicOscillatorBatchMatchesTheAnalyticSolution() {
    double omega = 2.0;
    double[] y0 = {1, 0, 0, 1, -0.5, 0.25};
    double[] t = {0, 0.3, 1.7, 5};
    for (String method : List.of("dopri5", "tsit5", "dopri8", "rk4")) {
      Solver s = Solver.builder().method(method).rtol(1e-10).atol(1e-12).stepSize(0.001).build();
      FlatOdeResult r = Odeint.solve(oscillator(omega), y0, 3, t, s);
      for (int i = 0; i < t.length; i++) {
        for (int row = 0; row < 3; row++) {
          double x0 = y0[2 * row];
          double v0 = y0[2 * row + 1];
          double x = x0 * Math.cos(omega * t[i]) + v0 / omega * Math.sin(omega * t[i]);
          double v = -x0 * omega * Math.sin(omega * t[i]) + v0 * Math.cos(omega * t[i]);
          assertThat(r.row(i, row)).as(method).containsExactly(new double[] {x, v}, within(1e-7));
        }
      }
    }
  }

  /** FORCED evaluating several rows at once, each at its own time (the batched per-row calls). */
  private static final FlatOde.RowTimes FORCED_ROWS = new FlatOde.RowTimes() {
    @Override
    public void derivative(double t, double[] y, double[] dy) {
      FORCED.derivative(t, y, dy);
    }

    @Override
    public void derivatives(int rows, double[] t, double[] y, double[] dy) {
      double[] in = new double[2];
      double[] out = new double[2];
      for (int r = 0; r < rows; r++) {
        System.arraycopy(y, 2 * r, in, 0, 2);
        FORCED.derivative(t[r], in, out);
        System.arraycopy(out, 0, dy, 2 * r, 2);
      }
    }
  };

  @ParameterizedTest(name = "{0}")
  @ValueSource(booleans = {false, true})
  void perRowControlGivesEachRowItsSingleSolve(boolean rowTimes) {
    double[] y0 = {2, 0, -1, 1, 0.5, -2, 3, 0.1};
    double[][] grids = {{0, 6}, {0, 0.25, 1, 2.5, 6}, {0.6, 0.4, 0.1}};
    for (String method : List.of("dopri5", "tsit5", "dopri8", "bosh3", "fehlberg2", "adaptive_heun", "rk4")) {
      for (double[] t : grids) {
        Solver s = Solver.builder().method(method).rtol(1e-6).atol(1e-8).stepSize(0.01).jumpTimes(3.0).build();
        FlatOdeResult all = Odeint.solveRows(rowTimes ? FORCED_ROWS : FORCED, y0, 4, t, s);
        int nfe = 0;
        int steps = 0;
        for (int row = 0; row < 4; row++) {
          FlatOdeResult one = Odeint.solve(FORCED, Arrays.copyOfRange(y0, 2 * row, 2 * row + 2), t, s);
          for (int i = 0; i < t.length; i++) {
            assertThat(all.row(i, row)).as(method + " row " + row + " t=" + t[i]).isEqualTo(one.ys()[i]);
          }
          nfe += one.stats().nfe();
          steps += one.stats().acceptedSteps() + one.stats().rejectedSteps();
        }
        assertThat(all.stats().nfe()).as(method).isEqualTo(nfe);
        assertThat(all.stats().acceptedSteps() + all.stats().rejectedSteps()).isEqualTo(steps);
      }
    }
  }

  @Test
  void perRowControlTakesFewerEvaluationsThanACommonStep() {
    double[] y0 = {2, 0, -1, 1, 0.5, -2, 3, 0.1};
    Solver s = Solver.builder().method("dopri5").rtol(1e-8).atol(1e-8).build();
    FlatOdeResult common = Odeint.solve(FORCED, y0, 4, new double[] {0, 10}, s);
    FlatOdeResult perRow = Odeint.solveRows(FORCED, y0, 4, new double[] {0, 10}, s);
    // the batch's shared step is the smallest any row needs; per-row steps sum to less work per row
    assertThat(perRow.stats().nfe()).isLessThan(4 * common.stats().nfe());
    for (int row = 0; row < 4; row++) {
      assertThat(perRow.row(1, row)).containsExactly(common.row(1, row), within(1e-4));
    }
  }

  @Test
  void argumentsAreChecked() {
    Solver s = Solver.defaults();
    double[] t = {0, 1};
    assertThatThrownBy(() -> Odeint.solve((FlatOde) null, new double[] {1}, t, s))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("f must not be null");
    assertThatThrownBy(() -> Odeint.solve(DECAY, new double[0], t, s))
        .hasMessageContaining("y0 must hold at least one value");
    assertThatThrownBy(() -> Odeint.solve(DECAY, new double[] {1, Double.NaN}, t, s))
        .hasMessageContaining("y0[1]=NaN");
    assertThatThrownBy(() -> Odeint.solve(DECAY, new double[] {1, 2, 3}, 2, t, s))
        .hasMessageContaining("rows=2").hasMessageContaining("divide y0.length=3");
    assertThatThrownBy(() -> Odeint.solve(DECAY, new double[] {1}, new double[] {0, 1, 1}, s))
        .hasMessageContaining("strictly increasing or decreasing");
    assertThatThrownBy(() -> Odeint.solve(DECAY, new double[] {1}, t, Solver.of("kvaerno5")))
        .hasMessageContaining("explicit Runge-Kutta");
    assertThatThrownBy(() -> Odeint.solve(DECAY, new double[] {1}, t, null))
        .hasMessageContaining("solver must not be null");
    Solver vec = Solver.builder().rtol(new double[] {1e-6, 1e-6, 1e-6}).build();
    assertThatThrownBy(() -> Odeint.solve(DECAY, new double[] {1, 2}, t, vec))
        .hasMessageContaining("rtol has 3 values");
    Solver perEntry = Solver.builder().rtol(new double[] {1e-6, 1e-6, 1e-6, 1e-6}).build();
    assertThatThrownBy(() -> Odeint.solveRows(DECAY, new double[] {1, 2, 3, 4}, 2, t, perEntry))
        .hasMessageContaining("one per column (dim=2)");
    FlatOde nan = (tt, y, dy) -> dy[0] = Double.NaN;
    assertThatThrownBy(() -> Odeint.solve(nan, new double[] {1}, t, s))
        .isInstanceOf(NonFiniteStateException.class).hasMessageContaining("f(t0, y0) is not finite");
    assertThatThrownBy(() -> Odeint.solveRows(nan, new double[] {1, 2}, 2, t, s))
        .isInstanceOf(NonFiniteStateException.class).hasMessageContaining("row 0");
    Solver few = Solver.builder().maxSteps(3).build();
    assertThatThrownBy(() -> Odeint.solve(oscillator(50), new double[] {1, 0}, new double[] {0, 10}, few))
        .isInstanceOf(MaxStepsExceededException.class).hasMessageContaining("maxSteps=3");
    assertThatThrownBy(() -> Odeint.solveRows(oscillator(50), new double[] {1, 0, 0, 1}, 2,
        new double[] {0, 10}, few)).isInstanceOf(MaxStepsExceededException.class).hasMessageContaining("row 0");
  }

  @Test
  void constantAndSingleTimesReturnY0WithoutEvaluating() {
    FlatOde never = (t, y, dy) -> {
      throw new AssertionError("f evaluated");
    };
    FlatOdeResult r = Odeint.solve(never, new double[] {1, 2}, new double[] {3, 3, 3}, Solver.defaults());
    assertThat(r.ys()).hasNumberOfRows(3);
    assertThat(r.ys()[2]).containsExactly(1, 2);
    assertThat(Odeint.solveRows(never, new double[] {1, 2}, 2, new double[] {3}, Solver.defaults()).ys()[0])
        .containsExactly(1, 2);
  }
}
