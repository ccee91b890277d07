package dev.neuralode.tensor;

import java.util.Arrays;

/**
 * Matrix products with optionally transposed operands, C = op(A)·op(B) with op(X) = X or Xᵀ, read
 * in place: no transpose is ever materialised. A is stored row-major as {@code [m, k]}, or as
 * {@code [k, m]} when transposed; B as {@code [k, n]}, or {@code [n, k]} when transposed; C is
 * {@code [m, n]}.
 *
 * <p>Every variant forms each C[i, j] as ((0 + p₀) + p₁) + … over the contraction index in
 * increasing order, with the products op(A)[i, p]·op(B)[p, j]; so every variant gives the same bits
 * as transposing an operand first and then multiplying. The loop order is chosen for contiguous
 * access: i-p-j (a row of B scaled into a row of C) when B is not transposed, i-j-p (a dot product of
 * two contiguous rows) when it is.
 */
final class MatmulKernels {
  private MatmulKernels() {}

  /** C[m,n] = A[m,k] B[k,n], into a new array. */
  static double[] matmul(double[] a, double[] b, int m, int k, int n) {
    return matmul(a, false, b, false, m, k, n, new double[m * n]);
  }

  /**
   * C = op(A)·op(B) into c (overwritten; it must not alias a or b).
   *
   * @return c
   */
  static double[] matmul(double[] a, boolean transA, double[] b, boolean transB, int m, int k, int n,
      double[] c) {
    if (transB) {
      dotRows(a, transA, b, m, k, n, c);
    } else {
      scaleRows(a, transA, b, m, k, n, c);
    }
    return c;
  }

  /** B not transposed: for each i and p, C[i, :] += op(A)[i, p]·B[p, :]. */
  private static void scaleRows(double[] a, boolean transA, double[] b, int m, int k, int n, double[] c) {
    Arrays.fill(c, 0, m * n, 0.0);
    if (!transA) {
      for (int i = 0; i < m; i++) {
        int ci = i * n;
        int ai = i * k;
        for (int p = 0; p < k; p++) {
          double av = a[ai + p];
          int bp = p * n;
          for (int j = 0; j < n; j++) {
            c[ci + j] += av * b[bp + j];
          }
        }
      }
    } else {
      // A is [k, m]: op(A)[i, p] = a[p·m + i]; p outermost keeps the reads of A and B contiguous.
      for (int p = 0; p < k; p++) {
        int ap = p * m;
        int bp = p * n;
        for (int i = 0; i < m; i++) {
          double av = a[ap + i];
          int ci = i * n;
          for (int j = 0; j < n; j++) {
            c[ci + j] += av * b[bp + j];
          }
        }
      }
    }
  }

  /** B transposed ([n, k]): C[i, j] = Σ_p op(A)[i, p]·B[j, p], one running sum per entry. */
  private static void dotRows(double[] a, boolean transA, double[] b, int m, int k, int n, double[] c) {
    for (int i = 0; i < m; i++) {
      int ci = i * n;
      for (int j = 0; j < n; j++) {
        int bj = j * k;
        double s = 0.0;
        if (!transA) {
          int ai = i * k;
          for (int p = 0; p < k; p++) {
            s += a[ai + p] * b[bj + p];
          }
        } else {
          for (int p = 0; p < k; p++) {
            s += a[p * m + i] * b[bj + p];
          }
        }
        c[ci + j] = s;
      }
    }
  }

  static double[] transpose(double[] a, int m, int n) {
    return transpose(a, m, n, new double[m * n]);
  }

  /** T[n, m] = A[m, n]ᵀ into t (not aliasing a). */
  static double[] transpose(double[] a, int m, int n, double[] t) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        t[j * m + i] = a[i * n + j];
      }
    }
    return t;
  }
}
