package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Measured convergence order by step halving (as Diffrax's {@code test_ode_order}): the slope of
 * log(error) against log(h), for every method, for the largest error at the step ends and for the
 * largest error of the dense output between steps (at θ = 0.3, 0.5, 0.8 of every step). The problem is nonlinear and non-autonomous, a rotation whose angular speed depends on the
 * radius and on time: u' = −v·(u² + v²)(1 + a·t), v' = u·(u² + v²)(1 + a·t), from (1, 0), with the exact
 * solution (cos φ, sin φ), φ = t + a·t²/2, a = 1. dopri8 runs over a longer interval with steps growing
 * by √2, since its error reaches round-off within two doublings. It neither contracts nor expands errors, so the global error
 * shows the method's order, and it exercises more order conditions than a linear problem would. Adaptive methods run with a fixed step through an accept-everything controller. Between steps
 * the expected order is min(p, q + 1), q the dense order (3 for the Hermite cubic).
 */
class ConvergenceOrderTest {

  static OdeFunction f(double a) {
    return (t, y) -> {
      double u = y.getFlat(0);
      double v = y.getFlat(1);
      double w = (u * u + v * v) * (1.0 + a * t.item());
      return Tensor.of(new double[] {-v * w, u * w}, 2);
    };
  }

  /** |y(t) − exact(t)|₁. */
  static double error(Tensor y, double t, double a) {
    double phi = t + 0.5 * a * t * t;
    return Math.abs(y.getFlat(0) - Math.cos(phi)) + Math.abs(y.getFlat(1) - Math.sin(phi));
  }

  @ParameterizedTest
  @CsvSource({"euler, 2, 64, 5", "midpoint, 2, 32, 5", "heun2, 2, 32, 5", "heun3, 2, 32, 5",
      "ralston, 2, 32, 5", "rk4, 2, 16, 5", "rk38, 2, 16, 5", "fehlberg2, 2, 32, 5", "adaptive_heun, 2, 32, 5",
      "bosh3, 2, 32, 5", "dopri5, 3, 48, 4", "tsit5, 3, 48, 4", "dopri8, 5, 64, 5"})
  void measuredOrderMatchesNominalAtTheEndAndBetweenSteps(String method, double T, int firstSteps,
      int halvings) {
    ButcherTableau tableau = Methods.tableau(method);
    int p = tableau.order();
    int denseExpected = Math.min(p, Methods.denseOrder(tableau) + 1);
    double a = 1.0;
    double[] logH = new double[halvings];
    double[] logErr = new double[halvings];
    double[] logDense = new double[halvings];
    StringBuilder trace = new StringBuilder();
    for (int k = 0; k < halvings; k++) {
      // doubling, except dopri8 whose error reaches round-off after two doublings: steps grow by 2^(1/2)
      int steps = method.equals("dopri8") ? (int) Math.round(firstSteps * Math.pow(2.0, 0.5 * k)) : firstSteps << k;
      double h = T / steps;
      Solution s = solve(method, h, T, a);
      assertThat(s.stats().acceptedSteps()).isEqualTo(steps);
      double err = 0.0;
      double dense = 0.0;
      for (int i = 0; i < steps; i++) {
        err = Math.max(err, error(s.at((i + 1) * h), (i + 1) * h, a));
        for (double theta : new double[] {0.3, 0.5, 0.8}) {
          double t = (i + theta) * h;
          dense = Math.max(dense, error(s.at(t), t, a));
        }
      }
      logH[k] = Math.log(h);
      logErr[k] = Math.log(err);
      logDense[k] = Math.log(dense);
      trace.append(String.format(" h=%.4g err=%.3e dense=%.3e", h, err, dense));
    }
    double order = slope(logH, logErr);
    double denseOrder = slope(logH, logDense);
    System.out.printf("order %-13s nominal %d measured %.3f | dense expected %d measured %.3f:%s%n", method, p,
        order, denseExpected, denseOrder, trace);
    assertThat(order).as("%s order", method).isCloseTo(p, within(0.3));
    assertThat(denseOrder).as("%s dense order", method).isCloseTo(denseExpected, within(0.3));
  }

  /** Fixed-step methods use stepSize; adaptive ones a fixed step by an accept-everything controller. */
  static Solution solve(String method, double h, double T, double a) {
    Tensor y0 = Tensor.of(new double[] {1.0, 0.0}, 2);
    StepSizeRule fixed = (step, ratio, order) -> new StepSizeRule.Decision(true, step);
    Solver o = Solver.builder().method(method).stepSize(h).firstStep(h).rule(fixed).build();
    return Odeint.solveDense(f(a), y0, 0.0, T, o, List.of(), StepCallbacks.NONE);
  }

  static double slope(double[] x, double[] y) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i] / x.length;
      my += y[i] / y.length;
    }
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
    }
    return sxy / sxx;
  }
}
