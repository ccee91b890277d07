package dev.neuralode.ode;

/**
 * The flat drivers: {@link AdaptiveSolver}'s and {@link FixedGridSolver}'s loops (same step selection,
 * controller calls, jump times, limits and exceptions; the outputs from the dense output at the
 * requested times) over a {@link FlatStepper}, without events, callbacks or kept steps. Outputs and
 * statistics are the same bits and counts as the Tensor path's.
 */
final class FlatSolver {
  private FlatSolver() {}

  /** The states at the requested times (one array each, times[0] first) and the statistics. */
  record Outputs(double[][] ys, SolverStats stats, double nextStep) {
    Outputs(double[][] ys, SolverStats stats) {
      this(ys, stats, Double.NaN);
    }
  }

  /**
   * Solves with a method of the solver: adaptive or fixed-grid.
   *
   * @param st the stepper, holding y0; k[0] = f(t0, y0) when {@code st.k0Known}
   * @param times strictly monotone, at least two
   * @param shape the state's shape (for per-entry tolerances)
   */
  static Outputs run(FlatStepper st, double[] times, Solver solver, ButcherTableau tableau, int[] shape) {
    return run(st, times, solver, tableau, shape, Double.NaN);
  }

  /** As {@link #run(FlatStepper, double[], Solver, ButcherTableau, int[])}, with the first adaptive step's
   * magnitude overriding the solver's (NaN: the solver's, automatic unless set). */
  static Outputs run(FlatStepper st, double[] times, Solver solver, ButcherTableau tableau, int[] shape,
      double firstStep) {
    return tableau.adaptive() ? adaptive(st, times, solver, tableau, shape, firstStep)
        : fixed(st, times, solver);
  }

  static Outputs adaptive(FlatStepper st, double[] times, Solver solver, ButcherTableau tableau, int[] shape,
      double firstStep) {
    AdaptiveController control = solver.adaptiveController();
    StepSizeRule controller = control.rule();
    EntryTolerances tol = EntryTolerances.of(control.tolerances(), shape);
    ErrorNorm norm = control.tolerances().norm();
    String name = solver.method().name();
    double t0 = times[0];
    double tFinal = times[times.length - 1];
    double direction = Math.signum(tFinal - t0);
    double[] jumps = AdaptiveSolver.jumpsInside(solver.jumpTimes(), t0, tFinal, direction);
    int order = tableau.order();
    int maxSteps = solver.maxSteps();
    double minStep = control.minStep();
    double maxStep = control.maxStep();
    int n = st.n;
    double[][] ys = new double[times.length][];
    ys[0] = st.y.clone();
    int next = 1;

    if (!st.k0Known) {
      st.eval(t0, st.y, st.k[0]);
      st.k0Known = true;
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(st.k[0][i])) {
        throw new NonFiniteStateException(name + ": f(t0, y0) is not finite at t0=" + t0
            + "; check f and y0", t0);
      }
    }
    double span = Math.abs(tFinal - t0);
    double first = Double.isNaN(firstStep) ? control.firstStep() : firstStep;
    double h = Double.isNaN(first)
        ? initialStep(st, t0, order, tol, norm, direction, Math.min(span, maxStep))
        : first;
    h = direction * clamp(h, minStep, maxStep);

