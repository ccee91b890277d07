package dev.neuralode.ode;

import java.util.Arrays;

/**
 * The adaptive driver with independent step-size control per row ({@link Odeint#solveRows}): each row
 * of a {@code [rows, dim]} state has its own time, step size, controller history, accept/reject decision
 * and step count, as if each row were solved alone (what {@code jax.vmap} over a Diffrax solve gives),
 * while all rows still advance together: one attempted step of every unfinished row per iteration, each
 * stage evaluated for all of them at once ({@link FlatOde.RowTimes}, or one call per row). Each row runs
 * on its own {@link FlatStepper}, so its states and statistics are the same bits as a single solve of that
 * row. Fixed-step methods take the same steps for every row anyway and use the common driver.
 */
final class FlatRowSolver {
  private static final FlatOde UNUSED = (t, y, dydt) -> {
    throw new IllegalStateException("the per-row driver evaluates f itself");
  };

  private final FlatOde f;
  private final int dim;
  private final Row[] rows;
  private final double[] bt;
  private final double[] by;
  private final double[] bout;
  private final Row[] pick;
  private final double[] pickT;
  private final double[][] pickY;
  private final double[][] pickOut;

  /** One row's solve: its stepper and the driver's variables. */
  private static final class Row {
    final int index;
    final FlatStepper st;
    double t;
    double h;
    double hStep;
    double tEnd;
    boolean atJump;
    boolean lastNonFinite;
    int jump;
    int accepted;
    int rejected;
    int next = 1;
    boolean tookStep;
    StepSizeRule.Decision decision;
    StepSizeRule.History history = StepSizeRule.History.NONE;

    Row(int index, FlatStepper st) {
      this.index = index;
      this.st = st;
    }
  }

  private FlatRowSolver(FlatOde f, double[] y0, int count, ButcherTableau tableau) {
    this.f = f;
    this.dim = y0.length / count;
    rows = new Row[count];
    for (int r = 0; r < count; r++) {
      rows[r] = new Row(r, new FlatStepper(tableau, UNUSED, Arrays.copyOfRange(y0, r * dim, r * dim + dim)));
    }
    bt = new double[count];
    by = new double[count * dim];
    bout = new double[count * dim];
    pick = new Row[count];
    pickT = new double[count];
    pickY = new double[count][];
    pickOut = new double[count][];
  }

  /**
   * Solves every row with its own step control (adaptive methods; fixed-step methods go to the common
   * driver, whose steps are the same for every row).
   *
   * @return the states at the times ({@code ys[i]} row-major over all rows) and the statistics summed
   *     over the rows
   */
  static FlatSolver.Outputs run(FlatOde f, double[] y0, int count, double[] times, Solver solver,
      ButcherTableau tableau) {
    if (!tableau.adaptive()) {
      FlatSolver.Outputs o = FlatSolver.fixed(new FlatStepper(tableau, f, y0), times, solver);
      SolverStats s = o.stats();
      return new FlatSolver.Outputs(o.ys(), new SolverStats(s.nfe() * count, s.acceptedSteps() * count, 0));
    }
    if (FlatRowBatch.supports(tableau)) {
      FlatSolver.Outputs o = FlatRowBatch.run(f, y0, count, times, solver, tableau);
      if (o != null) {
        return o;
      }
    }
    return new FlatRowSolver(f, y0, count, tableau).adaptive(times, solver, tableau);
  }

  /** The stepper-per-row driver whatever the tableau: the reference {@link FlatRowBatch} is tested against. */
  static FlatSolver.Outputs perRowOnly(FlatOde f, double[] y0, int count, double[] times, Solver solver,
      ButcherTableau tableau) {
    return new FlatRowSolver(f, y0, count, tableau).adaptive(times, solver, tableau);
  }

