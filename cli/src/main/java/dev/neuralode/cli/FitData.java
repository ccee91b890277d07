package dev.neuralode.cli;

import dev.neuralode.io.InputException;
import dev.neuralode.io.PanelCsv;
import dev.neuralode.io.TimeSeries;
import dev.neuralode.model.SeriesScaling;
import dev.neuralode.model.StandardisedSeries;
import dev.neuralode.train.ShootingFit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The data of {@code neuralode fit}: one series, or one per group of a panel, each split into
 * training rows and held-out validation rows (the last ones), standardised with the training rows'
 * column means and standard deviations, and in model time τ = (t − t0_g) / s counted from each
 * series' own first time, with s chosen so that the longest training range spans [0, {@value
 * StandardisedSeries#FIT_SPAN}].
 *
 * @param timeName the time column
 * @param names the value columns, d
 * @param groupColumn the group column, or null for one series
 * @param scaling the standardisation; its time offset is the first series' t0
 * @param groups the series, in order of first appearance
 */
public record FitData(String timeName, List<String> names, String groupColumn,
    SeriesScaling scaling, List<Group> groups) {

  /**
   * One series.
   *
   * @param name the group's name ("" for a single series)
   * @param t the data times, all rows
   * @param x the values {@code [n][d]}, all rows
   * @param train the number of leading rows used for training
   * @param tau the model times of all rows, τ = (t − t[0]) / s
   * @param z the standardised values of all rows
   */
  public record Group(String name, double[] t, double[][] x, int train, double[] tau,
      double[][] z) {
    /**
     * The number of rows.
     *
     * @return n
     */
    public int n() {
      return t.length;
    }
  }

  /**
   * Prepares one series.
   *
   * @param file the data file, named in messages
   * @param series the data
   * @param validate the fraction of rows to hold out, in [0, 1)
   * @return the prepared data
   * @throws InputException if a column is constant or too few rows remain for training
   */
  public static FitData of(Path file, TimeSeries series, double validate) {
    return build(file, series.timeName(), series.names(), null,
        List.of(new PanelCsv.Series("", series.t(), series.values())), validate);
  }

  /**
   * Prepares a panel.
   *
   * @param file the data file, named in messages
   * @param timeName the time column
   * @param groupColumn the group column
   * @param panel the groups as read
   * @param validate the fraction of each group's rows to hold out, in [0, 1)
   * @return the prepared data
   * @throws InputException if a value is missing, a column is constant or a group keeps too few
   *     training rows
   */
  public static FitData ofPanel(Path file, String timeName, String groupColumn,
      PanelCsv.Panel panel, double validate) {
    for (PanelCsv.Series s : panel.series()) {
      for (int i = 0; i < s.times().length; i++) {
        for (int j = 0; j < panel.columns().size(); j++) {
          if (Double.isNaN(s.values()[i][j])) {
            throw InputException.at(file, 0, "group '" + s.name() + "' has no value of column '"
                + panel.columns().get(j) + "' at " + timeName + " " + s.times()[i]
                + "; fit needs every value, so drop that row or fill it in");
          }
        }
      }
    }
    return build(file, timeName, panel.columns(), groupColumn, panel.series(), validate);
  }

  private static FitData build(Path file, String timeName, List<String> names, String groupColumn,
      List<PanelCsv.Series> series, double validate) {
    int d = names.size();
    int[] train = new int[series.size()];
    List<double[]> trainingRows = new ArrayList<>();
    int count = 0;
    double span = 0;
    for (int g = 0; g < series.size(); g++) {
      PanelCsv.Series s = series.get(g);
      int n = s.times().length;
      int held = validate > 0 ? Math.max(1, (int) Math.round(validate * n)) : 0;
      train[g] = n - held;
      int need = groupColumn == null ? 3 : 2;
      if (train[g] < need) {
        throw InputException.at(file, 0, (groupColumn == null ? "the series" : "group '" + s.name()
            + "'") + " has " + n + " rows; --validate " + validate + " holds out " + held
            + " and leaves " + train[g] + " for training, fewer than " + need
            + "; give a smaller --validate");
      }
      span = Math.max(span, s.times()[train[g] - 1] - s.times()[0]);
      for (int i = 0; i < train[g]; i++) {
        trainingRows.add(s.values()[i]);
        count++;
      }
    }
    double[][] moments = SeriesScaling.columnMoments(trainingRows);
    double[] mean = moments[0];
    double[] std = moments[1];
    for (int j = 0; j < d; j++) {
      double[] col = new double[count];
      int k = 0;
      for (int g = 0; g < series.size(); g++) {
        for (int i = 0; i < train[g]; i++) {
          col[k++] = series.get(g).values()[i][j];
        }
      }
      boolean same = true;
      for (double v : col) {
        same &= v == col[0];
      }
      if (same) {
        throw InputException.at(file, 0, "column '" + names.get(j) + "' has the same value "
            + col[0] + " on every " + (validate > 0 ? "training " : "") + "row, so it cannot be"
            + " standardised; leave it out with --columns");
      }
      ColumnChecks.requireVarying(file, names.get(j), col);
    }
    double scale = span / StandardisedSeries.FIT_SPAN;
    SeriesScaling scaling = new SeriesScaling(mean, std, series.get(0).times()[0], scale);
    List<Group> groups = new ArrayList<>();
    for (int g = 0; g < series.size(); g++) {
      PanelCsv.Series s = series.get(g);
      int n = s.times().length;
      double[] tau = new double[n];
      double[][] z = new double[n][];
      for (int i = 0; i < n; i++) {
        tau[i] = (s.times()[i] - s.times()[0]) / scale;
        z[i] = scaling.standardise(s.values()[i]);
      }
      groups.add(new Group(s.name(), s.times().clone(), s.values(), train[g], tau, z));
    }
    return new FitData(timeName, List.copyOf(names), groupColumn, scaling, List.copyOf(groups));
  }

  /**
   * The training rows of every series, for the trainer.
   *
   * @return one series per group
   */
  public List<ShootingFit.Series> training() {
    List<ShootingFit.Series> out = new ArrayList<>();
    for (Group g : groups) {
      out.add(new ShootingFit.Series(Arrays.copyOf(g.tau(), g.train()),
          Arrays.copyOf(g.z(), g.train())));
    }
    return out;
  }

  /**
   * The total number of rows.
   *
   * @return the rows of all groups
   */
  public int rows() {
    return groups.stream().mapToInt(Group::n).sum();
  }
}
