package dev.neuralode.cli;

import dev.neuralode.io.AtomicFiles;
import dev.neuralode.io.Json;
import dev.neuralode.ode.Event;
import dev.neuralode.ode.EventRecord;
import dev.neuralode.ode.Method;
import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.OdeSolverException;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.ode.StepCallbacks;
import dev.neuralode.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The rows of {@code neuralode solve}'s CSV, as scipy's {@code solve_ivp} returns them: the states
 * at the requested times (or, with {@code --steps}, at the solver's own accepted steps), with each
 * located event as a row of its own in time order, marked in an {@code event} column by the
 * 0-based number of its {@code --event} (empty for the other rows); after a terminal event its
 * state is the last row. The {@code event} column is present only when {@code --event} is given.
 *
 * <p>If the solver fails, the rows reached before the failure are still written (the requested
 * times up to the last accepted time, or the accepted steps), {@code --stats} gets {@code
 * "status": "failed"} with the message and the time reached, and the command exits with status 1:
 * scipy's partial solution with {@code status = -1}.
 */
final class SolveRows {
  private SolveRows() {}

  /** A table row: time, state, and the event index or -1. */
  private record Row(double t, double[] y, int event) {}

  /**
   * Solves, writes the CSV and the stats, and fails with status 1 after writing the partial
   * solution if the solver fails.
   *
   * @param spec the command (stdout, stderr)
   * @param quiet whether status lines are suppressed
   * @param f the right-hand side
   * @param y0 the initial state
   * @param t the requested times
   * @param solver the solver
   * @param events the events (possibly empty)
   * @param steps whether to output the solver's accepted steps instead of the requested times
   * @param variables the variable names
   * @param out the CSV file, or null for stdout
   * @param stats the stats file, or null
   * @return the result
   * @throws IOException if a file cannot be written
   * @throws CommandException with status 1 if the solver failed (after writing what was reached)
   */
  static OdeResult run(CommandSpec spec, boolean quiet, OdeFunction f, double[] y0, double[] t, Solver solver,
      List<Event> events, boolean steps, List<String> variables, Path out, Path stats) throws IOException {
    long[] nfe = {0};
    OdeFunction counted = (time, y) -> {
      nfe[0]++;
      return f.apply(time, y);
    };
    boolean explicit = !(solver.method() instanceof Method.Esdirk);
    if (steps && !explicit) {
      throw new IllegalArgumentException("--steps needs an explicit method; " + solver.method().name()
          + " is implicit; use e.g. --method dopri5, or leave out --steps");
    }
    List<Row> stepRows = new ArrayList<>();
    stepRows.add(new Row(t[0], y0.clone(), -1));
    long[] counts = {0, 0};
    StepCallbacks callbacks = StepCallbacks.onAccepted(s -> {
      counts[0]++;
      stepRows.add(new Row(s.t1(), s.y1().toArray(), -1));
    }).withRejected(s -> counts[1]++);
    OdeResult result;
    try {
      result = explicit
          ? Odeint.solve(counted, Tensor.vector(y0), t, solver, events, callbacks)
          : Odeint.solve(counted, Tensor.vector(y0), t, solver, events);
    } catch (OdeSolverException e) {
      double reached = e.time();
      List<Row> rows = steps ? stepRows : reachedRows(f, y0, t, solver, reached);
      write(spec, out, variables, rows, !events.isEmpty());
      if (stats != null) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", "failed");
        json.put("message", e.getMessage());
        json.put("t_reached", reached);
        json.put("nfe", nfe[0]);
        if (explicit) {
          json.put("accepted", counts[0]);
          json.put("rejected", counts[1]);
        }
        json.put("events", List.of());
        Json.write(stats, json);
      }
      throw new CommandException(CommandException.FAILURE, "the ODE solver failed at t = " + reached + ": "
          + e.getMessage() + "; " + (out != null ? out : "stdout") + " has the solution up to it (" + rows.size()
          + " row" + (rows.size() == 1 ? "" : "s") + ")" + (stats != null ? ", " + stats + " the status" : ""),
          e);
    }
    List<Row> rows = new ArrayList<>();
    if (steps) {
      double end = result.t()[result.t().length - 1];
      boolean forward = t[t.length - 1] >= t[0];
      for (Row r : stepRows) {
        if (result.status() != OdeResult.Status.TERMINATED_BY_EVENT || (forward ? r.t() <= end : r.t() >= end)
            || r == stepRows.get(0)) {
          rows.add(r);
        }
      }
    } else {
      double[] ys = result.ys().toArray();
      int n = y0.length;
      for (int i = 0; i < result.t().length; i++) {
        rows.add(new Row(result.t()[i], Arrays.copyOfRange(ys, i * n, (i + 1) * n), -1));
      }
    }
    if (steps && result.status() == OdeResult.Status.TERMINATED_BY_EVENT) {
      // the accepted steps past the event (the one that contains it) are not part of the solution
      double te = result.events().get(result.events().size() - 1).t();
      boolean forward = t[t.length - 1] >= t[0];
      rows.removeIf(r -> r != rows.get(0) && (forward ? r.t() > te : r.t() < te));
    }
    write(spec, out, variables, merge(rows, result.events(), t[t.length - 1] >= t[0]), !events.isEmpty());
    if (stats != null) {
      Json.write(stats, SolveOutput.statsJson(result));
    }
    return result;
  }

  /** The requested times up to the time reached, solved again (the solve is deterministic). */
  private static List<Row> reachedRows(OdeFunction f, double[] y0, double[] t, Solver solver, double reached) {
    boolean forward = t[t.length - 1] >= t[0];
    int k = 0;
    while (k < t.length && (forward ? t[k] <= reached : t[k] >= reached)) {
      k++;
    }
    List<Row> rows = new ArrayList<>();
    if (k == 0) {
      return rows;
    }
    if (k == 1) {
      rows.add(new Row(t[0], y0.clone(), -1));
      return rows;
    }
    OdeResult r = Odeint.solve(f, Tensor.vector(y0), Arrays.copyOf(t, k), solver);
    double[] ys = r.ys().toArray();
    for (int i = 0; i < k; i++) {
      rows.add(new Row(t[i], Arrays.copyOfRange(ys, i * y0.length, (i + 1) * y0.length), -1));
    }
    return rows;
  }

  /** Inserts the event rows in time order, each after the rows at the same time. */
  private static List<Row> merge(List<Row> rows, List<EventRecord> events, boolean forward) {
    List<Row> merged = new ArrayList<>(rows.size() + events.size());
    int j = 0;
    for (Row r : rows) {
      while (j < events.size() && (forward ? events.get(j).t() < r.t() : events.get(j).t() > r.t())) {
        EventRecord e = events.get(j++);
        merged.add(new Row(e.t(), e.y().toArray(), e.index()));
      }
      merged.add(r);
    }
    while (j < events.size()) {
      EventRecord e = events.get(j++);
      merged.add(new Row(e.t(), e.y().toArray(), e.index()));
    }
    return merged;
  }

  private static void write(CommandSpec spec, Path out, List<String> variables, List<Row> rows, boolean eventColumn)
      throws IOException {
    StringBuilder b = new StringBuilder("t");
    for (String v : variables) {
      b.append(',').append(v);
    }
    b.append(eventColumn ? ",event\n" : "\n");
    for (Row r : rows) {
      b.append(r.t());
      for (double v : r.y()) {
        b.append(',').append(v);
      }
      if (eventColumn) {
        b.append(',');
        if (r.event() >= 0) {
          b.append(r.event());
        }
      }
      b.append('\n');
    }
    if (out != null) {
      AtomicFiles.writeString(out, b.toString());
    } else {
      CommandSupport.printToStdout(spec, b.toString());
    }
  }
}
