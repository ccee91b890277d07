package dev.neuralode.cli;

import dev.neuralode.io.Csv;
import dev.neuralode.io.ModelFile;
import dev.neuralode.io.InputException;
import dev.neuralode.model.OdeMlpModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code neuralode predict}: solves a model written by {@code neuralode fit} and prints its states
 * on an even grid of times as CSV ({@code time,col1,col2,..}, data units).
 *
 * <p><b>Initial state.</b> With {@code --y0} the solve starts from those values (data units) at
 * {@code --t0}. Without it, the model's fitted initial state is used, which holds at the model's
 * own t₀ (its first data time): the solve starts there and runs forward and/or backward through
 * the requested times, so {@code [--t0, --t1]} may lie anywhere relative to the data, and only
 * the requested times are printed. For a panel fit, {@code --group VALUE} starts from that
 * group's fitted initial state at its own first data time.
 *
 * <p><b>Output.</b> {@code -n}/{@code --count} times from {@code --t0} to {@code --t1} inclusive ({@code
 * --t1 < --t0} gives a decreasing grid), written to stdout or, with {@code --out}, atomically to
 * that file. Exit status 2 with one line on stderr for a bad model file, a wrong number of
 * {@code --y0} values, fewer than 2 points or {@code --t1} equal to {@code --t0}; 1 if the solver
 * fails.
 */
@Command(name = "predict", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Solve a fitted model and print its states on a grid of times as CSV.",
        "",
        "Without --y0 the model's fitted initial state is used. It holds at the model's first"
            + " data time, and the solve runs from there forward and/or backward to cover"
            + " [--t0, --t1]. With --y0 (data units) the solve starts from those values at --t0.",
        ""},
    footer = {"",
        "Examples:",
        "  neuralode predict --model runs/fit/model.json --t0 1900 --t1 1930 -n 301",
        "  neuralode predict --model runs/pk/model.json --group s03 --t0 0 --t1 48"})
