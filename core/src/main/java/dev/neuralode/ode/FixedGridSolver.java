package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;

/**
 * The fixed-step driver (torchdiffeq's {@code FixedGridODESolver}): each interval [t_i, t_i+1] is split
 * into n_i = ⌈|Δt| / stepSize⌉ equal steps of h = Δt / n_i (one step when stepSize is NaN), so the grid
 * lands exactly on every requested time. Step k of an interval starts at t_i + k·h; its last step ends
 * exactly at t_i+1.
 */
final class FixedGridSolver {
  /** Relative slack when rounding |Δt| / stepSize up, so that 1.0000000000001 steps count as one. */
  private static final double SLACK = 1e-12;

  private FixedGridSolver() {}

  /**
   * Integrates over the grid, handing every step to a {@link Trajectory} (outputs, events, callbacks).
   *
   * @throws MaxStepsExceededException if the grid needs more than maxSteps steps
   * @throws NonFiniteStateException if a step yields a non-finite state
   */
  static Trajectory run(OdeFunction f, Tensor y0, double[] t, Solver solver, ButcherTableau tableau,
      java.util.List<Event> events, StepCallbacks callbacks, boolean keepSteps) {
    int n = t.length;
    String name = solver.method().name();
    long[] counts = stepCounts(t, solver);
    ExplicitRungeKutta rk = new ExplicitRungeKutta(tableau);
    Evaluator ev = new Evaluator(f, y0);
    Trajectory traj = new Trajectory(t, y0, events, callbacks, keepSteps, rk, ev);
    Tensor y = y0;
    Tensor k0 = null;
    int accepted = 0;
    outer:
    for (int i = 0; i + 1 < n; i++) {
      int m = (int) counts[i];
      double h = (t[i + 1] - t[i]) / m;
      for (int s = 0; s < m; s++) {
        double ts = t[i] + s * h;
        double te = s == m - 1 ? t[i + 1] : t[i] + (s + 1) * h;
        double from = ts;
        while (true) { // more than one pass only when an event resets the state inside the grid step
          ExplicitRungeKutta.Step step = rk.step(ev, from, from == ts ? h : te - from, te, y, k0);
          if (!step.y1().isFinite()) {
            throw new NonFiniteStateException(name + " produced a non-finite state in the step from t="
                + from + " to t=" + te + "; the solution may blow up there, or the step is too large for"
                + " stability: reduce stepSize or use dopri5", from);
          }
          accepted++;
          Trajectory.Outcome outcome = traj.accept(step, Double.NaN, new SolverStats(ev.count(), accepted, 0));
          if (outcome == Trajectory.Outcome.STOP) {
            break outer;
          }
          if (outcome == Trajectory.Outcome.RESET) {
            y = traj.resetState();
            from = traj.resetTime();
            k0 = null;
            if (from == te) {
              break;
            }
            continue;
          }
          y = step.y1();
          k0 = step.endSlope();
          break;
        }
      }
    }
    return traj.withStats(new SolverStats(ev.count(), accepted, 0));
  }

  /**
   * The number of grid steps in each output interval [t[i], t[i+1]] (as {@link #steps}), checked against
   * the solver's step budget; shared by this driver and the flat engine's.
   *
   * @throws MaxStepsExceededException if the grid needs more than maxSteps steps
   */
  static long[] stepCounts(double[] t, Solver solver) {
    int n = t.length;
    double stepSize = solver.stepSize();
    int maxSteps = solver.maxSteps();
    long[] counts = new long[n - 1];
    long total = 0;
    for (int i = 0; i + 1 < n; i++) {
      counts[i] = steps(Math.abs(t[i + 1] - t[i]), stepSize, maxSteps);
      total += counts[i];
    }
    if (total > maxSteps) {
      boolean capped = hasCapped(counts, maxSteps);
      throw new MaxStepsExceededException(solver.method().name() + " with stepSize=" + stepSize + " needs "
          + (capped ? "more than " + maxSteps : String.valueOf(total)) + " steps over [" + t[0]
          + ", " + t[n - 1] + "] but maxSteps=" + maxSteps
          + "; raise maxSteps or enlarge stepSize", t[0], maxSteps);
    }
    return counts;
  }

  private static boolean hasCapped(long[] counts, int maxSteps) {
    for (long c : counts) {
      if (c > maxSteps) {
        return true;
      }
    }
    return false;
  }

  /** ⌈span / stepSize⌉ with slack for rounding, at least 1; capped just above maxSteps to avoid overflow. */
  static long steps(double span, double stepSize, int maxSteps) {
    if (Double.isNaN(stepSize)) {
      return 1;
    }
    double q = span / stepSize;
    if (!(q <= maxSteps)) {
      return maxSteps + 1L;
    }
    long k = Math.max(1L, (long) Math.ceil(q));
    if (k > 1 && q <= (k - 1) * (1.0 + SLACK)) {
      k--;
    }
    return k;
  }
}
