package dev.neuralode.adjoint;

import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.ode.SolverStats;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An ODE solve differentiated by the adjoint sensitivity method (Chen et al. 2018, Algorithm 1).
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
 * solve, so nothing grows with the number of solver steps.
 */
public final class Adjoint {
  private Adjoint() {}

  /**
   * Solves dy/dt = f(t, y) at every time in {@code t}, recording an autograd node whose backward
   * pass is the adjoint method.
   *
   * @param f the dynamics; it must read its trainable state only from {@code params}
   * @param y0 initial state, any shape (usually {@code [batch, dim]}); not modified
   * @param t output times, shape {@code [T]}, strictly monotone; may require a gradient
   * @param params the tensors f depends on that should receive gradients (usually a module's
   *     parameter values); tensors that do not require a gradient get none and are left out of the
   *     augmented state, and a tensor listed twice is integrated once
   * @param solver the forward solver
   * @param adjointOptions backward solver settings (tolerances, method, seminorm)
   * @return the states {@code [T, ...y0.shape]} and forward statistics; {@link #lastBackwardStats()}
   *     reports the backward solve's statistics after a gradient is taken
   * @throws IllegalArgumentException if {@code t} is not 1-D, or as {@link Odeint#solve} does
   */
  public static OdeResult odeint(OdeFunction f, Tensor y0, Tensor t, List<Tensor> params,
      Solver solver, AdjointOptions adjointOptions) {
    if (t.rank() != 1) {
      throw new IllegalArgumentException("t must be 1-D; got shape " + Arrays.toString(t.shape()));
    }
    double[] times = t.toArray();
    OdeResult fwd;
    try (Autograd.Scope s = Autograd.noGrad()) {
      fwd = Odeint.solve(f, y0.detach(), times, solver);
    }
    List<Tensor> inputs = AdjointSupport.inputs(y0, t, params);
    Tensor ys = fwd.ys();
    // Blocks [z, a, a_θ, a_t]; the seminorm (Kidger, Chen & Lyons 2021) controls z and a only.
    Solver back = adjointOptions.backwardFor(solver,
        new int[] {y0.size(), y0.size(), AdjointSupport.size(AdjointSupport.active(params)), 1}, 2);
    GradientStats fwdStats = GradientStats.record(new GradientStats("backsolve", fwd.stats(),
        SolverStats.zero(), fwd.stats().acceptedSteps(), ys.size(), 0, 0, 0));
    // Integrate a_θ only for distinct parameters that require a gradient: the others would cost
    // work, enter the error norm, and (if repeated) have their gradient counted twice.
    List<Tensor> active = AdjointSupport.active(params);
    Tensor out = Autograd.custom("odeintAdjoint", ys, inputs, g -> {
      AdjointBackward.Result r = AdjointBackward.run(f, ys, times, active, g, back, y0.shape(), null);
      LAST_BACKWARD.get().set(r.stats());
      GradientStats.record(fwdStats.withBackward(r.stats(), 0));
      return AdjointSupport.spread(r.grads(), params, active);
    });
    return new OdeResult(out, times, fwd.stats());
  }

  private static final ThreadLocal<AtomicReference<SolverStats>> LAST_BACKWARD =
      ThreadLocal.withInitial(() -> new AtomicReference<>(SolverStats.zero()));

  /**
   * Statistics of the most recent adjoint backward pass on this thread (all segments together,
   * including the evaluations of f for the time gradients).
   *
   * @return the statistics, zero if no backward pass has run
   */
  public static SolverStats lastBackwardStats() {
    return LAST_BACKWARD.get().get();
  }
}
