package dev.neuralode.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code neuralode spark}: the Apache Spark commands, listed here so that {@code --help}, the
 * manual page and shell completion show them. They run from the spark module's jar, which the
 * launcher script builds and starts ({@code ./neuralode spark COMMAND ...}); this jar has no Spark
 * on its class path, so invoked here the command says how to run it and exits with status 2.
 */
@Command(name = "spark", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Run ODE ensembles, fit ensembles and data-parallel CNF training on Apache Spark.",
        "",
        "Runs through the launcher script, which builds the spark module on first use:",
        "  ./neuralode spark COMMAND [options]   (./neuralode spark --help for every option)",
        "or on a cluster: spark-submit --class dev.neuralode.spark.SparkMain",
        "  spark/target/neuralode-spark-all.jar COMMAND [options]. See docs/spark.md.",
        "",
        "Options are named as in the other commands: --data, --out, --param, --t, --seed,",
        "--method, --rtol, --atol, --gradient; also --master URL, --partitions N and",
        "--overwrite (replace an earlier job's --out; never files that no job wrote).",
        "./neuralode spark COMMAND --help describes every option with its default.",
        ""},
    subcommands = {SparkCommand.EnsembleSolve.class, SparkCommand.FitEnsemble.class,
        SparkCommand.Density.class, SparkCommand.Logp.class})
public final class SparkCommand implements Callable<Integer> {

  @Option(names = {"-q", "--quiet"}, description = Vocabulary.QUIET)
  boolean quiet;

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

  /** The shared body of the four Spark commands' entries. */
  abstract static class Entry implements Callable<Integer> {
    /** The command's options, for the spark module's jar. */
    @Unmatched
    List<String> options;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
      throw launcherOnly(" " + getClass().getAnnotation(Command.class).name());
    }
  }

  /** {@code neuralode spark ensemble-solve}. */
  @Command(name = "ensemble-solve", description = {
      "Solve one ODE for every row of a CSV or Parquet table.",
      "  --data FILE --out DIR [--data-format csv|parquet --out-format parquet|csv]",
      "  --vars x,v --rhs 'v; mu*(1-x^2)*v - x' [--param mu=1 ...] | --model model.json",
      "  --t 0:10:11 [--method dopri5 --rtol 1e-7 --atol 1e-9 --step-size H --max-steps N]"})
  static final class EnsembleSolve extends Entry {}

  /** {@code neuralode spark fit-ensemble}. */
  @Command(name = "fit-ensemble", description = {
      "N fits of a time series as Spark tasks: every model, fits.csv and bands.csv.",
      "  --data FILE [--time COL --columns a,b] --out DIR [--fits 8 --seed 0 --bootstrap]",
      "  [--iterations 1000 --lr 0.01 --hidden 32,32 --activation tanh --gradient adjoint]"})
  static final class FitEnsemble extends Entry {}

  /** {@code neuralode spark density}. */
  @Command(name = "density", description = {
      "Data-parallel CNF training (FFJORD), gradients summed with treeAggregate.",
      "  --data FILE --columns x,y | --toy 8gaussians --rows 200000   --out DIR",
      "  [--iterations 200 --batch 512 --lr 0.01 --hidden 64,64,64 --method rk4 --seed 0]"})
  static final class Density extends Entry {}

  /** {@code neuralode spark logp}. */
  @Command(name = "logp", description = {
      "The log-density of a flow (density's model.json) for every row of a table.",
      "  --model model.json --data FILE --out DIR [--chunk 1000 --out-format parquet|csv]"})
  static final class Logp extends Entry {}
}
