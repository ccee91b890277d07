package dev.neuralode.sensitivity;

import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Tensor;
import java.util.List;

/**
 * The backsolve adjoint: an ODE solve differentiated by the adjoint sensitivity method (Chen et al.
 * 2018, Algorithm 1).
 *
 * <p>Forward: z(tᵢ) for every requested time, solved without recording. Backward, for a cotangent
 * g = ∂L/∂z(t·) of shape {@code [T, ...y0.shape]}: starting from a(t_{T−1}) = g_{T−1}, the augmented
 * state [z, a, a_θ, a_t] is integrated from each tᵢ back to tᵢ₋₁ with
 *
 * <pre>
 *   dz/dt = f(t, z),  da/dt = −aᵀ ∂f/∂z,  da_θ/dt = −aᵀ ∂f/∂θ,  da_t/dt = −aᵀ ∂f/∂t,
 * </pre>
 *
 * and gᵢ₋₁ is added to a at each output time. The time gradients are
 * ∂L/∂tᵢ = gᵢ · f(tᵢ, z(tᵢ)) for i ≥ 1 (moving an output time moves only that output), and
 * ∂L/∂t₀ = a_t(t₀), where a_t starts at −∂L/∂t_{T−1} and has gᵢ·f(tᵢ, zᵢ) subtracted at each later
 * output time, so that a_t(t₀) = −a(t₀⁺)ᵀ f(t₀, z₀): moving t₀ with z₀ fixed shifts the whole
 * trajectory. (The tutorial this project starts from evaluates f at t₁ for the t₀ term; here every
 * f is evaluated at its own time.)
 *
 * <p>Memory: the forward pass keeps only the T output states; each backward segment is a fresh
 * solve, so nothing grows with the number of solver steps. Gradients are those of the continuous
 * problem, accurate to the backward tolerance; the backward solve of z can be unstable when f is not
 * time-reversible.
 *
 * <p><b>Seminorm.</b> With {@code seminorm}, the backward solve's step-size control measures the local
 * error of z and a only, and ignores a_θ and a_t: these are integrals whose values never feed back into
 * the dynamics (Kidger, Chen &amp; Lyons, "'Hey, that's not an ODE': Faster ODE Adjoints via
 * Seminorms", ICML 2021). The error norm is the largest RMS over the controlled blocks (the full norm
 * being the largest RMS over all blocks, torchdiffeq's mixed norm for the adjoint's tuple state).
 *
 * @param backward the backward solve's solver, or null for the forward one (torchdiffeq's default);
 *     per-component tolerances are replaced by their smallest entry
 * @param seminorm whether to leave a_θ and a_t out of the backward error norm
 */
public record BacksolveAdjoint(Solver backward, boolean seminorm) implements Sensitivity {
  @Override
  public String name() {
    return "backsolve";
  }

  /**
   * A copy with or without the seminorm.
   *
   * @param on whether to leave a_θ and a_t out of the backward error norm
   * @return the new mode
   */
  public BacksolveAdjoint withSeminorm(boolean on) {
    return new BacksolveAdjoint(backward, on);
  }

  /**
   * A copy with another backward solver.
   *
   * @param solver the backward solve's solver, or null for the forward one
   * @return the new mode
   */
  public BacksolveAdjoint withBackward(Solver solver) {
    return new BacksolveAdjoint(solver, seminorm);
  }

  /**
   * Solves at every time in t, recording one autograd node whose backward pass is the adjoint method.
   *
   * @param f the dynamics; it must read its trainable state only from {@code params}
   * @param y0 initial state, any shape (usually {@code [batch, dim]}); not modified
   * @param t output times, shape {@code [T]}, strictly monotone; may require a gradient
   * @param params the tensors f depends on that should receive gradients; tensors that do not require
   *     a gradient get none and are left out of the augmented state, and a tensor listed twice is
   *     integrated once
   * @param solver the forward solver (and the backward one unless {@link #backward()} is set)
   * @return the states {@code [T, ...y0.shape]} and their statistics
   * @throws IllegalArgumentException if t is not 1-D, or as {@link Odeint#solve} does
   */
  @Override
  public SensitivityResult solve(OdeFunction f, Tensor y0, Tensor t, List<Tensor> params, Solver solver) {
    return RecordedSolve.run(name(), y0, t, params, (times, start) -> {
      OdeResult fwd = Odeint.solve(f, start, times, solver);
      List<Tensor> active = AdjointSupport.active(params);
      // Blocks [z, a, a_θ, a_t]; the seminorm (Kidger, Chen & Lyons 2021) controls z and a only.
      Solver back = AdjointSupport.backwardSolver(solver, backward, seminorm,
          new int[] {start.size(), start.size(), AdjointSupport.size(active), 1}, 2);
      Tensor ys = fwd.ys();
      return new AdjointTape(ys, fwd.stats(), fwd.stats().acceptedSteps(), ys.size(), (g, act) -> {
        AdjointBackward.Result r = AdjointBackward.run(f, ys, times, act, g, back, start.shape(), null,
            t.requiresGrad());
        return new RecordedSolve.Gradients(r.grads(), GradientStats.Backward.of(r.stats()));
      });
    });
  }
}
