package dev.neuralode.spark;

import dev.neuralode.io.InputException;
import dev.neuralode.io.NearMatches;
import dev.neuralode.model.SolverSpec;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
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
 * options (one line on stderr), 1 if the job fails, 130 if SIGTERM or SIGINT stopped it (one line:
 * {@code stopped (SIGTERM); ...}). A signal that arrives after the job's last Spark job stops
 * nothing: the command finishes its output, says {@code SIGTERM received after the job had
 * finished; its output is complete} and exits with the job's status (0 on success), as a local
 * command that gets a signal after its training has ended.
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
    // the process ends after the command: what a signal silenced stays silent (Spark's threads may
    // still log while they stop)
    int status = run(args, System.out, System.err, false);
    if (status == 130 || signalled) {
      // a signal came, its line printed: what Spark's threads print while the JVM ends is noise
      silenceSparkLogs();
      System.setErr(silent());
    }
    System.exit(status);
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
    return run(args, out, err, true);
  }

  private static int run(String[] args, PrintStream out, PrintStream err, boolean restoreAfterStop) {
    if (args.length == 0) {
      // one line naming the commands, on stderr, and exit 2 ('neuralode' alone shows its usage)
      err.println("neuralode spark: missing command; " + COMMAND_LIST);
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
      err.println("neuralode spark: give a command after " + String.join(" ", leading) + "; " + COMMAND_LIST);
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
        default -> throw new IllegalArgumentException("unknown command '" + name + "'"
            + NearMatches.hint(name, COMMANDS) + "; " + COMMAND_LIST);
      };
    } catch (IllegalArgumentException | InputException e) {
      // InputException: a --model or --data file that is missing, unreadable or malformed
      err.println((help == null ? "neuralode spark: " : prefix(name)) + e.getMessage());
      return 2;
    }
    if (cmd.options().has("--master")) {
      try {
        checkMaster(cmd.options().string("--master", null));
      } catch (IllegalArgumentException e) {
        // before the session: Spark logs its own stack trace for a master it cannot parse
        err.println(prefix(name) + e.getMessage());
        return 2;
      }
    }
    if (cmd.options().has("--partitions")) {
      // before the session, and for fit-ensemble too, which ignores the value
      String p = cmd.options().string("--partitions", null).strip();
      int parts;
      try {
        parts = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        parts = 0;
      }
      if (parts < 1) {
        err.println(prefix(name) + "--partitions '" + p + "' must be a whole number from 1 to " + Integer.MAX_VALUE
            + ", e.g. --partitions 8");
        return 2;
      }
    }
    boolean quiet = cmd.options().has(Options.QUIET);
    cmd.options().started(System.nanoTime());
    try {
      cmd.preflight();
    } catch (IllegalArgumentException | InputException e) {
      err.println(prefix(name) + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println(prefix(name) + "failed: " + e);
      return 1;
    }
    // a line every 5 s, after the first 5 s, until the command's first line: Spark's start and the
    // job's preparation (reading its input) take 5 to 30 s on a busy machine
    Notice notice = Notice.start(quiet ? silent() : err, name, "starting Spark on " + master(cmd.options()),
        JobProgress.SECONDS * 1000L);
    SparkSession spark;
    try {
      spark = session(cmd.options(), "neuralode spark " + name);
    } catch (RuntimeException | Error e) {
      notice.stop();
      throw e;
    }
    notice.phase("preparing the job (reading its input)");
    // every line from here on, the command's and these, ends the notice first
    PrintStream report = notice.gate(err);
    Stopper stopper = new Stopper(spark, cmd.options()::committing);
    notice.endWhen(() -> stopper.signal() != null);
    stopper.onSecondSignal(signal -> report.println(prefix(name) + stopped("a second SIG" + signal + ", at once",
        cmd.options())));
    stopper.install();
    // the line for a stopped job is printed once Spark has stopped and cleaned up what its tasks
    // left, so that it describes what is on disk
    String stoppedBy = null;
    try {
      PrintStream silent = silent();
      int status = cmd.run(spark, quiet ? silent : out, quiet ? silent : report, () -> stopper.signal() != null);
      return finished(name, status, stopper.signal(), report);
    } catch (IllegalArgumentException | InputException e) {
      if (stopper.signal() != null) {
        stoppedBy = "SIG" + stopper.signal();
        return 130;
      }
      report.println(prefix(name) + e.getMessage());
      return 2;
    } catch (Exception e) {
      if (stopper.signal() != null) {
        stoppedBy = "SIG" + stopper.signal();
        return 130;
      }
      if (contextShutDown(e)) {
        stoppedBy = "the Spark context was shut down";
        return 1;
      }
      report.println(prefix(name) + "failed: " + e);
      return 1;
    } finally {
      notice.stop();
      stopper.uninstall();
      signalled |= stopper.signal() != null;
      try {
        spark.stop();
      } finally {
        // a job that failed or was stopped leaves --out as it was: its own output, written beside
        // it, goes (after spark.stop, once no task writes there any more)
        dev.neuralode.io.OutputSet staged = cmd.options().staged();
        if (staged != null) {
          staged.close();
        }
        if (restoreAfterStop) {
          stopper.restore();
        }
        if (stoppedBy != null) {
          report.println(prefix(name) + stopped(stoppedBy, cmd.options()));
        }
      }
    }
  }

  /** Whether a signal reached a command run in this process (its output may be complete). */
  private static volatile boolean signalled;

  /**
   * The exit status of a command whose job ran to its end: a signal that came after the last
   * Spark job stopped nothing, so the output is complete and the run counts as finished (as a
   * local command's that gets a signal after its training has ended), with one line that says so.
   *
   * @param command the command's name
   * @param status the status the command returned
   * @param signal the signal received during the command ({@code TERM} or {@code INT}), or null
   * @param err where the line goes
   * @return {@code status}
   */
  static int finished(String command, int status, String signal, PrintStream err) {
    if (signal != null) {
      err.println(prefix(command) + "SIG" + signal + " received after the job had finished; its output is"
          + " complete");
    }
    return status;
  }

  /** The Spark commands' names. */
  static final List<String> COMMANDS = List.of("ensemble-solve", "fit-ensemble", "density", "logp");
  /** The end of every message about a missing or unknown command. */
  private static final String COMMAND_LIST = "commands: " + String.join(", ", COMMANDS)
      + " (see neuralode spark --help)";

  /** A stream that prints nothing (-q's stdout and stderr; System.err after a stop signal). */
  static PrintStream silent() {
    return new PrintStream(java.io.OutputStream.nullOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * The line for a job stopped before it finished.
   *
   * @param why e.g. {@code SIGTERM}
   * @param o the options, for {@code --out}
   * @return e.g. {@code stopped (SIGTERM); no output written}
   */
  static String stopped(String why, Options o) {
    String out = o.string("--out", null);
    if (o.recorded()) {
      // a second signal after the job swapped its recorded output in: nothing is missing
      return "stopped (" + why + ") after the job had written and recorded its output; " + out + " is complete";
    }
    // the job writes beside --out and swaps its output in only when complete: --out is as it was
    boolean earlier = out != null && java.nio.file.Files.exists(java.nio.file.Path.of(out),
        java.nio.file.LinkOption.NOFOLLOW_LINKS);
    return "stopped (" + why + "); no output written" + (earlier ? "; " + out + " keeps its earlier contents" : "");
  }

  /**
   * Whether a job failed because its Spark context was shut down (e.g. by a signal's shutdown hook).
   *
   * @param e the failure
   * @return true if a cause's message says so
   */
  static boolean contextShutDown(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage();
      if (m != null && (m.contains("SparkContext was shut down") || m.contains("Cannot call methods on a stopped"
          + " SparkContext"))) {
        return true;
      }
    }
    return false;
  }

  /** The forms of a master URL that {@link #checkMaster} accepts, for its message. */
  static final String MASTER_FORMS = "local, local[N], local[*], local[N,F], spark://HOST:PORT, yarn,"
      + " or k8s://HOST:PORT";

  /**
   * Checks a {@code --master} value before Spark parses it (Spark prints stack traces for one it
   * cannot parse).
   *
   * @param master the value
   * @throws IllegalArgumentException naming {@code --master}, the value and the accepted forms
   */
  static void checkMaster(String master) {
    String m = master == null ? "" : master.strip();
    boolean ok = m.equals("local") || m.equals("yarn")
        || m.matches("local\\[([1-9][0-9]*|\\*)\\]")
        || m.matches("local\\[([1-9][0-9]*|\\*)\\s*,\\s*[0-9]+\\]")
        || m.matches("local-cluster\\[\\s*[1-9][0-9]*\\s*,\\s*[1-9][0-9]*\\s*,\\s*[1-9][0-9]*\\s*]")
        || m.matches("spark://[^\\s/:]+:[0-9]+(,[^\\s/:]+:[0-9]+)*")
        || m.matches("k8s://\\S+");
    if (!ok) {
      throw new IllegalArgumentException("--master '" + master + "' is not a Spark master URL; give one of "
          + MASTER_FORMS + ", e.g. --master local[4]");
    }
  }

  /**
   * Turns SIGTERM and SIGINT into a stop of the job: the Spark jobs are cancelled (and any started
   * later, until the command returns), and the command exits 130 with one line, as the local
   * commands do. A second signal ends the process at once (status 143 for SIGTERM, 130 for SIGINT),
   * after the line {@link #onSecondSignal} prints. The previous handlers come back after the command.
   */
  static final class Stopper {
    private final SparkSession spark;
    private final java.util.concurrent.atomic.AtomicReference<String> signal =
        new java.util.concurrent.atomic.AtomicReference<>();
    /** The handlers installed, each able to put back the one it replaced. */
    private final java.util.List<dev.neuralode.io.Signals.Installed> previous = new java.util.ArrayList<>();
    private volatile boolean done;
    /** Prints the line of a second signal (given the signal's name), or null. */
    private volatile java.util.function.Consumer<String> secondSignal;

    /** True while the job swaps its output in: a second signal then waits for the swap's end. */
    private final BooleanSupplier committing;

    Stopper(SparkSession spark, BooleanSupplier committing) {
      this.spark = spark;
      this.committing = committing;
    }

    /**
     * Sets what a second signal prints before the process halts: what the job leaves on disk.
     *
     * @param line called with the signal's name ({@code TERM} or {@code INT})
     */
    void onSecondSignal(java.util.function.Consumer<String> line) {
      secondSignal = line;
    }

    /** System.err as it was before a signal silenced it, or null. */
    private PrintStream standardError;
    /** Whether a signal turned Spark's logging off. */
    private boolean logsSilenced;

    /**
     * Turns Spark's logging off and points System.err at nothing until {@link #restore}: Spark's
     * cancelled tasks and its shutdown log errors and print stack traces (Scala futures rejected by a
     * pool that is shutting down) straight to System.err. The command's own lines go to the stream
     * it was given, which stays. Nothing happens once the command has returned ({@link #uninstall}).
     */
    private synchronized void silence() {
      if (done) {
        return;
      }
      if (!logsSilenced) {
        silenceSparkLogs();
        logsSilenced = true;
      }
      if (standardError == null) {
        standardError = System.err;
        System.setErr(silent());
      }
    }

    /**
     * Gives back what a signal silenced, System.err and the logging configuration's levels, for
     * callers that go on in this JVM.
     */
    synchronized void restore() {
      if (standardError != null) {
        System.setErr(standardError);
        standardError = null;
      }
      if (logsSilenced) {
        try {
          org.apache.logging.log4j.core.config.Configurator.reconfigure();
        } catch (RuntimeException | LinkageError e) {
          // another logging back end: nothing was turned off
        }
        logsSilenced = false;
      }
    }

    /** The signal received ({@code TERM} or {@code INT}), or null. */
    String signal() {
      return signal.get();
    }

    void install() {
      for (String name : java.util.List.of("TERM", "INT")) {
        // stop() itself ends the process on a second signal
        dev.neuralode.io.Signals.Installed h = dev.neuralode.io.Signals.on(name, chain -> stop(name));
        if (h != null) {
          previous.add(h);
        }
      }
    }

    synchronized void uninstall() {
      done = true;
      previous.forEach(dev.neuralode.io.Signals.Installed::restore);
      previous.clear();
    }

    /**
     * Records the signal and cancels the running and later Spark jobs.
     *
     * @param name the signal's name
     */
    void stop(String name) {
      if (!signal.compareAndSet(null, name)) {
        if (committing.getAsBoolean()) {
          // the output is being swapped in (renames, within moments): a halt there would leave it
          // for the next run to finish, and no line could say which output --out then holds
          return;
        }
        java.util.function.Consumer<String> line = secondSignal;
        dev.neuralode.io.Signals.haltAfter(line == null || done ? null : () -> line.accept(name),
            name.equals("INT") ? 130 : 143);
      }
      silence();
      Thread t = new Thread(() -> {
        while (!done) {
          try {
            spark.sparkContext().cancelAllJobs();
            Thread.sleep(100);
          } catch (InterruptedException e) {
            return;
          } catch (RuntimeException e) {
            // the context is stopping: nothing left to cancel
            return;
          }
        }
      }, "neuralode-stop");
      t.setDaemon(true);
      t.start();
    }
  }

  /**
   * Turns Spark's logging off for the rest of the process: once a signal has asked the job to stop,
   * the command's own line says what happened, and the errors Spark logs while its cancelled tasks and
   * executors shut down (rejected task updates, broadcast blocks already removed, each with a stack
   * trace) are noise. Does nothing where Spark logs through something other than Log4j 2.
   */
  static void silenceSparkLogs() {
    try {
      org.apache.logging.log4j.core.config.Configurator.setAllLevels(
          org.apache.logging.log4j.LogManager.ROOT_LOGGER_NAME, org.apache.logging.log4j.Level.OFF);
    } catch (RuntimeException | LinkageError e) {
      // another logging back end: its messages stay
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
  /** The master URL a session of these options gets, as {@link #session} sets it. */
  static String master(Options o) {
    return o.has("--master") ? o.string("--master", null) : System.getProperty("spark.master", "local[*]");
  }

  /**
   * Lines while a command is silent before its first line of its own: one every period (after the
   * first), naming the phase and the seconds since the start, e.g. {@code neuralode spark
   * ensemble-solve: starting Spark on local[*], 10 s so far}; a start within one period prints
   * nothing, so that a refusal that follows it is still one line.
   */
  static final class Notice {
    private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicReference<String> phase;
    /** True once no more lines should begin (a stop signal), or null. */
    private volatile java.util.function.BooleanSupplier end;
    private final Thread thread;

    private Notice(PrintStream err, String name, String phase, long periodMillis) {
      this.phase = new java.util.concurrent.atomic.AtomicReference<>(phase);
      long start = System.nanoTime();
      thread = new Thread(() -> {
        try {
          while (!done.await(periodMillis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            java.util.function.BooleanSupplier e = end;
            if (e != null && e.getAsBoolean()) {
              return;
            }
            err.printf(java.util.Locale.ROOT, prefix(name) + "%s, %.0f s so far%n", this.phase.get(),
                (System.nanoTime() - start) / 1e9);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "neuralode-spark-notice");
      thread.setDaemon(true);
    }

    /**
     * Starts the lines.
     *
     * @param err where they go
     * @param name the command's name, for the prefix
     * @param phase what is happening, e.g. {@code starting Spark on local[*]}
     * @param periodMillis the time between lines
     * @return the running notice; {@link #stop} it (or print through {@link #gate})
     */
    static Notice start(PrintStream err, String name, String phase, long periodMillis) {
      Notice n = new Notice(err, name, phase, periodMillis);
      n.thread.start();
      return n;
    }

    /** Begins no more lines once this is true (a stop signal received). */
    void endWhen(java.util.function.BooleanSupplier condition) {
      end = condition;
    }

    /** Names what happens from now on, for the next lines. */
    void phase(String now) {
      phase.set(now);
    }

    /** Ends the lines: none is printed after this returns. */
    void stop() {
      done.countDown();
      JobProgress.awaitEnd(thread);
    }

    /**
     * A stream that ends the lines before anything is written to err through it, so that no notice
     * follows the command's first line.
     *
     * @param err the stream to write to
     * @return the gated stream
     */
    PrintStream gate(PrintStream err) {
      return new PrintStream(new java.io.OutputStream() {
        @Override
        public void write(int b) {
          stop();
          err.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          stop();
          err.write(b, off, len);
        }

        @Override
        public void flush() {
          err.flush();
        }
      }, true, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** The end of an unknown --method's message: scipy's name's counterpart, or an example. */
  private static String scipyOrExample(String given, String example) {
    String hint = dev.neuralode.ode.Methods.scipyHint(given);
    return hint.isEmpty() ? " (e.g. --method " + example + ")" : hint;
  }

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

  /**
   * Solver settings from --method, --rtol, --atol, --step-size and --max-steps; records the
   * effective method (lower case) and tolerances as the job's settings.
   *
   * @param o the options
   * @param method the default method
   * @param rtol the default relative tolerance
   * @param atol the default absolute tolerance
   * @return the settings
   * @throws IllegalArgumentException naming the option at fault and the fix
   */
  static SolverSettings solver(Options o, String method, double rtol, double atol) {
    String m = o.string("--method", method).strip();
    try {
      m = dev.neuralode.ode.Methods.byName(m).name();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--method '" + o.string("--method", method) + "' is not a known method;"
          + " methods: " + String.join(", ", dev.neuralode.ode.Methods.names()) + scipyOrExample(o.string("--method",
          method), method), e);
    }
    o.effective("--method", m);
    double r = o.real("--rtol", rtol, true, "1e-7");
    double a = o.real("--atol", atol, false, "1e-9");
    double step = o.has("--step-size") ? o.real("--step-size", Double.NaN, true, "0.01") : Double.NaN;
    // 0, the default, is the solver's own limit, as not giving --max-steps
    int maxSteps = o.integer("--max-steps", 0, 0);
    try {
      return new SolverSettings(new SolverSpec(m, r, a, step), maxSteps);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--rtol/--atol/--step-size: " + e.getMessage(), e);
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
     * @param stopped true once a stop signal has been received (progress lines end then)
     * @return the exit status
     * @throws Exception if the job fails
     */
    int run(SparkSession spark, PrintStream out, PrintStream err, BooleanSupplier stopped) throws Exception;

    /**
     * The checks that need no Spark, run before Spark starts (5 to 30 s on a busy machine), so that
     * a mistake {@link #run} would refuse is refused at once: a local input that does not exist, an
     * {@code --out} that the job would not replace ({@link SparkOutput#precheck}). {@link #run}
     * still checks everything.
     *
     * @throws IllegalArgumentException as {@link #run} would refuse the input (exit status 2)
     * @throws Exception if a local file cannot be read
     */
    default void preflight() throws Exception {}
  }
}
