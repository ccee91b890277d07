package dev.neuralode.cli;

import dev.neuralode.io.Csv;
import dev.neuralode.ode.EventRecord;
import dev.neuralode.ode.OdeResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The outputs of {@code neuralode solve}: the CSV of states (full precision, {@link
 * Double#toString(double)}) and the {@code --stats} JSON object.
 */
final class SolveOutput {

  private SolveOutput() {}

  /**
   * Returns the {@code --stats} JSON object for a result.
   *
   * @param result the solve's result, not modified
   * @return {@code status}, {@code nfe}, {@code accepted}, {@code rejected} and {@code events}
   *     (each with {@code t}, {@code y} and the 0-based {@code index} of its {@code --event})
   */
  static Map<String, Object> statsJson(OdeResult result) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", result.status() == OdeResult.Status.TERMINATED_BY_EVENT
        ? "terminated_by_event" : "success");
    json.put("nfe", result.stats().nfe());
    json.put("accepted", result.stats().acceptedSteps());
    json.put("rejected", result.stats().rejectedSteps());
    List<Map<String, Object>> records = new ArrayList<>();
    for (EventRecord e : result.events()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("t", e.t());
      r.put("y", e.y().toArray());
      r.put("index", e.index());
      records.add(r);
    }
    json.put("events", records);
    if (!result.warnings().isEmpty()) {
      json.put("warnings", result.warnings());
    }
    return json;
  }

  /**
   * Writes the CSV: a header {@code t,<vars>}, then one row per requested time reached.
   *
   * @param spec the running command, whose stdout is used when {@code out} is null
   * @param out the file to write atomically, or null for stdout
   * @param variables the variable names
   * @param result the solve's result, not modified
   * @throws IOException if the file cannot be written
   */
  static void writeCsv(CommandSpec spec, Path out, List<String> variables, OdeResult result)
      throws IOException {
    List<String> header = new ArrayList<>();
    header.add("t");
    header.addAll(variables);
    double[] t = result.t();
    double[] ys = result.ys().toArray();
    int n = variables.size();
    double[][] rows = new double[t.length][n + 1];
    for (int i = 0; i < t.length; i++) {
      rows[i][0] = t[i];
      System.arraycopy(ys, i * n, rows[i], 1, n);
    }
    if (out != null) {
      Csv.write(out, header, rows);
    } else {
      CommandSupport.printToStdout(spec, Csv.format(header, rows));
    }
  }
}
