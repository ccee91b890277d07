package dev.neuralode.spark;

import dev.neuralode.io.InputException;
import dev.neuralode.model.SolverSpec;
import java.io.PrintStream;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code neuralode spark} commands, the main class of the shaded {@code neuralode-spark-all}
 * jar:
 *
 * <pre>
 *   neuralode spark ensemble-solve …   (EnsembleSolveCommand)
 *   neuralode spark fit-ensemble …     (FitEnsembleCommand)
 *   neuralode spark density …          (DensityCommand)
 *   neuralode spark logp …             (LogpCommand)
 * </pre>
 *
 * Each takes {@code --master URL} (the options every command takes, {@code --master}, {@code
 * --partitions}, {@code --overwrite} and {@code -q}, may also come before the command's name);
 * without it the master comes from {@code spark-submit} (the
 * {@code spark.master} property) or is {@code local[*]}. Exit status: 0 on success, 2 for bad
 * options (one line on stderr), 1 if the job fails.
 */
public final class SparkMain {

  /** Options every command takes. */
  static final Set<String> COMMON = Set.of("--master", "--partitions");

  /** Options every command takes that may come before the command's name. */
  private static final Set<String> LEADING = Set.of("-q", "--quiet", "--overwrite", "--master", "--partitions");

  /** Those of {@link #LEADING} that take a value. */
  private static final Set<String> VALUED_LEADING = Set.of("--master", "--partitions");

  private SparkMain() {}

  /**
   * Runs a command and exits with its status.
   *
   * @param args the command name, then its options
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs a command.
   *
   * @param args the command name, then its options
   * @param out where the help goes
   * @param err where errors, progress and the commands' reports go
   * @return the exit status
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      // like 'neuralode' with no command: one line on stderr and exit 2
      err.println("neuralode spark: missing command; commands: ensemble-solve, fit-ensemble, density, logp"
          + " (see neuralode spark --help)");
      return 2;
    }
    if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      out.println(usage());
      return 0;
    }
    // the options every command takes may also come before the command's name:
    // 'neuralode spark -q --master local[2] density ...' (as shell completion offers them)
    java.util.List<String> leading = new java.util.ArrayList<>();
    int at = 0;
    while (at < args.length && LEADING.contains(args[at].contains("=") ? args[at].substring(0, args[at].indexOf('='))
        : args[at])) {
      leading.add(args[at]);
      if (VALUED_LEADING.contains(args[at]) && at + 1 < args.length) {
        leading.add(args[++at]);
      }
      at++;
    }
    if (at >= args.length) {
      err.println("neuralode spark: give a command after " + String.join(" ", leading)
          + "; commands: ensemble-solve, fit-ensemble, density, logp (see neuralode spark --help)");
      return 2;
    }
    String name = args[at];
    if (name.equals("--help") || name.equals("-h")) {
      out.println(usage());
      return 0;
    }
    java.util.List<String> restList = new java.util.ArrayList<>(
        java.util.Arrays.asList(args).subList(at + 1, args.length));
    restList.addAll(leading);
    String[] rest = restList.toArray(String[]::new);
    String help = commandUsage(name);
    if (help != null && java.util.Arrays.stream(rest).anyMatch(a -> a.equals("-h") || a.equals(Options.HELP))) {
      out.println(help);
      return 0;
    }
    Command cmd;
    try {
      cmd = switch (name) {
        case "ensemble-solve" -> new EnsembleSolveCommand(rest);
        case "fit-ensemble" -> new FitEnsembleCommand(rest);
        case "density" -> new DensityCommand(rest);
        case "logp" -> new LogpCommand(rest);
        default -> throw new IllegalArgumentException("unknown command '" + name
            + "'; commands: ensemble-solve, fit-ensemble, density, logp (see neuralode spark --help)");
      };
    } catch (IllegalArgumentException | InputException e) {
      // InputException: a --model or --data file that is missing, unreadable or malformed
      err.println((help == null ? "neuralode spark: " : prefix(name)) + e.getMessage());
      return 2;
    }
    boolean quiet = cmd.options().has(Options.QUIET);
    SparkSession spark = session(cmd.options(), "neuralode spark " + name);
    try {
      PrintStream silent = new PrintStream(java.io.OutputStream.nullOutputStream(), true,
          java.nio.charset.StandardCharsets.UTF_8);
      return cmd.run(spark, quiet ? silent : out, quiet ? silent : err);
    } catch (IllegalArgumentException | InputException e) {
      err.println(prefix(name) + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println(prefix(name) + "failed: " + e);
      return 1;
    } finally {
      spark.stop();
    }
  }

  /**
   * The prefix of every line a command prints on stderr (its report, progress and errors), as
   * the local commands' lines have theirs ({@code neuralode fit: ...}).
   *
   * @param command the command's name, e.g. {@code density}
   * @return e.g. {@code "neuralode spark density: "}
   */
  static String prefix(String command) {
    return "neuralode spark " + command + ": ";
  }

  /** The session: --master if given, else spark-submit's master, else local[*]. */
  static SparkSession session(Options o, String app) {
    SparkSession.Builder b = SparkSession.builder().appName(app);
    if (o.has("--master")) {
      b = b.master(o.string("--master", null));
    } else if (System.getProperty("spark.master") == null) {
      b = b.master("local[*]");
    }
    SparkSession session = b.config("spark.ui.showConsoleProgress", "false").getOrCreate();
    if (System.getenv("SPARK_CONF_DIR") == null) {
      // Spark's INFO and WARN lines drown the command's own output; a cluster's own log
      // configuration (SPARK_CONF_DIR) is left alone
      session.sparkContext().setLogLevel("ERROR");
    }
    return session;
  }

  /** Solver settings from --method, --rtol, --atol, --step-size and --max-steps. */
  static SolverSettings solver(Options o, String method, double rtol, double atol) {
    String m = o.string("--method", method);
    double step = o.has("--step-size") ? o.real("--step-size", Double.NaN) : Double.NaN;
    try {
      return new SolverSettings(new SolverSpec(m, o.real("--rtol", rtol), o.real("--atol", atol), step),
          o.integer("--max-steps", 0, 1));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--method/--rtol/--atol/--step-size: " + e.getMessage(), e);
    }
  }

  /**
   * One command's help: every option with a description and its default.
   *
   * @param name the command's name
   * @return its help, or null for an unknown command
   */
  static String commandUsage(String name) {
    return SparkHelp.command(name);
  }

  static String usage() {
    return SparkHelp.overview();
  }

  /** A parsed command, run once the session exists. */
  interface Command {
    /**
     * The parsed options.
     *
     * @return the options
     */
    Options options();

    /**
     * Runs the job.
     *
     * @param spark the session
     * @param out standard output (the commands write their results into {@code --out})
     * @param err where the report and progress lines go, each with {@link #prefix}
     * @return the exit status
     * @throws Exception if the job fails
     */
    int run(SparkSession spark, PrintStream out, PrintStream err) throws Exception;
  }
}
