package dev.neuralode.data;

import java.util.Arrays;

/**
 * Per-column standardisation u_j = (x_j − mean_j) / std_j (population std), and its effect on
 * densities: p_x(x) = p_u(u)·|det ∂u/∂x|, so log p_x(x) = log p_u(u) + {@link #logAbsDet()} with
 * log|det| = −Σ_j log std_j. A likelihood reported through {@link #toDataLogProb} is in the data's
 * original units (nats per sample).
 *
 * @param mean the column means, size d
 * @param std the column standard deviations, size d, each &gt; 0
 * @serial exclude
 */
public record Standardizer(double[] mean, double[] std) implements java.io.Serializable {
  /**
   * Checks the arrays.
   *
   * @param mean the column means, size d
   * @param std the column standard deviations, size d, each &gt; 0
   * @throws IllegalArgumentException if sizes differ or a std is not positive and finite
   */
  public Standardizer {
    if (mean == null || std == null || mean.length != std.length || mean.length == 0) {
      throw new IllegalArgumentException("mean and std must be non-empty arrays of equal size");
    }
    for (int j = 0; j < std.length; j++) {
      if (!(std[j] > 0) || !Double.isFinite(std[j]) || !Double.isFinite(mean[j])) {
        throw new IllegalArgumentException("column " + j + " has mean " + mean[j] + " and std " + std[j]
            + "; every column needs a finite mean and a finite std > 0 (a constant column cannot be modelled)");
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /**
   * Fits the means and population standard deviations of the rows.
   *
   * @param rows n ≥ 2 rows of d values; not modified
   * @return the standardizer
   * @throws IllegalArgumentException if there are fewer than 2 rows or a column is constant
   */
  public static Standardizer fit(double[][] rows) {
    if (rows == null || rows.length < 2) {
      throw new IllegalArgumentException("need at least 2 rows to standardise; got "
          + (rows == null ? 0 : rows.length));
    }
    int d = rows[0].length;
    double[] m = new double[d];
    double[] s = new double[d];
    for (double[] r : rows) {
      for (int j = 0; j < d; j++) {
        m[j] += r[j] / rows.length;
      }
    }
    for (double[] r : rows) {
      for (int j = 0; j < d; j++) {
        s[j] += (r[j] - m[j]) * (r[j] - m[j]) / rows.length;
      }
    }
    for (int j = 0; j < d; j++) {
      s[j] = Math.sqrt(s[j]);
    }
    return new Standardizer(m, s);
  }

  /**
   * The dimension.
   *
   * @return d
   */
  public int dim() {
    return mean.length;
  }

  /**
   * Standardises rows.
   *
   * @param rows rows in data units; not modified
   * @return new rows (x − mean) / std
   */
  public double[][] apply(double[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = new double[mean.length];
      for (int j = 0; j < mean.length; j++) {
        out[i][j] = (rows[i][j] - mean[j]) / std[j];
      }
    }
    return out;
  }

  /**
   * Maps standardised rows back to data units.
   *
   * @param rows standardised rows; not modified
   * @return new rows u·std + mean
   */
  public double[][] invert(double[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = new double[mean.length];
      for (int j = 0; j < mean.length; j++) {
        out[i][j] = rows[i][j] * std[j] + mean[j];
      }
    }
    return out;
  }

  /**
   * log|det ∂u/∂x| = −Σ_j log std_j.
   *
   * @return the log-Jacobian of the standardisation
   */
  public double logAbsDet() {
    double s = 0;
    for (double v : std) {
      s -= Math.log(v);
    }
    return s;
  }

  /**
   * Converts log-densities of standardised points to the data's units.
   *
   * @param logProbStandardised log p_u(u) per point; not modified
   * @return new array, log p_u(u) + log|det ∂u/∂x|
   */
  public double[] toDataLogProb(double[] logProbStandardised) {
    double c = logAbsDet();
    double[] out = logProbStandardised.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += c;
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Standardizer s && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Standardizer(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
  }
}
