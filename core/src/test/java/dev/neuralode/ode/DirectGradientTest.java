package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Backpropagation through the solver ("direct" mode) against the exact sensitivity of a linear ODE. */
class DirectGradientTest {

  /**
   * For dz/dt = z·Aᵀ (z a row), z(T) = z0·expm(AT)ᵀ, so ∂z(T)_i/∂z0_j = expm(AT)_ij =
   * e^{-0.1T}[[cos T, −sin T], [sin T, cos T]]_ij. Row i of the Jacobian is the gradient of z(T)_i.
   */
  @ParameterizedTest
  @CsvSource({"dopri5, 3.0, 1.9", "dopri5, -2.0, -1.3", "rk4, 3.0, 1.9"})
  void jacobianOfFinalStateWrtY0IsTheMatrixExponential(String method, double tFinal, double tMid) {
    Tensor z0 = Tensor.matrix(new double[][] {{0.6, 0.3}}).requireGrad();
    Solver o = Solver.builder().method(method).rtol(1e-10).atol(1e-12).stepSize(0.01).build();
    OdeResult r = Odeint.solve(LinearSpiral.tensorFunction(), z0, new double[] {0, tMid, tFinal}, o);
    assertThat(r.ys().requiresGrad()).isTrue();

    checkJacobian(r.last(), z0, tFinal);
    checkJacobian(r.at(1), z0, tMid); // an interpolated output for dopri5
  }

  private static void checkJacobian(Tensor zT, Tensor z0, double time) {
    double[][] expected = LinearSpiral.expm(time);
    double worst = 0;
    for (int i = 0; i < 2; i++) {
      double[] unit = new double[2];
      unit[i] = 1.0;
      List<Tensor> g = Autograd.grad(List.of(zT), List.of(z0), List.of(Tensor.of(unit, 1, 2)), false);
      for (int j = 0; j < 2; j++) {
        double got = g.get(0).get(0, j);
        worst = Math.max(worst, Math.abs(got - expected[i][j]));
        assertThat(got).as("d z(%s)_%d / d z0_%d", time, i, j).isCloseTo(expected[i][j], within(1e-6));
      }
    }
    System.out.printf("direct gradient at t=%s: max |J - expm(At)| = %.3e%n", time, worst);
  }

  @ParameterizedTest
  @CsvSource({"dopri5", "midpoint"})
  void gradientReachesParametersOfF(String method) {
    // dy/dt = -k y, y(T) = y0 e^{-kT}: d y(T)/dk = -T y0 e^{-kT}.
    Tensor k = Tensor.scalar(0.7).requireGrad();
    OdeFunction f = (t, y) -> y.mul(k).neg();
    double tEnd = 2.0;
    Solver o = Solver.builder().method(method).rtol(1e-10).atol(1e-12).stepSize(1e-3).build();
    OdeResult r = Odeint.solve(f, Tensor.vector(1.5), new double[] {0, tEnd}, o);
    double dk = Autograd.grad(r.last().sum(), List.of(k)).get(0).item();
    assertThat(dk).isCloseTo(-tEnd * 1.5 * Math.exp(-0.7 * tEnd), within(1e-6));
  }

  @Test
  @SuppressWarnings("try")
  void noGradScopeRecordsNothing() {
    String method = "dopri5";
    Tensor z0 = Tensor.matrix(new double[][] {{0.6, 0.3}}).requireGrad();
    try (Autograd.Scope s = Autograd.noGrad()) {
      OdeResult r = Odeint.solve(LinearSpiral.tensorFunction(), z0, new double[] {0, 1},
          Solver.of(method));
      assertThat(r.ys().requiresGrad()).isFalse();
    }
  }
}
