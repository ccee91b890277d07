package dev.neuralode.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Adjoint gradients against closed forms, against backprop through the solver, and against finite differences. */
class BacksolveAdjointTest {
  private static final Solver TIGHT = Solver.builder().rtol(1e-10).atol(1e-10).build();

  /**
   * u' = p·u, L = Σᵢ wᵢ u(tᵢ) with u(t) = u₀ e^{p(t−t₀)}:
   * ∂L/∂u₀ = Σ wᵢ e^{p(tᵢ−t₀)}, ∂L/∂p = Σ wᵢ (tᵢ−t₀) u(tᵢ), ∂L/∂tᵢ = wᵢ p u(tᵢ) (i ≥ 1),
   * ∂L/∂t₀ = −Σ_{i≥1} wᵢ p u(tᵢ).
   */
  @Test
  void linearDecayMatchesClosedForm() {
    double u0 = 1.3;
    double pv = -0.7;
    double[] ts = {0.2, 0.9, 1.5, 3.0};
    double[] w = {0.5, -1.0, 2.0, 1.5};
    Tensor p = Tensor.scalar(pv).requireGrad();
    OdeFunction f = (t, y) -> y.mul(p);
    Tensor y0 = Tensor.of(new double[] {u0}, 1, 1).requireGrad();
    Tensor t = Tensor.vector(ts).requireGrad();
    SensitivityResult result = Sensitivity.backsolveAdjoint().solve(f, y0, t, List.of(p), TIGHT);
    Tensor ys = result.ys();
    Tensor loss = ys.reshape(4).mul(Tensor.vector(w)).sum();
    List<Tensor> g = Autograd.grad(loss, List.of(y0, t, p));

    double dU0 = 0;
    double dP = 0;
    double dT0 = 0;
    double[] dT = new double[4];
    for (int i = 0; i < 4; i++) {
      double dt = ts[i] - ts[0];
      double ui = u0 * Math.exp(pv * dt);
      dU0 += w[i] * Math.exp(pv * dt);
      dP += w[i] * dt * ui;
      if (i > 0) {
        dT[i] = w[i] * pv * ui;
        dT0 -= w[i] * pv * ui;
      }
    }
    dT[0] = dT0;
    assertThat(g.get(0).item()).isCloseTo(dU0, within(1e-8));
    assertThat(g.get(2).item()).isCloseTo(dP, within(1e-8));
    for (int i = 0; i < 4; i++) {
      assertThat(g.get(1).getFlat(i)).as("dL/dt[%d]", i).isCloseTo(dT[i], within(1e-8));
    }
    assertThat(result.stats().backward().nfe()).isPositive();
  }

