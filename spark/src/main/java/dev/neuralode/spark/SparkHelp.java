package dev.neuralode.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The help of the {@code neuralode spark} commands: every option with a one-line description
 * and its default, laid out as the other neuralode commands' {@code --help} (picocli's style).
 */
final class SparkHelp {

  /**
   * One option's line.
   *
   * @param names the names, e.g. {@code -q, --quiet}
   * @param label the value's label, or empty for a flag
   * @param description one line, with the default where there is one
   */
  record Opt(String names, String label, String description) {}

  private static final String FORMATS = "csv or parquet";

  /** The options every command takes. */
  static final List<Opt> COMMON = List.of(
      new Opt("--master", "URL", "Spark master (default: spark-submit's, else local[*])."),
      new Opt("--partitions", "N", "Partitions of the input table (default: two per core, at most one"
          + " per row, for ensemble-solve; the input's own for logp; Spark's default parallelism for"
          + " density; fit-ensemble runs one task per fit and ignores it)."),
      new Opt("--overwrite", "", "Replace --out if it holds an earlier neuralode job's output"
          + " (never files that no job wrote)."),
      new Opt("-q, --quiet", "", "Print nothing but errors (no report, progress or Spark log)."),
      new Opt("-h, --help", "", "Show this help."));

  /** Each command's one-line summary and its own options, in the order of the help. */
  static final Map<String, List<Opt>> COMMANDS = new LinkedHashMap<>();

  /** Each command's summary line. */
  static final Map<String, String> SUMMARIES = new LinkedHashMap<>();

