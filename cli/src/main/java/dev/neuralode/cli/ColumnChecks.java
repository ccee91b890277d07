package dev.neuralode.cli;

import dev.neuralode.io.InputException;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks of data columns before they are standardised: a column whose values are all equal, or
 * equal up to rounding, has a standard deviation of (nearly) zero, and dividing by it gives
 * meaningless numbers (a test NLL of −29.6 for a constant column). Such columns are refused,
 * with the column named.
 *
 * <p>A column is near-constant when max − min ≤ {@value #RELATIVE_SPREAD} · max(|max|, |min|):
 * the spread is within rounding of the values themselves.
 */
final class ColumnChecks {

  /** The relative spread at or below which a column counts as constant. */
  static final double RELATIVE_SPREAD = 1e-12;

  private ColumnChecks() {}

  /**
   * Refuses a constant or near-constant column.
   *
   * @param file the data file, named in the message (null for none)
   * @param name the column's name
   * @param values its values
   * @throws InputException naming the column if it is constant or near-constant
   */
  static void requireVarying(Path file, String name, double[] values) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (values.length > 0 && !(max - min > RELATIVE_SPREAD * Math.max(Math.abs(max), Math.abs(min)))) {
      throw InputException.at(file, 0, "column '" + name + "' is constant or nearly constant"
          + " (values from " + min + " to " + max + "), so it cannot be standardised; leave it"
          + " out with --columns");
    }
  }

  /**
   * Refuses a constant or near-constant column of a table.
   *
   * @param file the data file, named in the message
   * @param names the column names
   * @param rows the rows, shape {@code [n][names.size()]}
   * @throws InputException naming the first such column
   */
  static void requireVarying(Path file, List<String> names, double[][] rows) {
    for (int j = 0; j < names.size(); j++) {
      double[] c = new double[rows.length];
      for (int i = 0; i < rows.length; i++) {
        c[i] = rows[i][j];
      }
      requireVarying(file, names.get(j), c);
    }
  }
}