  /** A small time-dependent MLP ODE: adjoint vs DIRECT vs central differences, for z0, θ and every t. */
  @Test
  void mlpOdeGradientsAgreeWithBackpropAndFiniteDifferences() {
    Mlp mlp = new Mlp(2, new int[] {8}, 2, Activation.TANH, true, new Rng(3));
    Tensor z0 = new Rng(4).normal(3, 2);
    double[] ts = {0.0, 0.4, 1.1, 1.7};
    Tensor w = new Rng(5).normal(4, 3, 2);

    // adjoint
    Tensor z0a = z0.requireGrad();
    Tensor ta = Tensor.vector(ts).requireGrad();
    Tensor ysA = Sensitivity.backsolveAdjoint().solve(mlp, z0a, ta, mlp.parameterValues(), TIGHT).ys();
    List<Tensor> wrtA = new ArrayList<>(List.of(z0a, ta));
    wrtA.addAll(mlp.parameterValues());
    List<Tensor> gA = Autograd.grad(ysA.mul(w).sum(), wrtA);

    // direct: backprop through dopri5's steps, with time gradients
    Tensor z0d = z0.requireGrad();
    Tensor td = Tensor.vector(ts).requireGrad();
    Tensor ysD = Sensitivity.direct().solve(mlp, z0d, td, List.of(), TIGHT).ys();
    List<Tensor> wrtD = new ArrayList<>(List.of(z0d, td));
    wrtD.addAll(mlp.parameterValues());
    List<Tensor> gD = Autograd.grad(ysD.mul(w).sum(), wrtD);

    for (int k = 0; k < wrtD.size(); k++) {
      assertClose(gA.get(k), gD.get(k), 1e-6, "input " + k + " (z0, t, params...): adjoint vs direct");
    }

    // central differences, without recording
    double eps = 1e-4;
    try (Autograd.Scope s = Autograd.noGrad()) {
      double[] z = z0.toArray();
      double[] fdZ = new double[z.length];
      for (int i = 0; i < z.length; i++) {
        double[] zp = z.clone();
        double[] zm = z.clone();
        zp[i] += eps;
        zm[i] -= eps;
        fdZ[i] = (loss(mlp, Tensor.of(zp, 3, 2), ts, w) - loss(mlp, Tensor.of(zm, 3, 2), ts, w)) / (2 * eps);
      }
      assertClose(gA.get(0), Tensor.of(fdZ, 3, 2), 1e-5, "z0: adjoint vs differences");

      double[] fdT = new double[ts.length];
      for (int i = 0; i < ts.length; i++) {
        double[] tp = ts.clone();
        double[] tm = ts.clone();
        tp[i] += eps;
        tm[i] -= eps;
        fdT[i] = (loss(mlp, z0, tp, w) - loss(mlp, z0, tm, w)) / (2 * eps);
      }
      assertClose(gA.get(1), Tensor.vector(fdT), 1e-5, "t: adjoint vs differences");
      assertThat(Math.abs(fdT[0])).as("t0 gradient is non-trivial").isGreaterThan(1e-3);

      double[] flat = mlp.flatParameters();
      double[] fdP = new double[flat.length];
      for (int i = 0; i < flat.length; i++) {
        double orig = flat[i];
        flat[i] = orig + eps;
        mlp.loadFlatParameters(flat);
        double lp = loss(mlp, z0, ts, w);
        flat[i] = orig - eps;
        mlp.loadFlatParameters(flat);
        double lm = loss(mlp, z0, ts, w);
        flat[i] = orig;
        mlp.loadFlatParameters(flat);
        fdP[i] = (lp - lm) / (2 * eps);
      }
      int off = 0;
      for (int k = 0; k < mlp.parameters().size(); k++) {
        Tensor gk = gA.get(2 + k);
        double[] slice = java.util.Arrays.copyOfRange(fdP, off, off + gk.size());
        assertClose(gk, Tensor.of(slice, gk.shape()), 1e-5, "param " + k + ": adjoint vs differences");
        off += gk.size();
      }
    }
  }

  private static double loss(OdeFunction f, Tensor z0, double[] ts, Tensor w) {
    return Odeint.solve(f, z0, ts, TIGHT).ys().mul(w).sum().item();
  }

  /** Elementwise |actual − expected| ≤ rel · max(|expected|, 0.01): relative, with an absolute floor of rel/100. */
  private static void assertClose(Tensor actual, Tensor expected, double rel, String what) {
    assertThat(actual.shape()).as(what + " shape").containsExactly(expected.shape());
    for (int i = 0; i < expected.size(); i++) {
      double e = expected.getFlat(i);
      assertThat(actual.getFlat(i)).as("%s [%d]", what, i)
          .isCloseTo(e, within(rel * Math.max(Math.abs(e), 1e-2)));
    }
  }

  @Test
  void frozenAndRepeatedParametersAndConstantInitialState() {
    Tensor p = Tensor.scalar(-0.5).requireGrad();
    Tensor frozen = Tensor.scalar(2.0);
    OdeFunction f = (t, y) -> y.mul(p).mul(frozen);
    Tensor y0 = Tensor.of(new double[] {1.0}, 1, 1);
    Tensor ys = Sensitivity.backsolveAdjoint().solve(f, y0, Tensor.vector(0, 1), List.of(p, frozen, p), TIGHT).ys();
    Tensor loss = ys.index(1).sum();
    List<Tensor> g = Autograd.grad(loss, List.of(p, frozen, y0));
    // u(1) = e^{2p}: dL/dp = 2 e^{2p}, counted once although p is listed twice
    assertThat(g.get(0).item()).isCloseTo(2 * Math.exp(-1.0), within(1e-8));
    assertThat(g.get(1).item()).isZero();
    assertThat(g.get(2).item()).isZero();
  }

  @Test
  void singleTimeReturnsTheInitialStateAndItsGradient() {
    Tensor y0 = Tensor.vector(1.0, 2.0).requireGrad();
    OdeFunction f = (t, y) -> y.neg();
    Tensor ys = Sensitivity.backsolveAdjoint().solve(f, y0, Tensor.vector(0.5), List.of(), TIGHT).ys();
    assertThat(ys.toArray()).containsExactly(1.0, 2.0);
    assertThat(Autograd.grad(ys.mul(Tensor.vector(3.0, 4.0).reshape(1, 2)).sum(), List.of(y0)).get(0).toArray())
        .containsExactly(3.0, 4.0);
  }
}
