package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;

/**
 * One generic explicit Runge–Kutta stepper for any {@link ButcherTableau}: it computes a step and,
 * for an embedded pair, its error ratio, but never decides acceptance (a {@link StepSizeController}
 * does). The state update is built from {@link Tensor#linearCombination} over the nonzero tableau
 * entries only, so autograd records it whenever y or f's parameters require a gradient; the error
 * norm is plain {@code double} arithmetic and is never recorded.
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
  private final int[] errIdx;
  private final double[] errVal;

  /** The result of one attempted step from (t0, y0) to (t1, y1) of signed size h. */
  record Step(double t0, double t1, double h, Tensor y0, Tensor y1, Tensor[] k) {}

  ExplicitRungeKutta(ButcherTableau tableau) {
    this.tableau = tableau;
    this.c = tableau.c();
    double[][] a = tableau.a();
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
    double[] e = tableau.bError();
    errIdx = e == null ? null : nonzero(e);
    errVal = e == null ? null : pick(e, errIdx);
  }

  ButcherTableau tableau() {
    return tableau;
  }

  /**
   * Attempts one step of signed size h from (t, y).
   *
   * @param f the counted right-hand side
   * @param t the start time
   * @param h the signed step size
   * @param tEnd the end time, t + h up to rounding; stages with c_i = 1 are evaluated exactly there, so
   *     a step clamped to the final time never evaluates f beyond it
   * @param y the state at t, not modified
   * @param k0 f(t, y) if already known (FSAL), else null and it is evaluated here
   * @return the step; its stages k_i, and y1 = y + h·Σ b_i k_i
   */
  Step step(Evaluator f, double t, double h, double tEnd, Tensor y, Tensor k0) {
    int s = c.length;
    Tensor[] k = new Tensor[s];
    k[0] = k0 != null ? k0 : f.eval(t, y);
    Tensor stageY = y;
    for (int i = 1; i < s; i++) {
      stageY = combine(y, h, aIdx[i], aVal[i], k);
      double ti = c[i] == 1.0 ? tEnd : t + c[i] * h;
      k[i] = f.eval(ti, stageY);
    }
    Tensor y1 = tableau.fsal() ? stageY : combine(y, h, bIdx, bVal, k);
    return new Step(t, tEnd, h, y, y1, k);
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
   * The error ratio of an attempted step: the RMS over all entries of err_i / (atol + rtol·max(|y0_i|,
   * |y1_i|)) with err = h·Σ bError_j k_j (torchdiffeq's {@code _compute_error_ratio} with
   * {@code _rms_norm}). An entry whose tolerance is 0 contributes 0 if its error is 0, else +∞.
   *
   * @return the ratio, or +∞ if y1 or the error estimate has a non-finite entry
   */
  double errorRatio(Step st, double rtol, double atol) {
    Tensor y0 = st.y0();
    Tensor y1 = st.y1();
    Tensor[] k = st.k();
    int n = y0.size();
    if (n == 0) {
      return 0.0;
    }
    int m = errIdx.length;
    Tensor[] ks = new Tensor[m];
    for (int j = 0; j < m; j++) {
      ks[j] = k[errIdx[j]];
    }
    double h = st.h();
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      double e = 0.0;
      for (int j = 0; j < m; j++) {
        e += errVal[j] * ks[j].getFlat(i);
      }
      e *= h;
      double a = y0.getFlat(i);
      double b = y1.getFlat(i);
      if (!Double.isFinite(e) || !Double.isFinite(b)) {
        return Double.POSITIVE_INFINITY;
      }
      double tol = atol + rtol * Math.max(Math.abs(a), Math.abs(b));
      double r = tol > 0.0 ? e / tol : (e == 0.0 ? 0.0 : Double.POSITIVE_INFINITY);
      sum += r * r;
    }
    return Math.sqrt(sum / n);
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
