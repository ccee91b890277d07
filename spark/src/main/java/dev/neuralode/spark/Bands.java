package dev.neuralode.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The summary of an ensemble of fits on a common time grid: the best model's prediction (lowest
 * RMSE at the data times) and, per time and column, the median and the 5% and 95% quantiles of the
 * successful fits' predictions (a 90% band). Quantiles interpolate linearly between order
 * statistics (Hyndman and Fan's type 7, the default of R and NumPy).
 *
 * @param grid the times, size G
 * @param best the index of the best outcome
 * @param bestPrediction its prediction, shape {@code [G][d]}
 * @param median the median, shape {@code [G][d]}
 * @param low the 5% quantile, shape {@code [G][d]}
 * @param high the 95% quantile, shape {@code [G][d]}
 * @param fits the number of successful fits summarised
 */
public record Bands(double[] grid, int best, double[][] bestPrediction, double[][] median, double[][] low,
    double[][] high, int fits) {

  /**
   * Summarises the successful outcomes.
   *
   * @param outcomes the ensemble's outcomes, with predictions on {@code grid}
   * @param grid the grid they were predicted on
   * @return the bands
   * @throws IllegalArgumentException if no fit succeeded
   */
  public static Bands of(List<FitEnsemble.Outcome> outcomes, double[] grid) {
    List<FitEnsemble.Outcome> ok = new ArrayList<>();
    for (FitEnsemble.Outcome o : outcomes) {
      if (o.ok()) {
        ok.add(o);
      }
    }
    if (ok.isEmpty()) {
      throw new IllegalArgumentException("no fit of the ensemble succeeded, so there is nothing to summarise;"
          + " see each fit's error");
    }
    FitEnsemble.Outcome best = ok.get(0);
    for (FitEnsemble.Outcome o : ok) {
      if (o.rmse() < best.rmse()) {
        best = o;
      }
    }
    int g = grid.length;
    int d = best.grid()[0].length;
    double[][] med = new double[g][d];
    double[][] lo = new double[g][d];
    double[][] hi = new double[g][d];
    double[] v = new double[ok.size()];
    for (int i = 0; i < g; i++) {
      for (int j = 0; j < d; j++) {
        for (int k = 0; k < v.length; k++) {
          v[k] = ok.get(k).grid()[i][j];
        }
        Arrays.sort(v);
        med[i][j] = quantile(v, 0.5);
        lo[i][j] = quantile(v, 0.05);
        hi[i][j] = quantile(v, 0.95);
      }
    }
    return new Bands(grid.clone(), best.index(), best.grid(), med, lo, hi, ok.size());
  }

  /**
   * The q-quantile of sorted values, interpolating linearly between order statistics.
   *
   * @param sorted the values in increasing order, at least one; not modified
   * @param q the level in [0, 1]
   * @return the quantile
   */
  static double quantile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
