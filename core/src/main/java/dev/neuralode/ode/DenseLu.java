package dev.neuralode.ode;

/**
 * LU factorisation with partial (row) pivoting of a small dense square matrix, PA = LU, and the
 * solution of A·x = b from it (Golub &amp; Van Loan, <i>Matrix Computations</i>, 4th ed., Algorithms 3.4.1
 * and 3.1.1–3.1.2). The implicit solvers factor their Newton matrix I − hγJ once per step and solve
 * with it once per Newton iteration. O(n³/3) to factor, O(n²) per solve. Immutable after construction;
 * package-private.
 */
final class DenseLu {
  private final int n;
  /** L (unit lower, below the diagonal) and U (on and above it), row-major n×n. */
  private final double[] lu;
  /** Row i of PA is row perm[i] of A. */
  private final int[] perm;
  private final boolean singular;

  /**
   * Factors A.
   *
   * @param a the matrix, row-major, length n·n; not modified
   * @param n the order, ≥ 1
   */
  DenseLu(double[] a, int n) {
    if (a.length != n * n) {
      throw new IllegalArgumentException("matrix has " + a.length + " entries; an " + n + "x" + n
          + " matrix needs " + n * n);
    }
    this.n = n;
    this.lu = a.clone();
    this.perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    boolean sing = false;
    for (int k = 0; k < n; k++) {
      int p = k;
      double max = Math.abs(lu[k * n + k]);
      for (int i = k + 1; i < n; i++) {
        double v = Math.abs(lu[i * n + k]);
        if (v > max) {
          max = v;
          p = i;
        }
      }
      if (!(max > 0.0) || !Double.isFinite(max)) {
        sing = true;
        break;
      }
      if (p != k) {
        swapRows(p, k);
        int tmp = perm[p];
        perm[p] = perm[k];
        perm[k] = tmp;
      }
      double pivot = lu[k * n + k];
      for (int i = k + 1; i < n; i++) {
        double m = lu[i * n + k] / pivot;
        lu[i * n + k] = m;
        if (m != 0.0) {
          for (int j = k + 1; j < n; j++) {
            lu[i * n + j] -= m * lu[k * n + j];
          }
        }
      }
    }
    this.singular = sing;
  }

  private void swapRows(int p, int k) {
    for (int j = 0; j < n; j++) {
      double tmp = lu[p * n + j];
      lu[p * n + j] = lu[k * n + j];
      lu[k * n + j] = tmp;
    }
  }

  /** Whether a zero or non-finite pivot was met; {@link #solve} must not be called then. */
  boolean singular() {
    return singular;
  }

  /**
   * Solves Aᵀ·x = b: with PA = LU, Aᵀ = UᵀLᵀP, so Uᵀw = b (forward), Lᵀv = w (back) and x = Pᵀv.
   *
   * @param b the right-hand side, length n; not modified
   * @return a new array x
   * @throws IllegalStateException if the matrix is singular
   */
  double[] solveTransposed(double[] b) {
    if (singular) {
      throw new IllegalStateException("matrix is singular to working precision");
    }
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int j = 0; j < i; j++) {
        s -= lu[j * n + i] * w[j];
      }
      w[i] = s / lu[i * n + i];
    }
    for (int i = n - 1; i >= 0; i--) {
      double s = w[i];
      for (int j = i + 1; j < n; j++) {
        s -= lu[j * n + i] * w[j];
      }
      w[i] = s;
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[perm[i]] = w[i];
    }
    return x;
  }

  /**
   * Solves A·x = b by forward and back substitution.
   *
   * @param b the right-hand side, length n; not modified
   * @return a new array x
   * @throws IllegalStateException if the matrix is singular
   */
  double[] solve(double[] b) {
    if (singular) {
      throw new IllegalStateException("matrix is singular to working precision");
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[perm[i]];
      for (int j = 0; j < i; j++) {
        s -= lu[i * n + j] * x[j];
      }
      x[i] = s;
    }
    for (int i = n - 1; i >= 0; i--) {
      double s = x[i];
      for (int j = i + 1; j < n; j++) {
        s -= lu[i * n + j] * x[j];
      }
      x[i] = s / lu[i * n + i];
    }
    return x;
  }
}
