package dev.neuralode.adjoint;

import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.ode.Solution;
import dev.neuralode.ode.SolverStats;
import dev.neuralode.tensor.Autograd;
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
 * backwards as the backsolve adjoint ({@link Adjoint}; Chen et al. 2018) does. Because z is never
 * integrated in reverse, it is stable for dynamics that are not time-reversible (dissipative or
 * stiff-ish systems whose backward solve blows up), and the backward NFE is usually lower; the
 * price is memory: the dense solution keeps every accepted step's stages, O(steps·stages·n) doubles
 * (no autograd graph). The output-time loop (direct gradients added at each tᵢ, time gradients)
 * is {@link Adjoint}'s, shared in {@code AdjointBackward}; only how z(t) is obtained differs.
 *
 * <p><b>Checkpointing</b> ({@link AdjointOptions#checkpointing()}): the forward pass keeps only the
 * T output states (retained state independent of the number of steps) and the backward pass
 * re-solves each interval [tᵢ₋₁, tᵢ] densely from z(tᵢ₋₁) just before integrating the adjoint over
 * it, so at most one interval's dense solution is alive; the re-solve costs one more forward solve
 * (counted in the backward NFE) and agrees with the forward solution to the solver's tolerance.
 *
 * <p>Adaptive methods solve the forward problem once over [t₀, t_{T−1}] with {@link
 * Odeint#solveDense}, so the accepted steps and outputs equal {@link Odeint#solve}'s; fixed-step
 * methods solve each interval [tᵢ, tᵢ₊₁] separately so that the grid lands on every tᵢ.
 */
public final class InterpolatingAdjoint {
  private InterpolatingAdjoint() {}

  /**
   * Solves dy/dt = f(t, y) at every time in {@code t}, recording one autograd node whose backward
   * pass is the interpolating adjoint.
   *
   * @param f the dynamics; it must read its trainable state only from {@code params}
   * @param y0 initial state, any shape; not modified; may require a gradient
   * @param t output times {@code [T]}, strictly monotone; may require a gradient
   * @param params tensors f depends on that should receive gradients; those not requiring a
   *     gradient are ignored, repeated ones integrated once, unused ones get zeros of their shape
   * @param solver the forward solver (an explicit method)
   * @param adjointOptions backward solve settings; the seminorm controls a only
   * @return the states {@code [T, ...y0.shape]} and the forward statistics; {@link
   *     GradientStats#last()} reports both passes once a gradient is taken
   * @throws IllegalArgumentException if t is not 1-D, the method is implicit, or as
   *     {@link Odeint#solveDense} does
   */
  public static OdeResult odeint(OdeFunction f, Tensor y0, Tensor t, List<Tensor> params,
      Solver solver, AdjointOptions adjointOptions) {
    if (t.rank() != 1) {
      throw new IllegalArgumentException("t must be 1-D; got shape " + java.util.Arrays.toString(t.shape()));
    }
    double[] times = t.toArray();
    AdjointSupport.checkTimes(times);
    AdjointSupport.requireExplicit(solver, "the interpolating adjoint");
    int nT = times.length;
    List<Solution> pieces = new ArrayList<>();
    List<Tensor> outs = new ArrayList<>();
    SolverStats fwd = SolverStats.zero();
    long dense = 0;
    int steps = 0;
    try (Autograd.Scope s = Autograd.noGrad()) {
      Tensor start = y0.detach();
      outs.add(start);
      boolean fixed = !solver.method().adaptive();
      if (adjointOptions.checkpointing()) {
        OdeResult r = Odeint.solve(f, start, times, solver);
        outs = new ArrayList<>();
        for (int i = 0; i < nT; i++) {
          outs.add(r.ys().index(i));
        }
        fwd = r.stats();
        steps = r.stats().acceptedSteps();
      }
      for (int i = 0; i + 1 < nT && !adjointOptions.checkpointing(); i++) {
        if (!fixed && i > 0) {
          break;
        }
        double a = times[i];
        double b = fixed ? times[i + 1] : times[nT - 1];
        Solution sol = Odeint.solveDense(f, start, a, b, solver);
        pieces.add(sol);
        fwd = fwd.plus(sol.stats());
        steps += sol.stepTimes().length;
        dense += (long) sol.stepTimes().length * (((dev.neuralode.ode.Method.ExplicitRk) solver.method()).tableau().totalStages() + 2) * y0.size();
        if (fixed) {
          start = sol.at(b);
          outs.add(start);
        }
      }
      if (!fixed && nT > 1 && !adjointOptions.checkpointing()) {
        for (int i = 1; i < nT; i++) {
          outs.add(pieces.get(0).at(times[i]));
        }
      }
    }
    Tensor ys = Tensor.stack(outs);
    List<Tensor> active = AdjointSupport.active(params);
    int n = y0.size();
    Solver back = adjointOptions.backwardFor(solver,
        new int[] {n, AdjointSupport.size(active), 1}, 1);
    String name = adjointOptions.checkpointing() ? "interpolating+checkpointing" : "interpolating";
    GradientStats fs = GradientStats.record(new GradientStats(name, fwd, SolverStats.zero(),
        steps, dense + ys.size(), 0, 0, 0));
    List<Tensor> inputs = AdjointSupport.inputs(y0, t, params);
    Tensor out = Autograd.custom("odeintInterpolatingAdjoint", ys, inputs, g -> {
      Backward b = backward(f, ys, times, pieces, active, g, back, solver, y0.shape());
      GradientStats.record(fs.withBackward(b.stats, 0));
      return AdjointSupport.spread(b.grads, params, active);
    });
    return new OdeResult(out, times, fwd);
  }

  private record Backward(List<Tensor> grads, SolverStats stats) {}

  private static Backward backward(OdeFunction f, Tensor ys, double[] times, List<Solution> pieces,
      List<Tensor> params, Tensor g, Solver backSolver, Solver forward, int[] shape) {
    AdjointBackward.Result r = AdjointBackward.run(f, ys, times, params, g, backSolver, shape, i -> {
      if (pieces.isEmpty()) { // checkpointing: re-solve this interval densely from its start
        Solution z = Odeint.solveDense(f, ys.index(i - 1), times[i - 1], times[i], forward);
        return new AdjointBackward.Interval(z::at, z.stats());
      }
      Solution z = pieces.size() == 1 ? pieces.get(0) : pieces.get(i - 1);
      return new AdjointBackward.Interval(z::at, SolverStats.zero());
    });
    return new Backward(r.grads(), r.stats());
  }
}