public final class PredictCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "FILE",
      description = "model.json written by 'neuralode fit'.")
  Path model;

  @Option(names = "--t0", required = true, paramLabel = "TIME", description = "First time.")
  double t0;

  @Option(names = "--t1", required = true, paramLabel = "TIME", description = "Last time.")
  double t1;

  @Option(names = {"-n", "--count"}, defaultValue = "101", paramLabel = "N",
      description = "Number of times, at least 2 (default: ${DEFAULT-VALUE}).")
  int points;

  @Option(names = "--points", hidden = true, paramLabel = "N", description = "Old name of --count.")
  Integer legacyPoints;

  @Option(names = "--y0", split = ",", paramLabel = "VALUES",
      description = "Initial state at --t0 in data units, one value per column, comma-separated"
          + " (default: the model's fitted initial state).")
  double[] y0;

  @Option(names = "--columns", split = ",", paramLabel = "COLUMN",
      description = "The model's columns in the order of --y0 and of the output, matched by"
          + " name (default: the model's order); other names are refused.")
  List<String> columns;

  @Option(names = "--group", paramLabel = "VALUE",
      description = "For a model fitted with 'fit --group': predict this group from its own"
          + " fitted initial state, which holds at the group's first data time.")
  String group;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Write the CSV to this file (atomically) instead of stdout.")
  Path out;

  @Option(names = {"-q", "--quiet"}, description = Vocabulary.QUIET)
  boolean quiet;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  /** Creates the command; picocli sets the options. */
  public PredictCommand() {}

  /**
   * Runs the prediction.
   *
   * @return 0 on success
   * @throws Exception as mapped to exit statuses by {@link Errors}
   */
  @Override
  public Integer call() throws Exception {
    if (legacyPoints != null) {
      points = legacyPoints;
    }
    if (points < 2 || points > 10_000_000) {
      throw new IllegalArgumentException("-n/--count must be between 2 and 10000000; got "
          + points);
    }
    if (!Double.isFinite(t0) || !Double.isFinite(t1)) {
      throw new IllegalArgumentException("--t0 and --t1 must be finite numbers; got " + t0
          + " and " + t1);
    }
    if (t0 == t1) {
      throw new IllegalArgumentException("--t1 equals --t0 (" + t0 + "); give a time range of"
          + " positive length, e.g. --t0 " + t0 + " --t1 " + (t0 + 10));
    }
    if (out != null && Files.isDirectory(out)) {
      throw InputException.at(out, 0, "is a directory; give --out a file path such as "
          + (Files.isRegularFile(out.resolve(dev.neuralode.io.OutputSet.IDENTITY))
              ? out.toAbsolutePath().normalize().resolveSibling(out.toAbsolutePath().normalize().getFileName()
                  + "-predictions.csv")
              : out.resolve("predictions.csv")));
    }
    CommandSupport.requireSafeOut(out, java.util.Map.of("--model", model));
    OdeMlpModel file = ModelFile.load(model);
    SeriesModel sm = SeriesModel.of(file);
    if (group != null && y0 != null) {
      throw new IllegalArgumentException("--group and --y0 cannot be combined: --group starts"
          + " from the group's fitted initial state; give one of them");
    }
    if (group != null) {
      try {
        file.group(group);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--group " + group + ": " + e.getMessage());
      }
    } else if (!file.groups().isEmpty() && y0 == null) {
      CommandSupport.status(spec, quiet, "note: the model was fitted to " + file.groups().size()
          + " groups; this predicts the first, '" + file.groups().get(0).name() + "' (choose one"
          + " with --group)");
    }
    int[] order = ColumnMatch.requireSameNames("--columns", columns, file.columns());
    if (y0 != null) {
      if (y0.length != sm.dimension()) {
        throw new IllegalArgumentException("--y0 has " + y0.length + " value"
            + (y0.length == 1 ? "" : "s") + " but the model has " + sm.dimension()
            + " columns (" + String.join(",", file.columns()) + "); give one value per column");
      }
      for (double v : y0) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("--y0 values must be finite; got " + v);
        }
      }
    }
    double[] times = new double[points];
    for (int i = 0; i < points; i++) {
      times[i] = i == points - 1 ? t1 : t0 + (t1 - t0) * i / (points - 1);
    }
    if (times[1] == times[0]) {
      throw new IllegalArgumentException("-n/--count " + points + " is too many for the range "
          + t0 + " to " + t1 + ": neighbouring times coincide; use fewer points");
    }
    double[] start = null;
    if (y0 != null) {
      start = new double[y0.length];
      for (int j = 0; j < order.length; j++) {
        start[order[j]] = y0[j];
      }
    }
    double[][] states = start != null ? sm.predict(start, t0, times)
        : group != null ? sm.predict(group, times) : sm.predict(times);
    double lo = Math.min(t0, t1);
    double hi = Math.max(t0, t1);
    // the range of the series predicted: the group's (--group, or the first group of a panel by
    // default); from --y0 on a panel model, the whole panel's
    String predicted = group != null ? group
        : !file.groups().isEmpty() && y0 == null ? file.groups().get(0).name() : null;
    double first = predicted != null ? file.group(predicted).t0() : file.t0();
    double last = predicted != null ? file.group(predicted).dataTEnd() : file.dataTEnd();
    if (predicted == null && !file.groups().isEmpty()) {
      for (dev.neuralode.model.SeriesGroup g : file.groups()) {
        first = Math.min(first, g.t0());
        last = Math.max(last, g.dataTEnd());
      }
    }
    String whose = predicted != null ? "the data of group '" + predicted + "'"
        : file.groups().isEmpty() ? "the data the model was fitted on" : "the panel's data";
    if (lo < first || hi > last) {
      CommandSupport.status(spec, quiet, "warning: " + file.timeColumn() + " " + time(lo)
          + " to " + time(hi) + " extends outside " + whose + " ("
          + time(first) + " to " + time(last) + "); the rows"
          + " outside it are extrapolation, which nothing in the data constrained (values can leave the"
          + " data's range, e.g. turn negative)");
    }

    List<String> header = new ArrayList<>();
    header.add(file.timeColumn());
    // a group's rows stay numeric: its name is the --group given, echoed in no column
    for (int j : order) {
      header.add(file.columns().get(j));
    }
    double[][] rows = new double[points][];
    for (int i = 0; i < points; i++) {
      rows[i] = new double[states[i].length + 1];
      rows[i][0] = times[i];
      for (int j = 0; j < order.length; j++) {
        rows[i][j + 1] = states[i][order[j]];
      }
    }
    if (out != null) {
      Csv.write(out, header, rows);
    } else {
      CommandSupport.printToStdout(spec, Csv.format(header, rows));
    }
    return 0;
  }

  /**
   * A time for messages, every figure in one style: up to 6 significant digits without trailing
   * zeros ({@code 0}, {@code 0.25}, {@code 48}, {@code 1935.5}), so that a range and the data's
   * range read alike.
   */
  static String time(double t) {
    if (t == 0 || !Double.isFinite(t)) {
      return t == 0 ? "0" : Double.toString(t);
    }
    double a = Math.abs(t);
    if (a < 1e-4 || a >= 1e7) {
      return String.format(java.util.Locale.ROOT, "%.6g", t);
    }
    return new java.math.BigDecimal(t).round(new java.math.MathContext(6)).stripTrailingZeros()
        .toPlainString();
  }
}
