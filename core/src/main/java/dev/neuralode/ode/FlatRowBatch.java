package dev.neuralode.ode;

import java.util.Arrays;

/**
 * The per-row adaptive driver ({@link Odeint#solveRows}) with the rows' buffers side by side: one
 * {@code [rows, dim]} array per stage, so that every stage's linear combination runs as one loop over
 * all rows (each entry scaled by its own row's step size) instead of one short loop per row. Each row
 * still has its own time, step size, controller history, accept/reject decision and step count, and
 * every entry receives the same additions in the same order as {@link FlatStepper} gives a single solve
 * of that row, so the states and statistics are the same bits as {@link FlatRowSolver}'s.
 *
 * <p>Used for tableaus whose dense output is a polynomial in the step's own stages and that have one error
 * estimate (dopri5, tsit5 and the like, {@link #supports}); the others keep {@link FlatRowSolver}'s stepper
 * per row. A step size so small that h·a_ij rounds to 0 (which the single solve skips as a zero
 * coefficient) makes {@link #run} return null, and the caller solves again with {@link FlatRowSolver}.
 */
final class FlatRowBatch {
  private final FlatOde f;
  private final FlatOde.RowTimes batched;
  private final int dim;
  private final int rows;
  private final int n;
  private final FlatStepper form;
  private final double minCoefficient;
  // side-by-side buffers, [rows, dim] row-major
  private final double[] y;
  private final double[] y1;
  private final double[] stage;
  private final double[][] k;
  private final double[] q;
  /** Each entry's row step size (0 for rows that are not stepping this iteration). */
  private final double[] hEntry;
  // per row
  private final double[] t;
  private final double[] h;
  private final double[] hStep;
  private final double[] tEnd;
  private final double[] tLast;
  private final boolean[] atJump;
  private final boolean[] lastNonFinite;
  private final boolean[] tookStep;
  private final boolean[] k0Known;
  private final int[] jump;
  private final int[] accepted;
  private final int[] rejected;
  private final int[] next;
  private final int[] nfe;
  private final boolean[] decisionAccepted;
  private final double[] decisionNext;
  private final StepSizeRule.History[] history;
  // evaluation buffers
  private final int[] active;
  private final int[] pick;
  private final double[] pickT;
  private final double[] rowIn;
  private final double[] rowOut;
  private final double[] rowQ;
  private final double[] bt;
  private final double[] by;
  private final double[] bout;

  /** Whether the tableau's steps and dense output can be formed side by side (see the class comment). */
  static boolean supports(ButcherTableau tableau) {
    return tableau.adaptive() && tableau.allDense() != null && tableau.allC().length == tableau.stages()
        && tableau.bErrorLow() == null && tableau.bError() != null;
  }

  private FlatRowBatch(FlatOde f, double[] y0, int count, ButcherTableau tableau) {
    this.f = f;
    this.batched = f instanceof FlatOde.RowTimes r ? r : null;
    this.rows = count;
    this.n = y0.length;
    this.dim = n / count;
    form = new FlatStepper(tableau, f, new double[dim]);
    double min = Double.POSITIVE_INFINITY;
    for (double[] w : form.aVal) {
      for (double v : w) {
        min = Math.min(min, Math.abs(v));
      }
    }
    for (double v : form.bVal) {
      min = Math.min(min, Math.abs(v));
    }
    minCoefficient = min;
    int s = form.c.length;
    y = y0.clone();
    y1 = new double[n];
    stage = new double[n];
    k = new double[s][n];
    q = new double[n];
    hEntry = new double[n];
    t = new double[count];
    h = new double[count];
    hStep = new double[count];
    tEnd = new double[count];
    tLast = new double[count];
    atJump = new boolean[count];
    lastNonFinite = new boolean[count];
    tookStep = new boolean[count];
    k0Known = new boolean[count];
    jump = new int[count];
    accepted = new int[count];
    rejected = new int[count];
    next = new int[count];
    Arrays.fill(next, 1);
    nfe = new int[count];
    decisionAccepted = new boolean[count];
    decisionNext = new double[count];
    history = new StepSizeRule.History[count];
    Arrays.fill(history, StepSizeRule.History.NONE);
    active = new int[count];
    pick = new int[count];
    pickT = new double[count];
    rowIn = new double[dim];
    rowOut = new double[dim];
    rowQ = new double[dim];
    bt = new double[count];
    by = new double[n];
    bout = new double[n];
  }

