package dev.neuralode.sensitivity;

import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.ode.SolverStats;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.List;

/**
 * Backpropagation through the solver ("direct" mode), with gradients for the output times as well.
 *
 * <p>The states are the solver's recorded graph ({@link Odeint#solve} with recording on), so y0 and
 * every tensor f uses get their gradients by backpropagation: the exact gradient of the discretised
 * solve and the fastest backward pass, at the price of memory linear in the steps (the whole graph).
 * It is the only mode whose gradients can be differentiated again ({@code createGraph}).
 *
 * <p>The times get theirs from the exact identities of the ODE solution map: moving an output time tᵢ
 * (i ≥ 1) moves only that output, so ∂L/∂tᵢ = gᵢ · f(tᵢ, yᵢ); moving t₀ with y₀ fixed shifts the whole
 * trajectory, so ∂L/∂t₀ = −a(t₀⁺) · f(t₀, y₀), where a(t₀⁺) = Σ_{i≥1} gᵢ ∂yᵢ/∂y₀ is the vector–Jacobian
 * product of the later outputs with respect to y₀ (the same quantities the adjoint method integrates;
 * Chen et al. 2018, Appendix B). a(t₀⁺) comes from a second backward pass through the recorded solve,
 * so asking for time gradients roughly doubles the cost of the backward pass; its T evaluations of f
 * are the backward statistics of this mode (none when t does not require a gradient).
 */
public record Direct() implements Sensitivity {
  static final Direct INSTANCE = new Direct();

  @Override
  public String name() {
    return "direct";
  }

  /**
   * Solves with recording (when it is on); when t also requires a gradient, the result is
   * differentiable with respect to t through the identities above.
   *
   * @param f the dynamics
   * @param y0 initial state, any shape; not modified
   * @param t output times, shape {@code [T]}, strictly monotone; may require a gradient
   * @param params ignored: every tensor f uses is differentiated
   * @param solver the method, step-size controller and step budget
   * @return states {@code [T, ...y0.shape]} and statistics
   * @throws IllegalArgumentException if an argument is null, t is not 1-D, or as {@link Odeint#solve}
   *     does
   */
  @Override
  public SensitivityResult solve(OdeFunction f, Tensor y0, Tensor t, List<Tensor> params, Solver solver) {
    if (t == null || y0 == null) {
      throw new IllegalArgumentException("y0 and t must not be null; pass the initial state and the output"
          + " times");
    }
    if (t.rank() != 1) {
      throw new IllegalArgumentException("t must be 1-D; got shape " + java.util.Arrays.toString(t.shape()));
    }
    double[] times = t.toArray();
    if (!t.requiresGrad() || !Autograd.isRecording() || times.length < 2) {
      OdeResult r = Odeint.solve(f, y0, times, solver);
      return new SensitivityResult(r, stats(r));
    }
    Tensor start = y0.requiresGrad() ? y0 : y0.requireGrad();
    OdeResult r = Odeint.solve(f, start, times, solver);
    GradientStats stats = stats(r);
    Tensor ys = r.ys();
    int n = times.length;
    Tensor out = Autograd.custom("timeGradients", ys, List.of(ys, t), g -> {
      double[] gt = new double[n];
      Tensor later = Tensor.concat(0, g.slice(0, 0, 1).zerosLike(), g.slice(0, 1, n));
      Tensor a0 = Autograd.grad(List.of(ys), List.of(start), List.of(later), false).get(0);
      try (Autograd.Scope s = Autograd.noGrad()) {
        for (int i = 1; i < n; i++) {
          Tensor fi = f.apply(Tensor.scalar(times[i]), ys.index(i).detach());
          gt[i] = g.index(i).mul(fi).sum().item();
        }
        Tensor f0 = f.apply(Tensor.scalar(times[0]), start.detach());
        gt[0] = -a0.mul(f0).sum().item();
      }
      stats.recordBackward(GradientStats.Backward.of(new SolverStats(n, 0, 0)));
      return List.of(g, Tensor.vector(gt));
    });
    return new SensitivityResult(new OdeResult(out, times, r.stats()), stats);
  }

  private static GradientStats stats(OdeResult r) {
    return new GradientStats("direct", r.stats(), r.stats().acceptedSteps(), 0, 0);
  }
}