    double tCur = t0;
    int jump = 0;
    int accepted = 0;
    int rejected = 0;
    boolean lastNonFinite = false;
    double intended = 0.0; // the size chosen before the last accepted step was shortened to a boundary
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
      if (direction * (tCur + h - boundary) >= -1e-12 * Math.abs(h)) {
        tEnd = boundary;
        hStep = boundary - tCur;
        atJump = jump < jumps.length;
      } else {
        tEnd = tCur + h;
        hStep = h;
      }
      double tLast = atJump ? Math.nextAfter(tEnd, tCur) : tEnd;
      st.step(tCur, hStep, tEnd, tLast);
      double ratio = st.errorRatio(tol, norm);
      lastNonFinite = ratio == Double.POSITIVE_INFINITY;
      StepSizeRule.Decision d = controller.decide(hStep, ratio, order, history);
      if (d.accepted() && !lastNonFinite) {
        // a step shortened to end on the boundary proposes from its shortened size; a solve that
        // continues past the boundary should start from the size the controller had chosen
        intended = hStep != h ? Math.abs(h) : 0.0;
        accepted++;
        history = history.push(ratio);
        while (next < times.length && direction * (times[next] - tEnd) <= 0.0) {
          double[] out = new double[n];
          st.interpolate(times[next], out);
          ys[next++] = out;
        }
        st.accept();
        tCur = tEnd;
        if (atJump) {
          jump++;
          if (direction * (tFinal - tCur) > 0.0) {
            st.eval(Math.nextAfter(tCur, tFinal), st.y, st.k[0]);
            st.k0Known = true;
          }
          history = StepSizeRule.History.NONE;
        }
      } else {
        rejected++;
        history = history.rejected();
        if (minStep > 0.0 && Math.abs(hStep) <= minStep) {
          throw underflow(name, tCur, hStep, lastNonFinite, "a step of |h| <= minStep=" + minStep
              + " was rejected");
        }
      }
      double nextStep = Math.abs(d.nextStep());
      if (!d.accepted() || lastNonFinite) {
        nextStep = Math.min(nextStep, Math.abs(hStep));
      }
      h = direction * clamp(nextStep, minStep, maxStep);
    }
    return new Outputs(ys, new SolverStats(st.nfe, accepted, rejected), Math.max(Math.abs(h), intended));
  }

  /** {@link InitialStep#select} on the stepper's buffers (one evaluation). */
  private static double initialStep(FlatStepper st, double t0, int order, EntryTolerances tol, ErrorNorm norm,
      double direction, double span) {
    InitialStep.Probe p = new InitialStep.Probe(st.y, st.k[0], tol, norm, direction, span);
    double[] f1 = new double[st.n];
    st.eval(p.time(t0), p.y1, f1);
    return p.finish(f1, order);
  }


  static Outputs fixed(FlatStepper st, double[] t, Solver solver) {
    int n = t.length;
    String name = solver.method().name();
    long[] counts = FixedGridSolver.stepCounts(t, solver);
    double[][] ys = new double[n][];
    ys[0] = st.y.clone();
    int accepted = 0;
    for (int i = 0; i + 1 < n; i++) {
      int m = (int) counts[i];
      double h = (t[i + 1] - t[i]) / m;
      for (int s = 0; s < m; s++) {
        double ts = t[i] + s * h;
        double te = s == m - 1 ? t[i + 1] : t[i] + (s + 1) * h;
        st.step(ts, h, te, te);
        if (!st.endFinite()) {
          throw new NonFiniteStateException(name + " produced a non-finite state in the step from t="
              + ts + " to t=" + te + "; the solution may blow up there, or the step is too large for"
              + " stability: reduce stepSize or use dopri5", ts);
        }
        accepted++;
        if (s == m - 1) {
          double[] out = new double[st.n];
          st.interpolate(t[i + 1], out);
          ys[i + 1] = out;
        }
        st.accept();
      }
    }
    return new Outputs(ys, new SolverStats(st.nfe, accepted, 0));
  }

  static double clamp(double h, double min, double max) {
    double a = Math.abs(h);
    return Math.min(max, Math.max(min, a));
  }

  static StepSizeUnderflowException underflow(String name, double t, double h, boolean nonFinite,
      String why) {
    return new StepSizeUnderflowException(name + ": step size h=" + h + " underflowed at t=" + t + " ("
        + why + ")" + (nonFinite ? " after a step gave a non-finite state" : "") + "; the solution may blow up"
        + " or be singular near t=" + t + ", the problem may be stiff, or rtol/atol may be too tight", t, h);
  }
}
