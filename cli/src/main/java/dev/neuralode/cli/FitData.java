package dev.neuralode.cli;

import dev.neuralode.io.InputException;
import dev.neuralode.io.TimeSeries;
import dev.neuralode.model.SeriesScaling;
import java.nio.file.Path;

/**
 * A time series prepared for {@code neuralode fit}: the data, its scaling and the standardised
 * values in model time.
 *
 * @param series the data as read
 * @param scaling column means and (population) standard deviations, time offset t₀ and scale s
 * @param tau the model times τᵢ = (tᵢ − t₀) / s, shape {@code [n]}
 * @param z the standardised values, shape {@code [n][d]}
 */
public record FitData(TimeSeries series, SeriesScaling scaling, double[] tau, double[][] z) {

  /**
   * Standardises a series: z = (x − mean) / std per column, τ = (t − t₀) / s with s chosen so
   * that the series spans [0, {@code span}].
   *
   * @param file the data file, named in messages
   * @param series the data, at least 2 rows
   * @param span the length of the time range in model units, {@code > 0}
   * @return the prepared data
   * @throws InputException if a column is constant (its standard deviation is 0)
   */
  public static FitData of(Path file, TimeSeries series, double span) {
    int n = series.size();
    int d = series.dimension();
    double[] mean = new double[d];
    double[] std = new double[d];
    for (int j = 0; j < d; j++) {
      double[] c = series.column(j);
      double m = 0;
      for (double v : c) {
        m += v;
      }
      m /= n;
      double ss = 0;
      for (double v : c) {
        ss += (v - m) * (v - m);
      }
      mean[j] = m;
      std[j] = Math.sqrt(ss / n);
      if (!(std[j] > 0) || !Double.isFinite(std[j])) {
        throw InputException.at(file, 0, "column '" + series.names().get(j) + "' has the same"
            + " value " + c[0] + " on every row, so it cannot be standardised or fitted; leave it"
            + " out with --columns");
      }
      ColumnChecks.requireVarying(file, series.names().get(j), c);
    }
    double[] t = series.t();
    double offset = t[0];
    double scale = (t[n - 1] - t[0]) / span;
    SeriesScaling scaling = new SeriesScaling(mean, std, offset, scale);
    double[] tau = new double[n];
    double[][] z = new double[n][];
    for (int i = 0; i < n; i++) {
      tau[i] = scaling.toModelTime(t[i]);
      z[i] = scaling.standardise(series.values()[i]);
    }
    return new FitData(series, scaling, tau, z);
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
