package dev.neuralode.model;

import java.util.List;

/**
 * A time series in the units a series model is fitted in (the core's {@code SeriesTrainer}; {@code
 * neuralode fit} and the Spark fit ensembles standardise with the same {@link
 * SeriesScaling#columnMoments}): each column standardised, z = (x − mean) / std
 * with the population standard deviation, and time rescaled to τ = (t − t₀) / s with s chosen so
 * that the series spans [0, span].
 *
 * @param scaling column means and standard deviations, time offset t₀ and scale s
 * @param tau the model times τᵢ, shape {@code [n]}
 * @param z the standardised values, shape {@code [n][d]}
 */
public record StandardisedSeries(SeriesScaling scaling, double[] tau, double[][] z) {

  /** The length of the data's time range in model time units when fitting a series. */
  public static final double FIT_SPAN = 4.0;

  /**
   * Standardises a series.
   *
   * @param t the times, strictly increasing, at least 2; not modified
   * @param x the values, shape {@code [n][d]}; not modified
   * @param names the column names, size d, used in messages
   * @param span the length of the time range in model units, {@code > 0}
   * @return the standardised series
   * @throws IllegalArgumentException if the sizes disagree, or a column is constant (its standard
   *     deviation is 0), naming the column and its value
   */
  public static StandardisedSeries of(double[] t, double[][] x, List<String> names, double span) {
    int n = t.length;
    if (n < 2 || x.length != n || names == null || names.size() != x[0].length || !(span > 0)) {
      throw new IllegalArgumentException("need at least 2 times, one row of values per time, one name per"
          + " column and span > 0; got " + n + " times, " + x.length + " rows, names " + names + ", span "
          + span);
    }
    int d = x[0].length;
    double[][] moments = SeriesScaling.columnMoments(java.util.Arrays.asList(x));
    double[] mean = moments[0];
    double[] std = moments[1];
    for (int j = 0; j < d; j++) {
      if (!(std[j] > 0) || !Double.isFinite(std[j])) {
        throw new IllegalArgumentException("column '" + names.get(j) + "' has the same value " + x[0][j]
            + " on every row, so it cannot be standardised or fitted; leave it out");
      }
    }
    double offset = t[0];
    double scale = (t[n - 1] - t[0]) / span;
    SeriesScaling scaling = new SeriesScaling(mean, std, offset, scale);
    double[] tau = new double[n];
    double[][] z = new double[n][];
    for (int i = 0; i < n; i++) {
      tau[i] = scaling.toModelTime(t[i]);
      z[i] = scaling.standardise(x[i]);
    }
    return new StandardisedSeries(scaling, tau, z);
  }

  /**
   * Returns the number of rows.
   *
   * @return n
   */
  public int n() {
    return tau.length;
  }
}
