package dev.neuralode.bench;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's practical double-precision limit for P3: a register-blocked matrix product written
 * with the Vector API ({@code jdk.incubator.vector}, bench module only). Each block keeps a 4 × (2
 * vectors) tile of C in registers, broadcasts one element of A per row and streams rows of B, so it
 * issues two fused multiply-adds per loaded vector of B per row. Row-major arrays throughout;
 * columns past the last full tile fall back to scalar code.
 */
public final class VectorKernels {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorKernels() {}

  /**
   * C = A·B, overwriting C.
   *
   * @param a A {@code [m, k]}, not modified
   * @param b B {@code [k, n]}, not modified
   * @param c C {@code [m, n]}, modified
   * @param m rows of A
   * @param k columns of A
   * @param n columns of B
   */
  public static void matmul(double[] a, double[] b, double[] c, int m, int k, int n) {
    product(a, false, b, c, m, k, n, true);
  }

  /**
   * C = A·B with the same register blocking but a separate multiply and add per term ({@code
   * c.add(a.mul(b))}, each rounded) instead of a fused multiply–add: every entry is then the library's
   * textbook sum, bit for bit, so this is the speed a Vector API kernel in core would have if it kept
   * core's bits.
   *
   * @param a A {@code [m, k]}, not modified
   * @param b B {@code [k, n]}, not modified
   * @param c C {@code [m, n]}, modified
   * @param m rows of A
   * @param k columns of A
   * @param n columns of B
   */
  public static void matmulSeparate(double[] a, double[] b, double[] c, int m, int k, int n) {
    product(a, false, b, c, m, k, n, false);
  }

  /**
   * C = Aᵀ·B, overwriting C.
   *
   * @param a A {@code [k, m]}, not modified
   * @param b B {@code [k, n]}, not modified
   * @param c C {@code [m, n]}, modified
   * @param m columns of A
   * @param k rows of A and B
   * @param n columns of B
   */
  public static void matmulTransA(double[] a, double[] b, double[] c, int m, int k, int n) {
    product(a, true, b, c, m, k, n, true);
  }

  private static double at(double[] a, boolean transA, int i, int p, int m, int k) {
    return transA ? a[p * m + i] : a[i * k + p];
  }

  private static void product(double[] a, boolean transA, double[] b, double[] c, int m, int k, int n,
      boolean fused) {
    int nv = n - n % (2 * L);
    int i = 0;
    for (; i + 4 <= m; i += 4) {
      for (int j = 0; j < nv; j += 2 * L) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S);
        DoubleVector c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S);
        DoubleVector c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S);
        DoubleVector c31 = DoubleVector.zero(S);
        for (int p = 0; p < k; p++) {
          DoubleVector b0 = DoubleVector.fromArray(S, b, p * n + j);
          DoubleVector b1 = DoubleVector.fromArray(S, b, p * n + j + L);
          DoubleVector a0 = DoubleVector.broadcast(S, at(a, transA, i, p, m, k));
          DoubleVector a1 = DoubleVector.broadcast(S, at(a, transA, i + 1, p, m, k));
          DoubleVector a2 = DoubleVector.broadcast(S, at(a, transA, i + 2, p, m, k));
          DoubleVector a3 = DoubleVector.broadcast(S, at(a, transA, i + 3, p, m, k));
          if (fused) {
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
          } else {
            c00 = c00.add(a0.mul(b0));
            c01 = c01.add(a0.mul(b1));
            c10 = c10.add(a1.mul(b0));
            c11 = c11.add(a1.mul(b1));
            c20 = c20.add(a2.mul(b0));
            c21 = c21.add(a2.mul(b1));
            c30 = c30.add(a3.mul(b0));
            c31 = c31.add(a3.mul(b1));
          }
        }
        c00.intoArray(c, i * n + j);
        c01.intoArray(c, i * n + j + L);
        c10.intoArray(c, (i + 1) * n + j);
        c11.intoArray(c, (i + 1) * n + j + L);
        c20.intoArray(c, (i + 2) * n + j);
        c21.intoArray(c, (i + 2) * n + j + L);
        c30.intoArray(c, (i + 3) * n + j);
        c31.intoArray(c, (i + 3) * n + j + L);
      }
      scalar(a, transA, b, c, i, i + 4, nv, n, m, k);
    }
    scalar(a, transA, b, c, i, m, 0, n, m, k);
  }

  private static void scalar(double[] a, boolean transA, double[] b, double[] c, int i0, int i1, int j0,
      int n, int m, int k) {
    for (int i = i0; i < i1; i++) {
      for (int j = j0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += at(a, transA, i, p, m, k) * b[p * n + j];
        }
        c[i * n + j] = s;
      }
    }
  }

  /**
   * x ← tanh(x + bias) row by row, in place, with the Vector API's tanh.
   *
   * @param x {@code [rows, n]}, modified
   * @param bias {@code [n]}, not modified
   * @param rows rows of x
   * @param n columns of x
   */
  public static void biasTanh(double[] x, double[] bias, int rows, int n) {
    int nv = S.loopBound(n);
    for (int r = 0; r < rows; r++) {
      int o = r * n;
      int j = 0;
      for (; j < nv; j += L) {
        DoubleVector.fromArray(S, x, o + j).add(DoubleVector.fromArray(S, bias, j))
            .lanewise(VectorOperators.TANH).intoArray(x, o + j);
      }
      for (; j < n; j++) {
        x[o + j] = Math.tanh(x[o + j] + bias[j]);
      }
    }
  }
}
