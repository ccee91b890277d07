package dev.neuralode.sensitivity;

import dev.neuralode.ode.Method;
import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.ode.Solution;
import dev.neuralode.ode.SolverStats;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The interpolating adjoint (SciMLSensitivity's {@code InterpolatingAdjoint}): an ODE solve whose
 * backward pass integrates only the adjoint state and the parameter and time integrands,
 *
 * <pre>
 *   da/dt = −aᵀ ∂f/∂z(t, z(t)),  da_θ/dt = −aᵀ ∂f/∂θ,  da_t/dt = −aᵀ ∂f/∂t,
 * </pre>
 *
 * reading z(t) from the forward solve's dense output ({@link Solution}) instead of re-solving z
 * backwards as the backsolve adjoint ({@link BacksolveAdjoint}; Chen et al. 2018) does. Because z is never
 * integrated in reverse, it is stable for dynamics that are not time-reversible (dissipative or
 * stiff-ish systems whose backward solve blows up), and the backward NFE is usually lower; the
 * price is memory: the dense solution keeps every accepted step's stages, O(steps·stages·n) doubles
 * (no autograd graph). The output-time loop (direct gradients added at each tᵢ, time gradients)
 * is {@link BacksolveAdjoint}'s, shared in {@code AdjointBackward}; only how z(t) is obtained differs.
 *
 * <p><b>Checkpointing</b> ({@link #checkpointing()}): the forward pass keeps only the
 * T output states (retained state independent of the number of steps) and the backward pass
 * re-solves each interval [tᵢ₋₁, tᵢ] densely from z(tᵢ₋₁) just before integrating the adjoint over
 * it, so at most one interval's dense solution is alive; the re-solve costs one more forward solve
 * (counted in the backward NFE) and agrees with the forward solution to the solver's tolerance.
 *
 * <p>Adaptive methods solve the forward problem once over [t₀, t_{T−1}] with {@link
 * Odeint#solveDense}, so the accepted steps and outputs equal {@link Odeint#solve}'s; fixed-step
 * methods solve each interval [tᵢ, tᵢ₊₁] separately so that the grid lands on every tᵢ. The seminorm
 * controls a only (see {@link BacksolveAdjoint}).
 *
 * @param backward the backward solve's solver, or null for the forward one
 * @param seminorm whether to leave a_θ and a_t out of the backward error norm
 * @param checkpointing whether to keep only the output states and re-solve each interval densely in
 *     the backward pass (SciMLSensitivity's {@code InterpolatingAdjoint(checkpointing=true)})
 */
public record InterpolatingAdjoint(Solver backward, boolean seminorm, boolean checkpointing)
    implements Sensitivity {
  @Override
  public String name() {
    return "interpolating";
  }

  /**
   * A copy with or without the seminorm.
   *
   * @param on whether to leave a_θ and a_t out of the backward error norm
   * @return the new mode
   */
  public InterpolatingAdjoint withSeminorm(boolean on) {
    return new InterpolatingAdjoint(backward, on, checkpointing);
  }

  /**
   * A copy with or without checkpointing.
   *
   * @param on whether to keep only the output states and re-solve each interval in the backward pass
   * @return the new mode
   */
  public InterpolatingAdjoint withCheckpointing(boolean on) {
    return new InterpolatingAdjoint(backward, seminorm, on);
  }

  /**
   * A copy with another backward solver.
   *
   * @param solver the backward solve's solver, or null for the forward one
   * @return the new mode
   */
  public InterpolatingAdjoint withBackward(Solver solver) {
    return new InterpolatingAdjoint(solver, seminorm, checkpointing);
  }

  /**
   * Solves at every time in t, recording one autograd node whose backward pass is the interpolating
   * adjoint.
   *
   * @param f the dynamics; it must read its trainable state only from {@code params}
   * @param y0 initial state, any shape; not modified; may require a gradient
   * @param t output times {@code [T]}, strictly monotone; may require a gradient
   * @param params tensors f depends on that should receive gradients; those not requiring a
   *     gradient are ignored, repeated ones integrated once, unused ones get zeros of their shape
   * @param solver the forward solver (an explicit method), and the backward one unless
   *     {@link #backward()} is set
   * @return the states {@code [T, ...y0.shape]} and their statistics
   * @throws IllegalArgumentException if t is not 1-D, the method is implicit, or as
   *     {@link Odeint#solveDense} does
   */
  @Override
  public SensitivityResult solve(OdeFunction f, Tensor y0, Tensor t, List<Tensor> params, Solver solver) {
    String mode = checkpointing ? "interpolating+checkpointing" : "interpolating";
    return RecordedSolve.run(mode, y0, t, params, (times, start) -> forward(f, start, times, params, solver,
        t.requiresGrad()));
  }

  private RecordedSolve.Tape forward(OdeFunction f, Tensor start, double[] times, List<Tensor> params,
      Solver solver, boolean timesNeedGradient) {
    AdjointSupport.checkTimes(times);
    AdjointSupport.requireExplicit(solver, "the interpolating adjoint");
    int nT = times.length;
    List<Solution> pieces = new ArrayList<>();
    List<Tensor> outs = new ArrayList<>();
    SolverStats fwd = SolverStats.zero();
    long dense = 0;
    int steps = 0;
    int stages = ((Method.ExplicitRk) solver.method()).tableau().totalStages();
    outs.add(start);
    boolean fixed = !solver.method().adaptive();
    if (checkpointing) {
      OdeResult r = Odeint.solve(f, start, times, solver);
      outs = new ArrayList<>();
      for (int i = 0; i < nT; i++) {
        outs.add(r.ys().index(i));
      }
      fwd = r.stats();
      steps = r.stats().acceptedSteps();
    }
    Tensor from = start;
    for (int i = 0; i + 1 < nT && !checkpointing; i++) {
      if (!fixed && i > 0) {
        break;
      }
      double a = times[i];
      double b = fixed ? times[i + 1] : times[nT - 1];
      Solution sol = Odeint.solveDense(f, from, a, b, solver);
      pieces.add(sol);
      fwd = fwd.plus(sol.stats());
      steps += sol.stepTimes().length;
      dense += (long) sol.stepTimes().length * (stages + 2) * start.size();
      if (fixed) {
        from = sol.at(b);
        outs.add(from);
      }
    }
    if (!fixed && nT > 1 && !checkpointing) {
      for (int i = 1; i < nT; i++) {
        outs.add(pieces.get(0).at(times[i]));
      }
    }
    Tensor ys = Tensor.stack(outs);
    int n = start.size();
    Solver back = AdjointSupport.backwardSolver(solver, backward, seminorm,
        new int[] {n, AdjointSupport.size(AdjointSupport.active(params)), 1}, 1);
    int[] shape = start.shape();
    return new AdjointTape(ys, fwd, steps, dense + ys.size(), (g, active) -> {
      AdjointBackward.Result r = AdjointBackward.run(f, ys, times, active, g, back, shape, i -> {
        if (pieces.isEmpty()) { // checkpointing: re-solve this interval densely from its start
          Solution z = Odeint.solveDense(f, ys.index(i - 1), times[i - 1], times[i], solver);
          return new AdjointBackward.Interval(z, z.stats());
        }
        Solution z = pieces.size() == 1 ? pieces.get(0) : pieces.get(i - 1);
        return new AdjointBackward.Interval(z, SolverStats.zero());
      }, timesNeedGradient);
      return new RecordedSolve.Gradients(r.grads(), GradientStats.Backward.of(r.stats()));
    });
  }
}
