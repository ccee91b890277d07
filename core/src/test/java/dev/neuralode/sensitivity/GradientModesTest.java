package dev.neuralode.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every gradient mode against closed-form gradients (derivations beside each test). */
class GradientModesTest {
  static final Solver TIGHT = Solver.builder().rtol(1e-10).atol(1e-10).build();

  /** The four sensitivities with their default settings. */
  static Stream<Sensitivity> modes() {
    return Sensitivity.names().stream().map(Sensitivity::parse);
  }

  /** Gradients of {@code loss(ys)} with respect to [y0, t, params...] in the given mode. */
  static List<Tensor> grads(Sensitivity mode, OdeFunction f, Tensor y0, Tensor t, List<Tensor> params,
      Solver options, Function<Tensor, Tensor> loss) {
    return grads(mode, f, y0, t, params, options, loss, null);
  }

  /** As above, also handing back the result (its statistics) through {@code out[0]} when not null. */
  static List<Tensor> grads(Sensitivity mode, OdeFunction f, Tensor y0, Tensor t, List<Tensor> params,
      Solver options, Function<Tensor, Tensor> loss, SensitivityResult[] out) {
    SensitivityResult r = mode.solve(f, y0, t, params, options);
    if (out != null) {
      out[0] = r;
    }
    Tensor ys = r.ys();
    List<Tensor> wrt = new ArrayList<>(List.of(y0, t));
    wrt.addAll(params);
    return Autograd.grad(List.of(loss.apply(ys)), wrt, null, false);
  }

  /**
   * u' = p·u, u(t0) = u0, L = u(T) = u0·e^{p(T−t0)}: dL/du0 = e^{p(T−t0)} (&gt; 0),
   * dL/dp = (T−t0)·u0·e^{p(T−t0)} (&lt; 0 here for u0 &lt; 0), dL/dT = p·u(T), dL/dt0 = −p·u(T).
   */
  @ParameterizedTest
  @MethodSource("modes")
  void linearDecay(Sensitivity mode) {
    double u0 = -1.5;
    double p = -0.8;
    double t0 = 0.25;
    double tEnd = 2.0;
    Tensor pt = Tensor.scalar(p).requireGrad();
    Tensor y0 = Tensor.vector(u0).requireGrad();
    Tensor t = Tensor.vector(t0, tEnd).requireGrad();
    List<Tensor> g = grads(mode, (tt, y) -> y.mul(pt), y0, t, List.of(pt), TIGHT,
        ys -> ys.index(1).sum());
    double e = Math.exp(p * (tEnd - t0));
    assertThat(g.get(0).item()).isPositive().isCloseTo(e, within(1e-8));
    assertThat(g.get(2).item()).isNegative().isCloseTo((tEnd - t0) * u0 * e, within(1e-8));
    assertThat(g.get(1).getFlat(1)).isCloseTo(p * u0 * e, within(1e-8));
    assertThat(g.get(1).getFlat(0)).isCloseTo(-p * u0 * e, within(1e-8));
  }

  /**
   * Autonomous f: shifting every time by δ leaves the outputs unchanged, so Σᵢ ∂L/∂tᵢ = 0 for any
   * loss. Here f = −y³ + tanh(y·Wᵀ) and L = Σᵢ Σ wᵢ ⊙ y(tᵢ).
   */
  @ParameterizedTest
  @MethodSource("modes")
  void autonomousTimeGradientsSumToZero(Sensitivity mode) {
    Tensor w = Tensor.matrix(new double[][] {{0.3, -0.9}, {0.8, 0.1}}).requireGrad();
    OdeFunction f = (t, y) -> y.pow(3).neg().add(y.matmul(w.transpose()).tanh());
    Tensor y0 = Tensor.of(new double[] {0.5, -0.4}, 1, 2).requireGrad();
    Tensor t = Tensor.vector(0.1, 0.7, 1.2, 2.0).requireGrad();
    Tensor weights = Tensor.of(new double[] {1, 2, -1, 0.5, 0.3, -2, 1.5, 1}, 4, 1, 2);
    List<Tensor> g = grads(mode, f, y0, t, List.of(w), TIGHT,
        ys -> ys.mul(weights).sum());
    double sum = 0;
    double scale = 0;
    for (double v : g.get(1).toArray()) {
      sum += v;
      scale += Math.abs(v);
    }
    assertThat(scale).isGreaterThan(0.1);
    assertThat(sum).isCloseTo(0.0, within(1e-8));
  }

