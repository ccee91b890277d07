package dev.neuralode.spark;

import dev.neuralode.ode.SolverStats;
import java.io.Serializable;
import java.util.List;

/**
 * The ODE of an ensemble solve: what one row of the input table is solved with. Implementations
 * are plain serialisable data (expression text, a core model description), shipped to executors
 * with each task; {@link #open()} builds the runnable form there once per partition.
 */
public sealed interface EnsembleOde extends Serializable permits ExpressionOde, FittedModelOde {

  /**
   * The names of the input columns that hold a row's initial state, in state order.
   *
   * @return d names
   */
  List<String> stateColumns();

  /**
   * The names of the ODE's parameters that a row may set in a column of the same name (a
   * parameter sweep); a parameter without a column keeps its default.
   *
   * @return the parameter names, possibly empty
   */
  List<String> parameterNames();

  /**
   * Whether a parameter needs a column because it has no default.
   *
   * @param name one of {@link #parameterNames()}
   * @return true if every input table must have a column of that name
   */
  boolean requiresColumn(String name);

  /**
   * The name of an optional input column holding each row's start time, or null if rows cannot
   * set it.
   *
   * @return the column name, or null
   */
  String startColumn();

  /**
   * The times at which states are reported, in the ODE's own time units.
   *
   * @return the times, a copy
   */
  double[] times();

  /**
   * Builds the runnable ODE, once per partition on an executor (parsing, model rebuilding).
   *
   * @return a solver of single rows, used by one thread
   */
  RowSolver open();

  /** Solves single rows; one instance serves one partition on one thread. */
  interface RowSolver {
    /**
     * Solves one row.
     *
     * @param state the initial state, size d; not modified
     * @param parameters the parameter values in {@link #parameterNames()} order (NaN = the default);
     *     not modified
     * @param start the row's start time (NaN = the ODE's own start), see the implementation
     * @return the states at every time and the solver statistics
     * @throws RuntimeException if the solve fails (reported on the row, never thrown further)
     */
    Solved solve(double[] state, double[] parameters, double start);
  }

  /**
   * One solved row.
   *
   * @param states the states, shape {@code [times][d]}
   * @param stats the function evaluations and steps of the row's solves
   */
  record Solved(double[][] states, SolverStats stats) {}
}
