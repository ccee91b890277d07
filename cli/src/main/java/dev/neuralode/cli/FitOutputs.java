package dev.neuralode.cli;

import dev.neuralode.io.AtomicFiles;
import dev.neuralode.io.Csv;
import dev.neuralode.io.ModelFile;
import dev.neuralode.model.InvalidModelException;
import dev.neuralode.model.OdeMlpModel;
import dev.neuralode.model.SeriesGroup;
import dev.neuralode.model.SeriesPredictor;
import dev.neuralode.model.SolverSpec;
import dev.neuralode.ode.OdeSolverException;
import dev.neuralode.train.ShootingFit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluates the trained members of a fit and writes the files of {@code neuralode fit}.
 * Everything is computed before the first file is written, so a solver failure while predicting
 * leaves no new files.
 *
 * <p>With {@code --restarts} the member with the lowest validation RMSE (training RMSE without
 * {@code --validate}) is kept; so is the better of the two fits of each seed that a run without
 * {@code --augment} makes (no latent dimensions, one per observed column). With {@code --ensemble} the prediction is the median over members
 * and the band runs from the 5% to the 95% quantile of the members, widened by the residual noise:
 * each side is √(spread² + (1.645 σ_j)²) from the median, σ_j the RMS in-sample residual of
 * column j, so that the band is a 90% predictive band for observations, not only for the mean.
 */
final class FitOutputs {

  static final String MODEL = "model.json";
  static final String PREDICTIONS = "predictions.csv";
  static final String FIT_PNG = "fit.png";
  static final String LOSS_CSV = "loss.csv";
  static final String LOSS_PNG = "loss.png";
  /** z of the 95% quantile of a standard normal. */
  private static final double Z95 = 1.6448536269514722;

  private FitOutputs() {}

  /** One member's model and its predictions: per group, at the data times and on the grid. */
  record Member(int index, OdeMlpModel model, double[][][] atData, double[][][] onGrid,
      double score) {}