  /**
   * L = y(t1) for a scalar state: ∂y(t1)/∂t1 = f(t1, y(t1)), and an output time the loss does not
   * use (t2) gets gradient 0. f(t, y) = sin(3t)·y − 0.5y² is non-autonomous and nonlinear.
   */
  @ParameterizedTest
  @MethodSource("modes")
  void outputTimeGradientIsTheVectorField(Sensitivity mode) {
    OdeFunction f = (t, y) -> y.mul(t.mul(3).sin()).sub(y.square().mul(0.5));
    Tensor y0 = Tensor.vector(0.8).requireGrad();
    Tensor t = Tensor.vector(0.0, 1.3, 2.1).requireGrad();
    Tensor[] yT = new Tensor[1];
    List<Tensor> g = grads(mode, f, y0, t, List.of(), TIGHT, ys -> {
      yT[0] = ys.index(1).detach();
      return ys.index(1).sum();
    });
    double expected = f.apply(Tensor.scalar(1.3), yT[0]).item();
    assertThat(Math.abs(expected)).isGreaterThan(0.05);
    assertThat(g.get(1).getFlat(1)).isCloseTo(expected, within(1e-8));
    assertThat(g.get(1).getFlat(2)).isCloseTo(0.0, within(1e-12));
  }

  /**
   * f(t, y) = cos(t) (no y): y(T) = y0 + sin(T) − sin(t0), so with L = y(T): ∂L/∂t0 = −cos(t0)
   * (non-zero at t0 = 0.3), ∂L/∂T = cos(T), ∂L/∂y0 = 1.
   */
  @ParameterizedTest
  @MethodSource("modes")
  void timeOnlyDynamicsGiveTheT0Gradient(Sensitivity mode) {
    OdeFunction f = (t, y) -> t.cos().mul(y.onesLike());
    Tensor y0 = Tensor.vector(0.2).requireGrad();
    Tensor t = Tensor.vector(0.3, 1.9).requireGrad();
    List<Tensor> g = grads(mode, f, y0, t, List.of(), TIGHT,
        ys -> ys.index(1).sum());
    assertThat(g.get(1).getFlat(0)).isCloseTo(-Math.cos(0.3), within(1e-8));
    assertThat(g.get(1).getFlat(1)).isCloseTo(Math.cos(1.9), within(1e-8));
    assertThat(g.get(0).item()).isCloseTo(1.0, within(1e-9));
  }

  /**
   * f = x ⊙ y with x ∈ R³ on [0, 1]: y(1) = y0 ⊙ eˣ, L = Σ y(1): ∂L/∂y0 = eˣ, ∂L/∂x = y0 ⊙ eˣ.
   * An unused parameter (shape [2, 2]) gets zeros of its shape; a tensor that does not require a
   * gradient is ignored.
   */
  @ParameterizedTest
  @MethodSource("modes")
  void elementwiseDynamicsAndUnusedParameters(Sensitivity mode) {
    double[] xv = {-0.7, 0.2, 1.1};
    double[] yv = {1.5, -0.5, 0.25};
    Tensor x = Tensor.vector(xv).requireGrad();
    Tensor unused = Tensor.zeros(2, 2).add(1.0).requireGrad();
    Tensor frozen = Tensor.vector(9.0, 9.0);
    Tensor y0 = Tensor.vector(yv).requireGrad();
    Tensor t = Tensor.vector(0.0, 1.0);
    List<Tensor> g = grads(mode, (tt, y) -> y.mul(x), y0, t, List.of(x, unused, frozen), TIGHT,
        ys -> ys.index(1).sum());
    for (int i = 0; i < 3; i++) {
      assertThat(g.get(0).getFlat(i)).isCloseTo(Math.exp(xv[i]), within(1e-8));
      assertThat(g.get(2).getFlat(i)).isCloseTo(yv[i] * Math.exp(xv[i]), within(1e-8));
    }
    assertThat(g.get(3).shape()).containsExactly(2, 2);
    assertThat(g.get(3).toArray()).containsOnly(0.0);
    assertThat(g.get(4).toArray()).containsOnly(0.0);
  }

