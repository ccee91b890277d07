package dev.neuralode.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code neuralode spark}: the Apache Spark commands, listed here so that {@code --help}, the
 * manual page and shell completion show them, with every option of the spark module's commands
 * (the names its {@code SparkHelp} lists) and the values of those with a fixed set, so that
 * completion works as for the local commands. They run from the spark module's jar, which the
 * launcher script builds and starts ({@code ./neuralode spark COMMAND ...}); this jar has no Spark
 * on its class path, so invoked here the command says how to run it and exits with status 2.
 */
@Command(name = "spark", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Run ODE ensembles, fit ensembles and data-parallel CNF training on Apache Spark.",
        "",
        "They run through the launcher script, which builds the spark module on first",
        "use: ./neuralode spark COMMAND [options]. ./neuralode spark --help is the spark",
        "module's own help, and ./neuralode spark COMMAND --help lists a command's",
        "options with their defaults. On a cluster: spark-submit --class",
        "dev.neuralode.spark.SparkMain spark/target/neuralode-spark-all.jar COMMAND ...",
        "(see docs/spark.md).",
        "",
        "Options are named as in the other commands (--data, --out, --param, --t, --seed,",
        "--method, --rtol, --atol, --gradient). The options below may also come before",
        "COMMAND, e.g. neuralode spark -q density ...",
        ""},
    subcommands = {SparkCommand.EnsembleSolve.class, SparkCommand.FitEnsemble.class,
        SparkCommand.Density.class, SparkCommand.Logp.class})
public final class SparkCommand implements Callable<Integer> {

  @Mixin
  Common common;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  /** Creates the command; picocli sets the options. */
  public SparkCommand() {}

  @Override
  public Integer call() {
    throw launcherOnly("");
  }

  private static IllegalArgumentException launcherOnly(String name) {
    return new IllegalArgumentException("the Spark commands run from the spark module's jar: use"
        + " the launcher, './neuralode spark" + name + " ...', or spark-submit (see docs/spark.md)");
  }

  /** The options every Spark command takes (the spark module's {@code SparkHelp.COMMON}). */
  static final class Common {
    @Option(names = "--master", paramLabel = "URL",
        description = "Spark master (default: spark-submit's, else local[*]).")
    String master;

    @Option(names = "--partitions", paramLabel = "N",
        description = "Partitions of the input table (default: two per core, at most one per row, for"
            + " ensemble-solve; the input's own for logp; Spark's default parallelism for density;"
            + " fit-ensemble runs one task per fit and ignores it).")
    String partitions;

    @Option(names = "--overwrite",
        description = "Replace --out if it holds an earlier neuralode job's output (never files that no"
            + " job wrote).")
    boolean overwrite;

    @Option(names = {"-q", "--quiet"}, description = Vocabulary.QUIET)
    boolean quiet;
  }

