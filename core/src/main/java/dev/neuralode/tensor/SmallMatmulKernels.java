package dev.neuralode.tensor;

/**
 * Small products with fewer than {@link MatmulKernels#MIN_BLOCKED_WORK} multiply–adds: the shapes of
 * a Neural ODE evaluated on one state ([1, in]·[in, out] forward, [in, 1]·[1, out] weight gradients,
 * [1, out]·[in, out]ᵀ input gradients). The row-scaling loops of {@link MatmulKernels} run their inner
 * loop over a row of C; C2 vectorises that loop with a main part far longer than 16 or 50 columns, so
 * short rows run entirely in its scalar pre- and post-loops. Here, for C = op(A)·B, each entry of C
 * keeps its own running sum in a register, eight entries of a row at a time (eight independent
 * additions in flight), and the contraction index runs outermost within the group; a contraction of
 * length 1 (an outer product) and a transposed B with two columns have loops of their own. Each
 * C[i, j] is ((0 + p₀) + p₁) + … in increasing p, exactly the sum of every other variant, so the bits
 * are the same.
 */
final class SmallMatmulKernels {
  private SmallMatmulKernels() {}

  /**
   * C = op(A)·B into c (overwritten; it must not alias a or b); A is [m, k], or [k, m] when transA;
   * B is [k, n].
   */
  static void product(double[] a, boolean transA, double[] b, int m, int k, int n, double[] c) {
    if (k == 1) {
      outer(a, b, m, n, c);
      return;
    }
    int as = transA ? m : 1;
    for (int i = 0; i < m; i++) {
      int a0 = transA ? i : i * k;
      int ci = i * n;
      int j = 0;
      for (; j + 8 <= n; j += 8) {
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        double s4 = 0.0;
        double s5 = 0.0;
        double s6 = 0.0;
        double s7 = 0.0;
        for (int p = 0, bp = j; p < k; p++, bp += n) {
          double av = a[a0 + p * as];
          s0 += av * b[bp];
          s1 += av * b[bp + 1];
          s2 += av * b[bp + 2];
          s3 += av * b[bp + 3];
          s4 += av * b[bp + 4];
          s5 += av * b[bp + 5];
          s6 += av * b[bp + 6];
          s7 += av * b[bp + 7];
        }
        c[ci + j] = s0;
        c[ci + j + 1] = s1;
        c[ci + j + 2] = s2;
        c[ci + j + 3] = s3;
        c[ci + j + 4] = s4;
        c[ci + j + 5] = s5;
        c[ci + j + 6] = s6;
        c[ci + j + 7] = s7;
      }
      for (; j + 2 <= n; j += 2) {
        double s0 = 0.0;
        double s1 = 0.0;
        for (int p = 0, bp = j; p < k; p++, bp += n) {
          double av = a[a0 + p * as];
          s0 += av * b[bp];
          s1 += av * b[bp + 1];
        }
        c[ci + j] = s0;
        c[ci + j + 1] = s1;
      }
      for (; j < n; j++) {
        double s = 0.0;
        for (int p = 0, bp = j; p < k; p++, bp += n) {
          s += a[a0 + p * as] * b[bp];
        }
        c[ci + j] = s;
      }
    }
  }

  /**
   * C = a·bᵀ for A [m, 1] (or its transpose [1, m]: the same m values in the same order) and B
   * [1, n]: a weight gradient of one state. Each entry is 0 + a[i]·b[j], the one-term sum of the
   * other loops (the 0 + keeps a product of −0.0 at +0.0, as theirs).
   */
  private static void outer(double[] a, double[] b, int m, int n, double[] c) {
    if (n == 2) {
      double b0 = b[0];
      double b1 = b[1];
      for (int i = 0; i < m; i++) {
        double av = a[i];
        c[2 * i] = 0.0 + av * b0;
        c[2 * i + 1] = 0.0 + av * b1;
      }
      return;
    }
    for (int i = 0; i < m; i++) {
      double av = a[i];
      int ci = i * n;
      for (int j = 0; j < n; j++) {
        c[ci + j] = 0.0 + av * b[j];
      }
    }
  }

  /**
   * C = op(A)·Bᵀ into c for B stored [n, 2] (the input gradient of a layer with two inputs): each
   * entry (0 + a₀b₀) + a₁b₁, the sum over p in increasing order from 0, as {@code MatmulKernels}'
   * row-dot loop. (With one contraction index, B stored [n, 1] is laid out as [1, n]: {@link #product}
   * takes it.)
   */
  static void productTransposedTwo(double[] a, boolean transA, double[] b, int m, int n, double[] c) {
    int as = transA ? m : 1;
    for (int i = 0; i < m; i++) {
      int a0 = transA ? i : i * 2;
      int ci = i * n;
      double a0v = a[a0];
      double a1v = a[a0 + as];
      for (int j = 0; j < n; j++) {
        c[ci + j] = (0.0 + a0v * b[2 * j]) + a1v * b[2 * j + 1];
      }
    }
  }
}