  /**
   * Solves every row with its own step control, as {@link FlatRowSolver#run} does for adaptive methods.
   *
   * @return the outputs, or null when a step size too small to form side by side appeared (solve again
   *     with {@link FlatRowSolver})
   */
  static FlatSolver.Outputs run(FlatOde f, double[] y0, int count, double[] times, Solver solver,
      ButcherTableau tableau) {
    return new FlatRowBatch(f, y0, count, tableau).adaptive(times, solver, tableau);
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
    int stages = form.stepStages;
    boolean fsal = form.fsal;
    double[][] ys = new double[times.length][];
    ys[0] = y.clone();
    for (int i = 1; i < times.length; i++) {
      ys[i] = new double[n];
    }

    for (int r = 0; r < rows; r++) {
      pick[r] = r;
      pickT[r] = t0;
    }
    evaluate(rows, y, k[0]);
    for (int r = 0; r < rows; r++) {
      k0Known[r] = true;
      for (int i = 0; i < dim; i++) {
        if (!Double.isFinite(k[0][r * dim + i])) {
          throw new NonFiniteStateException(name + " row " + r + ": f(t0, y0) is not finite at t0="
              + t0 + "; check f and y0", t0);
        }
      }
    }
    double span = Math.abs(tFinal - t0);
    if (Double.isNaN(control.firstStep())) {
      InitialStep.Probe[] probes = new InitialStep.Probe[rows];
      for (int r = 0; r < rows; r++) {
        probes[r] = new InitialStep.Probe(Arrays.copyOfRange(y, r * dim, r * dim + dim),
            Arrays.copyOfRange(k[0], r * dim, r * dim + dim), tol, norm, direction, Math.min(span, maxStep));
        System.arraycopy(probes[r].y1, 0, stage, r * dim, dim);
        pick[r] = r;
        pickT[r] = probes[r].time(t0);
      }
      double[] f1 = new double[n];
      evaluate(rows, stage, f1);
      for (int r = 0; r < rows; r++) {
        h[r] = probes[r].finish(Arrays.copyOfRange(f1, r * dim, r * dim + dim), order);
      }
    } else {
      Arrays.fill(h, control.firstStep());
    }
    for (int r = 0; r < rows; r++) {
      h[r] = direction * FlatSolver.clamp(h[r], minStep, maxStep);
      t[r] = t0;
    }

    double[] out = new double[dim];
    while (true) {
      int a = 0;
      for (int r = 0; r < rows; r++) {
        if (direction * (tFinal - t[r]) > 0.0) {
          active[a++] = r;
        }
      }
      if (a == 0) {
        break;
      }
      Arrays.fill(hEntry, 0.0);
      for (int j = 0; j < a; j++) {
        int r = active[j];
        begin(r, name, t0, tFinal, direction, jumps, maxSteps);
        if (Math.abs(hStep[r]) * minCoefficient == 0.0) {
          return null; // h·a_ij would round to 0: the single solve skips such terms
        }
        for (int i = r * dim, end = i + dim; i < end; i++) {
          hEntry[i] = hStep[r];
        }
      }
      int m = 0;
      for (int j = 0; j < a; j++) {
        int r = active[j];
        if (!k0Known[r]) {
          pick[m] = r;
          pickT[m++] = t[r];
          k0Known[r] = true;
        }
      }
      evaluate(m, y, k[0]);
      for (int i = 1; i < stages; i++) {
        double[] target = fsal && i == stages - 1 ? y1 : stage;
        double[] state = combine(form.aIdx[i], form.aVal[i], target);
        double c = form.c[i];
        for (int j = 0; j < a; j++) {
          int r = active[j];
          pick[j] = r;
          pickT[j] = c == 1.0 ? tLast[r] : t[r] + c * hStep[r];
        }
        evaluate(a, state, k[i]);
      }
      if (fsal) {
        if (stages <= 1 || form.aIdx[stages - 1].length == 0) {
          System.arraycopy(y, 0, y1, 0, n);
        }
      } else {
        double[] r = combine(form.bIdx, form.bVal, y1);
        if (r != y1) {
          System.arraycopy(r, 0, y1, 0, n);
        }
      }
      errorSums();
      for (int j = 0; j < a; j++) {
        int r = active[j];
        double ratio = errorRatio(r, tol, norm);
        lastNonFinite[r] = ratio == Double.POSITIVE_INFINITY;
        StepSizeRule.Decision decision = controller.decide(hStep[r], ratio, order, history[r]);
        decisionAccepted[r] = decision.accepted();
        decisionNext[r] = decision.nextStep();
        tookStep[r] = decisionAccepted[r] && !lastNonFinite[r];
        if (tookStep[r]) {
          accepted[r]++;
          history[r] = history[r].push(ratio);
        } else {
          rejected[r]++;
          history[r] = history[r].rejected();
          if (minStep > 0.0 && Math.abs(hStep[r]) <= minStep) {
            throw FlatSolver.underflow(name + " row " + r, t[r], hStep[r], lastNonFinite[r],
                "a step of |h| <= minStep=" + minStep + " was rejected");
          }
        }
      }
      m = 0;
      for (int j = 0; j < a; j++) {
        int r = active[j];
        if (tookStep[r]) {
          while (next[r] < times.length && direction * (times[next[r]] - tEnd[r]) <= 0.0) {
            interpolate(r, times[next[r]], out);
            System.arraycopy(out, 0, ys[next[r]++], r * dim, dim);
          }
          copy(y1, r * dim, y, r * dim);
          if (fsal) {
            copy(k[stages - 1], r * dim, k[0], r * dim);
            k0Known[r] = true;
          } else {
            k0Known[r] = false;
          }
          t[r] = tEnd[r];
          if (atJump[r]) {
            jump[r]++;
            if (direction * (tFinal - t[r]) > 0.0) {
              pick[m] = r;
              pickT[m++] = Math.nextAfter(t[r], tFinal);
              k0Known[r] = true;
            }
            history[r] = StepSizeRule.History.NONE;
          }
        }
        double nextStep = Math.abs(decisionNext[r]);
        if (!decisionAccepted[r] || lastNonFinite[r]) {
          nextStep = Math.min(nextStep, Math.abs(hStep[r]));
        }
        h[r] = direction * FlatSolver.clamp(nextStep, minStep, maxStep);
      }
      evaluate(m, y, k[0]);
    }
    int total = 0;
    int acc = 0;
    int rej = 0;
    for (int r = 0; r < rows; r++) {
      total += nfe[r];
      acc += accepted[r];
      rej += rejected[r];
    }
    return new FlatSolver.Outputs(ys, new SolverStats(total, acc, rej));
  }

