package dev.neuralode.cli;

import dev.neuralode.data.Standardizer;
import dev.neuralode.flow.Cnf;
import dev.neuralode.io.CnfModelFile;
import dev.neuralode.model.CnfModel;
import dev.neuralode.io.Csv;
import dev.neuralode.tensor.Rng;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code neuralode sample}: draws samples from a flow written by {@code neuralode density}: z ~ N(0, I)
 * pushed through the flow to t = T and mapped back to data units. Writes CSV (the model's column
 * names) to {@code --out}, or to standard output without it.
 */
@Command(name = "sample", sortOptions = false, usageHelpAutoWidth = true,
    description = {"Draw samples from a flow trained by 'neuralode density'.", ""},
    footer = {"", "Example:", "  neuralode sample --model runs/faithful/model.json -n 1000 \\",
        "      --out samples.csv"})
public final class SampleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "FILE", description = "model.json of kind cnf.")
  Path model;

  @Option(names = {"-n", "--count"}, defaultValue = "1000", paramLabel = "N",
      description = "Samples (default: ${DEFAULT-VALUE}).")
  long n;   // long, so that a count past int's range gets the range message below

  @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed (default: ${DEFAULT-VALUE}); density's own samples.csv is"
      + " --seed S+7 for its --seed S.")
  long seed;

  @Option(names = "--out", paramLabel = "FILE", description = "Output CSV (default: standard output).")
  Path out;

  @Option(names = {"-q", "--quiet"}, description = Vocabulary.QUIET)
  boolean quiet;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  /** Creates the command; picocli sets the options. */
  public SampleCommand() {}

  /**
   * Draws and writes the samples.
   *
   * @return 0 on success
   * @throws Exception as mapped to exit statuses by {@link Errors}
   */
  @Override
  public Integer call() throws Exception {
    if (n < 1 || n > 10_000_000) {
      throw new IllegalArgumentException("-n/--count must be between 1 and 10000000; got " + n);
    }
    CommandSupport.requireSafeOut(out, java.util.Map.of("--model", model));
    CnfModel m = CnfModelFile.load(model);
    int count = (int) n;
    MemoryGuard.require("-n " + count, flowBytes(count, m.architecture().dim(), m.architecture().hidden()),
        "lower -n and draw the samples in several runs with different --seed values");
    Cnf cnf = m.build();
    Standardizer s = m.scaling();
    double[][] x = s.invert(cnf.sample(count, new Rng(seed)).toMatrix());
    if (out != null) {
      Csv.write(out, m.columns(), x);
    } else {
      CommandSupport.printToStdout(spec, Csv.format(m.columns(), x));
    }
    return 0;
  }

  /**
   * A rough upper bound of the bytes needed to push {@code n} points of dimension {@code d}
   * through a flow with these hidden widths and write them: states and Runge–Kutta stages (about
   * 20 copies of n·d doubles), four copies of every hidden activation, and about 100 bytes of
   * CSV text per row.
   */
  static double flowBytes(double n, int d, int[] hidden) {
    double widths = 0;
    for (int h : hidden) {
      widths += h;
    }
    return n * (8.0 * (20.0 * d + 4.0 * widths) + 100.0 + 16.0 * d);
  }
}
