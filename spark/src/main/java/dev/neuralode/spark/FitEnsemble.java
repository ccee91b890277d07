package dev.neuralode.spark;

import dev.neuralode.model.OdeMlpModel;
import dev.neuralode.model.SeriesPredictor;
import dev.neuralode.model.SeriesScaling;
import dev.neuralode.model.SolverSpec;
import dev.neuralode.model.StandardisedSeries;
import dev.neuralode.tensor.Rng;
import dev.neuralode.train.ShootingFit;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Ensembles of fits on Spark: N configurations of {@code neuralode fit} (seeds, restarts, widths,
 * rates, bootstrap resamples), each trained by the core's {@link ShootingFit} as one Spark task,
 * exactly as {@code fit} trains one series (same standardisation, recipe, training tolerances,
 * model record and RMSE), so a fit of the ensemble on every row equals the single {@code fit} with
 * its settings bit for bit. A fit that fails (the solver stops, training diverges) is reported with
 * its message and does not stop the others.
 *
 * <p>Each task also predicts its model on a common time grid, from which the driver draws the
 * best model and the ensemble's median and 90% band ({@link Bands}).
 */
public final class FitEnsemble {

  /**
   * The time series every fit sees, as plain data.
   *
   * @param timeName the time column's name
   * @param t the times, strictly increasing, at least 3
   * @param names the state columns' names, size d
   * @param values the values, shape {@code [n][d]}
   * @serial exclude
   */
  public record Series(String timeName, double[] t, List<String> names, double[][] values) implements Serializable {
    /**
     * Checks the sizes.
     *
     * @param timeName see the record's description
     * @param t see the record's description
     * @param names see the record's description
     * @param values see the record's description
     * @throws IllegalArgumentException if they disagree or fewer than 3 rows are given
     */
    public Series {
      int d = names == null ? 0 : names.size();
      if (t == null || t.length < 3 || values == null || values.length != t.length || d == 0
          || Arrays.stream(values).anyMatch(r -> r.length != d)) {
        throw new IllegalArgumentException("need at least 3 rows, one value per column on every row; got "
            + (t == null ? 0 : t.length) + " times for columns " + names);
      }
      names = List.copyOf(names);
    }
  }

  /**
   * What one fit produced.
   *
   * @param index the configuration's position in the ensemble
   * @param config the configuration
   * @param model the fitted model, or null if the fit failed
   * @param error why the fit failed, or null
   * @param finalLoss the last iteration's loss (standardised units), NaN if failed
   * @param rmse the root-mean-square error in data units over all columns at the data times, NaN if
   *     failed
   * @param grid the prediction on the common grid, shape {@code [grid][d]}, null if failed
   * @param seconds the task's wall time
   * @param nfeForward function evaluations of the forward solves
   * @param nfeBackward function evaluations of the backward solves
   * @serial exclude
   */
  public record Outcome(int index, FitConfig config, OdeMlpModel model, String error, double finalLoss, double rmse,
      double[][] grid, double seconds, long nfeForward, long nfeBackward) implements Serializable {
    /**
     * Whether the fit succeeded.
     *
     * @return true if there is a model
     */
    public boolean ok() {
      return model != null;
    }
  }

  private FitEnsemble() {}

  /**
   * The prediction grid of an ensemble: {@code points} times evenly from the first data time to the
   * last plus {@code forecast}, the last point exactly at the end.
   *
   * @param series the data
   * @param points the number of times, at least 2
   * @param forecast how far past the last data time, ≥ 0
   * @return the grid
   */
  public static double[] grid(Series series, int points, double forecast) {
    double[] t = series.t();
    double start = t[0];
    double end = t[t.length - 1] + forecast;
    double[] g = new double[points];
    for (int i = 0; i < points; i++) {
      g[i] = i == points - 1 ? end : start + (end - start) * i / (points - 1);
    }
    return g;
  }

  /**
   * Runs the fits as Spark tasks, one configuration per partition.
   *
   * @param spark the session
   * @param series the data, shipped with every task
   * @param configs the configurations, at least one
   * @param grid the times of the common prediction grid (data units)
   * @return one outcome per configuration, in order
   * @throws IllegalArgumentException if configs is empty
   */
  public static List<Outcome> run(SparkSession spark, Series series, List<FitConfig> configs, double[] grid) {
    return run(spark, series, configs, grid, null);
  }

