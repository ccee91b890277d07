package dev.neuralode.ode;

/**
 * The flat twin of {@link ExplicitRungeKutta} and {@link Interpolant}: one explicit Runge–Kutta step of
 * any {@link ButcherTableau}, its error ratio and its dense output, on preallocated {@code double[]}
 * buffers, with no allocation per step. Every sum is formed per entry in the same order as the Tensor
 * path's {@code Tensor.linearCombination} (accumulated from 0 term by term, terms whose coefficient is
 * exactly 0 skipped), so a flat solve gives the same bits as the Tensor solve.
 *
 * <p>Buffers: {@link #y} holds the state at the step's start, {@link #y1} the state at its end, {@code
 * k[i]} stage i. {@link #accept()} makes the end the next start (swapping buffers, reusing the FSAL stage
 * or the Hermite end slope as the next first stage). One per solve; not thread-safe.
 */
final class FlatStepper {
  final int n;
  private FlatOde f;
  final double[] c;
  final int[][] aIdx;
  final double[][] aVal;
  final int[] bIdx;
  final double[] bVal;
  final int[] eIdx;
  final double[] eVal;
  final int[] lIdx;
  private final double[] lVal;
  final int stepStages;
  final boolean fsal;
  final int[] dIdx;
  final double[][] poly;
  final double[][] k;
  double[] y;
  double[] y1;
  private double[] stage;
  private double[] endSlope;
  private final double[] q;
  private final double[] coef;
  private final double[][] terms;
  /** The leading entries f reads ({@link FlatOde#readLength}): the ones formed in intermediate stage states. */
  private int reads;
  /** Whether k[0] holds f(t, y) for the current start. */
  boolean k0Known;
  private boolean endSlopeKnown;
  private boolean prepared;
  private double t0;
  private double h;
  private double tLast;
  private double tEnd;
  int nfe;

  FlatStepper(ButcherTableau tableau, FlatOde f, double[] y0) {
    this.f = f;
    this.n = y0.length;
    this.c = tableau.allC();
    double[][] a = tableau.allA();
    int s = c.length;
    aIdx = new int[s][];
    aVal = new double[s][];
    for (int i = 0; i < s; i++) {
      aIdx[i] = nonzero(a[i]);
      aVal[i] = pick(a[i], aIdx[i]);
    }
    bIdx = nonzero(tableau.b());
    bVal = pick(tableau.b(), bIdx);
    double[] err = tableau.bError();
    eIdx = err == null ? null : nonzero(err);
    eVal = err == null ? null : pick(err, eIdx);
    double[] low = tableau.bErrorLow();
    lIdx = low == null ? null : nonzero(low);
    lVal = low == null ? null : pick(low, lIdx);
    stepStages = tableau.stages();
    fsal = tableau.fsal();
    double[][] dense = tableau.allDense();
    if (dense == null) {
      dIdx = null;
      poly = null;
    } else {
      int count = 0;
      for (double[] row : dense) {
        count += nonzero(row).length > 0 ? 1 : 0;
      }
      dIdx = new int[count];
      poly = new double[count][];
      for (int i = 0, p = 0; i < dense.length; i++) {
        if (nonzero(dense[i]).length > 0) {
          dIdx[p] = i;
          poly[p++] = dense[i];
        }
      }
    }
    k = new double[s][n];
    y = y0.clone();
    y1 = new double[n];
    stage = new double[n];
    endSlope = new double[n];
    q = new double[n];
    coef = new double[Math.max(s + 1, 4)];
    terms = new double[Math.max(s + 1, 4)][];
    reads = reads(f, n);
  }

  /** f's {@link FlatOde#readLength}, checked. */
  private static int reads(FlatOde f, int n) {
    int m = f.readLength(n);
    if (m < 0 || m > n) {
      throw new IllegalStateException("readLength(" + n + ") must be from 0 to " + n + "; got " + m);
    }
    return m;
  }

