package dev.neuralode.spark;

import dev.neuralode.io.Json;
import dev.neuralode.io.ModelFile;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * {@code neuralode spark ensemble-solve}: reads a table of initial conditions (and parameters) as
 * CSV (header line) or Parquet through Spark's readers, solves every row with {@link
 * EnsembleSolver}, and writes the result into {@code --out} in the input's format (CSV for CSV input,
 * Parquet for Parquet input; {@code --out-format} overrides), with {@code _neuralode_summary.json}
 * beside Spark's part files (Spark's readers skip names starting with an underscore). The state
 * columns are {@code STATE_i}, the state at the i-th time of {@code --t} (counted from 0); the times
 * themselves are the summary's {@code times}. Reports on stderr, each line starting {@code
 * neuralode spark ensemble-solve: }: the rows, input, master and partitions before the solve; while
 * the rows are solved, a {@link JobProgress} line every few seconds (rows solved of all, elapsed and
 * remaining time); at the end rows, solved, failed, total NFE and seconds, then the times of the
 * columns. Without {@code --partitions} a table with fewer than two
 * partitions per core is repartitioned to that, but never to more partitions than rows (an empty
 * partition would write a part file with a header only). The first output column, {@value
 * #INPUT_ROW}, is each row's 0-based position in the input; the partitions are ranges of it, so the
 * part files in name order hold the rows in input order (Spark's readers do not keep that order
 * across part files: sort by {@value #INPUT_ROW}).
 */
final class EnsembleSolveCommand implements SparkMain.Command {
  /** The first output column: the row's 0-based position in the input. */
  static final String INPUT_ROW = "input_row";

  private static final Set<String> VALUED = Set.of("--data", "--data-format", "--out", "--out-format",
      "--vars", "--rhs", "--param", "--model", "--t", "--method", "--rtol", "--atol", "--step-size",
      "--max-steps", "--master", "--partitions");

  private final Options o;
  private final EnsembleOde ode;
  private final String input;
  private final String output;
  private final String inFormat;
  private final String outFormat;

  EnsembleSolveCommand(String[] args) {
    o = Options.parse("ensemble-solve", args, VALUED, Set.of());
    input = o.required("--data", "initial.csv");
    output = o.required("--out", "runs/ensemble");
    inFormat = Tables.format("--data-format", o.string("--data-format", null), input);
    outFormat = Tables.format("--out-format", o.string("--out-format", inFormat), output);
    // the formats as used (a default filled in, any case): the recorded settings
    o.effective("--data-format", inFormat);
    o.effective("--out-format", outFormat);
    String timesText = o.required("--t", "0:10:11");
    double[] times = Options.times("--t", timesText);
    if (o.has("--model")) {
      for (String n : List.of("--vars", "--rhs", "--param", "--method", "--rtol", "--atol", "--step-size",
          "--max-steps")) {
        if (o.has(n)) {
          throw new IllegalArgumentException(n + " does not apply with --model (the model keeps its own dynamics"
              + " and solver); leave it out");
        }
      }
      ode = new FittedModelOde(ModelFile.load(Path.of(o.string("--model", null))), times);
    } else {
      Options.requireMonotone("--t", timesText, times);
      List<String> vars = o.list("--vars", null);
      String rhs = o.required("--rhs", "'v; mu*(1-x^2)*v - x' --vars x,v");
      if (vars.isEmpty()) {
        throw new IllegalArgumentException("--rhs needs --vars, the state variables in order, e.g. --vars x,v");
      }
      List<String> names = new ArrayList<>();
      List<Double> defaults = new ArrayList<>();
      for (String p : o.list("--param", null)) {
        int eq = p.indexOf('=');
        names.add(eq < 0 ? p : p.substring(0, eq).trim());
        defaults.add(eq < 0 ? Double.NaN : Options.parseReal("--param " + p.substring(0, eq).trim(),
            p.substring(eq + 1)));
      }
      try {
        ode = new ExpressionOde(vars, names, defaults.stream().mapToDouble(Double::doubleValue).toArray(),
            List.of(rhs.split(";")), times, SparkMain.solver(o, "dopri5", 1e-7, 1e-9));
      } catch (IllegalArgumentException e) {
        if (e.getCause() instanceof dev.neuralode.expr.ExprException x && x.problem().startsWith("unknown name '")) {
          // a name meant to come from a column of the data must be declared as a parameter
          String name = x.problem().substring("unknown name '".length(), x.problem().indexOf('\'', 14));
          throw new IllegalArgumentException(e.getMessage() + "; if '" + name + "' is a column of --data,"
              + " declare it with --param " + name + " (each row then takes its value from that column)", e);
        }
        throw e;
      }
    }
  }

  @Override
  public Options options() {
    return o;
  }

  @Override
  public void preflight() throws java.io.IOException {
    java.nio.file.Path in = Tables.requireLocalInput("--data", input, o);
    // a local CSV file's header: the states' and parameters' columns checked before Spark starts
    List<String> header = in == null || !inFormat.equals("csv") ? null : plainHeader(in);
    if (header != null) {
      new EnsembleSolver(ode).requireColumns(header);
      requireNoInputRow(header);
    }
    SparkOutput.precheckTable(output, "ensemble-solve", o);
  }

  @Override
  public int run(SparkSession spark, PrintStream out, PrintStream err, BooleanSupplier stopped)
      throws Exception {
    // from the command's start, before Spark's, as the lines printed while Spark starts count
    long t0 = o.startedNanos();
    Dataset<Row> read = Tables.read(spark, "--data", input, inFormat);
    // every check of the user's columns before input_row is added (so messages list only theirs) and
    // before --out is touched: the states and parameters, and no clash with a column the result adds
    EnsembleSolver solver = new EnsembleSolver(ode);
    solver.requireColumns(List.of(read.columns()));
    requireNoInputRow(List.of(read.columns()));
    solver.outputSchema(read.schema());
    String dir = SparkOutput.prepareTable(spark, output, "ensemble-solve", o);
    Dataset<Row> table = withInputRow(spark, read);
    // CPU-bound rows: at least two partitions per core unless told otherwise (a small CSV file is
    // read as one partition, which would leave all but one core idle)
    int cores = spark.sparkContext().defaultParallelism();
    // the rows as read (a Parquet file answers from its metadata): the partition count's limit and
    // the progress lines' total
    long rowCount = read.count();
    if (o.has("--partitions")) {
      table = inOrder(table, o.integer("--partitions", 1, 1));
    } else {
      // two partitions per core, but at most one per row: an empty partition would write a
      // header-only CSV part file; a table already in more partitions than that keeps them
      int have = table.rdd().getNumPartitions();
      int target = (int) Math.max(1, Math.min(2L * cores, rowCount));
      if (have != target && (have < 2 * cores || have > rowCount)) {
        table = inOrder(table, target);
      }
    }
    try (JobProgress progress = JobProgress.of(spark, "ensemble-solve", "rows solved", err, stopped)) {
      Dataset<Row> result = solver.solve(table, progress.counter());
      err.printf(Locale.ROOT, SparkMain.prefix("ensemble-solve") + "solving %d row%s of %s on %s in %d partition%s%n",
          rowCount, rowCount == 1 ? "" : "s", input, spark.sparkContext().master(), table.rdd().getNumPartitions(),
          table.rdd().getNumPartitions() == 1 ? "" : "s");
      progress.start(rowCount, t0);
      Tables.write(result, dir, outFormat);
    }
    Dataset<Row> written = Tables.readOwn(spark, dir, outFormat);
    Row counts = written.agg(functions.count(functions.lit(1)),
        functions.sum(functions.when(functions.col(EnsembleSolver.STATUS).equalTo(EnsembleSolver.OK), 1)
            .otherwise(0)),
        functions.sum(functions.col(EnsembleSolver.NFE))).first();
    long rows = counts.getLong(0);
    long ok = counts.isNullAt(1) ? 0 : counts.getLong(1);
    long nfe = counts.isNullAt(2) ? 0 : ((Number) counts.get(2)).longValue();
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("command", "spark ensemble-solve");
    summary.put("master", spark.sparkContext().master());
    summary.put("input", input);
    summary.put("output", output);
    summary.put("partitions", table.rdd().getNumPartitions());
    summary.put("times", ode.times());
    summary.put("rows", rows);
    summary.put("solved", ok);
    summary.put("failed", rows - ok);
    summary.put("nfe_total", nfe);
    summary.put("seconds", seconds);
    Tables.writeText(spark, dir, "_neuralode_summary.json", Json.toJson(summary) + "\n");
    SparkOutput.commit("ensemble-solve", o);
    err.printf(Locale.ROOT, SparkMain.prefix("ensemble-solve") + "%d rows: %d solved, %d failed, %d function evaluations, %.1f s -> %s (%s)%n", rows,
        ok, rows - ok, nfe, seconds, output, outFormat);
    err.println(SparkMain.prefix("ensemble-solve") + timesLine(ode.stateColumns(), ode.times()));
    return 0;
  }

  /**
   * The column names of a plain local CSV file's first line, as Spark's reader names them, or null
   * when Spark might read them otherwise (quotes, spaces around a name, a name Spark would invent for
   * an empty field, not a regular {@code .csv} file, or a line that cannot be read): Spark decides.
   */
  static List<String> plainHeader(java.nio.file.Path file) {
    if (!java.nio.file.Files.isRegularFile(file) || !file.getFileName().toString().toLowerCase(java.util.Locale.ROOT)
        .endsWith(".csv")) {
      return null;
    }
    try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
      String line = r.readLine();
      if (line == null || line.indexOf('"') >= 0 || line.startsWith("\uFEFF")) {
        return null;
      }
      List<String> names = List.of(line.split(",", -1));
      for (String n : names) {
        if (n.isEmpty() || !n.equals(n.strip())) {
          return null;
        }
      }
      return names;
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return null;
    }
  }

  /**
   * Refuses an input that already has the {@value #INPUT_ROW} column the result adds.
   *
   * @param columns the input's column names
   * @throws IllegalArgumentException naming the column and the fix
   */
  static void requireNoInputRow(List<String> columns) {
    if (columns.contains(INPUT_ROW)) {
      throw new IllegalArgumentException("the input already has a column '" + INPUT_ROW + "', which the"
          + " result adds (each row's 0-based position in the input); rename or drop it first");
    }
  }

  /**
   * The input with {@value #INPUT_ROW} in front: each row's 0-based position in the input as Spark
   * reads it (for one CSV or Parquet file, its order in the file), so that result rows can be
   * matched to input rows even where Spark does not keep the order or rows repeat.
   *
   * @param spark the session
   * @param table the input table
   * @return the table with the index column first, in the same partitions and order
   * @throws IllegalArgumentException if the input already has a column of that name
   */
  static Dataset<Row> withInputRow(SparkSession spark, Dataset<Row> table) {
    requireNoInputRow(List.of(table.columns()));
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField(INPUT_ROW, DataTypes.LongType, false));
    fields.addAll(List.of(table.schema().fields()));
    JavaRDD<Row> rows = table.javaRDD().zipWithIndex().map(pair -> {
      Row r = pair._1();
      Object[] v = new Object[r.length() + 1];
      v[0] = pair._2();
      for (int i = 0; i < r.length(); i++) {
        v[i + 1] = r.get(i);
      }
      return RowFactory.create(v);
    });
    return spark.createDataFrame(rows, DataTypes.createStructType(fields));
  }

  /**
   * The table in n partitions that keep the input order: partition k holds a contiguous range of
   * {@value #INPUT_ROW}, sorted, so the part files read in name order list the rows in input order
   * (a plain repartition would deal the rows out round-robin).
   */
  static Dataset<Row> inOrder(Dataset<Row> table, int n) {
    return table.repartitionByRange(n, functions.col(INPUT_ROW)).sortWithinPartitions(INPUT_ROW);
  }

  /**
   * The line that says which time each state column holds, e.g. {@code columns x_0 .. v_5: the state
   * at the i-th time, t = 0.0, 1.0, 2.0, 3.0, 4.0, 5.0 (all times in _neuralode_summary.json)}.
   *
   * @param states the state names, in order (at least one)
   * @param times the output times (at least one)
   * @return the line, without a line break
   */
  static String timesLine(List<String> states, double[] times) {
    int last = times.length - 1;
    StringBuilder b = new StringBuilder("columns ");
    b.append(EnsembleSolver.stateColumn(states.get(0), 0)).append(" .. ")
        .append(EnsembleSolver.stateColumn(states.get(states.size() - 1), last)).append(": the state at the i-th time,"
        + " t = ");
    for (int i = 0; i <= last; i++) {
      if (i == 6 && last > 8) {
        b.append(", ..., ").append(times[last]);
        break;
      }
      b.append(i == 0 ? "" : ", ").append(times[i]);
    }
    return b.append(" (all times in _neuralode_summary.json)").toString();
  }
}
