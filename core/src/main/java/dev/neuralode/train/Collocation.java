package dev.neuralode.train;

import java.util.Arrays;

/**
 * Smooths an irregularly sampled series and estimates its first two derivatives by local
 * quadratic regression (LOESS of degree 2; Cleveland 1979): at each sample time τᵢ the values of
 * its k nearest neighbours are fitted by weighted least squares with y ≈ a + b(τ − τᵢ) + c(τ −
 * τᵢ)², tricube weights w = (1 − (|τ − τᵢ| / h)³)³ and h slightly wider than the farthest of the k
 * neighbours. The smoothed value is a, the slope b and the curvature 2c. These (value, slope)
 * pairs are the targets of the collocation warm start of neural ODE fitting (Roesch, Rackauckas &amp;
 * Stumpf 2021, "Collocation based training of neural ordinary differential equations").
 */
public final class Collocation {

  /**
   * The smoothed series and its derivatives at the sample times.
   *
   * @param value the smoothed values, size n
   * @param slope the estimated first derivatives dy/dτ, size n
   * @param curvature the estimated second derivatives d²y/dτ², size n
   */
  public record Estimate(double[] value, double[] slope, double[] curvature) {}

  private Collocation() {}

  /**
   * The default neighbourhood for n samples: about a sixth of them, between 5 and 9 (never more
   * than n).
   *
   * @param n the number of samples, {@code >= 1}
   * @return the neighbourhood size
   */
  public static int defaultNeighbours(int n) {
    return Math.min(n, Math.max(5, Math.min(9, (int) Math.round(n / 6.0))));
  }

  /**
   * Smooths a series.
   *
   * @param tau the sample times, strictly increasing, size n {@code >= 2}; not modified
   * @param y the values, size n, finite; not modified
   * @param neighbours the neighbourhood size k, {@code 2 <= k}; capped at n (with k = 2 the fit
   *     is linear)
   * @return the estimate at every sample time
   * @throws IllegalArgumentException if the sizes differ, n &lt; 2, times do not increase or a value
   *     is not finite
   */
  public static Estimate smooth(double[] tau, double[] y, int neighbours) {
    int n = tau.length;
    if (n < 2 || y.length != n) {
      throw new IllegalArgumentException("tau and y must have the same size >= 2; got " + n
          + " and " + y.length);
    }
    if (neighbours < 2) {
      throw new IllegalArgumentException("neighbours must be >= 2; got " + neighbours);
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(y[i]) || !Double.isFinite(tau[i]) || (i > 0 && !(tau[i] > tau[i - 1]))) {
        throw new IllegalArgumentException("times must increase and values be finite; row " + i
            + " has time " + tau[i] + " and value " + y[i]);
      }
    }
    int k = Math.min(neighbours, n);
    double[] value = new double[n];
    double[] slope = new double[n];
    double[] curvature = new double[n];
    for (int i = 0; i < n; i++) {
      // grow the window [lo, hi] around i to k points, taking the nearer side each time
      int lo = i;
      int hi = i;
      while (hi - lo + 1 < k) {
        if (lo == 0) {
          hi++;
        } else if (hi == n - 1) {
          lo--;
        } else if (tau[i] - tau[lo - 1] <= tau[hi + 1] - tau[i]) {
          lo--;
        } else {
          hi++;
        }
      }
      double h = 1.2 * Math.max(tau[i] - tau[lo], tau[hi] - tau[i]);
      int degree = k >= 4 ? 2 : 1;
      double[] coef = fit(tau, y, lo, hi, tau[i], h, degree);
      value[i] = coef[0];
      slope[i] = coef[1];
      curvature[i] = degree == 2 ? 2 * coef[2] : 0;
    }
    return new Estimate(value, slope, curvature);
  }

  /** Weighted least squares of a polynomial in (τ − centre) over rows lo..hi. */
  private static double[] fit(double[] tau, double[] y, int lo, int hi, double centre, double h,
      int degree) {
    int p = degree + 1;
    double[][] a = new double[p][p + 1];
    for (int j = lo; j <= hi; j++) {
      double d = tau[j] - centre;
      double u = Math.abs(d) / h;
      double w = Math.pow(1 - u * u * u, 3);
      double[] basis = new double[p];
      basis[0] = 1;
      for (int q = 1; q < p; q++) {
        basis[q] = basis[q - 1] * d;
      }
      for (int r = 0; r < p; r++) {
        for (int c = 0; c < p; c++) {
          a[r][c] += w * basis[r] * basis[c];
        }
        a[r][p] += w * basis[r] * y[j];
      }
    }
    double[] x = solve(a);
    if (x == null && degree > 1) {
      return Arrays.copyOf(fit(tau, y, lo, hi, centre, h, 1), 3);
    }
    return x == null ? new double[] {y[lo], 0, 0} : Arrays.copyOf(x, 3);
  }

  /** Gaussian elimination with partial pivoting on an augmented matrix; null if singular. */
  private static double[] solve(double[][] a) {
    int p = a.length;
    double scale = 0;
    for (double[] row : a) {
      for (int c = 0; c < p; c++) {
        scale = Math.max(scale, Math.abs(row[c]));
      }
    }
    for (int col = 0; col < p; col++) {
      int pivot = col;
      for (int r = col + 1; r < p; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      if (!(Math.abs(a[pivot][col]) > 1e-12 * scale)) {
        return null;
      }
      double[] tmp = a[col];
      a[col] = a[pivot];
      a[pivot] = tmp;
      for (int r = 0; r < p; r++) {
        if (r != col) {
          double f = a[r][col] / a[col][col];
          for (int c = col; c <= p; c++) {
            a[r][c] -= f * a[col][c];
          }
        }
      }
    }
    double[] x = new double[p];
    for (int r = 0; r < p; r++) {
      x[r] = a[r][p] / a[r][r];
    }
    return x;
  }
}