  /**
   * Writes the files into {@code out} (the run's staging directory) and returns the status line.
   */
  static Report write(FitCommand cmd, Path out, FitData fd, FitRuns.Outcome outcome,
      List<ShootingFit.Settings> settings, CommandSupport.Stopwatch clock) throws IOException {
    double trainSeconds = clock.seconds();
    int groups = fd.groups().size();
    int d = fd.names().size();
    double[][] grids = new double[groups][];
    for (int g = 0; g < groups; g++) {
      grids[g] = grid(fd.groups().get(g).t());
    }
    List<Member> members = new ArrayList<>();
    CommandException unusable = null;
    for (int k = 0; k < outcome.results().size(); k++) {
      ShootingFit.Result r = outcome.results().get(k);
      if (r != null) {
        try {
          members.add(member(cmd, fd, k, r, settings.get(k), grids));
        } catch (CommandException e) {
          // a member whose model is invalid or cannot be solved counts as failed, as long as
          // another one can be used (the other fit of the default, another seed)
          unusable = unusable == null ? e : unusable;
        }
      }
    }
    if (members.isEmpty()) {
      throw unusable;
    }
    int failed = outcome.results().size() - members.size();
    boolean ensemble = cmd.ensemble > 1;
    if (ensemble && cmd.latent() < 0) {
      members = betterVariant(fd, members, settings, cmd.validate > 0);
    }
    Member chosen = members.get(0);
    for (Member m : members) {
      if (m.score() < chosen.score()) {
        chosen = m;
      }
    }
    // the central prediction and band, per group, at the data times and on the grid
    double[][][] fit = new double[groups][][];
    double[][][][] band = ensemble ? new double[groups][2][][] : null;
    double[][][] grid = new double[groups][][];
    double[][][][] gridBand = ensemble ? new double[groups][2][][] : null;
    for (int g = 0; g < groups; g++) {
      if (ensemble) {
        fit[g] = quantile(members, g, true, 0.5);
        grid[g] = quantile(members, g, false, 0.5);
      } else {
        fit[g] = chosen.atData()[g];
        grid[g] = chosen.onGrid()[g];
      }
    }
    Metrics metrics = Metrics.of(fd, fit);
    if (ensemble) {
      for (int g = 0; g < groups; g++) {
        band[g] = band(members, g, true, fit[g], metrics.noise());
        gridBand[g] = band(members, g, false, grid[g], metrics.noise());
      }
    }
    double coverage = ensemble ? Metrics.coverage(fd, band) : Double.NaN;
    ShootingFit.Result r = outcome.results().get(chosen.index());
    ShootingFit.Settings kept = settings.get(chosen.index());
    double[] losses = r.losses();
    double[] iterations = new double[losses.length];
    for (int i = 0; i < losses.length; i++) {
      iterations[i] = i + 1;
    }
    String poorFit = warning(metrics.rmse(), metrics.baseline(), r.lrScale(), cmd.nfeBudget);
    String warning = joined(poorFit,
        validationWarning(metrics.validation(), metrics.persistence(), metrics.validationMean()));

    // predictions of quantities never negative in the data are clipped at 0 (NonNegativeColumns)
    boolean[] nonNegative = NonNegativeColumns.of(fd);
    int[] clipped = NonNegativeColumns.clip(nonNegative, grid, gridBand);
    ModelFile.of(chosen.model()).save(out.resolve(MODEL));
    writePredictions(out.resolve(PREDICTIONS), fd, grids, grid, gridBand);
    Csv.writeColumns(out.resolve(LOSS_CSV), List.of("iteration", "loss"),
        java.util.Set.of("iteration"), iterations, losses);
    String title = figureTitle(fd.names(), metrics.rmse(),
        cmd.validate > 0 ? metrics.validation() : Double.NaN, metrics.baseline(), poorFit != null,
        kept.augment(), ensemble ? members.size() : 1);
    FitPictures.fit(out.resolve(FIT_PNG), title, fd, fit, grids, grid, gridBand,
        chosen.model(), ensemble, metrics, NonNegativeColumns.clippedAny(nonNegative, clipped));
    // an ensemble's loss.csv and loss.png are those of the member model.json holds
    FitPictures.loss(out.resolve(LOSS_PNG), r, iterations, ensemble ? "loss of the member in"
        + " model.json (seed " + kept.seed()
        + (cmd.latent() < 0 ? ", augment K = " + kept.augment() : "")
        + ")" : "loss", kept.augment() > 0);
    int[] len = ShootingFit.phaseLengths(r.phases().length);

    Map<String, Object> results = new LinkedHashMap<>();
    results.put("rows", fd.rows());
    results.put("rows_training", metrics.trainingRows());
    results.put("rmse", metrics.rmse());
    results.put("rmse_baseline", metrics.baseline());
    results.put("rmse_ratio", metrics.rmse() / metrics.baseline());
    results.put("rmse_per_column", perColumn(fd, metrics.perColumn()));
    results.put("rmse_baseline_per_column", perColumn(fd, metrics.perColumnBaseline()));
    if (cmd.validate > 0) {
      results.put("rows_validation", metrics.validationRows());
      results.put("rmse_validation", metrics.validation());
      results.put("rmse_validation_persistence", metrics.persistence());
      results.put("rmse_validation_mean", metrics.validationMean());
      if (ensemble) {
        results.put("validation_band_coverage", coverage);
      }
    }
    if (groups > 1 || fd.groupColumn() != null) {
      results.put("groups", groups);
    }
    results.put("clipped_at_zero", NonNegativeColumns.summary(fd, nonNegative, clipped));
    results.put("final_loss", losses[losses.length - 1]);
    results.put("iterations", losses.length);
    // in phase order (Map.of's iteration order changes from one JVM to the next)
    Map<String, Integer> phases = new java.util.LinkedHashMap<>();
    phases.put("collocation", len[0]);
    phases.put("shooting", len[1]);
    phases.put("polish", len[2]);
    results.put("phase_iterations", phases);
    if (!ensemble) {
      results.put("iteration_kept", r.selectedIteration());
    }
    results.put("segments", r.segments());
    results.put("lr_scale_nfe_budget", r.lrScale());
    long forward = 0;
    long backward = 0;
    for (ShootingFit.Result m : outcome.results()) {
      if (m != null) {
        forward += m.forwardNfe();
        backward += m.backwardNfe();
      }
    }
    results.put("nfe_forward_total", forward);
    results.put("nfe_backward_total", backward);
    results.put("nfe_forward_per_iteration", (double) r.forwardNfe() / losses.length);
    if (outcome.results().size() > 1) {
      results.put("members", outcome.results().size());
      results.put("members_failed", failed);
      // positions in member_scores, the usable fits (seed-major; K = 0 before K = m with auto)
      results.put("member_kept", ensemble ? null : members.indexOf(chosen));
      results.put("member_scores", members.stream().map(Member::score).toList());
    }
    if (ensemble) {
      results.put("members_in_band", members.size());
    }
    results.put("augment_kept", kept.augment());
    if (!ensemble) {
      results.put("seed_kept", kept.seed());
    }
    if (fd.groupColumn() == null) {
      results.put("initial_state", fd.scaling().unstandardise(
          Arrays.copyOf(r.initialStates()[0], d)));
    } else {   // a panel: each group's own learned initial state, by group name
      Map<String, double[]> states = new java.util.LinkedHashMap<>();
      for (int g = 0; g < fd.groups().size(); g++) {
        states.put(fd.groups().get(g).name(), fd.scaling().unstandardise(
            Arrays.copyOf(r.initialStates()[g], d)));
      }
      results.put("initial_state", states);
    }
    results.put("seconds_training", CommandSupport.round(trainSeconds, 3));
    if (warning != null) {
      results.put("warning", warning);
    }
    if (cmd.resumedIterations > 0) {
      // seconds is this run's: a resumed run's covers the iterations after the checkpoint
      results.put("resumed_at_iteration", cmd.resumedIterations);
    }
    results.values().removeIf(java.util.Objects::isNull);
    CommandSupport.writeSummary(out, "fit", settingsMap(cmd, fd), results,
        List.of(MODEL, PREDICTIONS, FIT_PNG, LOSS_CSV, LOSS_PNG), clock.seconds());
    String validation = cmd.validate > 0 ? String.format(Locale.ROOT,
        "; validation RMSE %s (persistence %s, mean %s)", CommandSupport.fmt(metrics.validation()),
        CommandSupport.fmt(metrics.persistence()), CommandSupport.fmt(metrics.validationMean()))
        : "";
    return new Report(String.format(Locale.ROOT,
        "RMSE %s (mean-only baseline %s, ratio %.3f)%s after %d iteration%s in %.1f s; wrote %s",
        CommandSupport.fmt(metrics.rmse()), CommandSupport.fmt(metrics.baseline()),
        metrics.rmse() / metrics.baseline(), validation, losses.length,
        losses.length == 1 ? "" : "s", clock.seconds(), cmd.out), warning);
  }