  static {
    SUMMARIES.put("ensemble-solve", "Solve one ODE for every row of a CSV or Parquet table.");
    COMMANDS.put("ensemble-solve", List.of(
        new Opt("--data", "FILE", "Table of initial states (and parameters), one row each"
            + " (required)."),
        new Opt("--data-format", "FORMAT", "Input format, " + FORMATS
            + " (default: parquet for *.parquet or a directory of *.parquet files, else csv)."),
        new Opt("--out", "DIR", "Output directory, written by Spark (required)."),
        new Opt("--out-format", "FORMAT", "Output format, " + FORMATS + " (default: the input's format)."),
        new Opt("--vars", "NAMES", "State variables in order, e.g. x,v (with --rhs)."),
        new Opt("--rhs", "EXPRS", "One expression per variable separated by ';', e.g."
            + " 'v; mu*(1-x^2)*v - x'."),
        new Opt("--param", "NAME=VALUE", "A parameter and its default; a column of that name"
            + " overrides it per row. Repeatable."),
        new Opt("--model", "FILE", "Solve a model.json written by fit instead of --vars/--rhs."),
        new Opt("--t", "TIMES", "Output times: start:stop:count or a list, e.g. 0:10:11"
            + " (required); output column X_i is state X at the i-th time, counted from 0;"
            + " the first output column, input_row, is the row's 0-based position in --data."),
        new Opt("--method", "NAME", "ODE solver, as 'neuralode solve' (default: dopri5)."),
        new Opt("--rtol", "TOL", "Relative tolerance (default: 1e-7)."),
        new Opt("--atol", "TOL", "Absolute tolerance (default: 1e-9)."),
        new Opt("--step-size", "H", "Step of a fixed-step method (default: none)."),
        new Opt("--max-steps", "N", "Steps per row before it fails (default: 0, the solver's"
            + " own limit).")));
    SUMMARIES.put("fit-ensemble", "N fits of a time series as Spark tasks, each trained as"
        + " 'neuralode fit' trains it (fit 0 with the defaults is fit's model): every model,"
        + " fits.csv, bands.csv and summary.json.");
    COMMANDS.put("fit-ensemble", List.of(
        new Opt("--data", "FILE", "CSV time series with a header line (required)."),
        new Opt("--time", "COLUMN", "Time column (default: the first column)."),
        new Opt("--columns", "NAMES", "Columns to model (default: all but the time column)."),
        new Opt("--out", "DIR", "Output directory (required)."),
        new Opt("--fits", "N", "Fits per setting, each with its own seed (default: 8)."),
        new Opt("--seed", "N", "Seed of the first fit; fit k uses seed + k (default: 0)."),
        new Opt("--bootstrap", "", "Every fit, fit 0 included, trains on a bootstrap resample of the"
            + " rows (fit k: resample seed k; fits.csv's bootstrap_seed and rows)."),
        new Opt("--iterations", "N", "Adam steps per fit, over fit's collocation, shooting and"
            + " polish (default: 1000)."),
        new Opt("--lr", "RATES", "Learning rate, or a list to sweep, e.g. 0.01,0.003"
            + " (default: 0.01)."),
        new Opt("--hidden", "WIDTHS", "Hidden widths, or alternatives separated by '/', e.g."
            + " 32,32/64 (default: 32,32)."),
        new Opt("--activation", "NAME", "tanh, elu, relu, softplus, sigmoid or identity"
            + " (default: tanh)."),
        new Opt("--time-dependent", "", "Let the dynamics depend on time too."),
        new Opt("--method", "NAME", "ODE solver (default: dopri5)."),
        new Opt("--rtol", "TOL", "Relative tolerance of the models' solves: predictions, rmse"
            + " and bands; training solves use 1e-5, fit's default --fit-rtol (default: 1e-7)."),
        new Opt("--atol", "TOL", "Absolute tolerance of the models' solves; training solves use"
            + " 1e-7, fit's default --fit-atol (default: 1e-9)."),
        new Opt("--gradient", "MODE", "direct, checkpointed, backsolve (alias adjoint) or"
            + " interpolating (default: adjoint)."),
        new Opt("--grid", "N", "Times in bands.csv, to 5 time units past the data (default:"
            + " 251).")));
    SUMMARIES.put("density", "Data-parallel CNF training (FFJORD), gradients summed with"
        + " treeAggregate in a fixed order.");
    COMMANDS.put("density", List.of(
        new Opt("--data", "FILE", "CSV file with a header line (or --toy)."),
        new Opt("--columns", "NAMES", "Columns of the density, with --data, e.g. x,y (default: every"
            + " column of --data, as local density; each must then be numeric)."),
        new Opt("--toy", "NAME", "A toy density instead of --data, e.g. 8gaussians."),
        new Opt("--rows", "N", "Rows drawn from --toy (default: 200000)."),
        new Opt("--out", "DIR", "Output directory (required)."),
        new Opt("--iterations", "N", "Adam steps (default: 200)."),
        new Opt("--batch", "N", "Rows per step over all partitions (default: 512)."),
        new Opt("--lr", "RATE", "Adam learning rate (default: 0.01)."),
        new Opt("--schedule", "NAME", "cosine (to lr/100) or constant (default: cosine)."),
        new Opt("--weight-decay", "L", "Adam L2 weight decay (default: 0)."),
        new Opt("--hidden", "WIDTHS", "Hidden widths (default: 64,64,64)."),
        new Opt("--activation", "NAME", "tanh or softplus (default: tanh)."),
        new Opt("--end-time", "T", "Flow end time (default: 1)."),
        new Opt("--kinetic", "W", "RNODE kinetic-energy weight (default: 0)."),
        new Opt("--jacobian", "W", "RNODE Jacobian Frobenius weight (default: 0)."),
        new Opt("--method", "NAME", "ODE solver (default: rk4 with --step-size 0.25)."),
        new Opt("--rtol", "TOL", "Relative tolerance of an adaptive method (default: 1e-5)."),
        new Opt("--atol", "TOL", "Absolute tolerance of an adaptive method (default: 1e-5)."),
        new Opt("--step-size", "H", "Step of a fixed-step method (default: 0.25 for rk4)."),
        new Opt("--max-steps", "N", "Steps per solve before it fails (default: 0, the solver's"
            + " own limit)."),
        new Opt("--gradient", "MODE", "direct, checkpointed, backsolve (alias adjoint) or"
            + " interpolating (default: adjoint)."),
        new Opt("--seed", "N", "Seed of the weights, toy rows and batches (default: 0)."),
        new Opt("--compare-single-machine", "", "Also train on one machine and report the"
            + " largest parameter difference.")));
    SUMMARIES.put("logp", "The log-density of a flow (density's model.json) for every row of a"
        + " table.");
    COMMANDS.put("logp", List.of(
        new Opt("--model", "FILE", "A model.json written by density (required)."),
        new Opt("--data", "FILE", "Table of points, columns named as the model's (required)."),
        new Opt("--data-format", "FORMAT", "Input format, " + FORMATS
            + " (default: parquet for *.parquet or a directory of *.parquet files, else csv)."),
        new Opt("--out", "DIR", "Output directory, written by Spark (required)."),
        new Opt("--out-format", "FORMAT", "Output format, " + FORMATS + " (default: the input's format)."),
        new Opt("--chunk", "N", "Rows per batched solve on an executor (default: 1000).")));
  }

