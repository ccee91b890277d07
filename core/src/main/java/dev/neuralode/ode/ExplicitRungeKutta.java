package dev.neuralode.ode;

import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;

/**
 * One generic explicit Runge–Kutta stepper for any {@link ButcherTableau}: it computes a step and,
 * for an embedded pair, its error ratio, but never decides acceptance (a {@link StepSizeController}
 * does). The state update is built from {@link Tensor#linearCombination} over the nonzero tableau
 * entries only, so autograd records it whenever y or f's parameters require a gradient; the error
 * norm is plain {@code double} arithmetic and is never recorded.
 *
 * <p>A step evaluates the tableau's {@link ButcherTableau#stages()} stages; the extension's extra stages
 * (DOP853's three dense-output stages, {@link ButcherTableau.Extension}) and, for a Hermite interpolant without FSAL, the end slope
 * f(t1, y1) are computed only by {@link #prepareDense}, when a value inside the step is needed.
 *
 * <p>Immutable and thread-safe: all per-step data lives in the returned {@link Step}.
 */
final class ExplicitRungeKutta {
  private final ButcherTableau tableau;
  private final double[] c;
  private final int[][] aIdx;
  private final double[][] aVal;
  private final int[] bIdx;
  private final double[] bVal;
  private final double[] err;
  private final double[] errLow;
  private final int stepStages;
  private final boolean fsal;

  /**
   * One attempted step from (t0, y0) to (t1, y1) of signed size h, with its stages. The array k has one
   * slot per tableau stage; dense-output-only stages and the Hermite end slope are filled in by
   * {@link #prepareDense} (once; a step is confined to one solve and one thread).
   */
  static final class Step {
    private final double t0;
    private final double t1;
    private final double h;
    private final Tensor y0;
    private final Tensor y1;
    private final Tensor[] k;
    private Tensor endSlope;
    private boolean prepared;
    private double tLast;
    private final double tCut;
    private final Tensor yCut;

    Step(double t0, double t1, double h, Tensor y0, Tensor y1, Tensor[] k) {
      this.tLast = t1;
      this.t0 = t0;
      this.t1 = t1;
      this.h = h;
      this.y0 = y0;
      this.y1 = y1;
      this.k = k;
      this.tCut = t1;
      this.yCut = y1;
    }

    private Step(Step s, double tCut, Tensor yCut) {
      this.t0 = s.t0;
      this.t1 = s.t1;
      this.h = s.h;
      this.y0 = s.y0;
      this.y1 = s.y1;
      this.k = s.k;
      this.endSlope = s.endSlope;
      this.prepared = s.prepared;
      this.tLast = s.tLast;
      this.tCut = tCut;
      this.yCut = yCut;
    }

    /**
     * This step, valid only up to tCut (an event that stopped the solve or reset the state): the same
     * interpolant, with {@link #end()} = tCut and {@link #yEnd()} = yCut. The step must be prepared.
     */
    Step cutAt(double tCut, Tensor yCut) {
      return new Step(this, tCut, yCut);
    }

    /** The end of the step's valid range: t1, or the event time it was cut at. */
    double end() {
      return tCut;
    }

    /** The state at {@link #end()}. */
    Tensor yEnd() {
      return yCut;
    }

    double t0() {
      return t0;
    }

    double t1() {
      return t1;
    }

    double h() {
      return h;
    }

    Tensor y0() {
      return y0;
    }

    Tensor y1() {
      return y1;
    }

    Tensor[] k() {
      return k;
    }

    /** f(t1, y1) when known: the FSAL stage, or the slope computed by prepareDense; else null. */
    Tensor endSlope() {
      return endSlope;
    }