  /**
   * As {@link #run(SparkSession, Series, List, double[])}, with each task adding 1 to fitsDone when
   * its fit has ended (succeeded or failed), for progress lines.
   *
   * @param spark the session
   * @param series the data
   * @param configs the configurations, at least one
   * @param grid the common prediction grid
   * @param fitsDone the counter, or null for none
   * @return one outcome per configuration, in order
   */
  static List<Outcome> run(SparkSession spark, Series series, List<FitConfig> configs, double[] grid,
      LongAccumulator fitsDone) {
    if (configs == null || configs.isEmpty()) {
      throw new IllegalArgumentException("give at least one fit configuration");
    }
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < configs.size(); i++) {
      idx.add(i);
    }
    List<FitConfig> cs = List.copyOf(configs);
    double[] g = grid.clone();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return jsc.parallelize(idx, idx.size()).map(i -> {
      Outcome r = fit(series, i, cs.get(i), g);
      if (fitsDone != null) {
        fitsDone.add(1);
      }
      return r;
    }).collect();
  }

  /**
   * One fit, as a task runs it (also usable without Spark).
   *
   * @param series the data
   * @param index the configuration's position
   * @param config the configuration
   * @param grid the common prediction grid
   * @return the outcome; a failure is reported in it, not thrown
   */
  public static Outcome fit(Series series, int index, FitConfig config, double[] grid) {
    long t0 = System.nanoTime();
    try {
      Series used = config.bootstrap() < 0 ? series : resample(series, config.bootstrap());
      double[] t = used.t();
      StandardisedSeries s = standardise(used);
      ShootingFit.Result r = ShootingFit.train(List.of(new ShootingFit.Series(s.tau(), s.z())),
          config.settings(), (it, phase, loss, nfe) -> { }, null, ShootingFit.Checkpoints.none()).result();
      OdeMlpModel model = OdeMlpModel.from(used.names(), used.timeName(), s.scaling(), r.mlp(),
          SolverSpec.of(config.solver().solver()), 0, List.of(), r.initialStates()[0], t[0], t[t.length - 1]);
      SeriesPredictor p = model.build();
      double[][] atData = p.predict(series.t());
      // as fit's RMSE: the squared errors summed per column, then over the columns
      int d = series.names().size();
      double[] sq = new double[d];
      for (int i = 0; i < atData.length; i++) {
        for (int j = 0; j < d; j++) {
          double e = atData[i][j] - series.values()[i][j];
          sq[j] += e * e;
        }
      }
      double total = 0;
      for (double v : sq) {
        total += v;
      }
      double[][] onGrid = p.predict(grid);
      return new Outcome(index, config, model, null, r.losses()[r.losses().length - 1],
          Math.sqrt(total / (atData.length * d)), onGrid, (System.nanoTime() - t0) / 1e9, r.forwardNfe(),
          r.backwardNfe());
    } catch (RuntimeException e) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
          + e.getMessage();
      return new Outcome(index, config, null, m, Double.NaN, Double.NaN, null, (System.nanoTime() - t0) / 1e9, 0, 0);
    }
  }

  /**
   * A series in the units {@code neuralode fit} trains one series in, computed as {@code fit}
   * computes them, so that the same data give the same bits: each column standardised with its
   * mean and population standard deviation, σ = √max(0, Σx²/n − m²), and time rescaled to τ = (t −
   * t₀) / s, s = (t_last − t₀) / {@value StandardisedSeries#FIT_SPAN}.
   *
   * @param series the data
   * @return the standardised series
   * @throws IllegalArgumentException if a column is constant or nearly so (its values vary by no
   *     more than 1e-12 of their magnitude), naming it
   */
  static StandardisedSeries standardise(Series series) {
    double[] t = series.t();
    double[][] x = series.values();
    int n = t.length;
    int d = series.names().size();
    // fit's standardisation (FitData): the same two passes, so the same bits
    double[][] moments = SeriesScaling.columnMoments(java.util.Arrays.asList(x));
    double[] mean = moments[0];
    double[] std = moments[1];
    for (int j = 0; j < d; j++) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double[] row : x) {
        min = Math.min(min, row[j]);
        max = Math.max(max, row[j]);
      }
      if (!(max - min > 1e-12 * Math.max(Math.abs(max), Math.abs(min))) || !(std[j] > 0)) {
        throw new IllegalArgumentException("column '" + series.names().get(j) + "' is constant or nearly"
            + " constant (values from " + min + " to " + max + "), so it cannot be standardised; leave it out"
            + " with --columns");
      }
    }
    double scale = (t[n - 1] - t[0]) / StandardisedSeries.FIT_SPAN;
    SeriesScaling scaling = new SeriesScaling(mean, std, t[0], scale);
    double[] tau = new double[n];
    double[][] z = new double[n][];
    for (int i = 0; i < n; i++) {
      tau[i] = (t[i] - t[0]) / scale;
      z[i] = scaling.standardise(x[i]);
    }
    return new StandardisedSeries(scaling, tau, z);
  }

  /**
   * A bootstrap resample of the rows: n draws with replacement, each drawn row kept once, in time
   * order; at least 3 rows (the first three distinct draws are topped up from the remaining rows in
   * order if fewer were drawn).
   *
   * @param series the data
   * @param seed the resample's seed
   * @return the resampled series
   */
  public static Series resample(Series series, long seed) {
    int n = series.t().length;
    boolean[] drawn = new boolean[n];
    Rng rng = new Rng(seed);
    for (int i = 0; i < n; i++) {
      drawn[rng.nextInt(n)] = true;
    }
    int count = 0;
    for (boolean b : drawn) {
      count += b ? 1 : 0;
    }
    for (int i = 0; i < n && count < 3; i++) {
      if (!drawn[i]) {
        drawn[i] = true;
        count++;
      }
    }
    double[] t = new double[count];
    double[][] v = new double[count][];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (drawn[i]) {
        t[k] = series.t()[i];
        v[k++] = series.values()[i].clone();
      }
    }
    return new Series(series.timeName(), t, series.names(), v);
  }
}
