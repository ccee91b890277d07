package dev.neuralode.cli;

import dev.neuralode.io.InputException;
import dev.neuralode.io.TimeSeries;
import dev.neuralode.model.SeriesScaling;
import dev.neuralode.model.StandardisedSeries;
import java.nio.file.Path;

/**
 * A time series prepared for {@code neuralode fit}: the data, its scaling and the standardised
 * values in model time ({@link StandardisedSeries}).
 *
 * @param series the data as read
 * @param scaling column means and (population) standard deviations, time offset t₀ and scale s
 * @param tau the model times τᵢ = (tᵢ − t₀) / s, shape {@code [n]}
 * @param z the standardised values, shape {@code [n][d]}
 */
public record FitData(TimeSeries series, SeriesScaling scaling, double[] tau, double[][] z) {

  /**
   * Standardises a series ({@link StandardisedSeries#of}): z = (x − mean) / std per column, τ = (t −
   * t₀) / s with s chosen so that the series spans [0, {@code span}].
   *
   * @param file the data file, named in messages
   * @param series the data, at least 2 rows
   * @param span the length of the time range in model units, {@code > 0}
   * @return the prepared data
   * @throws InputException if a column is constant (its standard deviation is 0) or nearly constant
   */
  public static FitData of(Path file, TimeSeries series, double span) {
    StandardisedSeries s;
    try {
      s = StandardisedSeries.of(series.t(), series.values(), series.names(), span);
    } catch (IllegalArgumentException e) {
      throw InputException.at(file, 0, e.getMessage() + " with --columns");
    }
    for (int j = 0; j < series.dimension(); j++) {
      ColumnChecks.requireVarying(file, series.names().get(j), series.column(j));
    }
    return new FitData(series, s.scaling(), s.tau(), s.z());
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