    /**
     * The step's tensors as arrays, copied once on first use (for {@link Interpolant}'s flat
     * evaluation): [y0, y1, yEnd, endSlope or null, k0, k1, …]. The step must be prepared. Safe to
     * call from several threads: a race copies the same values twice.
     */
    double[][] arrays() {
      double[][] a = arrays;
      if (a == null) {
        a = new double[4 + k.length][];
        a[0] = y0.toArray();
        a[1] = y1.toArray();
        a[2] = yCut == y1 ? a[1] : yCut.toArray();
        a[3] = endSlope == null ? null : endSlope.toArray();
        for (int i = 0; i < k.length; i++) {
          a[4 + i] = k[i] == null ? null : k[i].toArray();
        }
        arrays = a;
      }
      return a;
    }

    private volatile double[][] arrays;
  }

  ExplicitRungeKutta(ButcherTableau tableau) {
    this.tableau = tableau;
    this.c = tableau.allC();
    double[][] a = tableau.allA();
    int s = c.length;
    aIdx = new int[s][];
    aVal = new double[s][];
    for (int i = 0; i < s; i++) {
      aIdx[i] = nonzero(a[i]);
      aVal[i] = pick(a[i], aIdx[i]);
    }
    double[] b = tableau.b();
    bIdx = nonzero(b);
    bVal = pick(b, bIdx);
    err = tableau.bError();
    errLow = tableau.bErrorLow();
    stepStages = tableau.stages();
    fsal = tableau.fsal();
  }

  ButcherTableau tableau() {
    return tableau;
  }

  /** As {@link #step(Evaluator, double, double, double, double, Tensor, Tensor)} with tLast = tEnd. */
  Step step(Evaluator f, double t, double h, double tEnd, Tensor y, Tensor k0) {
    return step(f, t, h, tEnd, tEnd, y, k0);
  }

  /**
   * Attempts one step of signed size h from (t, y).
   *
   * @param f the counted right-hand side
   * @param t the start time
   * @param h the signed step size
   * @param tEnd the end time, t + h up to rounding
   * @param tLast the time at which stages with c_i = 1 are evaluated: tEnd, or just before it when the
   *     step ends at a jump time; a step clamped to the final time never evaluates f beyond it
   * @param y the state at t, not modified
   * @param k0 f(t, y) if already known (FSAL, or evaluated by the driver), else null
   * @return the step; its stages k_i, and y1 = y + h·Σ b_i k_i
   */
  Step step(Evaluator f, double t, double h, double tEnd, double tLast, Tensor y, Tensor k0) {
    Tensor[] k = new Tensor[c.length];
    k[0] = k0 != null ? k0 : f.eval(t, y);
    Tensor stageY = y;
    for (int i = 1; i < stepStages; i++) {
      stageY = combine(y, h, aIdx[i], aVal[i], k);
      double ti = c[i] == 1.0 ? tLast : t + c[i] * h;
      k[i] = f.eval(ti, stageY);
    }
    Tensor y1 = fsal ? stageY : combine(y, h, bIdx, bVal, k);
    Step st = new Step(t, tEnd, h, y, y1, k);
    st.tLast = tLast;
    if (fsal) {
      st.endSlope = k[stepStages - 1];
    }
    return st;
  }

  /**
   * Makes an accepted step ready for interpolation: evaluates the dense-output-only stages (DOP853) or,
   * for a Hermite interpolant without FSAL, the end slope f(t1, y1). Does nothing the second time.
   *
   * @param f the counted right-hand side (evaluations are counted in the solve's NFE)
   * @param st the accepted step; modified (its missing stages are filled in)
   * @param hermite whether the interpolant is the cubic Hermite one, which needs the end slope
   */
  void prepareDense(Evaluator f, Step st, boolean hermite) {
    if (st.prepared) {
      return;
    }
    st.prepared = true;
    for (int i = stepStages; i < c.length; i++) {
      Tensor stageY = combine(st.y0, st.h, aIdx[i], aVal[i], st.k);
      st.k[i] = f.eval(st.t0 + c[i] * st.h, stageY);
    }
    if (hermite && st.endSlope == null) {
      st.endSlope = f.eval(st.tLast, st.y1); // just before a jump time when the step ends at one
    }
  }