  /** Chooses row r's next attempt as {@link FlatSolver#adaptive} does. */
  private void begin(int r, String name, double t0, double tFinal, double direction, double[] jumps,
      int maxSteps) {
    if (accepted[r] + rejected[r] >= maxSteps) {
      throw new MaxStepsExceededException(name + " row " + r + " used maxSteps=" + maxSteps
          + " steps (" + accepted[r] + " accepted, " + rejected[r] + " rejected) and reached t=" + t[r]
          + " of [" + t0 + ", " + tFinal + "]; raise maxSteps, loosen rtol/atol, or check whether the problem"
          + " is stiff", t[r], maxSteps);
    }
    if (!(Math.abs(h[r]) >= 16.0 * Math.ulp(t[r]))) {
      throw FlatSolver.underflow(name + " row " + r, t[r], h[r], lastNonFinite[r], "|h| < 16 ulp(t)");
    }
    double boundary = jump[r] < jumps.length ? jumps[jump[r]] : tFinal;
    atJump[r] = false;
    if (direction * (t[r] + h[r] - boundary) >= -1e-12 * Math.abs(h[r])) {
      tEnd[r] = boundary;
      hStep[r] = boundary - t[r];
      atJump[r] = jump[r] < jumps.length;
    } else {
      tEnd[r] = t[r] + h[r];
      hStep[r] = h[r];
    }
    tLast[r] = atJump[r] ? Math.nextAfter(tEnd[r], t[r]) : tEnd[r];
  }

  /**
   * y + h_row·Σ_j w_j k_{idx_j} for every entry into out (or y itself when there are no terms): per
   * entry (0 + y) and then each term in order, as {@link FlatStepper}'s sum; every h_row·w_j is nonzero
   * for the stepping rows ({@link #run} checks), so no term is skipped where the single solve keeps it.
   * Rows not stepping have h 0 and produce values nobody reads.
   */
  private double[] combine(int[] idx, double[] w, double[] out) {
    int m = idx.length;
    if (m == 0) {
      return y;
    }
    double[] e = hEntry;
    double[] k0 = k[idx[0]];
    double w0 = w[0];
    for (int i = 0; i < n; i++) {
      out[i] = (0.0 + y[i]) + e[i] * w0 * k0[i];
    }
    int j = 1;
    for (; j + 1 < m; j += 2) {
      double[] ka = k[idx[j]];
      double[] kb = k[idx[j + 1]];
      double wa = w[j];
      double wb = w[j + 1];
      for (int i = 0; i < n; i++) {
        out[i] = (out[i] + e[i] * wa * ka[i]) + e[i] * wb * kb[i];
      }
    }
    if (j < m) {
      double[] ka = k[idx[j]];
      double wa = w[j];
      for (int i = 0; i < n; i++) {
        out[i] += e[i] * wa * ka[i];
      }
    }
    return out;
  }

