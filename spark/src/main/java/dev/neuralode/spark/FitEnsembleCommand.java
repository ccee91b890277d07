package dev.neuralode.spark;

import dev.neuralode.io.AtomicFiles;
import dev.neuralode.io.Csv;
import dev.neuralode.io.Json;
import dev.neuralode.io.ModelFile;
import dev.neuralode.io.TimeSeries;
import dev.neuralode.io.TimeSeriesCsv;
import dev.neuralode.nn.Activation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.spark.sql.SparkSession;

/**
 * {@code neuralode spark fit-ensemble}: N fits of one time series as Spark tasks ({@link
 * FitEnsemble}). The configurations are the product of {@code --hidden} alternatives (separated by
 * {@code /}), {@code --lr} values (separated by commas) and {@code --fits} seeds ({@code --seed},
 * {@code --seed}+1, …); with {@code --bootstrap} fit k of each group also fits bootstrap resample
 * k. Writes into {@code --out}: {@code models/fit-<i>.json} per successful fit and {@code
 * model.json} (the best, lowest RMSE), {@code fits.csv} (one row per fit: settings, {@code
 * bootstrap_seed} (blank when the fit used every row, else the seed of its resample: with {@code
 * --bootstrap} every fit, fit 0 included, trains on a resample), {@code rows} (distinct rows
 * trained on), status, error, loss, RMSE, NFE, seconds), {@code bands.csv} (time, then per column the best prediction, the
 * median and the 5% and 95% quantiles; in a column whose every observed value is {@code >= 0}
 * these are clipped at 0, as {@code neuralode fit} clips its grid, and {@code summary.json}'s
 * {@code clipped_at_zero} counts the values clipped per such column) and {@code summary.json} (its
 * {@code settings} named as local {@code fit}'s, then the figures). Each fit trains as {@code
 * neuralode fit} does ({@link FitEnsemble}), its training solves at {@code fit}'s default {@code
 * --fit-rtol} and {@code --fit-atol} ({@link FitConfig#TRAINING_RTOL}, {@link
 * FitConfig#TRAINING_ATOL}), so fit 0 with the default settings is the model {@code fit} makes.
 */
final class FitEnsembleCommand implements SparkMain.Command {
  private static final Set<String> VALUED = Set.of("--data", "--time", "--columns", "--out", "--fits", "--seed",
      "--iterations", "--lr", "--hidden", "--activation", "--method", "--rtol", "--atol", "--gradient", "--grid",
      "--master", "--partitions");
  private static final Set<String> FLAGS = Set.of("--bootstrap", "--time-dependent");
  private static final double FORECAST = 5.0;

  private final Options o;
  private final Path data;
  private final Path out;
  private FitEnsemble.Series series;
  private final List<FitConfig> configs = new ArrayList<>();
  /** The settings as summary.json records them (the data's columns are added when it is read). */
  private final Map<String, Object> settings = new LinkedHashMap<>();