  /** y + h·Σ_j w_j k_{idx_j}, as one recorded linear combination. */
  static Tensor combine(Tensor y, double h, int[] idx, double[] w, Tensor[] k) {
    if (idx.length == 0) {
      return y;
    }
    double[] coeffs = new double[idx.length + 1];
    Tensor[] terms = new Tensor[idx.length + 1];
    coeffs[0] = 1.0;
    terms[0] = y;
    for (int j = 0; j < idx.length; j++) {
      coeffs[j + 1] = h * w[j];
      terms[j + 1] = k[idx[j]];
    }
    return Tensor.linearCombination(coeffs, terms);
  }

  /**
   * The error ratio of an attempted step: ‖q‖ with q_i = err_i / (atol_i + rtol_i·max(|y0_i|, |y1_i|)) and
   * err = h·Σ_j bError_j k_j (torchdiffeq's {@code _compute_error_ratio}; RMS by default). With a second,
   * low-order estimate (DOP853) the ratio is e₅²/√(e₅² + 0.01·e₃²) of the two norms, which for the RMS
   * norm equals scipy's {@code DOP853._estimate_error_norm} and Hairer's {@code DOP853}. An entry whose
   * tolerance is 0 contributes 0 if its error is 0, else makes the ratio +∞.
   *
   * @return the ratio, or +∞ if y1 or the error estimate has a non-finite entry
   */
  double errorRatio(Step st, EntryTolerances tol, ErrorNorm norm) {
    int n = st.y0.size();
    if (n == 0) {
      return 0.0;
    }
    double[] y0 = st.y0.toArray();
    double[] y1 = st.y1.toArray();
    double[] q5 = scaled(st, err, y0, y1, tol);
    if (q5 == null) {
      return Double.POSITIVE_INFINITY;
    }
    double e5 = norm.apply(q5);
    if (errLow == null) {
      return Double.isFinite(e5) ? e5 : Double.POSITIVE_INFINITY;
    }
    double[] q3 = scaled(st, errLow, y0, y1, tol);
    if (q3 == null) {
      return Double.POSITIVE_INFINITY;
    }
    double e3 = norm.apply(q3);
    if (e5 == 0.0 && e3 == 0.0) {
      return 0.0;
    }
    double r = e5 * e5 / Math.sqrt(e5 * e5 + 0.01 * e3 * e3);
    return Double.isFinite(r) ? r : Double.POSITIVE_INFINITY;
  }

  /** The scaled error of one estimate, or null if an entry is not finite or exceeds a zero tolerance. */
  private static double[] scaled(Step st, double[] w, double[] y0, double[] y1, EntryTolerances tol) {
    int n = y0.length;
    double[] e = errorSum(st.k, w, n);
    for (int i = 0; i < n; i++) {
      double ei = e[i] * st.h;
      if (!Double.isFinite(ei) || !Double.isFinite(y1[i])) {
        return null;
      }
      double sc = tol.atol(i) + tol.rtol(i) * Math.max(Math.abs(y0[i]), Math.abs(y1[i]));
      if (sc > 0.0) {
        e[i] = ei / sc;
      } else if (ei == 0.0) {
        e[i] = 0.0;
      } else {
        return null;
      }
    }
    return e;
  }

  /**
   * Σ_j w_j k_j over the nonzero weights, accumulated from 0 in stage order: one unrecorded linear
   * combination read once (the same sums as adding the stages term by term).
   */
  private static double[] errorSum(Tensor[] k, double[] w, int n) {
    int count = 0;
    for (double x : w) {
      if (x != 0.0) {
        count++;
      }
    }
    if (count == 0) {
      return new double[n];
    }
    double[] coeffs = new double[count];
    Tensor[] terms = new Tensor[count];
    for (int j = 0, p = 0; j < w.length; j++) {
      if (w[j] != 0.0) {
        coeffs[p] = w[j];
        terms[p++] = k[j];
      }
    }
    try (Autograd.Scope s = Autograd.noGrad()) {
      return Tensor.linearCombination(coeffs, terms).toArray();
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
    int p = 0;
    for (int i = 0; i < v.length; i++) {
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