  /** q = Σ_j e_j k_{idx_j} for every entry, from 0 in order, as {@link FlatStepper}'s error sum. */
  private void errorSums() {
    int[] idx = form.eIdx;
    double[] w = form.eVal;
    int m = idx.length;
    if (m == 0) {
      Arrays.fill(q, 0.0);
      return;
    }
    double[] k0 = k[idx[0]];
    double w0 = w[0];
    for (int i = 0; i < n; i++) {
      q[i] = 0.0 + w0 * k0[i];
    }
    for (int j = 1; j < m; j++) {
      double[] ka = k[idx[j]];
      double wa = w[j];
      for (int i = 0; i < n; i++) {
        q[i] += wa * ka[i];
      }
    }
  }

  /** Row r's error ratio from {@link #q}, as {@link FlatStepper#errorRatio} with one estimate. */
  private double errorRatio(int r, EntryTolerances tol, ErrorNorm norm) {
    if (dim == 0) {
      return 0.0;
    }
    double hr = hStep[r];
    int o = r * dim;
    for (int i = 0; i < dim; i++) {
      double ei = q[o + i] * hr;
      double end = y1[o + i];
      if (!Double.isFinite(ei) || !Double.isFinite(end)) {
        return Double.POSITIVE_INFINITY;
      }
      double sc = tol.atol(i) + tol.rtol(i) * Math.max(Math.abs(y[o + i]), Math.abs(end));
      if (sc > 0.0) {
        rowQ[i] = ei / sc;
      } else if (ei == 0.0) {
        rowQ[i] = 0.0;
      } else {
        return Double.POSITIVE_INFINITY;
      }
    }
    double e5 = norm.apply(rowQ);
    return Double.isFinite(e5) ? e5 : Double.POSITIVE_INFINITY;
  }

  /** Row r's state at {@code time} inside its accepted step, as {@link FlatStepper#interpolate}. */
  private void interpolate(int r, double time, double[] out) {
    int o = r * dim;
    if (time == tEnd[r]) {
      System.arraycopy(y1, o, out, 0, dim);
      return;
    }
    if (time == t[r]) {
      System.arraycopy(y, o, out, 0, dim);
      return;
    }
    double hr = hStep[r];
    double theta = (time - t[r]) / hr;
    for (int i = 0; i < dim; i++) {
      out[i] = 0.0 + y[o + i];
    }
    int[] dIdx = form.dIdx;
    for (int j = 0; j < dIdx.length; j++) {
      double[] p = form.poly[j];
      double v = 0.0;
      for (int d = p.length - 1; d >= 0; d--) {
        v = (v + p[d]) * theta;
      }
      double cj = hr * v;
      if (cj != 0.0) {
        double[] kj = k[dIdx[j]];
        for (int i = 0; i < dim; i++) {
          out[i] += cj * kj[o + i];
        }
      }
    }
  }

  /** One row's dim values (a loop: for a few values it is cheaper than System.arraycopy's call). */
  private void copy(double[] from, int fromOffset, double[] to, int toOffset) {
    for (int i = 0; i < dim; i++) {
      to[toOffset + i] = from[fromOffset + i];
    }
  }

  /**
   * Evaluates f for rows pick[0..m) at times pickT[0..m), reading each row's state from {@code src} and
   * writing its derivative into {@code dst} (both side by side); one NFE per row.
   */
  private void evaluate(int m, double[] src, double[] dst) {
    if (m == 0) {
      return;
    }
    if (batched != null) {
      if (m == rows) { // every row, in order: no gathering
        for (int j = 0; j < m; j++) {
          nfe[j]++;
        }
        batched.derivatives(rows, pickT, src, dst);
        return;
      }
      for (int j = 0; j < m; j++) {
        int r = pick[j];
        bt[j] = pickT[j];
        copy(src, r * dim, by, j * dim);
      }
      batched.derivatives(m, bt, by, bout);
      for (int j = 0; j < m; j++) {
        int r = pick[j];
        copy(bout, j * dim, dst, r * dim);
        nfe[r]++;
      }
      return;
    }
    for (int j = 0; j < m; j++) {
      int r = pick[j];
      copy(src, r * dim, rowIn, 0);
      f.derivative(pickT[j], rowIn, rowOut);
      copy(rowOut, 0, dst, r * dim);
      nfe[r]++;
    }
  }
}
