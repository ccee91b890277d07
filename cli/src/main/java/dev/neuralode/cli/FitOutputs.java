package dev.neuralode.cli;

import dev.neuralode.io.Csv;
import dev.neuralode.io.ModelFile;
import dev.neuralode.io.TimeSeries;
import dev.neuralode.model.InvalidModelException;
import dev.neuralode.model.OdeMlpModel;
import dev.neuralode.model.SeriesPredictor;
import dev.neuralode.model.SolverSpec;
import dev.neuralode.ode.OdeSolverException;
import dev.neuralode.plot.LossPlot;
import dev.neuralode.plot.SeriesPlot;
import dev.neuralode.train.SeriesTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluates a trained fit and writes the files of {@code neuralode fit}. Everything is computed
 * before the first file is written, so a solver failure while predicting leaves no new files.
 */
final class FitOutputs {

  static final String MODEL = "model.json";
  static final String PREDICTIONS = "predictions.csv";
  static final String FIT_PNG = "fit.png";
  static final String LOSS_CSV = "loss.csv";
  static final String LOSS_PNG = "loss.png";

  private FitOutputs() {}

  /**
   * Writes the files into {@code out} (the run's staging directory) and returns the status line
   * to print once they are in place.
   */
  static Report write(FitCommand cmd, Path out, FitData fd, SeriesTrainer.Result r,
      SeriesTrainer.FitSettings settings, CommandSupport.Stopwatch clock) throws IOException {
    double trainSeconds = clock.seconds();
    TimeSeries ts = fd.series();
    double[] t = ts.t();
    int n = fd.n();
    int d = ts.dimension();
    OdeMlpModel model;
    try {
      model = OdeMlpModel.from(ts.names(), ts.timeName(), fd.scaling(), r.mlp(),
          SolverSpec.of(settings.options()), r.initialState(), t[0], t[n - 1]);
    } catch (InvalidModelException e) {
      throw new CommandException(CommandException.FAILURE, "training diverged: the trained model's"
          + " field '" + e.field() + "' " + e.problem() + "; try a lower --lr or another --seed;"
          + " no files were written", e);
    }
    SeriesPredictor sm = model.build();
    double[] grid = new double[FitCommand.GRID_POINTS];
    double end = t[n - 1] + FitCommand.FORECAST;
    for (int i = 0; i < grid.length; i++) {
      grid[i] = i == grid.length - 1 ? end : t[0] + (end - t[0]) * i / (grid.length - 1);
    }
    double[][] fitted;
    double[][] predicted;
    try {
      fitted = sm.predict(t);
      predicted = sm.predict(grid);
    } catch (OdeSolverException e) {
      throw new CommandException(CommandException.FAILURE, "the trained model cannot be solved"
          + " up to " + ts.timeName() + " = " + end + " (" + e.getMessage() + "); try another"
          + " --seed or more --iterations; no files were written", e);
    }

    double[] mean = fd.scaling().mean();
    double sq = 0;
    double sqBase = 0;
    Map<String, Double> perColumn = new LinkedHashMap<>();
    Map<String, Double> perColumnBase = new LinkedHashMap<>();
    for (int j = 0; j < d; j++) {
      double c = 0;
      double b = 0;
      for (int i = 0; i < n; i++) {
        double x = ts.values()[i][j];
        c += sq(fitted[i][j] - x);
        b += sq(x - mean[j]);
      }
      sq += c;
      sqBase += b;
      perColumn.put(ts.names().get(j), Math.sqrt(c / n));
      perColumnBase.put(ts.names().get(j), Math.sqrt(b / n));
    }
    double rmse = Math.sqrt(sq / (n * d));
    double baseline = Math.sqrt(sqBase / (n * d));
    double[] losses = r.losses();
    double[] iterations = new double[losses.length];
    for (int i = 0; i < losses.length; i++) {
      iterations[i] = i + 1;
    }

    List<String> header = new ArrayList<>();
    header.add(ts.timeName());
    header.addAll(ts.names());
    double[][] rows = new double[grid.length][d + 1];
    for (int i = 0; i < grid.length; i++) {
      rows[i][0] = grid[i];
      System.arraycopy(predicted[i], 0, rows[i], 1, d);
    }
    ModelFile.of(model).save(out.resolve(MODEL));
    Csv.write(out.resolve(PREDICTIONS), header, rows);
    Csv.writeColumns(out.resolve(LOSS_CSV), List.of("iteration", "loss"),
        java.util.Set.of("iteration"), iterations, losses);
    SeriesPlot.builder()
        .title("Neural ODE fit of " + String.join(", ", ts.names()) + " (RMSE "
            + CommandSupport.fmt(rmse) + ", mean-only " + CommandSupport.fmt(baseline)
            + (warning(rmse, baseline) != null ? ": barely better than the mean" : "") + ")")
        .axisLabels(ts.timeName(), "value")
        .names(ts.names())
        .data(t, ts.values())
        .model(grid, predicted)
        .marker(t[n - 1], "forecast")
        .build()
        .writePng(out.resolve(FIT_PNG));
    LossPlot.Builder lossPlot = LossPlot.builder().title("Training loss (MSE, standardised; dashed: curriculum stages)")
        .series("loss", iterations, losses);
    int[] windows = r.windows();
    for (int i = 1, stage = 2; i < windows.length; i++) {
      if (windows[i] != windows[i - 1]) {
        lossPlot.marker(i + 1, "stage " + stage++ + ": " + windows[i] + " rows");
      }
    }
    int decay = SeriesTrainer.decayStart(windows);
    if (decay > 0) {
      lossPlot.marker(decay + 1, "lr/10");
    }
    lossPlot.build().writePng(out.resolve(LOSS_PNG));

    Map<String, Object> results = new LinkedHashMap<>();
    results.put("rows", n);
    results.put("rmse", rmse);
    results.put("rmse_baseline", baseline);
    results.put("rmse_ratio", rmse / baseline);
    results.put("rmse_per_column", perColumn);
    results.put("rmse_baseline_per_column", perColumnBase);
    results.put("final_loss", losses[losses.length - 1]);
    results.put("final_mse_standardised", standardisedMse(fd, fitted));
    results.put("iterations", losses.length);
    results.put("nfe_forward_total", r.forwardNfe());
    results.put("nfe_backward_total", r.backwardNfe());
    results.put("nfe_forward_per_iteration", (double) r.forwardNfe() / losses.length);
    results.put("initial_state", fd.scaling().unstandardise(r.initialState()));
    results.put("seconds_training", CommandSupport.round(trainSeconds, 3));
    String warning = warning(rmse, baseline);
    if (warning != null) {
      results.put("warning", warning);
    }
    CommandSupport.writeSummary(out, "fit", settingsMap(cmd, ts, fd), results,
        List.of(MODEL, PREDICTIONS, FIT_PNG, LOSS_CSV, LOSS_PNG), clock.seconds());
    return new Report(String.format(Locale.ROOT,
        "RMSE %s (mean-only baseline %s, ratio %.3f) after %d iteration%s in %.1f s; wrote %s",
        CommandSupport.fmt(rmse), CommandSupport.fmt(baseline), rmse / baseline, losses.length,
        losses.length == 1 ? "" : "s",
        clock.seconds(), cmd.out), warning);
  }

