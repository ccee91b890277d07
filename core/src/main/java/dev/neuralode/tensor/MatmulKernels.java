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
 *
 * <p>Products with at least {@link #BLOCK_ROWS} rows and enough work take the blocked path: op(B) is
 * packed once into panels of {@link #PANEL} columns (one contiguous array per contraction index, so
 * the inner loop reads and writes arrays at the same index, which C2 vectorises), and each group of
 * four rows of C is accumulated in four scratch rows while the contraction index runs in increasing
 * order; so every entry still sees exactly the sum above, and the blocked path gives the same bits as
 * the plain loops. Groups of rows are independent tasks ({@link Parallelism}), so the result is also
 * the same for any number of threads.
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
    if (m >= BLOCK_ROWS && n >= 8 && (long) m * n * k >= MIN_BLOCKED_WORK) {
      blocked(a, transA, b, transB, m, k, n, c);
    } else if (n < 8 && m >= NARROW_MIN_ROWS && (long) m * n * k >= MIN_BLOCKED_WORK) {
      narrow(a, transA, b, transB, m, k, n, c);
    } else if (transB) {
      dotRows(a, transA, b, m, k, n, c);
    } else if ((long) m * n * k < MIN_BLOCKED_WORK) {
      SmallMatmulKernels.product(a, transA, b, m, k, n, c);
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
    // four entries of a row at a time: four independent running sums (each the same sum, in the same
    // order, as one at a time), so the additions overlap instead of waiting on one another
    int n4 = n - n % 4;
    int as = transA ? m : 1;
    for (int i = 0; i < m; i++) {
      int ci = i * n;
      int a0 = transA ? i : i * k;
      for (int j = 0; j < n4; j += 4) {
        int b0 = j * k;
        int b1 = b0 + k;
        int b2 = b1 + k;
        int b3 = b2 + k;
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        for (int p = 0; p < k; p++) {
          double av = a[a0 + p * as];
          s0 += av * b[b0 + p];
          s1 += av * b[b1 + p];
          s2 += av * b[b2 + p];
          s3 += av * b[b3 + p];
        }
        c[ci + j] = s0;
        c[ci + j + 1] = s1;
        c[ci + j + 2] = s2;
        c[ci + j + 3] = s3;
      }
      for (int j = n4; j < n; j++) {
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

  /** Rows of C accumulated together on the blocked path. */
  static final int BLOCK_ROWS = 4;
  /** Columns of a packed panel of op(B). */
  static final int PANEL = 256;
  /** Rows of C per parallel task (a multiple of {@link #BLOCK_ROWS}); fixed, so the partition never depends on the thread count. */
  static final int TASK_ROWS = 16;
  /** Products with fewer multiply–adds use the plain loops. */
  static final long MIN_BLOCKED_WORK = 4096;

  /** The blocked path: panels of op(B), groups of four rows of C, tasks of {@link #TASK_ROWS} rows. */
  private static void blocked(double[] a, boolean transA, double[] b, boolean transB, int m, int k, int n,
      double[] c) {
    int panels = (n + PANEL - 1) / PANEL;
    double[][][] packed = new double[panels][][];
    for (int q = 0; q < panels; q++) {
      int j0 = q * PANEL;
      int len = Math.min(n, j0 + PANEL) - j0;
      double[][] panel = new double[k][len];
      for (int p = 0; p < k; p++) {
        double[] row = panel[p];
        if (transB) {
          for (int j = 0; j < len; j++) {
            row[j] = b[(j0 + j) * k + p];
          }
        } else {
          System.arraycopy(b, p * n + j0, row, 0, len);
        }
      }
      packed[q] = panel;
    }
    int tasks = (m + TASK_ROWS - 1) / TASK_ROWS;
    Parallelism.forEach(tasks, (long) m * n * k, t -> blockedRows(a, transA, packed, m, k, n, c,
        t * TASK_ROWS, Math.min(m, (t + 1) * TASK_ROWS)));
  }

  /** Rows [i0, i1) of C from the packed panels. */
  private static void blockedRows(double[] a, boolean transA, double[][][] packed, int m, int k, int n,
      double[] c, int i0, int i1) {
    int width = Math.min(n, PANEL);
    double[] t0 = new double[width];
    double[] t1 = new double[width];
    double[] t2 = new double[width];
    double[] t3 = new double[width];
    for (int q = 0; q < packed.length; q++) {
      double[][] panel = packed[q];
      int j0 = q * PANEL;
      int len = Math.min(n, j0 + PANEL) - j0;
      int i = i0;
      for (; i + BLOCK_ROWS <= i1; i += BLOCK_ROWS) {
        java.util.Arrays.fill(t0, 0.0);
        java.util.Arrays.fill(t1, 0.0);
        java.util.Arrays.fill(t2, 0.0);
        java.util.Arrays.fill(t3, 0.0);
        for (int p = 0; p < k; p++) {
          double a0;
          double a1;
          double a2;
          double a3;
          if (transA) {
            int ap = p * m + i;
            a0 = a[ap];
            a1 = a[ap + 1];
            a2 = a[ap + 2];
            a3 = a[ap + 3];
          } else {
            int ai = i * k + p;
            a0 = a[ai];
            a1 = a[ai + k];
            a2 = a[ai + 2 * k];
            a3 = a[ai + 3 * k];
          }
          rows4(a0, a1, a2, a3, panel[p], t0, t1, t2, t3, len);
        }
        System.arraycopy(t0, 0, c, i * n + j0, len);
        System.arraycopy(t1, 0, c, (i + 1) * n + j0, len);
        System.arraycopy(t2, 0, c, (i + 2) * n + j0, len);
        System.arraycopy(t3, 0, c, (i + 3) * n + j0, len);
      }
      for (; i < i1; i++) {
        java.util.Arrays.fill(t0, 0.0);
        for (int p = 0; p < k; p++) {
          rows1(transA ? a[p * m + i] : a[i * k + p], panel[p], t0, len);
        }
        System.arraycopy(t0, 0, c, i * n + j0, len);
      }
    }
  }

  /** Products with fewer than 8 columns take the column path from this many rows on. */
  static final int NARROW_MIN_ROWS = 32;

  /**
   * Few columns (a layer with 1–7 outputs, or its input gradient): the columns of op(A) are packed
   * into contiguous arrays, and each column of C is accumulated over all rows at once, one
   * contraction index after the other (so each entry still sees the textbook sum, in order); row
   * ranges of {@link #TASK_ROWS}·16 rows are independent tasks.
   */
  private static void narrow(double[] a, boolean transA, double[] b, boolean transB, int m, int k, int n,
      double[] c) {
    double[][] cols = new double[k][];
    for (int p = 0; p < k; p++) {
      cols[p] = new double[m];
      if (transA) {
        System.arraycopy(a, p * m, cols[p], 0, m);
      }
    }
    if (!transA) {
      for (int i = 0; i < m; i++) {
        int ai = i * k;
        for (int p = 0; p < k; p++) {
          cols[p][i] = a[ai + p];
        }
      }
    }
    int span = TASK_ROWS * 16;
    int tasks = (m + span - 1) / span;
    Parallelism.forEach(tasks, (long) m * n * k, t -> {
      int i0 = t * span;
      int i1 = Math.min(m, i0 + span);
      double[] acc = new double[m];
      for (int j = 0; j < n; j++) {
        java.util.Arrays.fill(acc, i0, i1, 0.0);
        for (int p = 0; p < k; p++) {
          double bv = transB ? b[j * k + p] : b[p * n + j];
          double[] col = cols[p];
          for (int i = i0; i < i1; i++) {
            acc[i] += col[i] * bv;
          }
        }
        for (int i = i0; i < i1; i++) {
          c[i * n + j] = acc[i];
        }
      }
    });
  }

  /** y_r[j] += a_r·x[j] for four rows: one read of x feeds four accumulations (vectorised by C2). */
  private static void rows4(double a0, double a1, double a2, double a3, double[] x, double[] y0, double[] y1,
      double[] y2, double[] y3, int len) {
    for (int j = 0; j < len; j++) {
      double v = x[j];
      y0[j] += a0 * v;
      y1[j] += a1 * v;
      y2[j] += a2 * v;
      y3[j] += a3 * v;
    }
  }

  /** y[j] += a·x[j]. */
  private static void rows1(double a0, double[] x, double[] y0, int len) {
    for (int j = 0; j < len; j++) {
      y0[j] += a0 * x[j];
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