  /** The values shell completion offers for {@code --data-format} and {@code --out-format}. */
  static final class Formats extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Formats() {
      super(List.of("csv", "parquet"));
    }
  }

  /** The values shell completion offers for {@code spark density --schedule}. */
  static final class Schedules extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Schedules() {
      super(List.of("cosine", "constant"));
    }
  }

  /**
   * The shared body of the four Spark commands' entries: the options are declared for help, the
   * manual page and completion only; the spark module's jar parses and checks them.
   */
  abstract static class Entry implements Callable<Integer> {
    /** Anything else, for the spark module's jar to judge. */
    @Unmatched
    List<String> options;

    @Mixin
    Common common;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
      throw launcherOnly(" " + getClass().getAnnotation(Command.class).name());
    }
  }

  /** The input and output options of the row-wise commands (ensemble-solve, logp). */
  static final class Tables {
    @Option(names = "--data", paramLabel = "FILE", description = "Input table (required).")
    String data;

    @Option(names = "--data-format", paramLabel = "FORMAT", completionCandidates = Formats.class,
        description = "${COMPLETION-CANDIDATES} (default: parquet for *.parquet or a directory of *.parquet files, else csv).")
    String dataFormat;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (required).")
    String out;

    @Option(names = "--out-format", paramLabel = "FORMAT", completionCandidates = Formats.class,
        description = "${COMPLETION-CANDIDATES} (default: the input's format).")
    String outFormat;
  }

  /** {@code neuralode spark ensemble-solve}. */
  @Command(name = "ensemble-solve", sortOptions = false, description = {
      "Solve one ODE for every row of a CSV or Parquet table.",
      "  --data FILE --out DIR [--data-format csv|parquet --out-format parquet|csv]",
      "  --vars x,v --rhs 'v; mu*(1-x^2)*v - x' [--param mu=1 ...] | --model model.json",
      "  --t 0:10:11 [--method dopri5 --rtol 1e-7 --atol 1e-9 --step-size H --max-steps N]",
      "The first output column, input_row, is each row's 0-based position in the input."})
  static final class EnsembleSolve extends Entry {
    @Mixin
    Tables tables;

    @Option(names = "--vars", paramLabel = "NAMES", description = "State variables, e.g. x,v.")
    String vars;

    @Option(names = "--rhs", paramLabel = "EXPRS", description = "One expression per variable.")
    String rhs;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A parameter's default.")
    List<String> param;

    @Option(names = "--model", paramLabel = "FILE", description = "A model.json written by fit.")
    String model;

    @Option(names = "--t", paramLabel = "TIMES", description = "Output times, e.g. 0:10:11.")
    String t;

    @Mixin
    Solver solver;
  }

  /** The solver options of ensemble-solve and density. */
  static final class Solver {
    @Option(names = "--method", paramLabel = "METHOD", completionCandidates = MethodNames.class,
        description = "ODE solver: ${COMPLETION-CANDIDATES}.")
    String method;

    @Option(names = "--rtol", paramLabel = "TOL", description = "Relative tolerance.")
    String rtol;

    @Option(names = "--atol", paramLabel = "TOL", description = "Absolute tolerance.")
    String atol;

    @Option(names = "--step-size", paramLabel = "H", description = "Step of a fixed-step method.")
    String stepSize;

    @Option(names = "--max-steps", paramLabel = "N", description = "Steps before a solve fails.")
    String maxSteps;
  }

  /** {@code neuralode spark fit-ensemble}. */
  @Command(name = "fit-ensemble", sortOptions = false, description = {
      "N fits of a time series as Spark tasks: every model, fits.csv and bands.csv.",
      "  --data FILE [--time COL --columns a,b] --out DIR [--fits 8 --seed 0 --bootstrap]",
      "  [--iterations 1000 --lr 0.01 --hidden 32,32 --activation tanh --gradient adjoint]"})
  static final class FitEnsemble extends Entry {
    @Option(names = "--data", paramLabel = "FILE", description = "CSV time series (required).")
    String data;

    @Option(names = "--time", paramLabel = "COLUMN", description = "Time column.")
    String time;

    @Option(names = "--columns", paramLabel = "NAMES", description = "Columns to model.")
    String columns;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (required).")
    String out;

    @Option(names = "--fits", paramLabel = "N", description = "Fits per setting.")
    String fits;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the first fit.")
    String seed;

    @Option(names = "--bootstrap", description = "Every fit trains on a bootstrap resample.")
    boolean bootstrap;

    @Option(names = "--iterations", paramLabel = "N", description = "Adam steps per fit.")
    String iterations;

    @Option(names = "--lr", paramLabel = "RATES", description = "Learning rate(s).")
    String lr;

    @Option(names = "--hidden", paramLabel = "WIDTHS", description = "Hidden widths.")
    String hidden;

    @Option(names = "--activation", paramLabel = "ACTIVATION",
        completionCandidates = Vocabulary.FitActivations.class,
        description = "${COMPLETION-CANDIDATES}.")
    String activation;

    @Option(names = "--time-dependent", description = "Let the dynamics depend on time too.")
    boolean timeDependent;

    @Option(names = "--method", paramLabel = "METHOD", completionCandidates = MethodNames.class,
        description = "ODE solver: ${COMPLETION-CANDIDATES}.")
    String method;

    @Option(names = "--rtol", paramLabel = "TOL", description = "Relative tolerance.")
    String rtol;

    @Option(names = "--atol", paramLabel = "TOL", description = "Absolute tolerance.")
    String atol;

    @Option(names = "--gradient", paramLabel = "MODE",
        completionCandidates = Vocabulary.GradientModes.class,
        description = "Gradient mode: " + Vocabulary.GRADIENT_MODES + ".")
    String gradient;

    @Option(names = "--grid", paramLabel = "N", description = "Times in bands.csv.")
    String grid;
  }

  /** {@code neuralode spark density}. */
  @Command(name = "density", sortOptions = false, description = {
      "Data-parallel CNF training (FFJORD), gradients summed with treeAggregate.",
      "  --data FILE --columns x,y | --toy 8gaussians --rows 200000   --out DIR",
      "  [--iterations 200 --batch 512 --lr 0.01 --hidden 64,64,64 --method rk4 --seed 0]"})
  static final class Density extends Entry {
    @Option(names = "--data", paramLabel = "FILE", description = "CSV file (or --toy).")
    String data;

    @Option(names = "--columns", paramLabel = "NAMES", description = "Columns, e.g. x,y.")
    String columns;

    @Option(names = "--toy", paramLabel = "TOY", completionCandidates = Vocabulary.ToyNames.class,
        description = "A toy density: ${COMPLETION-CANDIDATES}.")
    String toy;

    @Option(names = "--rows", paramLabel = "N", description = "Rows drawn from --toy.")
    String rows;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (required).")
    String out;

    @Option(names = "--iterations", paramLabel = "N", description = "Adam steps.")
    String iterations;

    @Option(names = "--batch", paramLabel = "N", description = "Rows per step.")
    String batch;

    @Option(names = "--lr", paramLabel = "RATE", description = "Adam learning rate.")
    String lr;

    @Option(names = "--schedule", paramLabel = "SCHEDULE", completionCandidates = Schedules.class,
        description = "${COMPLETION-CANDIDATES}.")
    String schedule;

    @Option(names = "--weight-decay", paramLabel = "L", description = "Adam L2 weight decay.")
    String weightDecay;

    @Option(names = "--hidden", paramLabel = "WIDTHS", description = "Hidden widths.")
    String hidden;

    @Option(names = "--activation", paramLabel = "ACTIVATION",
        completionCandidates = Vocabulary.FlowActivations.class,
        description = "${COMPLETION-CANDIDATES}.")
    String activation;

    @Option(names = "--end-time", paramLabel = "T", description = "Flow end time.")
    String endTime;

    @Option(names = "--kinetic", paramLabel = "W", description = "RNODE kinetic-energy weight.")
    String kinetic;

    @Option(names = "--jacobian", paramLabel = "W", description = "RNODE Jacobian weight.")
    String jacobian;

    @Mixin
    Solver solver;

    @Option(names = "--gradient", paramLabel = "MODE",
        completionCandidates = Vocabulary.GradientModes.class,
        description = "Gradient mode: " + Vocabulary.GRADIENT_MODES + ".")
    String gradient;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of weights, rows, batches.")
    String seed;

    @Option(names = "--compare-single-machine", description = "Also train on one machine.")
    boolean compare;
  }

  /** {@code neuralode spark logp}. */
  @Command(name = "logp", sortOptions = false, description = {
      "The log-density of a flow (density's model.json) for every row of a table.",
      "  --model model.json --data FILE --out DIR [--chunk 1000 --out-format parquet|csv]"})
  static final class Logp extends Entry {
    @Option(names = "--model", paramLabel = "FILE", description = "A model.json from density.")
    String model;

    @Mixin
    Tables tables;

    @Option(names = "--chunk", paramLabel = "N", description = "Rows per batched solve.")
    String chunk;
  }
}
