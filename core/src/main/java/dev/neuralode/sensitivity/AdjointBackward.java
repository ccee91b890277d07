package dev.neuralode.sensitivity;

import dev.neuralode.ode.FlatIntegrator;
import dev.neuralode.ode.FlatOdeResult;
import dev.neuralode.ode.Method;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solution;
import dev.neuralode.ode.Solver;
import dev.neuralode.ode.SolverStats;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The output-time loop shared by the backsolve adjoint ({@link BacksolveAdjoint}) and the interpolating
 * adjoint ({@link InterpolatingAdjoint}). For i = T−1 … 1: the direct gradient gᵢ is added to a,
 * ∂L/∂tᵢ = gᵢ · f(tᵢ, z(tᵢ)) is recorded and subtracted from a_t, and the adjoint state is integrated
 * from tᵢ back to tᵢ₋₁ by {@link AdjointDynamics}; finally ∂L/∂t₀ = a_t(t₀) and g₀ is added to a.
 * With an explicit backward method the intervals are integrated on flat arrays and each one starts
 * with the step size the controller proposed at the end of the previous one, as a backward solve
 * across the output times with callbacks that add gᵢ does in SciMLSensitivity (torchdiffeq selects a
 * fresh initial step per interval, which costs one more evaluation and usually a shorter first step).
 * The two methods differ only in how z(t) is obtained on each interval: integrated backwards with
 * the adjoint (state [z, a, a_θ, a_t]) or read from a dense forward solution (state [a, a_θ, a_t]).
 */
final class AdjointBackward {
  private AdjointBackward() {}

  /** The gradients [dy0, dt, dθ per active parameter] and the backward statistics. */
  record Result(List<Tensor> grads, SolverStats stats) {}

  /** z(t) on one interval [tᵢ₋₁, tᵢ] (a dense forward solution), and the solver work spent to get it (e.g. a re-solve). */
  record Interval(Solution z, SolverStats cost) {}

  /**
   * Runs the backward pass without recording.
   *
   * @param f the dynamics
   * @param ys the forward outputs {@code [T, ...shape]}
   * @param times the output times
   * @param params the active parameters
   * @param g the cotangent of ys
   * @param solver the backward solver
   * @param shape the state's shape
   * @param intervals z(t) on interval i (from tᵢ₋₁ to tᵢ), or null to integrate z backwards
   * @param timeGradients whether ∂L/∂t is needed (the output times require a gradient); when false
   *     the extra f evaluation per output time is skipped, a_t receives no direct terms and ∂L/∂t is
   *     returned as zeros, as torchdiffeq's {@code odeint_adjoint} does when t needs no gradient; a_t
   *     then integrates −aᵀ∂f/∂t only (zero for autonomous f), which under the full norm may change
   *     the backward step sizes of a time-dependent f slightly
   * @return the gradients and statistics
   */
  static Result run(OdeFunction f, Tensor ys, double[] times, List<Tensor> params, Tensor g,
      Solver solver, int[] shape, IntFunction<Interval> intervals, boolean timeGradients) {
    try (Autograd.Scope s = Autograd.noGrad()) {
      int nT = times.length;
      int n = ys.size() / nT;
      int nParams = AdjointSupport.size(params);
      int off = intervals == null ? n : 0;
      double[] gradT = new double[nT];
      // the augmented state [z (backsolve only), a, a_θ, a_t] as one flat array for the whole pass
      int len = off + n + nParams + 1;
      double[] state = new double[len];
      double[] zs = ys.toArray();
      double[] gs = g.toArray();
      SolverStats stats = SolverStats.zero();
      AdjointDynamics.Compiled compiled = f.traceable() ? new AdjointDynamics.Compiled() : null;
      double carried = Double.NaN; // the controller's proposal at the end of the previous interval
      boolean explicit = solver.method() instanceof Method.ExplicitRk;
      FlatIntegrator integrator = explicit ? new FlatIntegrator(solver, len, 1) : null;
      for (int i = nT - 1; i >= 1; i--) {
        if (timeGradients) {
          Tensor fi = f.apply(Tensor.scalar(times[i]), ys.index(i)).reshape(n);
          stats = stats.plus(new SolverStats(1, 0, 0));
          double direct = g.index(i).reshape(n).mul(fi).sum().item();
          gradT[i] = direct;
          state[len - 1] -= direct;
        }
        for (int k = 0; k < n; k++) {
          state[off + k] += gs[i * n + k];
        }
        if (intervals == null) {
          System.arraycopy(zs, i * n, state, 0, n);
        }
        Solution zOf = null;
        if (intervals != null) {
          Interval iv = intervals.apply(i);
          stats = stats.plus(iv.cost());
          zOf = iv.z();
        }
        AdjointDynamics aug = new AdjointDynamics(f, params, shape, n, zOf, compiled);
        double[] span = {times[i], times[i - 1]};
        if (explicit) {
          // the flat engine: one array per stage, no tensor per step; compiled dynamics replay their
          // program on its buffers, eager ones are copied in and out (the same values either way). Each
          // interval starts with the step the controller proposed at the end of the previous one.
          FlatOdeResult seg = integrator.solve(aug.flat(), state, span, carried);
          stats = stats.plus(seg.stats());
          carried = seg.nextStep();
          state = seg.last();
        } else { // an implicit backward solver (backsolve only): the tensor path
          OdeResult seg = Odeint.solve(aug, Tensor.of(state, len), span, solver);
          stats = stats.plus(seg.stats());
          state = seg.at(1).toArray();
        }
      }
      gradT[0] = nT > 1 && timeGradients ? state[len - 1] : 0.0;
      double[] dz0 = new double[n];
      for (int k = 0; k < n; k++) {
        dz0[k] = state[off + k] + gs[k];
      }
      Tensor adjZ = Tensor.of(dz0, shape);
      Tensor adjP = Tensor.of(java.util.Arrays.copyOfRange(state, off + n, off + n + nParams), nParams);
      return new Result(AdjointSupport.grads(adjZ, gradT, adjP, params), stats);
    }
  }
}
