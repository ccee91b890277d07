package dev.neuralode.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Functional derivatives against closed forms, against each other and against finite differences. */
class FunctionalTest {

  /** f(x) = [x0²·x1, sin(x1) + x2, x0·x2³]. */
  private static final Function<Tensor, Tensor> F = x -> {
    Tensor x0 = x.slice(0, 0, 1);
    Tensor x1 = x.slice(0, 1, 2);
    Tensor x2 = x.slice(0, 2, 3);
    return Tensor.concat(0, x0.square().mul(x1), x1.sin().add(x2), x0.mul(x2.pow(3.0)));
  };

  private static final Tensor X = Tensor.vector(0.7, -1.3, 0.4);

  /** The closed-form Jacobian of {@link #F}: rows ∂f_i/∂x. */
  private static double[][] jacobianOfF(double a, double b, double c) {
    return new double[][] {
        {2 * a * b, a * a, 0.0},
        {0.0, Math.cos(b), 1.0},
        {c * c * c, 0.0, 3 * a * c * c}};
  }

  @Test
  void jacobianMatchesClosedForm() {
    Tensor j = Functional.jacobian(F, X);
    assertThat(j.shape()).containsExactly(3, 3);
    double[][] expected = jacobianOfF(0.7, -1.3, 0.4);
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 3; k++) {
        assertThat(j.get(i, k)).isCloseTo(expected[i][k], within(1e-14));
      }
    }
    assertThat(j.requiresGrad()).isFalse();
  }

  @Test
  void jacobianShapeIsOutputShapeThenInputShape() {
    Tensor w = Tensor.matrix(new double[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}});
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor j = Functional.jacobian(v -> v.matmul(w), x);
    assertThat(j.shape()).containsExactly(2, 4, 2, 3);
    // y[b, o] = Σ_i x[b, i]·w[i, o], so ∂y[b, o]/∂x[c, i] = δ_bc·w[i, o].
    assertThat(j.get(1, 2, 1, 0)).isEqualTo(3.0);
    assertThat(j.get(1, 2, 0, 0)).isEqualTo(0.0);
    assertThat(j.get(0, 3, 0, 2)).isEqualTo(12.0);
  }

  @Test
  void jvpEqualsJacobianTimesVector() {
    Tensor v = Tensor.vector(0.3, -2.0, 1.1);
    Tensor jv = Functional.jvp(F, X, v);
    Tensor expected = Functional.jacobian(F, X).matmul(v);
    assertThat(jv.shape()).containsExactly(3);
    for (int i = 0; i < 3; i++) {
      assertThat(jv.getFlat(i)).isCloseTo(expected.getFlat(i), within(1e-13));
    }
  }

  @Test
  void vjpEqualsVectorTimesJacobian() {
    Tensor v = Tensor.vector(-0.5, 2.0, 0.25);
    Tensor vj = Functional.vjp(F, X, v);
    Tensor expected = Functional.jacobian(F, X).transpose().matmul(v);
    for (int i = 0; i < 3; i++) {
      assertThat(vj.getFlat(i)).isCloseTo(expected.getFlat(i), within(1e-13));
    }
  }

  @Test
  void hvpOfQuadraticIsExactlyAv() {
    double[][] a = {{4, 1, -2}, {1, 3, 0.5}, {-2, 0.5, 5}};
    Tensor am = Tensor.matrix(a);
    Function<Tensor, Tensor> quad = x -> x.mul(am.matmul(x)).sum().mul(0.5);
    Tensor v = Tensor.vector(0.2, -1.0, 3.0);
    Tensor hv = Functional.hvp(quad, Tensor.vector(1.5, -0.3, 2.0), v);
    for (int i = 0; i < 3; i++) {
      double av = a[i][0] * 0.2 - a[i][1] * 1.0 + a[i][2] * 3.0;
      assertThat(hv.getFlat(i)).isCloseTo(av, within(1e-14));
    }
  }

  /** Issue 4 "Second order": HVP of a scalar function of an MLP against central differences of ∇. */
  @Test
  void hvpOfMlpMatchesFiniteDifferencesOfGradient() {
    Mlp mlp = new Mlp(4, new int[] {16, 16}, 3, Activation.TANH, false, new Rng(7));
    Function<Tensor, Tensor> f = x -> mlp.forward(x).square().sum();
    Rng rng = new Rng(11);
    Tensor x = rng.normal(2, 4);
    Tensor v = rng.normal(2, 4);
    Tensor hv = Functional.hvp(f, x, v);
    double eps = 1e-5;
    Tensor gPlus = Functional.gradient(f, x.add(v.mul(eps)));
    Tensor gMinus = Functional.gradient(f, x.sub(v.mul(eps)));
    Tensor fd = gPlus.sub(gMinus).div(2 * eps);
    double scale = 0.0;
    for (int i = 0; i < hv.size(); i++) {
      scale = Math.max(scale, Math.abs(fd.getFlat(i)));
    }
    assertThat(scale).isGreaterThan(1e-3);
    for (int i = 0; i < hv.size(); i++) {
      assertThat(hv.getFlat(i)).isCloseTo(fd.getFlat(i), within(1e-7 * scale));
    }
  }

  @Test
  void createGraphResultsDifferentiateAgainEvenUnderNoGrad() {
    // f(x) = tanh(w ⊙ x): tr ∂f/∂x = Σ w_i (1 − tanh²(w_i x_i)); its gradient in w has a closed form.
    Tensor w = Tensor.vector(0.5, -1.2, 2.0).requireGrad();
    Tensor x = Tensor.vector(0.3, 0.8, -0.4);
    Tensor trace;
    try (Autograd.Scope s = Autograd.noGrad()) {
      Tensor j = Functional.jacobian(z -> z.mul(w).tanh(), x, true);
      try (Autograd.Scope r = Autograd.enableGrad()) {
        trace = j.mul(Tensor.of(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 3)).sum();
      }
    }
    Tensor gw = Autograd.grad(trace, List.of(w)).get(0);
    for (int i = 0; i < 3; i++) {
      double wi = w.getFlat(i);
      double xi = x.getFlat(i);
      double th = Math.tanh(wi * xi);
      double expected = (1 - th * th) - 2 * wi * th * (1 - th * th) * xi;
      assertThat(gw.getFlat(i)).isCloseTo(expected, within(1e-14));
    }
  }

  @Test
  void jvpWithCreateGraphDifferentiatesToHessian() {
    // d/dx of (∇f(x) · v) through jvp(gradient) equals H v for f = Σ x_i³: H = diag(6 x).
    Tensor x = Tensor.vector(1.0, -2.0, 0.5);
    Tensor v = Tensor.vector(1.0, 1.0, 2.0);
    Tensor hv = Functional.jvp(z -> Functional.gradient(y -> y.pow(3.0).sum(), z, true), x, v);
    assertThat(hv.toArray()).containsExactly(new double[] {6.0, -12.0, 6.0}, within(1e-13));
  }

  @Test
  void rejectsMismatchedShapesAndNonScalars() {
    assertThatThrownBy(() -> Functional.jvp(F, X, Tensor.vector(1, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("v has shape");
    assertThatThrownBy(() -> Functional.hvp(F, X, X))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scalar");
  }
}