  /**
   * An ensemble fitted without {@code --augment} holds two variants of every member (no latent
   * dimensions, one per observed column): keeps the variant whose median prediction has the lower
   * validation RMSE (with {@code --validate}), else training RMSE; a tie keeps the first.
   */
  private static List<Member> betterVariant(FitData fd, List<Member> members,
      List<ShootingFit.Settings> settings, boolean validate) {
    Map<Integer, List<Member>> variants = new java.util.TreeMap<>();
    for (Member m : members) {
      variants.computeIfAbsent(settings.get(m.index()).augment(), k -> new ArrayList<>()).add(m);
    }
    List<Member> best = null;
    double bestScore = Double.POSITIVE_INFINITY;
    for (List<Member> v : variants.values()) {
      double[][][] median = new double[fd.groups().size()][][];
      for (int g = 0; g < median.length; g++) {
        median[g] = quantile(v, g, true, 0.5);
      }
      Metrics m = Metrics.of(fd, median);
      double score = validate ? m.validation() : m.rmse();
      if (best == null || score < bestScore || (Double.isNaN(bestScore) && !Double.isNaN(score))) {
        best = v;
        bestScore = score;
      }
    }
    return best;
  }

  /**
   * The title of {@code fit.png}: the columns, RMSE, validation RMSE (with {@code --validate}),
   * the mean-only baseline, and the augment and ensemble settings when used.
   *
   * @param names the observed columns
   * @param rmse the in-sample RMSE
   * @param validation the validation RMSE, NaN without {@code --validate}
   * @param baseline the mean-only RMSE
   * @param barely whether the fit barely beats the mean (the warning)
   * @param augment {@code --augment K}, 0 for none
   * @param ensemble the ensemble's members, 1 for none
   * @return the title, parts separated by "; " where the figure may break it
   */
  static String figureTitle(List<String> names, double rmse, double validation, double baseline,
      boolean barely, int augment, int ensemble) {
    return "Neural ODE fit of " + String.join(", ", names) + ": RMSE " + CommandSupport.fmt(rmse)
        + (Double.isNaN(validation) ? "" : ", validation RMSE " + CommandSupport.fmt(validation))
        + ", mean-only " + CommandSupport.fmt(baseline)
        + (barely ? " (barely better than the mean)" : "")
        + (augment > 0 ? "; augment K = " + augment : "")
        + (ensemble > 1 ? "; ensemble of " + ensemble : "");
  }

