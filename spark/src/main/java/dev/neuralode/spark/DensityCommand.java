package dev.neuralode.spark;

import dev.neuralode.data.Standardizer;
import dev.neuralode.data.ToyDensities;
import dev.neuralode.flow.Cnf;
import dev.neuralode.io.AtomicFiles;
import dev.neuralode.io.CnfModelFile;
import dev.neuralode.io.Csv;
import dev.neuralode.io.Json;
import dev.neuralode.io.NearMatches;
import dev.neuralode.model.CnfModel;
import dev.neuralode.nn.Activation;
import dev.neuralode.optim.CosineSchedule;
import dev.neuralode.optim.LrSchedule;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.CnfTrainer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code neuralode spark density}: data-parallel training of a continuous normalizing flow ({@link
 * DataParallelCnf}) on a CSV table ({@code --data}, with {@code --columns} or, as local {@code
 * density}, every column of the file) or on rows generated on the driver from one of FFJORD's toy
 * densities ({@code --toy 8gaussians --rows 200000}), in {@code --partitions} partitions (default:
 * Spark's default parallelism; a table is redistributed in its own row order). The
 * standardisation is the columns' mean and population standard deviation (Spark aggregates for a
 * table). Writes into {@code --out}: {@code model.json} (the CNF model file that {@code neuralode
 * sample} and {@code logp} read), {@code loss.csv} and {@code summary.json} (settings, rows,
 * partitions, wall time, seconds per iteration and, with {@code --compare-single-machine}, the time
 * of {@link CnfTrainer#train} on the driver with the same data and seed and the largest relative
 * parameter difference).
 */
final class DensityCommand implements SparkMain.Command {
  private static final Set<String> VALUED = Set.of("--data", "--columns", "--toy", "--rows", "--out",
      "--iterations", "--batch", "--lr", "--schedule", "--weight-decay", "--hidden", "--activation", "--end-time",
      "--kinetic", "--jacobian", "--method", "--rtol", "--atol", "--step-size", "--max-steps", "--gradient",
      "--seed", "--master", "--partitions");
  private static final Set<String> FLAGS = Set.of("--compare-single-machine");

  private final Options o;
  private final Path out;
  /** The flow; with --data but no --columns, of a stand-in dimension until run reads the file. */
  private CnfSpec spec;
  private final CnfTrainer.TrainingSettings settings;
  private final long seed;
  private final int rows;
  private final double lr;
  private final String scheduleName;
  private final String gradient;

  DensityCommand(String[] args) {
    o = Options.parse("density", args, VALUED, FLAGS);
    out = Path.of(o.required("--out", "runs/spark-density"));
    if (o.has("--data") == o.has("--toy")) {
      throw new IllegalArgumentException("give either --data FILE (and --columns x,y for some of its columns) or --toy NAME --rows N");
    }
    if (o.has("--toy") && !ToyDensities.NAMES.contains(o.string("--toy", "").strip().toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("unknown toy density --toy '" + o.string("--toy", "") + "'"
          + NearMatches.hint(o.string("--toy", "").strip(), ToyDensities.NAMES) + "; choose one of "
          + ToyDensities.NAMES);
    }
    seed = o.integer("--seed", 0, 0);
    int iterations = o.integer("--iterations", 200, 1);
    lr = o.real("--lr", 0.01, true, "0.01");
    rows = o.has("--toy") ? o.integer("--rows", 200_000, 1) : 0;
    scheduleName = o.string("--schedule", "cosine").trim().toLowerCase(Locale.ROOT);
    LrSchedule schedule = switch (scheduleName) {
      case "cosine" -> new CosineSchedule(lr, iterations, lr / 100);
      case "constant" -> LrSchedule.constant(lr);
      default -> throw new IllegalArgumentException("--schedule '" + o.string("--schedule", "")
          + "' is not cosine or constant");
    };
    settings = new CnfTrainer.TrainingSettings(iterations, o.integer("--batch", 512, 1), schedule,
        o.real("--weight-decay", 0, false, "1e-5"), seed);
    Activation act;
    try {
      act = Activation.parse(o.string("--activation", "tanh"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--activation: " + e.getMessage(), e);
    }
    if (o.has("--columns") && o.list("--columns", null).isEmpty()) {
      throw new IllegalArgumentException("--columns '" + o.string("--columns", "") + "' names no column; give the"
          + " columns of the density, e.g. --columns x,y, or leave it out for every column of --data");
    }
    // without --columns, every column of --data (as local density): the dimension is known once
    // Spark has read the file's header, and the flow is checked here with a stand-in
    int dim = o.has("--toy") ? 2 : o.has("--columns") ? o.list("--columns", null).size() : 2;
    SolverSettings solver = SparkMain.solver(o, "rk4", 1e-5, 1e-5);
    if (!o.has("--step-size") && solver.spec().method().equals("rk4")) {
      solver = new SolverSettings(new dev.neuralode.model.SolverSpec("rk4", 1e-5, 1e-5, 0.25), solver.maxSteps());
      o.effective("--step-size", "0.25");
    }
    // canonical names in the recorded settings: a default typed out equals it left out
    String g = o.string("--gradient", "backsolve").strip().toLowerCase(Locale.ROOT);
    gradient = g.equals("backsolve") ? "adjoint" : g;
    o.effective("--gradient", gradient);
    o.effective("--activation", o.string("--activation", "tanh").strip().toLowerCase(Locale.ROOT));
    o.effective("--schedule", scheduleName);
    int[] hidden = Options.widths("--hidden", o.string("--hidden", "64,64,64"));
    double endTime = o.real("--end-time", 1.0, true, "1.0");
    double kinetic = o.real("--kinetic", 0, false, "0.01");
    double jacobian = o.real("--jacobian", 0, false, "0.01");
    try {
      spec = new CnfSpec(dim, hidden, act, endTime, false, kinetic, jacobian, solver,
          o.string("--gradient", "backsolve"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--gradient: " + e.getMessage(), e);
    }
  }

  @Override
  public Options options() {
    return o;
  }

  @Override
  public void preflight() throws java.io.IOException {
    if (o.has("--data")) {
      Tables.requireLocalInput("--data", o.string("--data", null), o);
    }
    SparkOutput.precheck(out, "density", o);
  }

  @Override
  public int run(SparkSession spark, PrintStream stdout, PrintStream err, BooleanSupplier stopped)
      throws Exception {
    // --data's columns are checked before --out is touched
    Dataset<Row> read = null;
    List<String> columns = List.of("x", "y");
    if (o.has("--data")) {
      read = Tables.read(spark, "--data", o.string("--data", null), "csv");
      columns = columns(read, o.string("--data", null), o.has("--columns") ? o.list("--columns", null) : null);
      requireComplete(read, columns, o.string("--data", null), o.has("--columns"));
    }
    Path dir = SparkOutput.prepare(out, "density", o);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // Spark's default parallelism unless given, for --toy and --data alike (a small CSV file is
    // read as one partition, which would leave all but one core idle)
    int partitions = o.integer("--partitions", jsc.defaultParallelism(), 1);
    if (spec.dim() != columns.size()) {
      spec = new CnfSpec(columns.size(), spec.hidden(), spec.activation(), spec.endTime(), spec.trainEndTime(),
          spec.kineticWeight(), spec.jacobianWeight(), spec.solver(), spec.sensitivity());
    }
    Standardizer scaling;
    Dataset<Row> table;
    double[][] local = null;
    if (o.has("--toy")) {
      columns = List.of("x", "y");
      local = ToyDensities.sample(o.string("--toy", null), rows, seed);
      scaling = Standardizer.fit(local);
      List<Row> rows = new ArrayList<>(local.length);
      for (double[] r : local) {
        rows.add(RowFactory.create(r[0], r[1]));
      }
      table = spark.createDataFrame(jsc.parallelize(rows, partitions), DataTypes.createStructType(List.of(
          DataTypes.createStructField("x", DataTypes.DoubleType, false),
          DataTypes.createStructField("y", DataTypes.DoubleType, false))));
    } else {
      table = read;
      for (String c : columns) {
        table = table.withColumn(c, functions.col(c).cast(DataTypes.DoubleType));
      }
      scaling = scaling(table, columns);
    }
    // the rows in the partitions asked for, in the file's order (the batches draw rows by their
    // position, as single-machine training does)
    DataParallelCnf.Data data = DataParallelCnf.prepare(table, columns, scaling, partitions);
    // the flow trains on standardised rows; its NLL in data units (nats per row, as local density
    // reports it) adds the standardisation's log-Jacobian
    double logDet = scaling.logAbsDet();
    err.printf(Locale.ROOT, SparkMain.prefix("density") + "training a CNF on %d rows in %s on %s, %d iterations%n", data.rows(),
        partitions(data.partitions()), spark.sparkContext().master(), settings.iterations());
    Cnf cnf = spec.create(seed);
    long trainStart = System.nanoTime();
    long[] lastLine = {trainStart};
    long[] firstDone = {trainStart};
    DataParallelCnf.Result r = DataParallelCnf.train(cnf, spec, data, settings, step -> {
      long now = System.nanoTime();
      // as the local commands' progress lines: after the first iteration, then at most one line
      // every JobProgress.SECONDS, and after the last; iteration, loss, NFE, elapsed and (after the
      // first, whose time includes Spark's start-up) remaining time
      // (none once a stop signal has been received: the job is being cancelled)
      if (!stopped.getAsBoolean() && (step.iteration() == 1 || step.iteration() == settings.iterations()
          || now - lastLine[0] >= JobProgress.SECONDS * 1_000_000_000L)) {
        lastLine[0] = now;
        double elapsed = (now - o.startedNanos()) / 1e9; // from the command's start, as every Spark command
        int total = settings.iterations();
        if (step.iteration() == 1) {
          firstDone[0] = now;
        }
        // the rate since the first iteration, which carries Spark's start-up
        err.printf(Locale.ROOT, SparkMain.prefix("density") + "iteration %d/%d (%d%%), nll %.4f, nfe %d+%d, %.1f s elapsed%s%n",
            step.iteration(), total, 100L * step.iteration() / total, step.metric(CnfTrainer.NLL) - logDet, step.nfeForward(),
            step.nfeBackward(), elapsed, JobProgress.timeLeft(step.iteration() - 1L, total - 1L,
                (now - firstDone[0]) / 1e9));
      }
    });
    data.release();
    Files.createDirectories(dir);
    CnfModelFile.of(CnfModel.from(columns, scaling, cnf)).save(dir.resolve("model.json"));
    int n = settings.iterations();
    double[] iteration = new double[n];
    double[] nll = new double[n];
    double[] nfeForward = new double[n];
    double[] nfeBackward = new double[n];
    for (int i = 0; i < n; i++) {
      iteration[i] = i + 1;
      nll[i] = r.history().nll()[i] - logDet;
      nfeForward[i] = r.history().nfeForward()[i];
      nfeBackward[i] = r.history().nfeBackward()[i];
    }
    // as local density writes it: counts as whole numbers
    Csv.writeColumns(dir.resolve("loss.csv"), List.of("iteration", "loss", "nll", "nfe_forward", "nfe_backward"),
        Set.of("iteration", "nfe_forward", "nfe_backward"), iteration, r.history().loss(), nll, nfeForward,
        nfeBackward);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("command", "spark density");
    summary.put("settings", settings(columns, r.partitions()));
    summary.put("master", spark.sparkContext().master());
    summary.put("rows", r.rows());
    summary.put("partitions", r.partitions());
    summary.put("iterations", n);
    summary.put("batch", settings.batch());
    summary.put("method", spec.solver().spec().method());
    summary.put("gradient", gradient); // as settings records it: backsolve by its alias adjoint
    summary.put("hidden", spec.hidden());
    summary.put("final_nll", r.history().nll()[n - 1] - logDet);
    // as the local training commands total them: function evaluations over the run (summed over
    // the partitions, as the progress lines count them)
    summary.put("nfe_forward_total", r.history().nfeForwardTotal());
    summary.put("nfe_backward_total", r.history().nfeBackwardTotal());
    summary.put("seconds", 0.0); // the command's, from its start: set once the summary is complete
    summary.put("train_seconds", r.seconds());
    summary.put("seconds_per_iteration", r.seconds() / n);
    if (o.has("--compare-single-machine")) {
      double[][] x = local != null ? local : collect(table, columns);
      Cnf single = spec.create(seed);
      long t0 = System.nanoTime();
      CnfTrainer.train(single, Tensor.matrix(scaling.apply(x)), settings);
      double singleSeconds = (System.nanoTime() - t0) / 1e9;
      double relative = DataParallelCnf.relativeDifference(single.flatParameters(), cnf.flatParameters());
      summary.put("single_machine_seconds", singleSeconds);
      summary.put("max_relative_parameter_difference", relative);
      err.printf(Locale.ROOT, SparkMain.prefix("density") + "single machine: %.1f s; largest parameter difference / largest parameter = %.3g%n",
          singleSeconds, relative);
    }
    double seconds = (System.nanoTime() - o.startedNanos()) / 1e9;
    summary.put("seconds", seconds);
    AtomicFiles.writeString(dir.resolve("summary.json"), Json.toJson(summary) + "\n");
    SparkOutput.commit("density", o);
    err.printf(Locale.ROOT, SparkMain.prefix("density") + "%d rows, %s, %d iterations: %.1f s (training %.1f s, %.3f s/iteration),"
        + " final nll %.4f nats/row -> %s%n", r.rows(), partitions(r.partitions()), n, seconds, r.seconds(), r.seconds() / n,
        r.history().nll()[n - 1] - logDet, out);
    return 0;
  }

  /**
   * {@code 1 partition}, {@code 4 partitions}.
   *
   * @param n the number of partitions
   * @return the count with its noun
   */
  static String partitions(int n) {
    return n + (n == 1 ? " partition" : " partitions");
  }

  /**
   * Refuses empty or non-numeric cells in the density's columns before any training, as local
   * density refuses them (Spark would fail in a task, with a stack trace); one Spark job. Without
   * {@code --columns}, a column none of whose cells is a number (a text column) is named as such,
   * with the numeric columns to give to {@code --columns}; every other column with empty or
   * non-numeric cells is named in the same message, with its count.
   *
   * @param table the input
   * @param columns the density's columns
   * @param file the --data path, for the message
   * @param chosen whether {@code --columns} chose them
   * @throws IllegalArgumentException naming every such column, its count and the fix
   */
  static void requireComplete(Dataset<Row> table, List<String> columns, String file, boolean chosen) {
    List<org.apache.spark.sql.Column> counts = new ArrayList<>();
    counts.add(functions.count(functions.lit(1)));
    for (String c : columns) {
      // as every command reads its inputs: a cell must be a finite number (Spark's reader takes NaN
      // and Infinity as numbers)
      org.apache.spark.sql.Column x = functions.col(c).try_cast(DataTypes.DoubleType);
      counts.add(functions.sum(functions.when(x.isNull().or(functions.isnan(x))
          .or(x.equalTo(Double.POSITIVE_INFINITY)).or(x.equalTo(Double.NEGATIVE_INFINITY)), 1).otherwise(0)));
    }
    Row r = table.agg(counts.get(0), counts.subList(1, counts.size()).toArray(org.apache.spark.sql.Column[]::new))
        .first();
    long rows = r.getLong(0);
    List<String> text = new ArrayList<>();
    List<String> numeric = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      long n = r.isNullAt(i + 1) ? 0 : ((Number) r.get(i + 1)).longValue();
      String c = columns.get(i);
      org.apache.spark.sql.types.DataType type = table.schema().apply(c).dataType();
      boolean neither = !(type instanceof org.apache.spark.sql.types.NumericType)
          && !(type instanceof org.apache.spark.sql.types.StringType);
      if (!chosen && (neither || rows > 0 && n == rows)) {
        text.add(c);
        continue;
      }
      numeric.add(c);
      if (n > 0) {
        bad.add("'" + c + "' (" + n + " cell" + (n == 1 ? "" : "s") + ")");
      }
    }
    String cells = "empty, non-numeric, NaN or infinite cells in column" + (bad.size() == 1 ? " " : "s ")
        + String.join(", ", bad);
    if (!text.isEmpty()) {
      String c = text.get(0);
      throw new IllegalArgumentException("--data " + file + ": column '" + c + "' is not numeric (Spark reads it as "
          + table.schema().apply(c).dataType().simpleString() + ")" + (text.size() > 1 ? ", nor " + (text.size() - 1)
              + " more (" + String.join(", ", text.subList(1, text.size())) + ")" : "")
          + ", and without --columns the density has every column; give its columns with --columns"
          + (numeric.isEmpty() ? ", e.g. --columns x,y" : ", e.g. --columns " + String.join(",", numeric))
          + (bad.isEmpty() ? "" : "; those also have " + cells + ": fill them in or remove those rows"));
    }
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException("--data " + file + ": " + cells + "; fill them in or remove those rows"
          + " (local 'neuralode density --data' names their lines), or give --columns without "
          + (bad.size() == 1 ? "it" : "them"));
    }
  }

  /**
   * The columns of the density: those of {@code --columns}, each of which the table must have, or
   * without it (as local {@code density}) every column of the table ({@link #requireComplete} then
   * checks that each is numeric).
   *
   * @param table the table read from {@code --data}
   * @param file the path of {@code --data}, for messages
   * @param given the columns of {@code --columns}, or null
   * @return the columns, in order
   * @throws IllegalArgumentException naming the option, the column and the fix
   */
  static List<String> columns(Dataset<Row> table, String file, List<String> given) {
    List<String> have = List.of(table.columns());
    if (given != null) {
      for (String c : given) {
        if (!have.contains(c)) {
          // before Spark resolves the column (its AnalysisException is a query plan, not a fix)
          throw new IllegalArgumentException("--columns: " + file + " has no column '" + c
              + "'; its columns are " + String.join(", ", have));
        }
      }
      return List.copyOf(given);
    }
    return have;
  }

  /**
   * The settings as summary.json records them, named as the options (gradient: backsolve by its
   * alias adjoint, as fit's summary.json).
   */
  private Map<String, Object> settings(List<String> columns, int partitions) {
    Map<String, Object> s = new LinkedHashMap<>();
    if (o.has("--toy")) {
      s.put("toy", o.string("--toy", null));
      s.put("rows", rows);
    } else {
      s.put("data", o.string("--data", null));
    }
    s.put("columns", columns);
    s.put("iterations", settings.iterations());
    s.put("batch", settings.batch());
    s.put("lr", lr);
    s.put("schedule", scheduleName);
    s.put("weight_decay", settings.weightDecay());
    s.put("seed", seed);
    s.put("hidden", spec.hidden());
    s.put("activation", o.string("--activation", "tanh").strip().toLowerCase(Locale.ROOT));
    s.put("end_time", spec.endTime());
    s.put("kinetic", spec.kineticWeight());
    s.put("jacobian", spec.jacobianWeight());
    s.put("method", spec.solver().spec().method());
    s.put("rtol", spec.solver().spec().rtol());
    s.put("atol", spec.solver().spec().atol());
    double step = spec.solver().spec().stepSize();
    if (!Double.isNaN(step)) {
      s.put("step_size", step);
    }
    s.put("max_steps", spec.solver().maxSteps());
    s.put("gradient", gradient);
    s.put("partitions", partitions);
    s.put("out", out.toString());
    return s;
  }

  /** Column means and population standard deviations, aggregated by Spark. */
  private static Standardizer scaling(Dataset<Row> table, List<String> columns) {
    List<Column> aggs = new ArrayList<>();
    for (String c : columns) {
      aggs.add(functions.avg(c));
      aggs.add(functions.stddev_pop(c));
    }
    Row r = table.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
    double[] mean = new double[columns.size()];
    double[] std = new double[columns.size()];
    for (int j = 0; j < mean.length; j++) {
      mean[j] = r.getDouble(2 * j);
      std[j] = r.getDouble(2 * j + 1);
    }
    return new Standardizer(mean, std);
  }

  private static double[][] collect(Dataset<Row> table, List<String> columns) {
    List<Row> rows = table.select(columns.stream().map(functions::col).toArray(Column[]::new)).collectAsList();
    double[][] x = new double[rows.size()][columns.size()];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < columns.size(); j++) {
        x[i][j] = rows.get(i).getDouble(j);
      }
    }
    return x;
  }
}