  /**
   * What a fit reports on stderr when its files are written.
   *
   * @param line the status line (RMSE against the baseline, iterations, seconds, where)
   * @param warning the poor-fit warning, or null
   */
  record Report(String line, String warning) {}

  /** A fit whose RMSE is above this fraction of the mean-only baseline's is reported as poor. */
  static final double POOR_FIT_RATIO = 0.8;

  /**
   * The warning for a fit that barely beats predicting each column's mean, or null for a good fit.
   *
   * @param rmse the fit's RMSE
   * @param baseline the mean-only RMSE
   * @return the warning text, naming what to try, or null
   */
  static String warning(double rmse, double baseline) {
    if (!(rmse > POOR_FIT_RATIO * baseline)) {
      return null;
    }
    return String.format(Locale.ROOT, "the model barely beats predicting each column's mean (RMSE %s vs"
        + " %s, ratio %.2f > %.1f), so its curves are close to flat; try more --iterations (e.g. 3000),"
        + " a wider network (--hidden 64,64), --time-dependent, another --seed or a lower --lr, and look"
        + " at fit.png", CommandSupport.fmt(rmse), CommandSupport.fmt(baseline), rmse / baseline,
        POOR_FIT_RATIO);
  }

  private static Map<String, Object> settingsMap(FitCommand cmd, TimeSeries ts, FitData fd) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("data", cmd.data.toString());
    s.put("time", ts.timeName());
    s.put("columns", ts.names());
    s.put("iterations", cmd.iterations);
    s.put("lr", cmd.lr);
    s.put("hidden", cmd.hidden);
    s.put("activation", cmd.activation.toLowerCase(Locale.ROOT));
    s.put("time_dependent", cmd.timeDependent);
    s.put("method", cmd.method.toLowerCase(Locale.ROOT));
    s.put("rtol", cmd.rtol);
    s.put("atol", cmd.atol);
    s.put("gradient", cmd.gradient.toLowerCase(Locale.ROOT));
    s.put("seed", cmd.seed);
    s.put("out", cmd.out.toString());
    s.put("curriculum_stages", SeriesTrainer.STAGES);
    s.put("time_scale", fd.scaling().timeScale());
    s.put("prediction_points", FitCommand.GRID_POINTS);
    s.put("forecast", FitCommand.FORECAST);
    return s;
  }

  private static double standardisedMse(FitData fd, double[][] fitted) {
    double s = 0;
    int count = 0;
    for (int i = 0; i < fitted.length; i++) {
      double[] z = fd.scaling().standardise(fitted[i]);
      for (int j = 0; j < z.length; j++) {
        s += sq(z[j] - fd.z()[i][j]);
        count++;
      }
    }
    return s / count;
  }

  private static double sq(double x) {
    return x * x;
  }
}