  private FlatSolver.Outputs adaptive(double[] times, Solver solver, ButcherTableau tableau) {
    AdaptiveController control = solver.adaptiveController();
    StepSizeRule controller = control.rule();
    EntryTolerances tol = EntryTolerances.of(control.tolerances(), new int[] {dim});
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
    int count = rows.length;
    double[][] ys = new double[times.length][count * dim];
    for (Row row : rows) {
      System.arraycopy(row.st.y, 0, ys[0], row.index * dim, dim);
    }

    int m = 0;
    for (Row row : rows) {
      add(m++, row, t0, row.st.y, row.st.k[0]);
      row.st.k0Known = true;
    }
    evaluate(m);
    for (Row row : rows) {
      for (int i = 0; i < dim; i++) {
        if (!Double.isFinite(row.st.k[0][i])) {
          throw new NonFiniteStateException(name + " row " + row.index + ": f(t0, y0) is not finite at t0="
              + t0 + "; check f and y0", t0);
        }
      }
    }
    double span = Math.abs(tFinal - t0);
    if (Double.isNaN(control.firstStep())) {
      InitialStep.Probe[] probes = new InitialStep.Probe[count];
      double[][] f1 = new double[count][dim];
      m = 0;
      for (Row row : rows) {
        probes[row.index] = new InitialStep.Probe(row.st.y, row.st.k[0], tol, norm, direction,
            Math.min(span, maxStep));
        add(m++, row, probes[row.index].time(t0), probes[row.index].y1, f1[row.index]);
      }
      evaluate(m);
      for (Row row : rows) {
        row.h = probes[row.index].finish(f1[row.index], order);
      }
    } else {
      for (Row row : rows) {
        row.h = control.firstStep();
      }
    }
    for (Row row : rows) {
      row.h = direction * FlatSolver.clamp(row.h, minStep, maxStep);
      row.t = t0;
    }

    double[] out = new double[dim];
    Row[] active = new Row[count];
    while (true) {
      int a = 0;
      for (Row row : rows) {
        if (direction * (tFinal - row.t) > 0.0) {
          active[a++] = row;
        }
      }
      if (a == 0) {
        break;
      }
      for (int j = 0; j < a; j++) {
        begin(active[j], name, t0, tFinal, direction, jumps, maxSteps);
      }
      int stages = active[0].st.stepStages();
      if (f instanceof FlatOde.RowTimes) { // stage by stage, all rows in one call
        m = 0;
        for (int j = 0; j < a; j++) {
          FlatStepper st = active[j].st;
          if (!st.k0Known) {
            add(m++, active[j], active[j].t, st.y, st.k[0]);
            st.k0Known = true;
          }
        }
        evaluate(m);
        for (int i = 1; i < stages; i++) {
          for (int j = 0; j < a; j++) {
            FlatStepper st = active[j].st;
            add(j, active[j], st.stageTime(i), st.stageState(i), st.k[i]);
          }
          evaluate(a);
        }
      } else { // one call per row anyway: row by row, all stages of a row together (memory locality)
        for (int j = 0; j < a; j++) {
          FlatStepper st = active[j].st;
          if (!st.k0Known) {
            f.derivative(active[j].t, st.y, st.k[0]);
            st.nfe++;
            st.k0Known = true;
          }
          for (int i = 1; i < stages; i++) {
            f.derivative(st.stageTime(i), st.stageState(i), st.k[i]);
            st.nfe++;
          }
        }
      }
      for (int j = 0; j < a; j++) {
        Row row = active[j];
        row.st.finish();
        double ratio = row.st.errorRatio(tol, norm);
        row.lastNonFinite = ratio == Double.POSITIVE_INFINITY;
        row.decision = controller.decide(row.hStep, ratio, order, row.history);
        row.tookStep = row.decision.accepted() && !row.lastNonFinite;
        if (row.tookStep) {
          row.accepted++;
          row.history = row.history.push(ratio);
        } else {
          row.rejected++;
          row.history = row.history.rejected();
          if (minStep > 0.0 && Math.abs(row.hStep) <= minStep) {
            throw FlatSolver.underflow(name + " row " + row.index, row.t, row.hStep, row.lastNonFinite,
                "a step of |h| <= minStep=" + minStep + " was rejected");
          }
        }
      }
      prepareDense(active, a, times, direction);
      m = 0;
      for (int j = 0; j < a; j++) {
        Row row = active[j];
        if (row.tookStep) {
          while (row.next < times.length && direction * (times[row.next] - row.tEnd) <= 0.0) {
            row.st.interpolate(times[row.next], out);
            System.arraycopy(out, 0, ys[row.next++], row.index * dim, dim);
          }
          row.st.accept();
          row.t = row.tEnd;
          if (row.atJump) {
            row.jump++;
            if (direction * (tFinal - row.t) > 0.0) {
              add(m++, row, Math.nextAfter(row.t, tFinal), row.st.y, row.st.k[0]);
              row.st.k0Known = true;
            }
            row.history = StepSizeRule.History.NONE;
          }
        }
        double nextStep = Math.abs(row.decision.nextStep());
        if (!row.decision.accepted() || row.lastNonFinite) {
          nextStep = Math.min(nextStep, Math.abs(row.hStep));
        }
        row.h = direction * FlatSolver.clamp(nextStep, minStep, maxStep);
      }
      evaluate(m);
    }
    int nfe = 0;
    int accepted = 0;
    int rejected = 0;
    for (Row row : rows) {
      nfe += row.st.nfe;
      accepted += row.accepted;
      rejected += row.rejected;
    }
    return new FlatSolver.Outputs(ys, new SolverStats(nfe, accepted, rejected));
  }

