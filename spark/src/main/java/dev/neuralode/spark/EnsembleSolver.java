package dev.neuralode.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Ensemble solves on Spark: one ODE ({@link EnsembleOde}) solved for every row of a table of
 * initial conditions and parameters, as SciML's {@code EnsembleProblem} with {@code
 * EnsembleDistributed} does. Each partition builds the ODE once and solves its rows one by one
 * with the core library, so a row's result does not depend on the partitioning and equals a direct
 * library solve bit for bit.
 *
 * <p>The output has every input column, then {@value #STATUS} ({@value #OK} or {@value #FAILED}),
 * {@value #NFE} (function evaluations of the row's solves; null when the row failed), {@value
 * #ERROR} (why it failed; null when it did not) and one column {@code <state>_<i>} per state
 * component and output time index i (null when the row failed). A row fails, and is reported, when
 * a state or parameter value is missing or not a number, the solver throws (for example a
 * non-finite initial state, a step-size underflow, too many steps) or a state comes out non-finite;
 * a failed row never fails the job.
 *
 * <p>Immutable; the solve is lazy (a Spark transformation).
 */
public final class EnsembleSolver {

  /** The status column. */
  public static final String STATUS = "status";
  /** The function-evaluation column. */
  public static final String NFE = "nfe";
  /** The error-message column. */
  public static final String ERROR = "error";
  /** The status of a solved row. */
  public static final String OK = "ok";
  /** The status of a failed row. */
  public static final String FAILED = "failed";

  private final EnsembleOde ode;

  /**
   * An ensemble solver of one ODE.
   *
   * @param ode the ODE and its output times
   * @throws IllegalArgumentException if ode is null
   */
  public EnsembleSolver(EnsembleOde ode) {
    if (ode == null) {
      throw new IllegalArgumentException("ode is null; pass an ExpressionOde or a FittedModelOde");
    }
    this.ode = ode;
  }

  /**
   * The name of the output column of one state component at one output time.
   *
   * @param state the state component's name
   * @param timeIndex the index into the output times
   * @return {@code state + "_" + timeIndex}
   */
  public static String stateColumn(String state, int timeIndex) {
    return state + "_" + timeIndex;
  }

  /**
   * The schema of {@link #solve(Dataset)}'s result for an input schema.
   *
   * @param input the input schema
   * @return the input fields, then status, nfe, error and the state columns
   * @throws IllegalArgumentException if an output column name is already an input column
   */
  public StructType outputSchema(StructType input) {
    List<StructField> fields = new ArrayList<>(List.of(input.fields()));
    List<String> added = new ArrayList<>(List.of(STATUS, NFE, ERROR));
    fields.add(DataTypes.createStructField(STATUS, DataTypes.StringType, false));
    fields.add(DataTypes.createStructField(NFE, DataTypes.LongType, true));
    fields.add(DataTypes.createStructField(ERROR, DataTypes.StringType, true));
    int nt = ode.times().length;
    for (int i = 0; i < nt; i++) {
      for (String s : ode.stateColumns()) {
        String name = stateColumn(s, i);
        added.add(name);
        fields.add(DataTypes.createStructField(name, DataTypes.DoubleType, true));
      }
    }
    List<String> have = List.of(input.fieldNames());
    for (String a : added) {
      if (have.contains(a)) {
        throw new IllegalArgumentException("the input already has a column '" + a + "', which the result"
            + " adds; rename or drop it first");
      }
    }
    return DataTypes.createStructType(fields);
  }

  /**
   * Checks that a table with these columns can be solved: a column per state, and a column for each
   * parameter without a default. {@link #solve} checks its input so; a caller that adds columns of
   * its own first can check the user's columns before, so that the message lists only those.
   *
   * @param have the table's column names
   * @throws IllegalArgumentException naming the missing column and listing {@code have}
   */
  public void requireColumns(List<String> have) {
    for (String name : ode.stateColumns()) {
      if (!have.contains(name)) {
        throw new IllegalArgumentException("the input has no column '" + name + "' for the initial state; its"
            + " columns are " + have + "; give one column per state " + ode.stateColumns());
      }
    }
    for (String name : ode.parameterNames()) {
      if (!have.contains(name) && ode.requiresColumn(name)) {
        throw new IllegalArgumentException("parameter '" + name + "' has no default and the input has no"
            + " column of that name; its columns are " + have + "; add the column or give a default (--param "
            + name + "=VALUE on the command line)");
      }
    }
  }

  /**
   * Solves every row.
   *
   * @param input the table: one column per state component (named as {@link
   *     EnsembleOde#stateColumns()}), optionally a column per parameter and a start-time column, and
   *     any other columns (kept); numeric or numeric text
   * @return the table described in the class comment, one row per input row, in input order
   * @throws IllegalArgumentException before any task runs, if a state column or a required parameter
   *     column is missing (the message lists the input's columns)
   */
  public Dataset<Row> solve(Dataset<Row> input) {
    return solve(input, null);
  }

  /**
   * As {@link #solve(Dataset)}, with each task adding 1 to rowsDone per row it has solved (or
   * failed to solve), for progress lines.
   *
   * @param input the table, as {@link #solve(Dataset)} takes it
   * @param rowsDone the counter, or null for none
   * @return the table {@link #solve(Dataset)} returns
   */
  Dataset<Row> solve(Dataset<Row> input, LongAccumulator rowsDone) {
    StructType schema = input.schema();
    List<String> have = List.of(schema.fieldNames());
    requireColumns(have);
    int[] stateAt = new int[ode.stateColumns().size()];
    for (int k = 0; k < stateAt.length; k++) {
      String name = ode.stateColumns().get(k);
      stateAt[k] = have.indexOf(name);
    }
    int[] paramAt = new int[ode.parameterNames().size()];
    for (int k = 0; k < paramAt.length; k++) {
      String name = ode.parameterNames().get(k);
      paramAt[k] = have.indexOf(name);
    }
    int startAt = ode.startColumn() == null ? -1 : have.indexOf(ode.startColumn());
    StructType out = outputSchema(schema);
    return input.mapPartitions(new SolvePartition(ode, stateAt, paramAt, startAt, rowsDone), Encoders.row(out));
  }

  /** The task: solves the rows of one partition with one {@link EnsembleOde.RowSolver}. */
  private static final class SolvePartition implements MapPartitionsFunction<Row, Row> {
    private final EnsembleOde ode;
    private final int[] stateAt;
    private final int[] paramAt;
    private final int startAt;
    /** Counts the rows done, or null. */
    private final LongAccumulator rowsDone;

    SolvePartition(EnsembleOde ode, int[] stateAt, int[] paramAt, int startAt, LongAccumulator rowsDone) {
      this.ode = ode;
      this.stateAt = stateAt;
      this.paramAt = paramAt;
      this.startAt = startAt;
      this.rowsDone = rowsDone;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      EnsembleOde.RowSolver solver = ode.open();
      int d = stateAt.length;
      int nt = ode.times().length;
      List<String> states = ode.stateColumns();
      List<String> params = ode.parameterNames();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          Row row = rows.next();
          int width = row.length();
          Object[] values = new Object[width + 3 + nt * d];
          for (int i = 0; i < width; i++) {
            values[i] = row.get(i);
          }
          try {
            double[] y0 = new double[d];
            for (int k = 0; k < d; k++) {
              y0[k] = Cells.number(row, stateAt[k], states.get(k));
            }
            double[] p = new double[paramAt.length];
            for (int k = 0; k < p.length; k++) {
              p[k] = paramAt[k] < 0 ? Double.NaN : Cells.number(row, paramAt[k], params.get(k));
            }
            double start = startAt < 0 || row.isNullAt(startAt) ? Double.NaN : Cells.number(row, startAt, ode.startColumn());
            EnsembleOde.Solved s = solver.solve(y0, p, start);
            for (int i = 0; i < nt; i++) {
              for (int k = 0; k < d; k++) {
                double v = s.states()[i][k];
                if (!Double.isFinite(v)) {
                  throw new ArithmeticException("the state " + states.get(k) + " is " + v + " at output time index "
                      + i);
                }
                values[width + 3 + i * d + k] = v;
              }
            }
            values[width] = OK;
            values[width + 1] = (long) s.stats().nfe();
          } catch (RuntimeException e) {
            java.util.Arrays.fill(values, width, values.length, null);
            values[width] = FAILED;
            values[width + 2] = message(e);
          }
          if (rowsDone != null) {
            rowsDone.add(1);
          }
          return RowFactory.create(values);
        }
      };
    }

    private static String message(RuntimeException e) {
      String m = e.getMessage();
      String kind = e.getClass().getSimpleName();
      return m == null ? kind : kind.toLowerCase(Locale.ROOT).endsWith("exception") ? kind + ": " + m : m;
    }
  }
}
