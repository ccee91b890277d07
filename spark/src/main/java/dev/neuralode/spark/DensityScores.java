package dev.neuralode.spark;

import dev.neuralode.data.Standardizer;
import dev.neuralode.flow.Cnf;
import dev.neuralode.flow.TraceEstimator;
import dev.neuralode.model.CnfModel;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.CnfTrainer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
 * Log-densities of a trained continuous normalizing flow for every row of a table, as {@code
 * neuralode logp} computes them: log p(x) in the data's units, with the exact trace, in chunks of
 * rows solved together. The flow travels to the executors as the core record {@link CnfModel}
 * (plain serialisable data, read from a model file once on the driver) and is rebuilt there with
 * {@code neuralode-core} alone.
 *
 * <p>The output has every input column, then {@value #LOGP} (null when the row failed) and
 * {@value #ERROR} (why; null otherwise). Cells may be numbers or numeric text. A row with a
 * missing, non-numeric or non-finite value fails alone; a
 * chunk whose solve fails marks its rows failed. Rows solved together share the solver's steps, so
 * with an adaptive method a row's value depends on its chunk at the level of the solver tolerance;
 * with {@code chunk = 1} every row is solved alone and the result does not depend on the
 * partitioning.
 */
public final class DensityScores {

  /** The log-density column. */
  public static final String LOGP = "log_p";
  /** The error column. */
  public static final String ERROR = "error";

  private DensityScores() {}

  /**
   * Adds the log-density of every row.
   *
   * @param input the table, with one numeric column per model column (named as the model's columns)
   * @param model the flow
   * @param chunk the number of rows solved together, at least 1
   * @return the table with {@value #LOGP} and {@value #ERROR} added, in input order
   * @throws IllegalArgumentException before any task runs if a model column is missing, the output
   *     columns exist already, or chunk is below 1
   */
  public static Dataset<Row> logProb(Dataset<Row> input, CnfModel model, int chunk) {
    return logProb(input, model, chunk, null);
  }

  /**
   * As {@link #logProb(Dataset, CnfModel, int)}, with each task adding its partition's row count to
   * rowsDone when it has scored them, for progress lines.
   *
   * @param input the table
   * @param model the flow
   * @param chunk the number of rows solved together, at least 1
   * @param rowsDone the counter, or null for none
   * @return the scored table
   */
  static Dataset<Row> logProb(Dataset<Row> input, CnfModel model, int chunk, LongAccumulator rowsDone) {
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk must be >= 1; got " + chunk);
    }
    List<String> have = List.of(input.columns());
    int[] at = new int[model.columns().size()];
    for (int j = 0; j < at.length; j++) {
      at[j] = have.indexOf(model.columns().get(j));
      if (at[j] < 0) {
        throw new IllegalArgumentException("the input has no column '" + model.columns().get(j) + "'; the model"
            + " needs " + model.columns() + " and the input has " + have + "; give the input columns of the model's"
            + " names (the model was trained on columns of those names), or score it with a model trained on"
            + " these columns (density --data FILE --columns ...)");
      }
    }
    if (have.contains(LOGP) || have.contains(ERROR)) {
      throw new IllegalArgumentException("the input already has a column '" + LOGP + "' or '" + ERROR
          + "'; rename or drop it first");
    }
    List<StructField> fields = new ArrayList<>(List.of(input.schema().fields()));
    fields.add(DataTypes.createStructField(LOGP, DataTypes.DoubleType, true));
    fields.add(DataTypes.createStructField(ERROR, DataTypes.StringType, true));
    StructType out = DataTypes.createStructType(fields);
    return input.mapPartitions(new ScorePartition(model, at, chunk, rowsDone), Encoders.row(out));
  }

  /** The task: scores one partition in chunks with one rebuilt flow. */
  private static final class ScorePartition implements MapPartitionsFunction<Row, Row> {
    private final CnfModel model;
    private final int[] at;
    private final int chunk;
    /** Counts the rows scored, or null. */
    private final LongAccumulator rowsDone;

    ScorePartition(CnfModel model, int[] at, int chunk, LongAccumulator rowsDone) {
      this.model = model;
      this.at = at;
      this.chunk = chunk;
      this.rowsDone = rowsDone;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      Cnf cnf = model.build();
      Standardizer s = model.scaling();
      List<Row> done = new ArrayList<>();
      List<Row> pending = new ArrayList<>();
      List<double[]> points = new ArrayList<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        double[] x = new double[at.length];
        String bad = null;
        for (int j = 0; j < at.length && bad == null; j++) {
          try {
            x[j] = Cells.number(r, at[j], model.columns().get(j));
            if (!Double.isFinite(x[j])) {
              bad = "column '" + model.columns().get(j) + "' holds " + x[j] + ", not a finite number";
            }
          } catch (IllegalArgumentException e) {
            bad = e.getMessage();
          }
        }
        if (bad != null) {
          flush(cnf, s, pending, points, done);
          done.add(with(r, null, bad));
        } else {
          pending.add(r);
          points.add(x);
          if (pending.size() == chunk) {
            flush(cnf, s, pending, points, done);
          }
        }
      }
      flush(cnf, s, pending, points, done);
      if (rowsDone != null) {
        rowsDone.add(done.size());
      }
      return done.iterator();
    }

    private static void flush(Cnf cnf, Standardizer s, List<Row> pending, List<double[]> points, List<Row> done) {
      if (pending.isEmpty()) {
        return;
      }
      try {
        double[] lp = s.toDataLogProb(CnfTrainer.logProb(cnf, Tensor.matrix(s.apply(points.toArray(new double[0][]))),
            TraceEstimator.exact(), points.size(), null));
        for (int i = 0; i < lp.length; i++) {
          done.add(with(pending.get(i), lp[i], null));
        }
      } catch (RuntimeException e) {
        for (Row r : pending) {
          done.add(with(r, null, e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
      }
      pending.clear();
      points.clear();
    }

    private static Row with(Row r, Double logp, String error) {
      Object[] v = new Object[r.length() + 2];
      for (int i = 0; i < r.length(); i++) {
        v[i] = r.get(i);
      }
      v[r.length()] = logp;
      v[r.length() + 1] = error;
      return RowFactory.create(v);
    }
  }
}
