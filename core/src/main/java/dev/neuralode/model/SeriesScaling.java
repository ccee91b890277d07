package dev.neuralode.model;

import java.util.Arrays;

/**
 * How a time series' values and times map to model units: z_j = (x_j − mean_j) / std_j per column
 * and τ = (t − timeOffset) / timeScale.
 *
 * <p>The record checks only what needs no column count (finite time offset, positive time
 * scale, equal array sizes); {@link OdeMlpModel} checks mean and std against its columns.
 *
 * @param mean the column means, size d; copied
 * @param std the column standard deviations, size d; copied
 * @param timeOffset the data time at τ = 0, finite
 * @param timeScale data time units per model time unit, finite and &gt; 0
 * @serial exclude
 */
public record SeriesScaling(double[] mean, double[] std, double timeOffset, double timeScale)
    implements java.io.Serializable {

  /**
   * Checks the scaling.
   *
   * @param mean the column means, size d; copied
   * @param std the column standard deviations, size d; copied
   * @param timeOffset the data time at τ = 0, finite
   * @param timeScale data time units per model time unit, finite and &gt; 0
   * @throws InvalidModelException naming {@code mean}, {@code std}, {@code timeOffset} or {@code
   *     timeScale}
   */
  public SeriesScaling {
    Checks.present("mean", mean);
    Checks.present("std", std);
    if (mean.length != std.length) {
      throw new InvalidModelException("std", "has " + std.length + " values but mean has "
          + mean.length, "give one mean and one std per column");
    }
    mean = mean.clone();
    std = std.clone();
    Checks.finite("timeOffset", timeOffset);
    Checks.positive("timeScale", timeScale);
  }

  /**
   * Each column's mean and population standard deviation, as a series model is fitted with them:
   * the mean Σx/n summed in row order, then the standard deviation √(Σ(x − mean)²/n), the second
   * pass over the deviations (the one-pass Σx²/n − mean² loses every digit for a column whose spread
   * is small beside its mean, e.g. 10⁶ ± 10⁻³).
   *
   * @param rows the rows, {@code [n][d]}, n ≥ 1; not modified
   * @return {@code {mean, std}}, each of size d
   * @throws IllegalArgumentException if there are no rows or they differ in length
   */
  public static double[][] columnMoments(java.util.List<double[]> rows) {
    if (rows == null || rows.isEmpty()) {
      throw new IllegalArgumentException("rows must hold at least one row; got none");
    }
    int d = rows.get(0).length;
    double[] mean = new double[d];
    for (double[] r : rows) {
      if (r.length != d) {
        throw new IllegalArgumentException("rows must all have " + d + " values; got one with " + r.length);
      }
      for (int j = 0; j < d; j++) {
        mean[j] += r[j];
      }
    }
    int n = rows.size();
    double[] std = new double[d];
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    for (double[] r : rows) {
      for (int j = 0; j < d; j++) {
        double dv = r[j] - mean[j];
        std[j] += dv * dv;
      }
    }
    for (int j = 0; j < d; j++) {
      std[j] = Math.sqrt(std[j] / n);
    }
    return new double[][] {mean, std};
  }

  /**
   * The column means.
   *
   * @return a copy
   */
  @Override
  public double[] mean() {
    return mean.clone();
  }

  /**
   * The column standard deviations.
   *
   * @return a copy
   */
  @Override
  public double[] std() {
    return std.clone();
  }

  /**
   * Standardises one row of values.
   *
   * @param x the values in data units, size d; not modified
   * @return a new array, (x − mean) / std
   */
  public double[] standardise(double[] x) {
    double[] z = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      z[j] = (x[j] - mean[j]) / std[j];
    }
    return z;
  }

  /**
   * Maps one standardised row back to data units.
   *
   * @param z the standardised values, size d; not modified
   * @return a new array, z · std + mean
   */
  public double[] unstandardise(double[] z) {
    double[] x = new double[z.length];
    for (int j = 0; j < z.length; j++) {
      x[j] = z[j] * std[j] + mean[j];
    }
    return x;
  }

  /**
   * Converts a data time to model time.
   *
   * @param t a data time
   * @return (t − timeOffset) / timeScale
   */
  public double toModelTime(double t) {
    return (t - timeOffset) / timeScale;
  }

  /**
   * Converts a model time to data time.
   *
   * @param tau a model time
   * @return τ · timeScale + timeOffset
   */
  public double toDataTime(double tau) {
    return tau * timeScale + timeOffset;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeriesScaling s && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std)
        && Double.compare(timeOffset, s.timeOffset) == 0
        && Double.compare(timeScale, s.timeScale) == 0;
  }

  @Override
  public int hashCode() {
    return (Arrays.hashCode(mean) * 31 + Arrays.hashCode(std)) * 31
        + Double.hashCode(timeOffset) * 17 + Double.hashCode(timeScale);
  }

  @Override
  public String toString() {
    return "SeriesScaling[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std)
        + ", timeOffset=" + timeOffset + ", timeScale=" + timeScale + "]";
  }
}
