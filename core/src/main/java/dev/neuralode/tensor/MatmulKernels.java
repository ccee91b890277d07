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
 * as transposing an operand first and then multiplying. (A NaN result is NaN on every path, but its
 * sign and payload may differ between paths: which NaN operand propagates depends on the machine
 * instructions' operand order.) The loop order is chosen for contiguous access: i-p-j (a row of B
 * scaled into a row of C) when B is not transposed, i-j-p (a dot product of two contiguous rows) when
 * it is.
 *
 * <p>Products with at least {@link #BLOCK_ROWS} rows and enough work take the blocked path: op(B) is
 * packed once into panels of {@link #PANEL} columns (one contiguous array per contraction index, so
 * the inner loop reads and writes arrays at the same index, which C2 vectorises), and each group of
 * four rows of C is accumulated in four scratch rows while the contraction index runs in increasing
 * order; so every entry still sees exactly the sum above, and the blocked path gives the same bits as
 * the plain loops. Groups of rows are independent tasks ({@link Parallelism}), so the result is also
 * the same for any number of threads. Inside a group, the micro-kernel takes two rows of C and four
 * contraction indices per pass over a row of the panel: the partial sums are formed as
 * (((c + a₀b₀) + a₁b₁) + a₂b₂) + a₃b₃, exactly the additions of four single-index passes, with a
 * quarter of the loads and stores of C. Products with few rows and many columns split their columns
 * into tasks when more than one thread is available; products with fewer than eight columns take the
 * column path ({@link NarrowMatmulKernels}). Small products ({@link SmallMatmulKernels}: one state's
 * forward pass and gradients) keep a register per entry, with loops of their own for a contraction of
 * length 1 and for a transposed B with two columns. Multiplications and additions stay separate (no
 * fused multiply–add, which would round differently).
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
    KernelCounter counter = Autograd.state().counter;
    if (counter != null) {
      counter.add((long) m * k * n);
    }
    if (m >= BLOCK_ROWS && n >= 8 && (long) m * n * k >= MIN_BLOCKED_WORK) {
      blocked(a, transA, b, transB, m, k, n, c);
    } else if (n < 8 && m >= NarrowMatmulKernels.MIN_ROWS && (long) m * n * k >= MIN_BLOCKED_WORK) {
      NarrowMatmulKernels.product(a, transA, b, transB, m, k, n, c);
    } else if ((long) m * n * k >= Parallelism.MIN_PARALLEL_WORK && n >= 2 * COLUMN_CHUNK
        && Parallelism.current() > 1) {
      // few rows and many columns (a weight gradient of a layer with few outputs): ranges of columns
      // are independent tasks, each entry still the same sum in the same order
      Parallelism.forRanges(n, COLUMN_CHUNK, (long) m * n * k, (j0, j1) -> columns(a, transA, b, transB, m, k, n,
          c, j0, j1));
    } else if (transB && k == 1) {
      SmallMatmulKernels.product(a, transA, b, m, 1, n, c); // B [n, 1] is laid out as [1, n]
    } else if (transB && k == 2) {
      SmallMatmulKernels.productTransposedTwo(a, transA, b, m, n, c);
    } else if (transB) {
      dotRows(a, transA, b, m, k, n, c);
    } else if ((long) m * n * k < MIN_BLOCKED_WORK) {
      SmallMatmulKernels.product(a, transA, b, m, k, n, c);
    } else {
      rowsOfB(a, transA, b, m, k, n, c, 0, n);
    }
    return c;
  }

  /** Columns per task of a product with few rows split over threads. */
  static final int COLUMN_CHUNK = 32;

  /** Columns [j0, j1) of C: each entry the sum over p in increasing order, from 0. */
  private static void columns(double[] a, boolean transA, double[] b, boolean transB, int m, int k, int n,
      double[] c, int j0, int j1) {
    if (!transB) {
      rowsOfB(a, transA, b, m, k, n, c, j0, j1);
      return;
    }
    for (int i = 0; i < m; i++) {
      int ci = i * n;
      for (int j = j0; j < j1; j++) {
        c[ci + j] = 0.0;
      }
      for (int p = 0; p < k; p++) {
        double av = transA ? a[p * m + i] : a[i * k + p];
        for (int j = j0; j < j1; j++) {
          c[ci + j] += av * b[j * k + p];
        }
      }
    }
  }

  /**
   * Columns [j0, j1) of C with B not transposed: each row of C is accumulated in a fresh scratch row
   * (so that C2 knows it aliases no other array and vectorises the loop), four contraction indices
   * per pass over it with {@link #rows1k4}'s additions, then copied into C. Measured on
   * [2,512]·[512,64], 16 µs against 35 µs for one index per pass straight into C.
   */
  private static void rowsOfB(double[] a, boolean transA, double[] b, int m, int k, int n, double[] c, int j0,
      int j1) {
    int len = j1 - j0;
    int sp = transA ? m : 1;
    int si = transA ? 1 : k;
    int k4 = k - k % K_UNROLL;
    for (int i = 0; i < m; i++) {
      double[] t = new double[len];
      int r = i * si;
      for (int p = 0; p < k4; p += K_UNROLL) {
        int o = r + p * sp;
        rows1k4(a[o], a[o + sp], a[o + 2 * sp], a[o + 3 * sp], b, p * n + j0, t, n, len);
      }
      for (int p = k4; p < k; p++) {
        rows1(a[r + p * sp], b, p * n + j0, t, len);
      }
      System.arraycopy(t, 0, c, i * n + j0, len);
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
  /**
   * Rows of C per parallel task (a multiple of {@link #BLOCK_ROWS}); fixed, so the partition never
   * depends on the thread count.
   */
  static final int TASK_ROWS = 16;
  /** Products with fewer multiply–adds use the plain loops. */
  static final long MIN_BLOCKED_WORK = 4096;

  /** The blocked path: panels of op(B), groups of four rows of C, tasks of {@link #TASK_ROWS} rows. */
  private static void blocked(double[] a, boolean transA, double[] b, boolean transB, int m, int k, int n,
      double[] c) {
    int panels = (n + PANEL - 1) / PANEL;
    double[][][] packed = new double[panels][k][];
    // packing is a copy: ranges of TRANSPOSE_TILE contraction indices are independent tasks, which
    // allocate their rows of the panels too
    int packTasks = (k + TRANSPOSE_TILE - 1) / TRANSPOSE_TILE;
    Parallelism.forEach(packTasks, (long) k * n, t -> pack(b, transB, k, n, packed, t * TRANSPOSE_TILE,
        Math.min(k, (t + 1) * TRANSPOSE_TILE)));
    int tasks = (m + TASK_ROWS - 1) / TASK_ROWS;
    Parallelism.forEach(tasks, (long) m * n * k, t -> blockedRows(a, transA, packed, m, k, n, c,
        t * TASK_ROWS, Math.min(m, (t + 1) * TASK_ROWS)));
  }

  /**
   * Allocates rows [p0, p1) of the packed panels and copies those rows of op(B) into them (panel q
   * holds columns [q·PANEL, q·PANEL + len)). A transposed B ([n, k]) is copied in tiles of {@link
   * #TRANSPOSE_TILE} columns, so that reads and writes both stay in L1.
   */
  private static void pack(double[] b, boolean transB, int k, int n, double[][][] packed, int p0, int p1) {
    for (int q = 0; q < packed.length; q++) {
      int j0 = q * PANEL;
      double[][] panel = packed[q];
      int len = Math.min(n, j0 + PANEL) - j0;
      for (int p = p0; p < p1; p++) {
        panel[p] = new double[len];
      }
      if (transB) {
        for (int jj = 0; jj < len; jj += TRANSPOSE_TILE) {
          int jEnd = Math.min(len, jj + TRANSPOSE_TILE);
          for (int p = p0; p < p1; p++) {
            double[] row = panel[p];
            for (int j = jj; j < jEnd; j++) {
              row[j] = b[(j0 + j) * k + p];
            }
          }
        }
      } else {
        for (int p = p0; p < p1; p++) {
          System.arraycopy(b, p * n + j0, panel[p], 0, len);
        }
      }
    }
  }

  /** Contraction indices folded into one pass over a row of C (the k-unrolling of the micro-kernel). */
  static final int K_UNROLL = 4;

  /**
   * Rows [i0, i1) of C from the packed panels. The micro-kernel updates two rows of C with four
   * contraction indices per pass over the panel's columns ({@link #rows2k4}): eight products per
   * loaded and stored value of C, which keeps the vectorised loop from being bound by loads and
   * stores (one index per pass, as before, did one product per row per load and store). Each entry
   * still receives its products one after the other in increasing p, so the bits do not change.
   */
  private static void blockedRows(double[] a, boolean transA, double[][][] packed, int m, int k, int n,
      double[] c, int i0, int i1) {
    int width = Math.min(n, PANEL);
    double[] t0 = new double[width];
    double[] t1 = new double[width];
    double[] t2 = new double[width];
    double[] t3 = new double[width];
    // A's entries of one row at indices p..p+3: unit stride when A is [m, k], stride m when transposed
    int sp = transA ? m : 1;
    int si = transA ? 1 : k;
    int k4 = k - k % K_UNROLL;
    for (int q = 0; q < packed.length; q++) {
      double[][] panel = packed[q];
      int j0 = q * PANEL;
      int len = Math.min(n, j0 + PANEL) - j0;
      int i = i0;
      for (; i + BLOCK_ROWS <= i1; i += BLOCK_ROWS) {
        Arrays.fill(t0, 0.0);
        Arrays.fill(t1, 0.0);
        Arrays.fill(t2, 0.0);
        Arrays.fill(t3, 0.0);
        int r0 = i * si;
        int r1 = r0 + si;
        int r2 = r1 + si;
        int r3 = r2 + si;
        for (int p = 0; p < k4; p += K_UNROLL) {
          int o = p * sp;
          double[] x0 = panel[p];
          double[] x1 = panel[p + 1];
          double[] x2 = panel[p + 2];
          double[] x3 = panel[p + 3];
          rows2k4(a[r0 + o], a[r0 + o + sp], a[r0 + o + 2 * sp], a[r0 + o + 3 * sp],
              a[r1 + o], a[r1 + o + sp], a[r1 + o + 2 * sp], a[r1 + o + 3 * sp], x0, x1, x2, x3, t0, t1, len);
          rows2k4(a[r2 + o], a[r2 + o + sp], a[r2 + o + 2 * sp], a[r2 + o + 3 * sp],
              a[r3 + o], a[r3 + o + sp], a[r3 + o + 2 * sp], a[r3 + o + 3 * sp], x0, x1, x2, x3, t2, t3, len);
        }
        for (int p = k4; p < k; p++) {
          int o = p * sp;
          rows4(a[r0 + o], a[r1 + o], a[r2 + o], a[r3 + o], panel[p], t0, t1, t2, t3, len);
        }
        System.arraycopy(t0, 0, c, i * n + j0, len);
        System.arraycopy(t1, 0, c, (i + 1) * n + j0, len);
        System.arraycopy(t2, 0, c, (i + 2) * n + j0, len);
        System.arraycopy(t3, 0, c, (i + 3) * n + j0, len);
      }
      for (; i < i1; i++) {
        Arrays.fill(t0, 0.0);
        int r0 = i * si;
        for (int p = 0; p < k4; p += K_UNROLL) {
          int o = r0 + p * sp;
          rows1k4(a[o], a[o + sp], a[o + 2 * sp], a[o + 3 * sp], panel[p], panel[p + 1], panel[p + 2],
              panel[p + 3], t0, len);
        }
        for (int p = k4; p < k; p++) {
          rows1(a[r0 + p * sp], panel[p], 0, t0, len);
        }
        System.arraycopy(t0, 0, c, i * n + j0, len);
      }
    }
  }

  /**
   * y_r[j] = (((y_r[j] + a_r0·x0[j]) + a_r1·x1[j]) + a_r2·x2[j]) + a_r3·x3[j] for two rows r: the
   * same additions, in the same order, as four passes of one index, with one load and store of y per
   * four products. Eight broadcast coefficients, two accumulators and four loads fit the sixteen
   * AVX2 registers, which is why the block is 2 × 4 and not 4 × 4 (measured: 4 × 4 spills and runs
   * slower than one index at a time).
   */
  private static void rows2k4(double a00, double a01, double a02, double a03, double a10, double a11,
      double a12, double a13, double[] x0, double[] x1, double[] x2, double[] x3, double[] y0, double[] y1,
      int len) {
    for (int j = 0; j < len; j++) {
      double u = x0[j];
      double v = x1[j];
      double w = x2[j];
      double z = x3[j];
      y0[j] = (((y0[j] + a00 * u) + a01 * v) + a02 * w) + a03 * z;
      y1[j] = (((y1[j] + a10 * u) + a11 * v) + a12 * w) + a13 * z;
    }
  }

  /** {@link #rows2k4} for one row. */
  private static void rows1k4(double a0, double a1, double a2, double a3, double[] x0, double[] x1,
      double[] x2, double[] x3, double[] y, int len) {
    for (int j = 0; j < len; j++) {
      y[j] = (((y[j] + a0 * x0[j]) + a1 * x1[j]) + a2 * x2[j]) + a3 * x3[j];
    }
  }

  /**
   * {@link #rows1k4} with the four rows of B read in place: y[j] gains a0·b[o + j], a1·b[o + stride +
   * j], a2·b[o + 2·stride + j] and a3·b[o + 3·stride + j], in that order.
   */
  private static void rows1k4(double a0, double a1, double a2, double a3, double[] b, int o, double[] y,
      int stride, int len) {
    int o1 = o + stride;
    int o2 = o1 + stride;
    int o3 = o2 + stride;
    for (int j = 0; j < len; j++) {
      y[j] = (((y[j] + a0 * b[o + j]) + a1 * b[o1 + j]) + a2 * b[o2 + j]) + a3 * b[o3 + j];
    }
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

  /** y[j] += a·x[o + j]. */
  private static void rows1(double a0, double[] x, int o, double[] y0, int len) {
    for (int j = 0; j < len; j++) {
      y0[j] += a0 * x[o + j];
    }
  }

  static double[] transpose(double[] a, int m, int n) {
    return transpose(a, m, n, new double[m * n]);
  }

  /** Side of the square tiles a transpose copies one at a time. */
  static final int TRANSPOSE_TILE = 16;

  /**
   * T[n, m] = A[m, n]ᵀ into t (not aliasing a), tile by tile: a 16 × 16 tile reads 16 rows of A and
   * writes 16 rows of T, so both stay in L1 (a row-by-row copy writes every value to another cache
   * line, about 8× slower on a 256 × 256 matrix).
   */
  static double[] transpose(double[] a, int m, int n, double[] t) {
    for (int i0 = 0; i0 < m; i0 += TRANSPOSE_TILE) {
      int i1 = Math.min(m, i0 + TRANSPOSE_TILE);
      for (int j0 = 0; j0 < n; j0 += TRANSPOSE_TILE) {
        int j1 = Math.min(n, j0 + TRANSPOSE_TILE);
        for (int j = j0; j < j1; j++) {
          int tj = j * m;
          for (int i = i0; i < i1; i++) {
            t[tj + i] = a[i * n + j];
          }
        }
      }
    }
    return t;
  }
}