  FitEnsembleCommand(String[] args) {
    o = Options.parse("fit-ensemble", args, VALUED, FLAGS);
    data = Path.of(o.required("--data", "lynx_hare.csv"));
    out = Path.of(o.required("--out", "runs/fit-ensemble"));
    int fits = o.integer("--fits", 8, 1);
    long seed = o.integer("--seed", 0, 0);
    int iterations = o.integer("--iterations", 1000, 1);
    Activation act;
    try {
      act = Activation.parse(o.string("--activation", "tanh"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--activation: " + e.getMessage(), e);
    }
    SolverSettings solver = SparkMain.solver(o, "dopri5", 1e-7, 1e-9);
    // the training solves use fit's default --fit-rtol/--fit-atol, as local fit does
    SolverSettings training = FitConfig.trainingSolver(solver);
    boolean bootstrap = o.has("--bootstrap");
    List<int[]> widths = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    for (String h : o.string("--hidden", "32,32").split("/")) {
      int[] hidden = Options.widths("--hidden", h);
      widths.add(hidden);
      for (String lr : o.list("--lr", "0.01")) {
        double rate = Options.parseReal("--lr", lr);
        if (!(rate > 0)) {
          throw new IllegalArgumentException("--lr " + lr.strip() + " must be > 0, e.g. --lr 0.01 (or a list,"
              + " --lr 0.01,0.003)");
        }
        if (widths.size() == 1) {
          rates.add(rate);
        }
        for (int k = 0; k < fits; k++) {
          try {
            configs.add(new FitConfig(iterations, rate, hidden, act, o.has("--time-dependent"), solver, training,
                o.string("--gradient", "adjoint"), seed + k, bootstrap ? k : -1));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--gradient: " + e.getMessage(), e);
          }
        }
      }
    }
    // named and ordered as local fit's summary.json; a sweep of --lr or --hidden is a list
    settings.put("data", data.toString());
    settings.put("iterations", iterations);
    settings.put("lr", rates.size() == 1 ? rates.get(0) : rates);
    settings.put("hidden", widths.size() == 1 ? widths.get(0) : widths);
    settings.put("activation", o.string("--activation", "tanh").toLowerCase(Locale.ROOT));
    settings.put("time_dependent", o.has("--time-dependent"));
    settings.put("method", solver.spec().method().toLowerCase(Locale.ROOT));
    settings.put("rtol", solver.spec().rtol());
    settings.put("atol", solver.spec().atol());
    settings.put("fit_rtol", training.spec().rtol());
    settings.put("fit_atol", training.spec().atol());
    // one name per mode, as fit's summary.json: backsolve by its alias adjoint
    String gradient = o.string("--gradient", "adjoint").strip().toLowerCase(Locale.ROOT);
    settings.put("gradient", gradient.equals("backsolve") ? "adjoint" : gradient);
    // the recorded settings of --out: canonical names, so that a default typed out equals it left out
    o.effective("--gradient", gradient.equals("backsolve") ? "adjoint" : gradient);
    o.effective("--activation", o.string("--activation", "tanh").strip().toLowerCase(Locale.ROOT));
    o.effective("--method", solver.spec().method().toLowerCase(Locale.ROOT));
    settings.put("seed", seed);
    settings.put("fits", fits);
    settings.put("bootstrap", bootstrap);
    settings.put("augment", 0);
    settings.put("segments", 0);
    settings.put("kinetic", 0.0);
    settings.put("nfe_budget", FitConfig.NFE_BUDGET);
    settings.put("out", out.toString());
    settings.put("recipe", "collocation, multiple shooting, polish");
    settings.put("grid", o.integer("--grid", 251, 2));
    settings.put("forecast", FORECAST);
  }

  @Override
  public Options options() {
    return o;
  }

  /** --data as read (its --time and --columns checked); no setting is recorded (no default filled in). */
  private FitEnsemble.Series readSeries() throws IOException {
    String timeColumn = o.string("--time", null);
    TimeSeries ts = TimeSeriesCsv.read(data, timeColumn != null ? timeColumn : TimeSeriesCsv.header(data).get(0),
        o.list("--columns", null));
    return new FitEnsemble.Series(ts.timeName(), ts.t(), ts.names(), ts.values());
  }

  /** --data is a local file: read (and checked) before Spark starts, then --out checked. */
  @Override
  public void preflight() throws IOException {
    series = readSeries();
    SparkOutput.precheck(out, "fit-ensemble", o);
  }

  @Override
  public int run(SparkSession spark, PrintStream stdout, PrintStream err, BooleanSupplier stopped)
      throws Exception {
    // from the command's start, before Spark's, as the lines printed while Spark starts count
    long t0 = o.startedNanos();
    // --data is read (and its --time/--columns checked) before --out is touched: a wrong path or
    // column loses no earlier output; these reads record no setting (no defaults are filled in)
    FitEnsemble.Series series = this.series != null ? this.series : readSeries();
    Path dir = SparkOutput.prepare(out, "fit-ensemble", o);
    double[] grid = FitEnsemble.grid(series, o.integer("--grid", 251, 2), FORECAST);
    err.printf(Locale.ROOT, SparkMain.prefix("fit-ensemble") + "fitting %d model%s of %s on %s%n", configs.size(),
        configs.size() == 1 ? "" : "s", data, spark.sparkContext().master());
    List<FitEnsemble.Outcome> outcomes;
    try (JobProgress progress = JobProgress.of(spark, "fit-ensemble", "fits done", err, stopped).start(configs.size(),
        t0)) {
      outcomes = FitEnsemble.run(spark, series, configs, grid, progress.counter());
    }
    Files.createDirectories(dir.resolve("models"));
    StringBuilder csv = new StringBuilder("index,seed,lr,hidden,bootstrap_seed,rows,status,error,final_loss,rmse,"
        + "nfe_forward,nfe_backward,seconds\n");
    double taskSeconds = 0;
    for (FitEnsemble.Outcome r : outcomes) {
      FitConfig c = r.config();
      taskSeconds += r.seconds();
      if (r.ok()) {
        ModelFile.of(r.model()).save(dir.resolve("models").resolve("fit-" + r.index() + ".json"));
      }
      csv.append(r.index()).append(',').append(c.seed()).append(',').append(c.lr()).append(",\"")
          .append(Arrays.toString(c.hidden()).replaceAll("[\\[\\] ]", "")).append("\",")
          // blank: every row; else the seed of the fit's bootstrap resample and the rows it kept
          .append(c.bootstrap() < 0 ? "" : Long.toString(c.bootstrap())).append(',')
          .append(c.bootstrap() < 0 ? series.t().length : FitEnsemble.resample(series, c.bootstrap()).t().length)
          .append(',').append(r.ok() ? "ok" : "failed").append(',').append(quote(r.error())).append(',')
          .append(r.ok() ? r.finalLoss() : "").append(',').append(r.ok() ? r.rmse() : "").append(',')
          .append(r.nfeForward()).append(',').append(r.nfeBackward()).append(',')
          .append(String.format(Locale.ROOT, "%.3f", r.seconds())).append('\n');
    }
    AtomicFiles.writeString(dir.resolve("fits.csv"), csv.toString());
    long ok = outcomes.stream().filter(FitEnsemble.Outcome::ok).count();
    Map<String, Object> summary = new LinkedHashMap<>();
    Map<String, Object> recorded = new LinkedHashMap<>();
    settings.forEach((k, v) -> {
      recorded.put(k, v);
      if (k.equals("data")) {
        recorded.put("time", series.timeName());
        recorded.put("columns", series.names());
      }
    });
    summary.put("command", "spark fit-ensemble");
    summary.put("settings", recorded);
    summary.put("master", spark.sparkContext().master());
    summary.put("data", data.toString());
    summary.put("fits", outcomes.size());
    summary.put("succeeded", ok);
    double baseline = meanBaseline(series.values());
    summary.put("rmse_baseline", baseline);
    // as local fit warns: fits whose RMSE is above 0.8 × the mean-only baseline learned little
    List<String> poor = new ArrayList<>();
    for (FitEnsemble.Outcome r : outcomes) {
      if (r.ok() && !(r.rmse() <= POOR_FIT_RATIO * baseline)) {
        poor.add(r.index() + " (" + String.format(Locale.ROOT, "%.4g", r.rmse()) + ")");
      }
    }
    summary.put("poor_fits", poor.size());
    String warning = poor.isEmpty() ? null : String.format(Locale.ROOT, "fit%s %s barely beat%s or miss%s"
        + " predicting each column's mean (RMSE above %.1f × the mean-only baseline %.4g); model.json is the"
        + " best fit, but the bands include %s; see fits.csv, and try more --iterations or other seeds",
        poor.size() == 1 ? "" : "s", String.join(", ", poor), poor.size() == 1 ? "s" : "",
        poor.size() == 1 ? "es" : "", POOR_FIT_RATIO, baseline, poor.size() == 1 ? "it" : "them");
    if (warning != null) {
      summary.put("warning", warning);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (ok > 0) {
      Bands b = Bands.of(outcomes, grid);
      FitEnsemble.Outcome best = outcomes.get(b.best());
      ModelFile.of(best.model()).save(dir.resolve("model.json"));
      List<String> header = new ArrayList<>(List.of(series.timeName()));
      for (String c : series.names()) {
        header.addAll(List.of(c + "_best", c + "_median", c + "_p05", c + "_p95"));
      }
      int d = series.names().size();
      double[][] rows = new double[grid.length][1 + 4 * d];
      for (int i = 0; i < grid.length; i++) {
        rows[i][0] = grid[i];
        for (int j = 0; j < d; j++) {
          rows[i][1 + 4 * j] = b.bestPrediction()[i][j];
          rows[i][2 + 4 * j] = b.median()[i][j];
          rows[i][3 + 4 * j] = b.low()[i][j];
          rows[i][4 + 4 * j] = b.high()[i][j];
        }
      }
      // as local fit does: a column never negative in the data (populations, concentrations) has
      // its grid values clipped at 0; the models and best_rmse are not clipped
      Map<String, Integer> clipped = new LinkedHashMap<>();
      for (int j = 0; j < d; j++) {
        boolean nonNegative = true;
        for (double[] row : series.values()) {
          nonNegative &= row[j] >= 0;
        }
        if (!nonNegative) {
          continue;
        }
        int count = 0;
        for (double[] row : rows) {
          for (int k = 1; k <= 4; k++) {
            if (row[k + 4 * j] < 0) {
              row[k + 4 * j] = 0;
              count++;
            }
          }
        }
        clipped.put(series.names().get(j), count);
      }
      Csv.write(dir.resolve("bands.csv"), header, rows);
      summary.put("clipped_at_zero", clipped);
      summary.put("best_index", best.index());
      summary.put("best_rmse", best.rmse());
    }
    summary.put("seconds", seconds);
    summary.put("task_seconds_total", taskSeconds);
    AtomicFiles.writeString(dir.resolve("summary.json"), Json.toJson(summary) + "\n");
    if (ok == 0) {
      // no model at all: a failed job leaves --out as it was (SparkMain deletes what was written)
      String first = outcomes.get(0).error();
      err.printf(Locale.ROOT, SparkMain.prefix("fit-ensemble") + "all %d fit%s failed (the first: %s); no output"
          + " written%s%n", outcomes.size(), outcomes.size() == 1 ? "" : "s", first,
          Files.exists(out) ? "; " + out + " keeps its earlier contents" : "");
      return 1;
    }
    SparkOutput.commit("fit-ensemble", o);
    err.printf(Locale.ROOT, SparkMain.prefix("fit-ensemble") + "%d fit%s: %d succeeded, %.1f s wall (%.1f s of tasks)"
        + " -> %s%n", outcomes.size(), outcomes.size() == 1 ? "" : "s", ok, seconds, taskSeconds, out);
    if (warning != null) {
      err.println(SparkMain.prefix("fit-ensemble") + "warning: " + warning);
    }
    return ok == outcomes.size() ? 0 : 1;
  }

  /** A fit whose RMSE is above this fraction of the mean-only baseline is reported (local fit's rule). */
  static final double POOR_FIT_RATIO = 0.8;

  /**
   * The RMSE of predicting each column's mean, over every value (local fit's {@code rmse_baseline}).
   *
   * @param values the series' values {@code [rows][columns]}
   * @return the baseline, in data units
   */
  static double meanBaseline(double[][] values) {
    int d = values[0].length;
    double[] mean = new double[d];
    for (double[] row : values) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= values.length;
    }
    double sq = 0;
    for (double[] row : values) {
      for (int j = 0; j < d; j++) {
        sq += (row[j] - mean[j]) * (row[j] - mean[j]);
      }
    }
    return Math.sqrt(sq / ((double) values.length * d));
  }

  private static String quote(String s) {
    return s == null ? "" : "\"" + s.replace("\"", "\"\"").replace('\n', ' ') + "\"";
  }
}
