package dev.neuralode.ode;

/**
 * The weighted sums of the flat engine's Runge–Kutta stages ({@link FlatStepper}): stage states, step
 * ends, error estimates and dense output, formed with the same additions in the same order per entry as
 * {@code Tensor.linearCombination}, so that flat and Tensor solves give the same bits.
 */
final class StageSums {
  private StageSums() {}

  /**
   * out = ((0 + c0·x0) + coef[0]·terms[0]) + … over m terms (c0 = 0 skips x0): per entry the same
   * additions in the same order as {@code Tensor.linearCombination}, a term at a time over the first len
   * entries. out must not alias a term.
   *
   * @param c0 the weight of x0, or 0 for none
   * @param x0 the base (unread when c0 is 0)
   * @param m the number of terms
   * @param coef the terms' weights, at least m
   * @param terms the terms, at least m
   * @param out the result's first len entries are written
   * @param len the number of entries
   */
  static void sum(double c0, double[] x0, int m, double[] coef, double[][] terms, double[] out, int len) {
    if (len < WIDE) {
      narrowSum(c0, x0, m, coef, terms, out, len);
      return;
    }
    int j = 0;
    if (c0 != 0.0 && m == 1) {
      // Euler's step and every one-term sum: one pass, the same two additions per entry
      double c = coef[0];
      double[] a = terms[0];
      for (int i = 0; i < len; i++) {
        out[i] = (0.0 + c0 * x0[i]) + c * a[i];
      }
      return;
    } else if (c0 != 0.0) {
      for (int i = 0; i < len; i++) {
        out[i] = 0.0 + c0 * x0[i];
      }
    } else if (m > 0) {
      double c = coef[0];
      double[] a = terms[0];
      for (int i = 0; i < len; i++) {
        out[i] = 0.0 + c * a[i];
      }
      j = 1;
    } else {
      java.util.Arrays.fill(out, 0, len, 0.0);
    }
    // up to four terms per pass over out; per entry still ((out + c_j·a_j) + c_j+1·a_j+1) + …
    for (; j + 3 < m; j += 4) {
      double c1 = coef[j];
      double c2 = coef[j + 1];
      double c3 = coef[j + 2];
      double c4 = coef[j + 3];
      double[] a1 = terms[j];
      double[] a2 = terms[j + 1];
      double[] a3 = terms[j + 2];
      double[] a4 = terms[j + 3];
      for (int i = 0; i < len; i++) {
        out[i] = (((out[i] + c1 * a1[i]) + c2 * a2[i]) + c3 * a3[i]) + c4 * a4[i];
      }
    }
    if (j + 1 < m) {
      double c1 = coef[j];
      double c2 = coef[j + 1];
      double[] a1 = terms[j];
      double[] a2 = terms[j + 1];
      for (int i = 0; i < len; i++) {
        out[i] = (out[i] + c1 * a1[i]) + c2 * a2[i];
      }
      j += 2;
    }
    if (j < m) {
      double c = coef[j];
      double[] a = terms[j];
      for (int i = 0; i < len; i++) {
        out[i] += c * a[i];
      }
    }
  }

  /**
   * The least length {@link #sum} forms a term at a time over all entries (loops that C2 vectorizes);
   * shorter sums go entry by entry. Besides being faster for a few entries, this keeps the long loops'
   * trip-count profile free of short sums: C2 compiles a loop whose profile saw mostly short trips
   * without unrolling or vectorizing it, for good (measured on JDK 17: a 2,048-entry sum ran 3× slower
   * once the same loop had first served 2-entry sums).
   */
  static final int WIDE = 64;

  /**
   * {@link #sum} for len &lt; {@link #WIDE}: entry by entry, all terms of an entry in turn, which is
   * the same additions in the same order per entry.
   */
  private static void narrowSum(double c0, double[] x0, int m, double[] coef, double[][] terms, double[] out,
      int len) {
    for (int i = 0; i < len; i++) {
      double v;
      int j = 0;
      if (c0 != 0.0) {
        v = 0.0 + c0 * x0[i];
      } else if (m > 0) {
        v = 0.0 + coef[0] * terms[0][i];
        j = 1;
      } else {
        v = 0.0;
      }
      for (; j < m; j++) {
        v += coef[j] * terms[j][i];
      }
      out[i] = v;
    }
  }
}
