package dev.neuralode.ode;

import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The drivers of {@link Kvaerno5}: an adaptive loop that lands on every requested time and jump time,
 * and a fixed-step loop for convergence-order tests. Both step with autograd recording off (the Jacobian
 * is taken inside its own {@link Autograd#enableGrad()} scope); the adaptive loop replays accepted steps
 * in recorded operations ({@link DifferentiableStep}) when f(t0, y0) requires a gradient. Package-private.
 */
final class ImplicitSolver {
  /** Newton stops when η·‖Δ‖ ≤ κ in the tolerance-scaled norm (Hairer &amp; Wanner use 0.01–0.1). */
  static final double KAPPA = 0.01;
  /** After a Newton failure h is multiplied by this. */
  static final double NEWTON_SHRINK = 0.5;

  private ImplicitSolver() {}

  static ImplicitResult adaptive(OdeFunction f, Tensor y0, double[] t, Solver solver, Method.Esdirk method) {
    if (t.length == 1) {
      return new ImplicitResult(new OdeResult(Tensor.stack(List.of(y0)), t, SolverStats.zero()),
          new ImplicitStats(0, 0, 0, 0));
    }
    Evaluator ev = new Evaluator(f, y0);
    // Record a differentiable replay of each accepted step only when there is something to differentiate.
    boolean differentiable = Autograd.isRecording() && ev.eval(t[0], y0).requiresGrad();
    try (Autograd.Scope s = Autograd.noGrad()) {
      return adaptiveLoop(ev, y0, t, solver, method, differentiable);
    }
  }

  private static ImplicitResult adaptiveLoop(Evaluator ev, Tensor y0, double[] t, Solver solver,
      Method.Esdirk method, boolean differentiable) {
    EsdirkStepper st = new EsdirkStepper(ev, y0.shape(), method.gamma(), method.c(), method.a(),
        method.predictor());
    String name = method.name();
    int order = method.order();
    int n = st.size();
    AdaptiveController control = solver.adaptiveController();
    StepSizeRule controller = control.rule();
    EntryTolerances tol = EntryTolerances.of(control.tolerances(), y0.shape());
    ErrorNorm norm = control.tolerances().norm();
    double minStep = control.minStep();
    double maxStep = control.maxStep();
    int maxSteps = solver.maxSteps();
    double t0 = t[0];
    double tFinal = t[t.length - 1];
    double direction = Math.signum(tFinal - t0);
    double[] jumps = AdaptiveSolver.jumpsInside(solver.jumpTimes(), t0, tFinal, direction);
    double[] y = y0.toArray();
    Tensor yT = differentiable ? flat(y0, n) : null;
    double[] fy = new double[n];
    double[] jac = st.jacobian(t0, y, fy);
    if (!Finite.all(fy, 0, fy.length)) {
      throw new NonFiniteStateException(name + ": f(t0, y0) is not finite at t0=" + t0 + "; check f and y0", t0);
    }
    double h = Double.isNaN(control.firstStep())
        ? InitialStep.select(ev, t0, y0, Tensor.of(fy, y0.shape()), order, tol, norm, direction,
            Math.min(Math.abs(tFinal - t0), maxStep))
        : control.firstStep();
    h = direction * clamp(h, minStep, maxStep);
    List<Tensor> out = new ArrayList<>(t.length);
    out.add(y0);
    double tCur = t0;
    int next = 1;
    int jump = 0;
    int accepted = 0;
    int rejected = 0;
    StepSizeRule.History history = StepSizeRule.History.NONE;
    double[] weights = new double[n];
    boolean afterFailure = false;
    while (next < t.length) {
      if (accepted + rejected >= maxSteps) {
        throw new MaxStepsExceededException(name + " used maxSteps=" + maxSteps + " steps ("
            + accepted + " accepted, " + rejected + " rejected) and reached t=" + tCur + " of [" + t0 + ", "
            + tFinal + "]; raise maxSteps or loosen rtol/atol", tCur, maxSteps);
      }
      if (!(Math.abs(h) >= 16.0 * Math.ulp(tCur))) {
        throw underflow(name, tCur, h, "|h| < 16 ulp(t)");
      }
      boolean jumpFirst = jump < jumps.length && direction * (jumps[jump] - t[next]) <= 0.0;
      double target = jumpFirst ? jumps[jump] : t[next];
      double tEnd = direction * (tCur + 1.01 * h - target) >= 0.0 ? target : tCur + h;
      double hStep = tEnd - tCur;
      for (int k = 0; k < n; k++) {
        weights[k] = tol.atol(k) + tol.rtol(k) * Math.abs(y[k]);
      }
      double tMax = tEnd == target && jumpFirst ? Math.nextAfter(tEnd, tCur)
          : direction * Double.POSITIVE_INFINITY;
      double[][] stages = st.step(tCur, hStep, tMax, y, fy, st.factor(jac, hStep), weights, KAPPA);
      if (stages == null) {
        rejected++;
        if (minStep > 0.0 && Math.abs(hStep) <= minStep) {
          throw underflow(name, tCur, hStep, "Newton failed on a step of |h| <= minStep=" + minStep);
        }
        h = direction * clamp(Math.abs(hStep) * NEWTON_SHRINK, minStep, maxStep);
        afterFailure = true;
        continue;
      }
      double[] y1 = stages[stages.length - 1];
      double ratio = errorRatio(y, y1, stages[stages.length - 2], tol, norm);
      StepSizeRule.Decision d = controller.decide(hStep, ratio, order, history);
      double nextH = Math.abs(d.nextStep());
      if (d.accepted() && ratio < Double.POSITIVE_INFINITY) {
        accepted++;
        history = history.push(ratio);
        if (afterFailure) {
          nextH = Math.min(nextH, Math.abs(hStep)); // no growth right after a failed attempt (RADAU5)
          afterFailure = false;
        }
        if (differentiable) {
          yT = DifferentiableStep.step(st, yT, tCur, hStep, tMax, st.lastZ);
          y = yT.toArray();
        } else {
          y = y1;
        }
        tCur = tEnd;
        boolean atJump = tEnd == target && jumpFirst;
        if (atJump) {
          jump++;
          history = StepSizeRule.History.NONE;
        }
        if (tEnd == t[next]) { // an output time, possibly also a jump time
          out.add(differentiable ? unflat(yT, y0.shape()) : Tensor.of(y, y0.shape()));
          next++;
        }
        if (next < t.length) {
          jac = st.jacobian(atJump ? Math.nextAfter(tCur, tFinal) : tCur, y, fy);
        }
      } else {
        rejected++;
        afterFailure = true;
        nextH = Math.min(nextH, Math.abs(hStep));
        if (minStep > 0.0 && Math.abs(hStep) <= minStep) {
          throw underflow(name, tCur, hStep, "a step of |h| <= minStep=" + minStep + " was rejected");
        }
      }
      h = direction * clamp(nextH, minStep, maxStep);
    }
    Tensor ys;
    try (Autograd.Scope s = Autograd.enableGrad()) {
      ys = differentiable ? Tensor.stack(out) : Tensor.stack(out).detach();
    }
    OdeResult result = new OdeResult(ys, t, new SolverStats(ev.count(), accepted, rejected));
    return new ImplicitResult(result, new ImplicitStats(st.jacobians, st.lus, st.newtonIterations,
        st.newtonFailures));
  }

  private static Tensor flat(Tensor y, int n) {
    try (Autograd.Scope s = Autograd.enableGrad()) {
      return y.reshape(n);
    }
  }

  private static Tensor unflat(Tensor y, int[] shape) {
    try (Autograd.Scope s = Autograd.enableGrad()) {
      return y.reshape(shape);
    }
  }

  private static double clamp(double h, double min, double max) {
    return Math.min(max, Math.max(min, Math.abs(h)));
  }

  private static StepSizeUnderflowException underflow(String name, double t, double h, String why) {
    return new StepSizeUnderflowException(name + ": step size h=" + h + " underflowed at t=" + t + " ("
        + why + "); the solution may blow up or be singular near t=" + t + ", f may not be smooth there, or"
        + " rtol/atol may be too tight", t, h);
  }

  /**
   * Fixed steps: each interval [t_i, t_i+1] takes ⌈|Δt|/stepSize⌉ equal steps, with Newton converged to
   * 1e-12 relative (a fresh Jacobian each step). For measuring the convergence order.
   *
   * @throws NonFiniteStateException if Newton fails on a step
   */
  static ImplicitResult fixed(OdeFunction f, Tensor y0, double[] t, double stepSize) {
    Method.Esdirk method = Methods.KVAERNO5;
    Odeint.checkTimes(t);
    Odeint.checkState(y0);
    try (Autograd.Scope s = Autograd.noGrad()) {
      Evaluator ev = new Evaluator(f, y0);
      EsdirkStepper st = new EsdirkStepper(ev, y0.shape(), method.gamma(), method.c(), method.a(),
          method.predictor());
      int n = st.size();
      double[] y = y0.toArray();
      double[] fy = new double[n];
      double[] weights = new double[n];
      List<Tensor> out = new ArrayList<>(t.length);
      out.add(y0.detach());
      int steps = 0;
      for (int i = 1; i < t.length; i++) {
        int m = (int) Math.ceil(Math.abs(t[i] - t[i - 1]) / stepSize - 1e-9);
        double h = (t[i] - t[i - 1]) / Math.max(1, m);
        for (int j = 0; j < Math.max(1, m); j++) {
          double tj = t[i - 1] + j * h;
          double[] jac = st.jacobian(tj, y, fy);
          for (int k = 0; k < n; k++) {
            weights[k] = 1e-12 * (1.0 + Math.abs(y[k]));
          }
          double[][] stages = st.step(tj, h, Math.signum(h) * Double.POSITIVE_INFINITY, y, fy, st.factor(jac, h),
              weights, 1.0);
          if (stages == null) {
            throw new NonFiniteStateException(method.name() + ": Newton failed at t=" + tj + " with fixed step h="
                + h + "; use a smaller step", tj);
          }
          y = stages[stages.length - 1];
          steps++;
        }
        out.add(Tensor.of(y, y0.shape()));
      }
      return new ImplicitResult(new OdeResult(Tensor.stack(out), t, new SolverStats(ev.count(), steps, 0)),
          new ImplicitStats(st.jacobians, st.lus, st.newtonIterations, st.newtonFailures));
    }
  }

  /** norm_i((y1_i − ŷ1_i) / (atol_i + rtol_i·max(|y0_i|, |y1_i|))); +∞ if not finite. */
  static double errorRatio(double[] y0, double[] y1, double[] embedded, EntryTolerances tol, ErrorNorm norm) {
    double[] q = new double[y0.length];
    for (int k = 0; k < y0.length; k++) {
      double sc = tol.atol(k) + tol.rtol(k) * Math.max(Math.abs(y0[k]), Math.abs(y1[k]));
      q[k] = (y1[k] - embedded[k]) / sc;
    }
    double r = norm.apply(q);
    return Double.isFinite(r) ? r : Double.POSITIVE_INFINITY;
  }
}
