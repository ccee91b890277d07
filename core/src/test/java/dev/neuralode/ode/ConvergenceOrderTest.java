package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Measured convergence order by step halving on the linear spiral, whose solution is known in closed
 * form (as Diffrax's {@code test_ode_order}): the slope of log(error) against log(h) over five halvings.
 */
class ConvergenceOrderTest {
  private static final double T = 2.0;
  private static final double[] Z0 = {0.6, 0.3};

  @ParameterizedTest
  @CsvSource({"euler, 1, 64", "midpoint, 2, 32", "rk4, 4, 8", "dopri5, 5, 4"})
  void measuredOrderMatchesNominal(String method, int nominal, int firstSteps) {
    double[] exact = LinearSpiral.exact(Z0, T);
    int halvings = 5;
    double[] logH = new double[halvings];
    double[] logErr = new double[halvings];
    StringBuilder trace = new StringBuilder();
    for (int k = 0; k < halvings; k++) {
      int steps = firstSteps << k;
      double h = T / steps;
      OdeResult r = solveFixed(method, h, steps);
      double err = Math.hypot(r.last().get(0, 0) - exact[0], r.last().get(0, 1) - exact[1]);
      logH[k] = Math.log(h);
      logErr[k] = Math.log(err);
      trace.append(String.format(" h=%.4g err=%.3e", h, err));
      assertThat(r.stats().acceptedSteps()).isEqualTo(steps);
      ButcherTableau tableau = Tableaus.byName(method);
      int expectedNfe = tableau.adaptive() ? 1 + 6 * steps : tableau.stages() * steps;
      assertThat(r.stats().nfe()).isEqualTo(expectedNfe);
    }
    double order = slope(logH, logErr);
    System.out.printf("order %-8s nominal %d measured %.4f:%s%n", method, nominal, order, trace);
    assertThat(order).isCloseTo(nominal, within(0.15));
  }

  /** Fixed-step methods use stepSize; dopri5 is run with a fixed step by an accept-everything controller. */
  private static OdeResult solveFixed(String method, double h, int steps) {
    Tensor z0 = Tensor.matrix(new double[][] {Z0});
    double[] t = {0.0, T};
    if (!Tableaus.byName(method).adaptive()) {
      return Odeint.solve(LinearSpiral.tensorFunction(), z0, t,
          SolveOptions.defaults().withMethod(method).withStepSize(h));
    }
    StepSizeController fixed = (step, ratio, order) -> new StepSizeController.Decision(true, step);
    return Odeint.solve(LinearSpiral.tensorFunction(), z0, t,
        SolveOptions.defaults().withMethod(method).withFirstStep(h), fixed);
  }

  private static double slope(double[] x, double[] y) {
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