  private SparkHelp() {}

  /**
   * The help of one command.
   *
   * @param name the command's name
   * @return its help, or null for an unknown command
   */
  static String command(String name) {
    List<Opt> own = COMMANDS.get(name);
    if (own == null) {
      return null;
    }
    List<Opt> all = new ArrayList<>(own);
    all.addAll(COMMON);
    StringBuilder b = new StringBuilder("Usage: neuralode spark ").append(name).append(" [options]\n");
    wrap(b, SUMMARIES.get(name), 0);
    b.append('\n');
    int width = all.stream().mapToInt(o -> left(o).length()).max().orElse(0) + 2;
    for (Opt o : own) {
      line(b, o, width);
    }
    b.append("\nEvery command:\n");
    for (Opt o : COMMON) {
      line(b, o, width);
    }
    List<String> legacy = legacy(own);
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < legacy.size(); i++) {
      names.append(i == 0 ? "" : i == legacy.size() - 1 ? " and " : ", ").append(legacy.get(i));
    }
    b.append('\n');
    // a name and its option stay on one line: joined by a no-break space while the text is wrapped
    wrap(b, "The earlier name" + (legacy.size() == 1 ? " " : "s ") + names + (legacy.size() == 1 ? " is" : " are")
        + " still accepted. See docs/spark.md.", 0);
    return b.toString().replace(NO_BREAK, ' ').stripTrailing();
  }

  /** Joins words that {@link #wrap} keeps on one line; a space in the help. */
  private static final char NO_BREAK = '\u00a0';

  /**
   * The earlier names a command still accepts, each with the option it stands for: {@code --input
   * (--data)} (with a no-break space); only those whose option the command has.
   */
  static List<String> legacy(List<Opt> own) {
    List<String> names = new ArrayList<>();
    for (String old : List.of("--input", "--output", "--input-format", "--output-format", "--params", "--times")) {
      String now = Options.ALIASES.get(old);
      if (own.stream().anyMatch(o -> o.names().equals(now))) {
        names.add(old + NO_BREAK + "(" + now + ")");
      }
    }
    return names;
  }

  /**
   * The help of {@code neuralode spark}: the commands and the options every one takes.
   *
   * @return the help
   */
  static String overview() {
    StringBuilder b = new StringBuilder("Usage: neuralode spark COMMAND [options]  (Apache Spark"
        + " jobs on neuralode-core)\n\nCommands:\n");
    SUMMARIES.forEach((name, summary) -> wrap(b.append(String.format(java.util.Locale.ROOT, "  %-16s", name)),
        summary, 18));
    b.append("\nEvery command:\n");
    int width = COMMON.stream().mapToInt(o -> left(o).length()).max().orElse(0) + 2;
    for (Opt o : COMMON) {
      line(b, o, width);
    }
    b.append("These may also come before COMMAND, e.g. neuralode spark -q density ...\n");
    b.append("\nneuralode spark COMMAND --help lists the command's options with their defaults.")
        .append("\nOn a cluster: spark-submit --class dev.neuralode.spark.SparkMain \\")
        .append("\n                neuralode-spark-all.jar COMMAND ...");
    return b.toString();
  }

  private static String left(Opt o) {
    String names = o.names().startsWith("-") && !o.names().startsWith("--") ? o.names()
        : "    " + o.names();
    return "  " + names + (o.label().isEmpty() ? "" : " " + o.label());
  }

  private static void line(StringBuilder b, Opt o, int width) {
    String left = left(o);
    int indent = Math.max(width, left.length() + 2);
    b.append(left).append(" ".repeat(indent - left.length()));
    wrap(b, o.description(), indent);
  }

  /** The help's width in columns, as the other commands' (picocli's default). */
  static final int COLUMNS = 80;

  /**
   * Appends text from column {@code indent} on, broken at spaces so that no line passes {@link
   * #COLUMNS} (a single longer word stays whole), continuation lines indented to the same column.
   */
  static void wrap(StringBuilder b, String text, int indent) {
    int room = Math.max(20, COLUMNS - indent);
    int col = 0;
    for (String word : text.split(" ")) {
      if (col > 0 && col + 1 + word.length() > room) {
        b.append('\n').append(" ".repeat(indent));
        col = 0;
      } else if (col > 0) {
        b.append(' ');
        col++;
      }
      b.append(word);
      col += word.length();
    }
    b.append('\n');
  }
}