  /** The prediction times of one series: its first data time to its last plus the forecast. */
  static double[] grid(double[] t) {
    double[] grid = new double[FitCommand.GRID_POINTS];
    double end = t[t.length - 1] + FitCommand.FORECAST;
    for (int i = 0; i < grid.length; i++) {
      grid[i] = i == grid.length - 1 ? end : t[0] + (end - t[0]) * i / (grid.length - 1);
    }
    return grid;
  }

  private static Member member(FitCommand cmd, FitData fd, int index, ShootingFit.Result r,
      ShootingFit.Settings s, double[][] grids) {
    int groups = fd.groups().size();
    List<SeriesGroup> list = new ArrayList<>();
    double end = Double.NEGATIVE_INFINITY;
    for (int g = 0; g < groups; g++) {
      FitData.Group group = fd.groups().get(g);
      end = Math.max(end, group.t()[group.n() - 1]);
      if (fd.groupColumn() != null) {
        list.add(new SeriesGroup(group.name(), group.t()[0], group.t()[group.n() - 1],
            r.initialStates()[g]));
      }
    }
    OdeMlpModel model;
    try {
      model = OdeMlpModel.from(fd.names(), fd.timeName(), fd.scaling(), r.mlp(),
          SolverSpec.of(s.solver().toBuilder().rtol(cmd.rtol).atol(cmd.atol).build()),
          s.augment(), list, r.initialStates()[0],
          fd.groups().get(0).t()[0], end);
    } catch (InvalidModelException e) {
      throw new CommandException(CommandException.FAILURE, "training diverged: the trained model's"
          + " field '" + e.field() + "' " + e.problem() + "; try a lower --lr or another --seed;"
          + " no files were written", e);
    }
    SeriesPredictor p = model.build();
    double[][][] atData = new double[groups][][];
    double[][][] onGrid = new double[groups][][];
    for (int g = 0; g < groups; g++) {
      FitData.Group group = fd.groups().get(g);
      try {
        if (fd.groupColumn() == null) {
          atData[g] = p.predict(group.t());
          onGrid[g] = p.predict(grids[g]);
        } else {
          atData[g] = p.predict(group.name(), group.t());
          onGrid[g] = p.predict(group.name(), grids[g]);
        }
      } catch (OdeSolverException e) {
        throw new CommandException(CommandException.FAILURE, "the trained model cannot be solved"
            + " up to " + fd.timeName() + " = " + grids[g][grids[g].length - 1] + " ("
            + e.getMessage() + "); try another --seed or more --iterations; no files were written",
            e);
      }
    }
    // score: validation RMSE when there is validation, else training RMSE (standardised)
    double sq = 0;
    int count = 0;
    boolean validation = cmd.validate > 0;
    for (int g = 0; g < groups; g++) {
      FitData.Group group = fd.groups().get(g);
      for (int i = validation ? group.train() : 0; i < (validation ? group.n() : group.train());
          i++) {
        double[] z = fd.scaling().standardise(atData[g][i]);
        for (int j = 0; j < z.length; j++) {
          sq += (z[j] - group.z()[i][j]) * (z[j] - group.z()[i][j]);
          count++;
        }
      }
    }
    double score = Math.sqrt(sq / count);
    return new Member(index, model, atData, onGrid, Double.isFinite(score) ? score
        : Double.POSITIVE_INFINITY);
  }

  /** The q-quantile over members of group g's predictions, elementwise. */
  private static double[][] quantile(List<Member> members, int g, boolean data, double q) {
    double[][] first = data ? members.get(0).atData()[g] : members.get(0).onGrid()[g];
    double[][] out = new double[first.length][first[0].length];
    double[] v = new double[members.size()];
    for (int i = 0; i < first.length; i++) {
      for (int j = 0; j < first[0].length; j++) {
        for (int k = 0; k < v.length; k++) {
          v[k] = (data ? members.get(k).atData()[g] : members.get(k).onGrid()[g])[i][j];
        }
        out[i][j] = quantileOf(v, q);
      }
    }
    return out;
  }