  /** The linear-decay closed form (see {@link #linearDecay}) for the interpolating adjoint with checkpointing. */
  @org.junit.jupiter.api.Test
  void linearDecayWithCheckpointedInterpolatingAdjoint() {
    double u0 = 0.7;
    double p = -1.2;
    Tensor pt = Tensor.scalar(p).requireGrad();
    Tensor y0 = Tensor.vector(u0).requireGrad();
    Tensor t = Tensor.vector(0.0, 0.5, 1.5).requireGrad();
    SensitivityResult[] r = new SensitivityResult[1];
    List<Tensor> g = grads(Sensitivity.interpolatingAdjoint().withCheckpointing(true), (tt, y) -> y.mul(pt), y0,
        t, List.of(pt), TIGHT, ys -> ys.index(2).sum(), r);
    double e = Math.exp(p * 1.5);
    assertThat(g.get(0).item()).isCloseTo(e, within(1e-8));
    assertThat(g.get(2).item()).isCloseTo(1.5 * u0 * e, within(1e-8));
    assertThat(g.get(1).toArray()).containsExactly(new double[] {-p * u0 * e, 0.0, p * u0 * e}, within(1e-8));
    assertThat(r[0].stats().mode()).isEqualTo("interpolating+checkpointing");
    assertThat(r[0].stats().retainedDoubles()).isEqualTo(3);
  }

  /**
   * A backward solve (decreasing t) and a single time. u' = p·u from t0 = 2 down to T = 0.5 with
   * L = u(T) = u0·e^{p(T−t0)}: dL/du0 = e^{p(T−t0)}, dL/dp = (T−t0)·u(T), dL/dT = p·u(T),
   * dL/dt0 = −p·u(T). With t = [t0] alone the output is y0 and dL/dy0 = 1, dL/dt0 = 0.
   */
  @ParameterizedTest
  @MethodSource("modes")
  void decreasingTimesAndASingleTime(Sensitivity mode) {
    double u0 = 1.1;
    double p = 0.6;
    Tensor pt = Tensor.scalar(p).requireGrad();
    Tensor y0 = Tensor.vector(u0).requireGrad();
    Tensor t = Tensor.vector(2.0, 0.5).requireGrad();
    List<Tensor> g = grads(mode, (tt, y) -> y.mul(pt), y0, t, List.of(pt), TIGHT,
        ys -> ys.index(1).sum());
    double uT = u0 * Math.exp(p * -1.5);
    assertThat(g.get(0).item()).isCloseTo(Math.exp(p * -1.5), within(1e-8));
    assertThat(g.get(2).item()).isCloseTo(-1.5 * uT, within(1e-8));
    assertThat(g.get(1).toArray()).containsExactly(new double[] {-p * uT, p * uT}, within(1e-8));

    Tensor one = Tensor.vector(0.3).requireGrad();
    List<Tensor> g1 = grads(mode, (tt, y) -> y.mul(pt), y0, one, List.of(pt), TIGHT,
        ys -> ys.index(0).sum());
    assertThat(g1.get(0).item()).isEqualTo(1.0);
    assertThat(g1.get(1).item()).isEqualTo(0.0);
    assertThat(g1.get(2).item()).isEqualTo(0.0);
  }

  @org.junit.jupiter.api.Test
  void replayAndDenseModesRejectTheImplicitMethod() {
    Solver k = TIGHT.toBuilder().method("kvaerno5").build();
    for (Sensitivity m : List.of(Sensitivity.checkpointed(), Sensitivity.interpolatingAdjoint())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.solve((t, y) -> y.neg(), Tensor.vector(1.0), Tensor.vector(0.0, 1.0), List.of(), k))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("needs an explicit Runge-Kutta method; method kvaerno5");
    }
  }
}