  /**
   * Prepares this stepper for a new solve of the same length with another right-hand side and
   * initial state, reusing the tableau's sparse form and every buffer: as a new stepper would be.
   */
  void reset(FlatOde g, double[] y0) {
    f = g;
    reads = reads(g, n);
    System.arraycopy(y0, 0, y, 0, n);
    k0Known = false;
    endSlopeKnown = false;
    prepared = false;
    nfe = 0;
  }

  /** Counted f(t, y) into out. */
  void eval(double t, double[] in, double[] out) {
    nfe++;
    f.derivative(t, in, out);
  }

  /** Whether the interpolant is the cubic Hermite fallback. */
  boolean hermite() {
    return dIdx == null;
  }

  /**
   * Attempts a step of signed size h from (t, {@link #y}) into {@link #y1} (see {@link
   * ExplicitRungeKutta#step}); k[0] is evaluated first unless {@link #k0Known}.
   */
  void step(double t, double hStep, double end, double last) {
    begin(t, hStep, end, last);
    if (!k0Known) {
      eval(t, y, k[0]);
      k0Known = true;
    }
    for (int i = 1; i < stepStages; i++) {
      eval(stageTime(i), stageState(i), k[i]);
    }
    finish();
  }

  /** Starts a step (the stage-by-stage form of {@link #step}, for the per-row driver). */
  void begin(double t, double hStep, double end, double last) {
    t0 = t;
    h = hStep;
    tEnd = end;
    tLast = last;
    prepared = false;
    endSlopeKnown = false;
  }

  /** The number of stages of a step. */
  int stepStages() {
    return stepStages;
  }

  /** The time of stage i ≥ 1 of the step begun. */
  double stageTime(int i) {
    return c[i] == 1.0 ? tLast : t0 + c[i] * h;
  }

  /**
   * The state at which stage i ≥ 1 is evaluated (a buffer, or y itself); f's value goes into k[i]. An
   * intermediate stage's buffer holds only the entries f reads; the FSAL stage's state is the step's end
   * state, whole.
   */
  double[] stageState(int i) {
    boolean end = fsal && i == stepStages - 1;
    return combine(y, h, aIdx[i], aVal[i], end ? y1 : stage, end ? n : reads);
  }

  /** Completes the step once every stage is known: y1. */
  void finish() {
    if (fsal) {
      double[] last = stepStages > 1 ? stageStateAfter() : y;
      if (last != y1) {
        System.arraycopy(last, 0, y1, 0, n);
      }
      endSlopeKnown = true;
    } else {
      double[] r = combine(y, h, bIdx, bVal, y1, n);
      if (r != y1) {
        System.arraycopy(r, 0, y1, 0, n);
      }
    }
  }

  /** Where the last stage's state was left: y1, or y when that stage has no terms. */
  private double[] stageStateAfter() {
    return aIdx[stepStages - 1].length == 0 ? y : y1;
  }

  /**
   * base + h·Σ_j w_j k_{idx_j} into the first len entries of out (or base itself when there are no
   * terms), as the Tensor path.
   */
  private double[] combine(double[] base, double hStep, int[] idx, double[] w, double[] out, int len) {
    if (idx.length == 0) {
      return base;
    }
    int m = 0;
    for (int j = 0; j < idx.length; j++) {
      double cj = hStep * w[j];
      if (cj != 0.0) {
        coef[m] = cj;
        terms[m++] = k[idx[j]];
      }
    }
    sum(1.0, base, m, out, len);
    return out;
  }

  /** {@link StageSums#sum} over this stepper's coef and terms. */
  private void sum(double c0, double[] x0, int m, double[] out, int len) {
    StageSums.sum(c0, x0, m, coef, terms, out, len);
  }