  /** Chooses a row's next attempt as {@link FlatSolver#adaptive} does and begins it. */
  private static void begin(Row row, String name, double t0, double tFinal, double direction, double[] jumps,
      int maxSteps) {
    if (row.accepted + row.rejected >= maxSteps) {
      throw new MaxStepsExceededException(name + " row " + row.index + " used maxSteps=" + maxSteps
          + " steps (" + row.accepted + " accepted, " + row.rejected + " rejected) and reached t=" + row.t
          + " of [" + t0 + ", " + tFinal + "]; raise maxSteps, loosen rtol/atol, or check whether the problem"
          + " is stiff", row.t, maxSteps);
    }
    if (!(Math.abs(row.h) >= 16.0 * Math.ulp(row.t))) {
      throw FlatSolver.underflow(name + " row " + row.index, row.t, row.h, row.lastNonFinite, "|h| < 16 ulp(t)");
    }
    double boundary = row.jump < jumps.length ? jumps[row.jump] : tFinal;
    row.atJump = false;
    if (direction * (row.t + row.h - boundary) >= -1e-12 * Math.abs(row.h)) {
      row.tEnd = boundary;
      row.hStep = boundary - row.t;
      row.atJump = row.jump < jumps.length;
    } else {
      row.tEnd = row.t + row.h;
      row.hStep = row.h;
    }
    double tLast = row.atJump ? Math.nextAfter(row.tEnd, row.t) : row.tEnd;
    row.st.begin(row.t, row.hStep, row.tEnd, tLast);
  }

  /** Evaluates the dense-output stages of every accepted row with an output time strictly inside. */
  private void prepareDense(Row[] active, int a, double[] times, double direction) {
    int p = 0;
    Row[] need = new Row[0];
    for (int j = 0; j < a; j++) {
      Row row = active[j];
      if (row.tookStep && row.st.needsPrepare() && insideOutput(row, times, direction)) {
        if (need.length == 0) {
          need = new Row[a];
        }
        need[p++] = row;
      }
    }
    if (p == 0) {
      return;
    }
    FlatStepper first = need[0].st;
    for (int i = first.stepStages(); i < first.allStages(); i++) {
      for (int j = 0; j < p; j++) {
        add(j, need[j], need[j].st.extraTime(i), need[j].st.extraState(i), need[j].st.k[i]);
      }
      evaluate(p);
    }
    int m = 0;
    for (int j = 0; j < p; j++) {
      FlatStepper st = need[j].st;
      if (st.needsEndSlope()) {
        add(m++, need[j], st.lastStageTime(), st.y1, st.endSlopeBuffer());
      }
    }
    evaluate(m);
    for (int j = 0; j < p; j++) {
      need[j].st.markPrepared();
    }
  }

  /** Whether an output time of the accepted step lies strictly inside it (neither end). */
  private static boolean insideOutput(Row row, double[] times, double direction) {
    for (int i = row.next; i < times.length && direction * (times[i] - row.tEnd) <= 0.0; i++) {
      if (times[i] != row.tEnd && times[i] != row.t) {
        return true;
      }
    }
    return false;
  }

  /** Queues one row's evaluation at slot j of the next {@link #evaluate}. */
  private void add(int j, Row row, double t, double[] y, double[] result) {
    pick[j] = row;
    pickT[j] = t;
    pickY[j] = y;
    pickOut[j] = result;
  }

  /** Evaluates the m queued rows (one batched call, or one call per row) and counts one NFE for each. */
  private void evaluate(int m) {
    if (m == 0) {
      return;
    }
    if (f instanceof FlatOde.RowTimes batched) {
      for (int j = 0; j < m; j++) {
        bt[j] = pickT[j];
        System.arraycopy(pickY[j], 0, by, j * dim, dim);
      }
      batched.derivatives(m, bt, by, bout);
      for (int j = 0; j < m; j++) {
        System.arraycopy(bout, j * dim, pickOut[j], 0, dim);
        pick[j].st.nfe++;
      }
      return;
    }
    for (int j = 0; j < m; j++) {
      f.derivative(pickT[j], pickY[j], pickOut[j]); // row-sized buffers of the row's stepper
      pick[j].st.nfe++;
    }
  }
}
