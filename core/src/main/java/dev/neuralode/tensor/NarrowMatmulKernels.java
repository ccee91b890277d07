package dev.neuralode.tensor;

import java.util.Arrays;

/**
 * Matrix products C = op(A)·op(B) with fewer than eight columns and at least {@link #MIN_ROWS} rows
 * (a layer with one to seven outputs, or its input gradient), the column path of {@link
 * MatmulKernels}: every entry is the textbook sum Σ_p op(A)[i, p]·op(B)[p, j] accumulated from 0 in
 * increasing p, so these give the same bits as every other path, on any number of threads.
 */
final class NarrowMatmulKernels {
  private NarrowMatmulKernels() {}

  /** Products with fewer than 8 columns take the column path from this many rows on. */
  static final int MIN_ROWS = 32;

  /** Rows of C per parallel task on both paths here; fixed, so the partition never depends on the threads. */
  static final int SPAN_ROWS = MatmulKernels.TASK_ROWS * 16;

  /**
   * Few columns (a layer with 1–7 outputs, or its input gradient): the columns of op(A) are packed
   * into contiguous arrays, and each column of C is accumulated over all rows at once, one
   * contraction index after the other (so each entry still sees the textbook sum, in order); row
   * ranges of {@link #SPAN_ROWS} rows are independent tasks. With A not transposed and at most
   * {@link #DOT_MAX_COLUMNS} columns, {@link #dotColumns} instead.
   */
  static void product(double[] a, boolean transA, double[] b, boolean transB, int m, int k, int n,
      double[] c) {
    if (!transA && n <= DOT_MAX_COLUMNS) {
      dotColumns(a, b, transB, m, k, n, c);
      return;
    }
    double[][] cols = new double[k][];
    if (transA) {
      for (int p = 0; p < k; p++) {
        cols[p] = a; // column p of op(A) is already contiguous: a[p·m + i]
      }
    } else {
      for (int p = 0; p < k; p++) {
        cols[p] = new double[m];
      }
    }
    int tasks = (m + SPAN_ROWS - 1) / SPAN_ROWS;
    Parallelism.forEach(tasks, (long) m * n * k, t -> {
      int i0 = t * SPAN_ROWS;
      int i1 = Math.min(m, i0 + SPAN_ROWS);
      if (!transA) {
        // each task packs its own rows of A's columns
        for (int i = i0; i < i1; i++) {
          int ai = i * k;
          for (int p = 0; p < k; p++) {
            cols[p][i] = a[ai + p];
          }
        }
      }
      double[] acc = new double[m];
      for (int j = 0; j < n; j++) {
        Arrays.fill(acc, i0, i1, 0.0);
        int p = 0;
        // four contraction indices per pass over the rows (the same additions in the same order)
        for (; p + MatmulKernels.K_UNROLL <= k; p += MatmulKernels.K_UNROLL) {
          double b0 = transB ? b[j * k + p] : b[p * n + j];
          double b1 = transB ? b[j * k + p + 1] : b[(p + 1) * n + j];
          double b2 = transB ? b[j * k + p + 2] : b[(p + 2) * n + j];
          double b3 = transB ? b[j * k + p + 3] : b[(p + 3) * n + j];
          if (transA) {
            cols4(a, p * m, (p + 1) * m, (p + 2) * m, (p + 3) * m, b0, b1, b2, b3, acc, i0, i1);
          } else {
            cols4(cols[p], cols[p + 1], cols[p + 2], cols[p + 3], b0, b1, b2, b3, acc, i0, i1);
          }
        }
        for (; p < k; p++) {
          double bv = transB ? b[j * k + p] : b[p * n + j];
          double[] col = cols[p];
          int off = transA ? p * m : 0;
          for (int i = i0; i < i1; i++) {
            acc[i] += col[off + i] * bv;
          }
        }
        for (int i = i0; i < i1; i++) {
          c[i * n + j] = acc[i];
        }
      }
    });
  }

  /** Up to this many columns, a narrow product with A not transposed takes {@link #dotColumns}. */
  static final int DOT_MAX_COLUMNS = 4;

  /**
   * A narrow product with A stored [m, k] and at most {@link #DOT_MAX_COLUMNS} columns: each entry is
   * a dot product of a contiguous row of A with a column of op(B) (copied into a contiguous array),
   * four rows at a time, so that four independent running sums share each load of B. Packing A's
   * columns instead (as {@link #product} does for more columns) costs more than the product itself
   * when C has one to four columns: measured on [512, 64]·[64, 2], 16 µs against 43–53 µs. The sums
   * are the textbook ones, in increasing p from 0; tasks of {@link #SPAN_ROWS} rows, as in {@link #product}.
   */
  private static void dotColumns(double[] a, double[] b, boolean transB, int m, int k, int n, double[] c) {
    double[][] cols = new double[n][k];
    for (int j = 0; j < n; j++) {
      for (int p = 0; p < k; p++) {
        cols[j][p] = transB ? b[j * k + p] : b[p * n + j];
      }
    }
    int tasks = (m + SPAN_ROWS - 1) / SPAN_ROWS;
    Parallelism.forEach(tasks, (long) m * n * k, t -> {
      int i1 = Math.min(m, (t + 1) * SPAN_ROWS);
      int i = t * SPAN_ROWS;
      for (; i + 4 <= i1; i += 4) {
        int r0 = i * k;
        int r1 = r0 + k;
        int r2 = r1 + k;
        int r3 = r2 + k;
        for (int j = 0; j < n; j++) {
          double[] x = cols[j];
          double s0 = 0.0;
          double s1 = 0.0;
          double s2 = 0.0;
          double s3 = 0.0;
          for (int p = 0; p < k; p++) {
            double v = x[p];
            s0 += a[r0 + p] * v;
            s1 += a[r1 + p] * v;
            s2 += a[r2 + p] * v;
            s3 += a[r3 + p] * v;
          }
          c[i * n + j] = s0;
          c[(i + 1) * n + j] = s1;
          c[(i + 2) * n + j] = s2;
          c[(i + 3) * n + j] = s3;
        }
      }
      for (; i < i1; i++) {
        int r0 = i * k;
        for (int j = 0; j < n; j++) {
          double[] x = cols[j];
          double s = 0.0;
          for (int p = 0; p < k; p++) {
            s += a[r0 + p] * x[p];
          }
          c[i * n + j] = s;
        }
      }
    });
  }

  /** acc[i] = (((acc[i] + x0[i]·b0) + x1[i]·b1) + x2[i]·b2) + x3[i]·b3 for i in [i0, i1). */
  private static void cols4(double[] x0, double[] x1, double[] x2, double[] x3, double b0, double b1, double b2,
      double b3, double[] acc, int i0, int i1) {
    for (int i = i0; i < i1; i++) {
      acc[i] = (((acc[i] + x0[i] * b0) + x1[i] * b1) + x2[i] * b2) + x3[i] * b3;
    }
  }

  /** {@link #cols4} with the four columns at offsets o0..o3 of one array (op(A) transposed: [k, m]). */
  private static void cols4(double[] a, int o0, int o1, int o2, int o3, double b0, double b1, double b2,
      double b3, double[] acc, int i0, int i1) {
    for (int i = i0; i < i1; i++) {
      acc[i] = (((acc[i] + a[o0 + i] * b0) + a[o1 + i] * b1) + a[o2 + i] * b2) + a[o3 + i] * b3;
    }
  }
}
