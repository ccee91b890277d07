package dev.neuralode.cli;

import dev.neuralode.data.Standardizer;
import dev.neuralode.flow.Cnf;
import dev.neuralode.flow.TraceEstimator;
import dev.neuralode.io.CnfModelFile;
import dev.neuralode.io.Csv;
import dev.neuralode.io.TableCsv;
import dev.neuralode.model.CnfModel;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.CnfTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code neuralode logp}: the log-density of every row of a CSV file under a flow written by
 * {@code neuralode density}, in the data's original units (nats; the standardisation's
 * log-Jacobian −Σ log std included), with the exact trace. Writes the columns plus {@code log_p}
 * to {@code --out}, or to standard output without it.
 */
@Command(name = "logp", sortOptions = false, usageHelpAutoWidth = true,
    description = {"Log-density of each CSV row under a flow from 'neuralode density'.", ""},
    footer = {"", "Example:",
        "  neuralode logp --model runs/faithful/model.json --data old_faithful.csv \\",
        "      --columns eruptions,waiting"})
public final class LogpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "FILE", description = "model.json of kind cnf.")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV file with a header line.")
  Path data;

  @Option(names = "--columns", split = ",", paramLabel = "COLUMN",
      description = "The model's columns, matched by name in any order, in the order of the output"
          + " (default: the model's column names and order); other names are refused.")
  List<String> columns;

  @Option(names = "--out", paramLabel = "FILE", description = "Output CSV (default: standard output).")
  Path out;

  @Option(names = {"-q", "--quiet"}, description = Vocabulary.QUIET)
  boolean quiet;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  /** Creates the command; picocli sets the options. */
  public LogpCommand() {}

  /**
   * Computes and writes log p per row.
   *
   * @return 0 on success
   * @throws Exception as mapped to exit statuses by {@link Errors}
   */
  @Override
  public Integer call() throws Exception {
    java.util.Map<String, Path> inputs = new java.util.LinkedHashMap<>();
    inputs.put("--model", model);
    inputs.put("--data", data);
    CommandSupport.requireSafeOut(out, inputs);
    CnfModel m = CnfModelFile.load(model);
    int[] order = ColumnMatch.requireSameNames("--columns", columns, m.columns());
    // Read by the model's names, so the file's column order does not matter; the output's columns
    // follow --columns (as predict's do), or the model's order without it.
    List<String> cols = m.columns();
    double[][] x = TableCsv.read(data, cols, 1);
    Cnf cnf = m.build();
    Standardizer s = m.scaling();
    double[] lp = s.toDataLogProb(CnfTrainer.logProb(cnf, Tensor.matrix(s.apply(x)), TraceEstimator.exact(),
        2000, null));
    double[][] rows = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      rows[i] = new double[order.length + 1];
      for (int j = 0; j < order.length; j++) {
        rows[i][j] = x[i][order[j]];
      }
      rows[i][order.length] = lp[i];
    }
    List<String> header = new ArrayList<>();
    for (int j : order) {
      header.add(cols.get(j));
    }
    header.add("log_p");
    if (out != null) {
      Csv.write(out, header, rows);
    } else {
      CommandSupport.printToStdout(spec, Csv.format(header, rows));
    }
    return 0;
  }
}
