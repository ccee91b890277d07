package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;

/**
 * The adaptive driver (torchdiffeq's {@code RKAdaptiveStepsizeODESolver}, scipy's {@code RungeKutta}):
 * embedded-pair steps judged by the {@link AdaptiveController} of the {@link Solver}, the first step of {@link InitialStep}, FSAL
 * reuse, and everything about accepted steps (outputs, events, callbacks, dense storage) handed to a
 * {@link Trajectory}.
 *
 * <p>Step selection: each attempt has |h| within [minStep, maxStep] and is clamped to end exactly at the
 * next jump time or at the final time, so f is never evaluated beyond the interval. A step ending at a
 * jump time evaluates its c = 1 stages just before the jump; the next step starts with a fresh
 * f(t_jump⁺, y) just after it and a fresh controller history. A non-finite attempt is always rejected.
 */
final class AdaptiveSolver {
  private AdaptiveSolver() {}

  /**
   * Integrates from times[0] to times[last].
   *
   * @throws StepSizeUnderflowException if |h| falls below 16 ulp(t), or a step of |h| ≤ minStep is rejected
   * @throws MaxStepsExceededException if more than maxSteps attempts are needed
   * @throws NonFiniteStateException if f(t0, y0) is not finite
   */
  static Trajectory run(OdeFunction f, Tensor y0, double[] times, Solver solver, ButcherTableau tableau,
      java.util.List<Event> events, StepCallbacks callbacks, boolean keepSteps) {
    ExplicitRungeKutta rk = new ExplicitRungeKutta(tableau);
    Evaluator ev = new Evaluator(f, y0);
    AdaptiveController control = solver.adaptiveController();
    StepSizeRule controller = control.rule();
    EntryTolerances tol = EntryTolerances.of(control.tolerances(), y0.shape());
    ErrorNorm norm = control.tolerances().norm();
    String name = solver.method().name();
    double t0 = times[0];
    double tFinal = times[times.length - 1];
    double direction = Math.signum(tFinal - t0);
    double[] jumps = jumpsInside(solver.jumpTimes(), t0, tFinal, direction);
    int order = tableau.order();
    int maxSteps = solver.maxSteps();
    double minStep = control.minStep();
    double maxStep = control.maxStep();
    Trajectory traj = new Trajectory(times, y0, events, callbacks, keepSteps, rk, ev);

    Tensor k0 = ev.eval(t0, y0);
    if (!k0.isFinite()) {
      throw new NonFiniteStateException(name + ": f(t0, y0) is not finite at t0=" + t0
          + "; check f and y0", t0);
    }
    double span = Math.abs(tFinal - t0);
    double h = Double.isNaN(control.firstStep())
        ? InitialStep.select(ev, t0, y0, k0, order, tol, norm, direction, Math.min(span, maxStep))
        : control.firstStep();
    h = direction * clamp(h, minStep, maxStep);

    double tCur = t0;
    Tensor y = y0;
    int jump = 0;
    int accepted = 0;
    int rejected = 0;
    boolean lastNonFinite = false;
    StepSizeRule.History history = StepSizeRule.History.NONE;
    while (direction * (tFinal - tCur) > 0.0) {
      if (accepted + rejected >= maxSteps) {
        throw new MaxStepsExceededException(name + " used maxSteps=" + maxSteps + " steps ("
            + accepted + " accepted, " + rejected + " rejected) and reached t=" + tCur + " of [" + t0 + ", "
            + tFinal + "]; raise maxSteps, loosen rtol/atol, or check whether the problem is stiff", tCur,
            maxSteps);
      }
      if (!(Math.abs(h) >= 16.0 * Math.ulp(tCur))) {
        throw underflow(name, tCur, h, lastNonFinite, "|h| < 16 ulp(t)");
      }
      double boundary = jump < jumps.length ? jumps[jump] : tFinal;
      boolean atJump = false;
      double tEnd;
      double hStep;
      if (direction * (tCur + h - boundary) >= -1e-12 * Math.abs(h)) { // no sliver step before a boundary
        tEnd = boundary;
        hStep = boundary - tCur;
        atJump = jump < jumps.length;
      } else {
        tEnd = tCur + h;
        hStep = h;
      }
      double tLast = atJump ? Math.nextAfter(tEnd, tCur) : tEnd;
      ExplicitRungeKutta.Step step = rk.step(ev, tCur, hStep, tEnd, tLast, y, k0);
      k0 = step.k()[0];
      double ratio = rk.errorRatio(step, tol, norm);
      lastNonFinite = ratio == Double.POSITIVE_INFINITY;
      StepSizeRule.Decision d = controller.decide(hStep, ratio, order, history);
      if (d.accepted() && !lastNonFinite) {
        accepted++;
        history = history.push(ratio);
        SolverStats stats = new SolverStats(ev.count(), accepted, rejected);
        Trajectory.Outcome outcome = traj.accept(step, ratio, stats);
        if (outcome == Trajectory.Outcome.STOP) {
          break;
        }
        if (outcome == Trajectory.Outcome.RESET) {
          tCur = traj.resetTime();
          y = traj.resetState();
          boolean afterJump = atJump && tCur == tEnd;
          if (afterJump) {
            jump++;
          }
          k0 = direction * (tFinal - tCur) > 0.0
              ? ev.eval(afterJump ? Math.nextAfter(tCur, tFinal) : tCur, y) : null;
          history = StepSizeRule.History.NONE;
        } else {
          tCur = tEnd;
          y = step.y1();
          if (atJump) {
            jump++;
            k0 = direction * (tFinal - tCur) > 0.0 ? ev.eval(Math.nextAfter(tCur, tFinal), y) : null;
            history = StepSizeRule.History.NONE;
          } else {
            k0 = step.endSlope();
          }
        }
      } else {
        rejected++;
        history = history.rejected();
        traj.reject(step, ratio, new SolverStats(ev.count(), accepted, rejected));
        if (minStep > 0.0 && Math.abs(hStep) <= minStep) {
          throw underflow(name, tCur, hStep, lastNonFinite, "a step of |h| <= minStep=" + minStep
              + " was rejected");
        }
      }
      double next = Math.abs(d.nextStep());
      if (!d.accepted() || lastNonFinite) {
        next = Math.min(next, Math.abs(hStep)); // never grow after a rejection
      }
      h = direction * clamp(next, minStep, maxStep);
    }
    return traj.withStats(new SolverStats(ev.count(), accepted, rejected));
  }

  private static double clamp(double h, double min, double max) {
    double a = Math.abs(h);
    return Math.min(max, Math.max(min, a));
  }

  private static StepSizeUnderflowException underflow(String name, double t, double h, boolean nonFinite,
      String why) {
    return new StepSizeUnderflowException(name + ": step size h=" + h + " underflowed at t=" + t + " ("
        + why + ")" + (nonFinite ? " after a step gave a non-finite state" : "") + "; the solution may blow up"
        + " or be singular near t=" + t + ", the problem may be stiff, or rtol/atol may be too tight", t, h);
  }

  /** The jump times strictly inside (t0, tFinal), in integration order. */
  static double[] jumpsInside(double[] jumps, double t0, double tFinal, double direction) {
    return java.util.Arrays.stream(jumps)
        .filter(j -> direction * (j - t0) > 0.0 && direction * (tFinal - j) > 0.0)
        .map(j -> direction * j).sorted().map(j -> direction * j).distinct().toArray();
  }
}
