package dev.neuralode.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code fit}'s rule for quantities that are never negative in the data (populations,
 * concentrations, counts): a column whose every observed value, training and held-out rows of
 * every series, is {@code >= 0} has its predictions on the fine grid (the model's line or the
 * ensemble median, and the ensemble's 90% band) clipped at 0 in {@code predictions.csv} and
 * {@code fit.png}. The model itself ({@code model.json}, {@code neuralode predict}) and the
 * figures in {@code summary.json} ({@code rmse}, residuals) are not clipped; {@code summary.json}
 * records the columns and how many values were clipped ({@code clipped_at_zero}).
 */
final class NonNegativeColumns {

  private NonNegativeColumns() {}

  /**
   * The columns whose observed values are all {@code >= 0}.
   *
   * @param fd the data
   * @return one flag per observed column
   */
  static boolean[] of(FitData fd) {
    int d = fd.names().size();
    boolean[] nonNegative = new boolean[d];
    java.util.Arrays.fill(nonNegative, true);
    for (FitData.Group g : fd.groups()) {
      for (double[] row : g.x()) {
        for (int j = 0; j < d; j++) {
          if (!(row[j] >= 0)) {
            nonNegative[j] = false;
          }
        }
      }
    }
    return nonNegative;
  }

  /**
   * Clips the grid predictions and band of the flagged columns at 0, in place.
   *
   * @param columns the flags of {@link #of}
   * @param grid per group, {@code [time][column]}
   * @param band per group, {@code {lo, hi}} each {@code [time][column]}, or null
   * @return the number of values clipped per flagged column
   */
  static int[] clip(boolean[] columns, double[][][] grid, double[][][][] band) {
    int[] clipped = new int[columns.length];
    List<double[][]> all = new ArrayList<>(java.util.Arrays.asList(grid));
    if (band != null) {
      for (double[][][] b : band) {
        all.add(b[0]);
        all.add(b[1]);
      }
    }
    for (double[][] rows : all) {
      for (double[] row : rows) {
        for (int j = 0; j < columns.length; j++) {
          if (columns[j] && row[j] < 0) {
            row[j] = 0;
            clipped[j]++;
          }
        }
      }
    }
    return clipped;
  }

  /**
   * The columns where clipping changed something.
   *
   * @param columns the non-negative columns, as {@link #of} found them
   * @param clipped the counts of {@link #clip}
   * @return per column, whether it is non-negative and had at least one value clipped
   */
  static boolean[] clippedAny(boolean[] columns, int[] clipped) {
    boolean[] out = new boolean[columns.length];
    for (int j = 0; j < columns.length; j++) {
      out[j] = columns[j] && clipped[j] > 0;
    }
    return out;
  }

  /**
   * The {@code clipped_at_zero} entry of {@code summary.json}: each non-negative column with the
   * number of grid values (line or median, band ends) clipped.
   *
   * @param fd the data
   * @param columns the flags of {@link #of}
   * @param clipped the counts of {@link #clip}
   * @return column name to count, empty if no column is non-negative
   */
  static Map<String, Integer> summary(FitData fd, boolean[] columns, int[] clipped) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (int j = 0; j < columns.length; j++) {
      if (columns[j]) {
        out.put(fd.names().get(j), clipped[j]);
      }
    }
    return out;
  }
}