  /** Linear interpolation between order statistics (type 7 of Hyndman &amp; Fan 1996). */
  static double quantileOf(double[] values, double q) {
    double[] v = values.clone();
    Arrays.sort(v);
    double h = (v.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(v.length - 1, lo + 1);
    return v[lo] + (h - lo) * (v[hi] - v[lo]);
  }

  /** The 90% predictive band around the median: member spread and residual noise combined. */
  private static double[][][] band(List<Member> members, int g, boolean data, double[][] median,
      double[] noise) {
    double[][] lo = quantile(members, g, data, 0.05);
    double[][] hi = quantile(members, g, data, 0.95);
    for (int i = 0; i < median.length; i++) {
      for (int j = 0; j < median[0].length; j++) {
        double n = Z95 * noise[j];
        double down = median[i][j] - lo[i][j];
        double up = hi[i][j] - median[i][j];
        lo[i][j] = median[i][j] - Math.sqrt(down * down + n * n);
        hi[i][j] = median[i][j] + Math.sqrt(up * up + n * n);
      }
    }
    return new double[][][] {lo, hi};
  }

  private static void writePredictions(Path file, FitData fd, double[][] grids, double[][][] grid,
      double[][][][] band) throws IOException {
    List<String> header = new ArrayList<>();
    if (fd.groupColumn() != null) {
      header.add(fd.groupColumn());
    }
    header.add(fd.timeName());
    for (String name : fd.names()) {
      header.add(name);
    }
    if (band != null) {
      for (String name : fd.names()) {
        header.add(name + "_lo");
        header.add(name + "_hi");
      }
    }
    int d = fd.names().size();
    if (fd.groupColumn() == null && band == null) {
      double[][] rows = new double[grids[0].length][d + 1];
      for (int i = 0; i < rows.length; i++) {
        rows[i][0] = grids[0][i];
        System.arraycopy(grid[0][i], 0, rows[i], 1, d);
      }
      Csv.write(file, header, rows);
      return;
    }
    StringBuilder sb = new StringBuilder();
    for (int h = 0; h < header.size(); h++) {
      sb.append(h > 0 ? "," : "").append(quote(header.get(h)));
    }
    sb.append('\n');
    for (int g = 0; g < grids.length; g++) {
      for (int i = 0; i < grids[g].length; i++) {
        if (fd.groupColumn() != null) {
          sb.append(quote(fd.groups().get(g).name())).append(',');
        }
        sb.append(grids[g][i]);
        for (int j = 0; j < d; j++) {
          sb.append(',').append(grid[g][i][j]);
        }
        if (band != null) {
          for (int j = 0; j < d; j++) {
            sb.append(',').append(band[g][0][i][j]).append(',').append(band[g][1][i][j]);
          }
        }
        sb.append('\n');
      }
    }
    AtomicFiles.writeString(file, sb.toString());
  }

  private static String quote(String s) {
    return s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0
        ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  private static Map<String, Double> perColumn(FitData fd, double[] values) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int j = 0; j < values.length; j++) {
      out.put(fd.names().get(j), values[j]);
    }
    return out;
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
   * The warning for a fit that barely beats (or does not beat) predicting each column's mean, or
   * null for a good fit.
   *
   * @param rmse the fit's RMSE
   * @param baseline the mean-only RMSE
   * @return the warning text, naming what to try, or null
   */
  static String warning(double rmse, double baseline) {
    return warning(rmse, baseline, 1.0, 0);
  }

  /**
   * As {@link #warning(double, double)}, for a fit whose NFE budget may have cut the learning rate:
   * then the warning says so, and suggests a larger budget instead of a lower --lr.
   *
   * @param rmse the fit's RMSE
   * @param baseline the mean-only RMSE
   * @param lrScale the budget's final factor on the learning rate (1 when it never triggered)
   * @param budget the --nfe-budget in force
   * @return the warning text, naming what to try, or null
   */
  static String warning(double rmse, double baseline, double lrScale, int budget) {
    if (!(rmse > POOR_FIT_RATIO * baseline)) {
      return null;
    }
    double ratio = rmse / baseline;
    // at a ratio of 1 or more the model does not beat the mean at all: "barely" would flatter it
    String verdict = ratio >= 1 ? String.format(Locale.ROOT, "does not beat predicting each column's"
        + " mean (RMSE %s vs %s, ratio %.2f ≥ 1)", CommandSupport.fmt(rmse), CommandSupport.fmt(baseline),
        ratio) : String.format(Locale.ROOT, "barely beats predicting each column's mean (RMSE %s vs %s,"
        + " ratio %.2f > %.1f), so its curves miss much of the data (close to flat, or a cycle out of phase)", CommandSupport.fmt(rmse),
        CommandSupport.fmt(baseline), ratio, POOR_FIT_RATIO);
    if (lrScale < 1) {
      // walkthroughs 22 and 23: the cut was silent, and "a lower --lr" pointed the wrong way
      long inverse = Math.round(1 / lrScale);
      String factor = Math.abs(inverse * lrScale - 1) < 1e-12 ? "1/" + inverse : CommandSupport.fmt(lrScale) + " ×";
      return "the model " + verdict + "; the NFE budget (--nfe-budget " + budget + ") cut the learning rate to "
          + factor + " of --lr" + (lrScale <= 1.0 / 1024 ? " (its floor)" : "") + " as the solves grew costly"
          + " (lr_scale_nfe_budget in summary.json): try a larger --nfe-budget (0: none), more --iterations,"
          + " --restarts 4 or another --seed, and look at fit.png";
    }
    return "the model " + verdict + "; try more --iterations (e.g. 3000), a wider network (--hidden"
        + " 64,64), --restarts 4, --augment 1 or 4, another --seed or a lower --lr, and look at fit.png";
  }

  /**
   * The warning for a forecast of the held-out rows ({@code --validate}) that is worse than
   * persistence, repeating each series' last training value, or null (also without held-out rows).
   *
   * @param validation the model's RMSE on the held-out rows
   * @param persistence persistence's RMSE there
   * @param mean the RMSE there of each column's mean over the training rows
   * @return the warning text, naming what to try, or null
   */
  static String validationWarning(double validation, double persistence, double mean) {
    if (!(validation > persistence)) {
      return null; // NaN without --validate
    }
    String also = validation > mean ? String.format(Locale.ROOT, " and than each series' training mean (%s)",
        CommandSupport.fmt(mean)) : "";
    return String.format(Locale.ROOT, "the forecast of the held-out rows is worse than persistence, each"
        + " series' last training value repeated (validation RMSE %s vs %s)%s, so the model does not"
        + " extrapolate; look at fit.png after the end of training, and try --ensemble 5 (a band), --augment 1,"
        + " more --iterations or a lower --lr", CommandSupport.fmt(validation), CommandSupport.fmt(persistence), also);
  }

  /** The warnings given, joined into one text ("…; also …"), or null if none. */
  static String joined(String first, String second) {
    if (first == null) {
      return second;
    }
    return second == null ? first : first + "; also, " + second;
  }

  private static Map<String, Object> settingsMap(FitCommand cmd, FitData fd) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("data", cmd.data.toString());
    s.put("time", fd.timeName());
    s.put("columns", fd.names());
    if (fd.groupColumn() != null) {
      s.put("group", fd.groupColumn());
    }
    s.put("iterations", cmd.iterations);
    s.put("lr", cmd.lr);
    s.put("hidden", cmd.hidden);
    s.put("activation", cmd.activation.toLowerCase(Locale.ROOT));
    s.put("time_dependent", cmd.timeDependent);
    s.put("method", cmd.method.toLowerCase(Locale.ROOT));
    s.put("rtol", cmd.rtol);
    s.put("atol", cmd.atol);
    s.put("fit_rtol", cmd.fitRtol);
    s.put("fit_atol", cmd.fitAtol);
    s.put("gradient", Vocabulary.recordedGradient(cmd.gradient));
    s.put("seed", cmd.seed);
    s.put("augment", cmd.latent() < 0 ? "auto" : cmd.latent() == 0 ? "none" : cmd.latent());
    s.put("validate", cmd.validate);
    s.put("segments", cmd.segments);
    s.put("restarts", cmd.restarts);
    s.put("ensemble", cmd.ensemble);
    s.put("kinetic", cmd.kinetic);
    s.put("nfe_budget", cmd.nfeBudget);
    s.put("out", cmd.out.toString());
    s.put("recipe", "collocation, multiple shooting, polish");
    s.put("time_scale", fd.scaling().timeScale());
    s.put("prediction_points", FitCommand.GRID_POINTS);
    s.put("forecast", FitCommand.FORECAST);
    return s;
  }
}
