package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.tensor.Functional;
import dev.neuralode.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** createGraph through the adaptive explicit solver: Hessian–vector products of a loss on a solve. */
class HigherOrderSolveTest {
  private static final Solver OPTS = Solver.builder().rtol(1e-10).atol(1e-12).build();

  @Test
  void hvpThroughDopri5OnALinearOdeIsExact() {
    // y' = a ⊙ y: y(T) = e^(aT) ⊙ y0, L = Σ y(T)², so H = diag(2·e^(2aT)) and Hv = 2·e^(2aT) ⊙ v.
    Tensor a = Tensor.vector(-0.5, 0.3, -1.2);
    Function<Tensor, Tensor> loss = y0 -> Odeint.solve((t, y) -> y.mul(a), y0, new double[] {0.0, 1.5}, OPTS)
        .last().square().sum();
    Tensor v = Tensor.vector(1.0, -2.0, 0.5);
    Tensor hv = Functional.hvp(loss, Tensor.vector(0.4, 1.1, -0.7), v);
    for (int i = 0; i < 3; i++) {
      double expected = 2.0 * Math.exp(2.0 * a.getFlat(i) * 1.5) * v.getFlat(i);
      assertThat(hv.getFlat(i)).isCloseTo(expected, within(1e-8));
    }
  }

  @Test
  void hvpThroughDopri5MatchesFiniteDifferencesOfTheGradient() {
    // y' = tanh(y @ Wᵀ) − 0.1·y³ on a [1, 3] state; L = Σ y(T)².
    Tensor w = Tensor.matrix(new double[][] {{0.2, -1.0, 0.4}, {0.9, 0.1, -0.3}, {-0.5, 0.6, 0.2}});
    OdeFunction f = (t, y) -> y.matmul(w.transpose()).tanh().sub(y.pow(3.0).mul(0.1));
    Function<Tensor, Tensor> loss = y0 -> Odeint.solve(f, y0, new double[] {0.0, 1.0}, OPTS)
        .last().square().sum();
    Tensor x = Tensor.of(new double[] {0.3, -0.8, 0.5}, 1, 3);
    Tensor v = Tensor.of(new double[] {0.7, 0.2, -1.0}, 1, 3);
    Tensor hv = Functional.hvp(loss, x, v);
    double eps = 1e-4;
    Tensor fd = Functional.gradient(loss, x.add(v.mul(eps))).sub(Functional.gradient(loss, x.sub(v.mul(eps))))
        .div(2 * eps);
    for (int i = 0; i < 3; i++) {
      assertThat(hv.getFlat(i)).isCloseTo(fd.getFlat(i), within(1e-6));
    }
  }
}