  /** The error ratio of the last attempted step, as {@link ExplicitRungeKutta#errorRatio}. */
  double errorRatio(EntryTolerances tol, ErrorNorm norm) {
    if (n == 0) {
      return 0.0;
    }
    // with one estimate and the RMS norm, a non-finite q needs no pass of its own: it makes the RMS
    // non-finite, which gives ∞ below, as the check would
    if (!scaled(eIdx, eVal, tol, lIdx != null || norm != ErrorNorm.RMS)) {
      return Double.POSITIVE_INFINITY;
    }
    double e5 = norm.apply(q);
    if (lIdx == null) {
      return Double.isFinite(e5) ? e5 : Double.POSITIVE_INFINITY;
    }
    if (!scaled(lIdx, lVal, tol, true)) {
      return Double.POSITIVE_INFINITY;
    }
    double e3 = norm.apply(q);
    if (e5 == 0.0 && e3 == 0.0) {
      return 0.0;
    }
    double r = e5 * e5 / Math.sqrt(e5 * e5 + 0.01 * e3 * e3);
    return Double.isFinite(r) ? r : Double.POSITIVE_INFINITY;
  }

  /**
   * q = the scaled error of one estimate; false if an entry is not finite or exceeds a zero tolerance
   * (with the usual tolerances and {@code checkQ} false, a non-finite q is left for the norm to show).
   */
  private boolean scaled(int[] idx, double[] w, EntryTolerances tol, boolean checkQ) {
    int m = idx.length;
    for (int j = 0; j < m; j++) {
      coef[j] = w[j];
      terms[j] = k[idx[j]];
    }
    sum(0.0, null, m, q, n);
    if (tol.scalar() && tol.atol(0) > 0.0 && tol.rtol(0) >= 0.0) {
      // the usual tolerances: the scale is at least atol > 0 wherever y1 is finite, so no branch per
      // entry (a loop C2 vectorizes); a non-finite error or y1 shows as a non-finite q or y1 after it
      // (an error too large for its scale gives ∞ here, as the norm of the loop below would)
      double rtol = tol.rtol(0);
      double atol = tol.atol(0);
      for (int i = 0; i < n; i++) {
        q[i] = q[i] * h / (atol + rtol * Math.max(Math.abs(y[i]), Math.abs(y1[i])));
      }
      return (!checkQ || Finite.all(q, 0, n)) && Finite.all(y1, 0, n);
    }
    if (tol.scalar()) {
      double rtol = tol.rtol(0);
      double atol = tol.atol(0);
      for (int i = 0; i < n; i++) {
        double ei = q[i] * h;
        if (!Double.isFinite(ei) || !Double.isFinite(y1[i])) {
          return false;
        }
        double sc = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(y1[i]));
        if (sc > 0.0) {
          q[i] = ei / sc;
        } else if (ei == 0.0) {
          q[i] = 0.0;
        } else {
          return false;
        }
      }
      return true;
    }
    for (int i = 0; i < n; i++) {
      double ei = q[i] * h;
      if (!Double.isFinite(ei) || !Double.isFinite(y1[i])) {
        return false;
      }
      double sc = tol.atol(i) + tol.rtol(i) * Math.max(Math.abs(y[i]), Math.abs(y1[i]));
      if (sc > 0.0) {
        q[i] = ei / sc;
      } else if (ei == 0.0) {
        q[i] = 0.0;
      } else {
        return false;
      }
    }
    return true;
  }

  /** Whether y1 is finite. */
  boolean endFinite() {
    return Finite.all(y1, 0, n);
  }

  /** The dense-output stages or the Hermite end slope, as {@link ExplicitRungeKutta#prepareDense}. */
  private void prepare() {
    if (prepared) {
      return;
    }
    for (int i = stepStages; i < c.length; i++) {
      eval(extraTime(i), extraState(i), k[i]);
    }
    if (needsEndSlope()) {
      eval(tLast, y1, endSlope);
    }
    markPrepared();
  }

  /** Whether a value strictly inside the step needs evaluations first (dense stages or end slope). */
  boolean needsPrepare() {
    return !prepared && (c.length > stepStages || needsEndSlope());
  }

  /** The number of stages including the dense-output-only ones. */
  int allStages() {
    return c.length;
  }

  /** The time of dense-output stage i ≥ stepStages(). */
  double extraTime(int i) {
    return t0 + c[i] * h;
  }

  /** The state of dense-output stage i ≥ stepStages() (f's value goes into k[i]). */
  double[] extraState(int i) {
    return combine(y, h, aIdx[i], aVal[i], stage, reads);
  }

  /** Whether the Hermite interpolant still needs f(tLast, y1). */
  boolean needsEndSlope() {
    return dIdx == null && !endSlopeKnown;
  }

  /** The buffer for f(tLast, y1) and its time. */
  double[] endSlopeBuffer() {
    return endSlope;
  }

  double lastStageTime() {
    return tLast;
  }

  /** Records that the dense stages (and the end slope, if needed) have been evaluated. */
  void markPrepared() {
    prepared = true;
    if (dIdx == null) {
      endSlopeKnown = true;
    }
  }

  /**
   * The state at {@code time} inside the last attempted (accepted) step, into out, as {@link
   * Interpolant#at}; evaluates the dense stages first when a value strictly inside is needed.
   */
  void interpolate(double time, double[] out) {
    if (time == tEnd) {
      System.arraycopy(y1, 0, out, 0, n);
      return;
    }
    if (time == t0) {
      System.arraycopy(y, 0, out, 0, n);
      return;
    }
    prepare();
    double theta = (time - t0) / h;
    int m = 0;
    if (dIdx == null) {
      double t2 = theta * theta;
      double t3 = t2 * theta;
      double[] cs = {2 * t3 - 3 * t2 + 1, 3 * t2 - 2 * t3, h * (t3 - 2 * t2 + theta), h * (t3 - t2)};
      double[][] xs = {y, y1, k[0], fsal ? k[stepStages - 1] : endSlope};
      for (int j = 0; j < 4; j++) {
        if (cs[j] != 0.0) {
          coef[m] = cs[j];
          terms[m++] = xs[j];
        }
      }
      sum(0.0, null, m, out, n);
      return;
    }
    for (int j = 0; j < dIdx.length; j++) {
      double[] p = poly[j];
      double v = 0.0;
      for (int r = p.length - 1; r >= 0; r--) {
        v = (v + p[r]) * theta;
      }
      double cj = h * v;
      if (cj != 0.0) {
        coef[m] = cj;
        terms[m++] = k[dIdx[j]];
      }
    }
    sum(1.0, y, m, out, n);
  }

  /**
   * Makes the accepted step's end the next start: y ← y1, and k[0] ← f(t1, y1) when the step knows it
   * (the FSAL stage, or the Hermite end slope computed for dense output).
   */
  void accept() {
    double[] tmp = y;
    y = y1;
    y1 = tmp;
    if (fsal) {
      double[] s = k[0];
      k[0] = k[stepStages - 1];
      k[stepStages - 1] = s;
      k0Known = true;
    } else if (dIdx == null && endSlopeKnown) {
      double[] s = k[0];
      k[0] = endSlope;
      endSlope = s;
      k0Known = true;
    } else {
      k0Known = false;
    }
  }

  private static int[] nonzero(double[] v) {
    int count = 0;
    for (double x : v) {
      if (x != 0.0) {
        count++;
      }
    }
    int[] idx = new int[count];
    for (int i = 0, p = 0; i < v.length; i++) {
      if (v[i] != 0.0) {
        idx[p++] = i;
      }
    }
    return idx;
  }

  private static double[] pick(double[] v, int[] idx) {
    double[] out = new double[idx.length];
    for (int j = 0; j < idx.length; j++) {
      out[j] = v[idx[j]];
    }
    return out;
  }
}
