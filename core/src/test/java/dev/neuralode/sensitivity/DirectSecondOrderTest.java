package dev.neuralode.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Functional;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * createGraph through adaptive solvers in DIRECT mode, with respect to the parameters: θ = [W (2×2),
 * b (2)], f(t, y) = tanh(y·Wᵀ + t·b) − 0.1·y on a [3, 2] state, L(θ) = Σ y(1.5)². The
 * Hessian–vector product ∇²L(θ)·v (double backward through every accepted step, stage and
 * interpolation) must match central differences of the gradient, ε = 1e-5, to 1e-6 relative
 * (absolute below 1). Step-size
 * decisions are constants (as in torchdiffeq), so both sides differentiate the same discrete map
 * as long as the perturbation does not change the accepted steps; rtol = atol = 1e-9 keeps the
 * difference quotient well inside the tolerance.
 */
class DirectSecondOrderTest {

  @ParameterizedTest
  @ValueSource(strings = {"dopri5", "tsit5", "bosh3", "dopri8"})
  void parameterHessianVectorProductThroughAnAdaptiveSolve(String method) {
    Solver o = Solver.builder().method(method).rtol(1e-9).atol(1e-9).build();
    Tensor y0 = Tensor.of(new double[] {0.4, -0.9, 1.2, 0.3, -0.5, 0.8}, 3, 2);
    Function<Tensor, Tensor> loss = theta -> {
      Tensor w = theta.slice(0, 0, 4).reshape(2, 2);
      Tensor b = theta.slice(0, 4, 6);
      OdeFunction f = (t, y) -> y.matmul(w.transpose()).add(b.mul(t)).tanh().sub(y.mul(0.1));
      return Sensitivity.direct().solve(f, y0, Tensor.vector(0.0, 1.5), List.of(theta), o).ys().index(1).square().sum();
    };
    Tensor theta = Tensor.vector(0.5, -1.1, 0.8, 0.2, 0.3, -0.6);
    Tensor v = Tensor.vector(1.0, 0.5, -0.7, 0.2, -1.0, 0.4);
    Tensor hv = Functional.hvp(loss, theta, v);
    double eps = 1e-5;
    Tensor fd = Functional.gradient(loss, theta.add(v.mul(eps)))
        .sub(Functional.gradient(loss, theta.sub(v.mul(eps)))).div(2 * eps);
    double scale = 0;
    for (int i = 0; i < 6; i++) {
      scale = Math.max(scale, Math.abs(fd.getFlat(i)));
      assertThat(hv.getFlat(i)).as("%s [%d]", method, i).isCloseTo(fd.getFlat(i),
          within(1e-6 * Math.max(1.0, Math.abs(fd.getFlat(i)))));
    }
    assertThat(scale).isGreaterThan(0.01);
  }
}
