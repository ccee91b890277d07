package dev.neuralode.ode;

import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.List;

/**
 * Backpropagation through the solver ("direct" mode) with gradients for the output times as well.
 *
 * <p>The states are the solver's recorded graph, so y0 and f's parameters get their gradients by
 * backpropagation. The times get theirs from the exact identities of the ODE solution map:
 * moving an output time tᵢ (i ≥ 1) moves only that output, so ∂L/∂tᵢ = gᵢ · f(tᵢ, yᵢ); moving t₀
 * with y₀ fixed shifts the whole trajectory, so ∂L/∂t₀ = −a(t₀⁺) · f(t₀, y₀), where
 * a(t₀⁺) = Σ_{i≥1} gᵢ ∂yᵢ/∂y₀ is the vector–Jacobian product of the later outputs with respect to
 * y₀ (the same quantities the adjoint method integrates; Chen et al. 2018, Appendix B). Here
 * a(t₀⁺) comes from a second backward pass through the recorded solve, so asking for time gradients
 * roughly doubles the cost of the backward pass.
 */
public final class TimeGradients {
  private TimeGradients() {}

  /**
   * Solves as {@link Odeint#solve(OdeFunction, Tensor, double[], Solver)} does; when recording
   * is on and {@code t} requires a gradient, the result is also differentiable with respect to t.
   *
   * @param f the dynamics
   * @param y0 initial state, any shape; not modified
   * @param t output times, shape {@code [T]}, strictly monotone; may require a gradient
   * @param solver the method, step-size controller and step budget
   * @return states {@code [T, ...y0.shape]} and statistics
   * @throws IllegalArgumentException if t is not 1-D, or as {@link Odeint#solve} does
   */
  public static OdeResult solve(OdeFunction f, Tensor y0, Tensor t, Solver solver) {
    if (t.rank() != 1) {
      throw new IllegalArgumentException("t must be 1-D; got shape " + java.util.Arrays.toString(t.shape()));
    }
    double[] times = t.toArray();
    if (!t.requiresGrad() || !Autograd.isRecording() || times.length < 2) {
      return Odeint.solve(f, y0, times, solver);
    }
    Tensor start = y0.requiresGrad() ? y0 : y0.requireGrad();
    OdeResult r = Odeint.solve(f, start, times, solver);
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
      return List.of(g, Tensor.vector(gt));
    });
    return new OdeResult(out, times, r.stats());
  }
}
