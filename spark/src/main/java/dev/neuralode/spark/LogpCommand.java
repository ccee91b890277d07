package dev.neuralode.spark;

import dev.neuralode.io.CnfModelFile;
import dev.neuralode.model.CnfModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;

/**
 * {@code neuralode spark logp}: the log-density of a flow written by {@code neuralode density} or
 * {@code neuralode spark density} for every row of a CSV or Parquet table ({@link DensityScores}),
 * written into {@code --out} in the input's format (or {@code --out-format}). The model's columns
 * are echoed as doubles ({@code 0.0}, as local {@code logp} writes them), other columns as read.
 * Reports on stderr, each line starting {@code neuralode spark logp: }: the rows, input, master and
 * partitions before scoring; while the rows are scored, a {@link JobProgress} line every few seconds;
 * at the end rows, scored, failed, seconds.
 */
final class LogpCommand implements SparkMain.Command {
  private static final Set<String> VALUED = Set.of("--model", "--data", "--data-format", "--out",
      "--out-format", "--chunk", "--master", "--partitions");

  private final Options o;
  private final CnfModel model;
  private final String input;
  private final String output;
  private final String inFormat;
  private final String outFormat;
  private final int chunk;

  LogpCommand(String[] args) {
    o = Options.parse("logp", args, VALUED, Set.of());
    model = CnfModelFile.load(Path.of(o.required("--model", "runs/density/model.json")));
    input = o.required("--data", "points.csv");
    output = o.required("--out", "runs/logp");
    inFormat = Tables.format("--data-format", o.string("--data-format", null), input);
    outFormat = Tables.format("--out-format", o.string("--out-format", inFormat), output);
    chunk = o.integer("--chunk", 1000, 1);
    // the formats as used (a default filled in, any case): the recorded settings
    o.effective("--data-format", inFormat);
    o.effective("--out-format", outFormat);
  }

  @Override
  public Options options() {
    return o;
  }

  @Override
  public void preflight() throws java.io.IOException {
    Tables.requireLocalInput("--data", input, o);
    SparkOutput.precheckTable(output, "logp", o);
  }

  @Override
  public int run(SparkSession spark, PrintStream out, PrintStream err, BooleanSupplier stopped)
      throws Exception {
    // from the command's start, before Spark's, as the lines printed while Spark starts count
    long t0 = o.startedNanos();
    // --data is read (its schema) and checked against the model before --out is touched: a wrong
    // path or file loses no earlier output
    Dataset<Row> read = Tables.read(spark, "--data", input, inFormat);
    Dataset<Row> table = read;
    // the model's columns as doubles, as local logp writes them: Spark's CSV reader infers a
    // column of whole numbers as int and would echo x = 0 as 0 where logp writes 0.0
    // (text columns are left to DensityScores, which reports a bad value per row)
    List<String> have = List.of(table.columns());
    for (String c : model.columns()) {
      if (have.contains(c) && table.schema().apply(c).dataType() instanceof NumericType) {
        table = table.withColumn(c, functions.col(c).cast(DataTypes.DoubleType));
      }
    }
    if (o.has("--partitions")) {
      table = table.repartition(o.integer("--partitions", 1, 1));
    }
    String dir;
    try (JobProgress progress = JobProgress.of(spark, "logp", "rows scored", err, stopped)) {
      Dataset<Row> scored = DensityScores.logProb(table, model, chunk, progress.counter());
      dir = SparkOutput.prepareTable(spark, output, "logp", o);
      // the rows as read (a Parquet file answers from its metadata), for the progress lines' total
      long rows = read.count();
      int parts = scored.rdd().getNumPartitions();
      err.printf(Locale.ROOT, SparkMain.prefix("logp") + "scoring %d row%s of %s on %s in %d partition%s%n", rows,
          rows == 1 ? "" : "s", input, spark.sparkContext().master(), parts, parts == 1 ? "" : "s");
      progress.start(rows, t0);
      Tables.write(scored, dir, outFormat);
    }
    Row c = Tables.readOwn(spark, dir, outFormat).agg(functions.count(functions.lit(1)),
        functions.count(functions.col(DensityScores.LOGP))).first();
    SparkOutput.commit("logp", o);
    err.printf(Locale.ROOT, SparkMain.prefix("logp") + "%d rows: %d scored, %d failed, %.1f s -> %s%n", c.getLong(0), c.getLong(1),
        c.getLong(0) - c.getLong(1), (System.nanoTime() - t0) / 1e9, output);
    return 0;
  }
}
