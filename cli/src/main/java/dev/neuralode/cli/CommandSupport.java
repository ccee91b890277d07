package dev.neuralode.cli;

import dev.neuralode.io.InputException;
import dev.neuralode.io.Json;
import dev.neuralode.io.OutputSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every {@code neuralode} command shares: the output directory, {@code summary.json}, timing
 * and short status lines.
 *
 * <p>{@code summary.json} has one layout for all commands:
 *
 * <pre>{@code
 * {"command": "fit",
 *  "settings": {..every option, defaults included..},
 *  ..the figures the command reached, e.g. "rmse": 2.6, "nfe_forward_total": 809186..,
 *  "files": ["model.json", ..],
 *  "seconds": 12.3}
 * }</pre>
 *
 * <p>Status lines go to the command line's error writer (stderr), never to stdout, which is kept
 * for data such as {@code neuralode predict}'s CSV.
 */
public final class CommandSupport {

  /** The name of the summary file every command writes into its output directory. */
  public static final String SUMMARY = "summary.json";

  private CommandSupport() {}

  /**
   * The command as the user typed it, for hints such as "continue with: ./neuralode fit --resume
   * DIR": the launcher script passes its own invocation path in the system property {@code
   * neuralode.launcher}; without it (an installed jar, tests), {@code neuralode}.
   *
   * @return the command name to print in hints; never empty
   */
  public static String launcher() {
    String typed = System.getProperty("neuralode.launcher");
    return typed == null || typed.isBlank() ? "neuralode" : typed;
  }

  /**
   * Measures wall-clock time from its creation.
   */
  public static final class Stopwatch {
    private final long start = System.nanoTime();

    /** Starts a stopwatch now. */
    public Stopwatch() {}

    /**
     * Returns the seconds since creation.
     *
     * @return elapsed wall-clock seconds
     */
    public double seconds() {
      return (System.nanoTime() - start) / 1e9;
    }
  }

  /**
   * Creates the output directory (and its parents) if needed.
   *
   * @param option the option that named it, e.g. {@code "--out"}, for messages
   * @param dir the directory
   * @return the directory
   * @throws InputException if the path exists as a file or cannot be created
   */
  public static Path outputDirectory(String option, Path dir) {
    checkOutputDirectory(option, dir);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new InputException(dir, 0, "cannot create the output directory ("
          + reason(e) + "); give " + option + " a writable path", e);
    }
    return dir;
  }

  /**
   * Describes a file system failure as a plain phrase, without Java class names, e.g. {@code
   * "permission denied"}.
   *
   * @param e the failure
   * @return the phrase
   */
  public static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "the file system refused it, or a parent directory is missing";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException) {
      return "a file of that name is in the way";
    }
    if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
      return fse.getReason().toLowerCase(Locale.ROOT);
    }
    return e.getMessage() == null ? "input/output error" : e.getMessage();
  }

  /**
   * Parses or validates one option's value, prefixing any {@link IllegalArgumentException}'s message
   * with the option's name, so that the user sees which option to fix.
   *
   * @param name the option, e.g. {@code "--lr"}
   * @param parse the parsing or validating code
   * @param <T> the result type
   * @return what {@code parse} returns
   * @throws IllegalArgumentException naming the option, if {@code parse} throws one
   */
  public static <T> T option(String name, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks, without creating anything, that a path can become the output directory: call it
   * before long work so that a mistyped {@code --out} fails at once.
   *
   * @param option the option that named it, e.g. {@code "--out"}, for messages
   * @param dir the directory
   * @throws InputException if the path exists as a file
   */
  public static void checkOutputDirectory(String option, Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw InputException.at(dir, 0, "exists and is not a directory; give " + option
          + " a directory path (it is created if missing)");
    }
  }

  /**
   * Writes {@code summary.json} atomically into a directory.
   *
   * @param dir the output directory
   * @param command the command name, e.g. {@code "fit"}
   * @param settings every setting the command ran with, in a stable order
   * @param results the figures the command reached, written at the top level in this order
   * @param files the names of the other files written into {@code dir}
   * @param seconds the wall-clock time the command took
   * @throws IOException if the file cannot be written
   */
  public static void writeSummary(Path dir, String command, Map<String, ?> settings,
      Map<String, ?> results, List<String> files, double seconds) throws IOException {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("command", command);
    summary.put("settings", settings);
    for (Map.Entry<String, ?> e : results.entrySet()) {
      if (summary.containsKey(e.getKey()) || e.getKey().equals("files")
          || e.getKey().equals("seconds")) {
        throw new IllegalArgumentException("results: key '" + e.getKey() + "' is reserved in"
            + " summary.json; rename the figure");
      }
      summary.put(e.getKey(), e.getValue());
    }
    summary.put("files", files);
    summary.put("seconds", round(seconds, 3));
    Json.write(dir.resolve(SUMMARY), summary);
  }

  /**
   * Refuses an {@code --out FILE} that would replace one of the command's own inputs or a file of a
   * neuralode run's output set (whose record of files it would then contradict): a user's data and
   * trained models are never overwritten by a command's result.
   *
   * @param out the output file, or null for standard output
   * @param inputs each input option's name and path (null paths are skipped)
   * @throws InputException naming {@code --out}, what it would replace and the fix
   */
  static void requireSafeOut(Path out, Map<String, Path> inputs) {
    if (out == null) {
      return;
    }
    for (Map.Entry<String, Path> in : inputs.entrySet()) {
      Path p = in.getValue();
      try {
        if (p != null && java.nio.file.Files.exists(out) && java.nio.file.Files.exists(p)
            && java.nio.file.Files.isSameFile(out, p)) {
          throw InputException.at(out, 0, "is also the " + in.getKey() + " input; writing --out there"
              + " would replace it: give --out another file");
        }
      } catch (java.io.IOException e) {
        // unreadable: the command's own read reports it
      }
    }
    Path dir = out.toAbsolutePath().normalize().getParent();
    if (dir != null && java.nio.file.Files.isRegularFile(dir.resolve(dev.neuralode.io.OutputSet.IDENTITY))) {
      throw InputException.at(out, 0, "is inside " + dir + ", the output of a neuralode run, whose files"
          + " belong to that run: give --out a file outside it, e.g. " + dir.resolveSibling(
              dir.getFileName() + "-" + out.getFileName()));
    }
  }

  /**
   * Prints a status line to the command's error writer unless {@code quiet}.
   *
   * @param spec the running command's spec (injected with {@code @Spec})
   * @param quiet whether the user asked for silence
   * @param line the status, one line
   */
  public static void status(CommandSpec spec, boolean quiet, String line) {
    say(spec.qualifiedName(), spec, quiet, line);
  }

  /** Prints {@code who: line} to the command's error writer unless quiet. */
  private static void say(String who, CommandSpec spec, boolean quiet, String line) {
    if (!quiet) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(who + ": " + InputException.oneLine(line));
      err.flush();
    }
  }

  /**
   * Prints a status line about one part of a command, with the prefix its progress lines have:
   * {@code neuralode demo spiral: trajectory RMSE ...}.
   *
   * @param spec the running command's spec (injected with {@code @Spec})
   * @param subject what the command ran, e.g. the demo's name {@code spiral}
   * @param quiet whether the user asked for silence
   * @param line the status, one line
   */
  public static void status(CommandSpec spec, String subject, boolean quiet, String line) {
    say(spec.qualifiedName() + " " + subject, spec, quiet, line);
  }

  /**
   * Refuses {@code --hidden} widths outside 1 to 100000 (the widths of a network's hidden layers).
   *
   * @param hidden the widths given
   * @param example a valid value for the message, e.g. {@code 32,32}
   * @throws IllegalArgumentException naming the first width out of range
   */
  static void requireHiddenWidths(int[] hidden, String example) {
    for (int w : hidden) {
      if (w < 1 || w > 100_000) {
        throw new IllegalArgumentException("--hidden widths must be between 1 and 100000, e.g. " + example
            + "; got " + w);
      }
    }
  }

  /**
   * Notes (unless quiet) that {@code --batch} exceeds what a step can draw, so that each step uses
   * everything: "note: the default --batch 512 is more than the 218 training rows; each step uses
   * all 218" ("the default" only when the option was not given).
   *
   * @param spec the command, for stderr and whether {@code --batch} was given
   * @param quiet whether {@code -q} was given
   * @param batch the batch size in force
   * @param available how many there are, e.g. 218
   * @param what what they are, e.g. {@code "training rows"}
   */
  static void noteLargeBatch(CommandSpec spec, boolean quiet, int batch, int available, String what) {
    boolean given = spec.commandLine().getParseResult() != null
        && spec.commandLine().getParseResult().hasMatchedOption("--batch");
    status(spec, quiet, "note: " + (given ? "" : "the default ") + "--batch " + batch + " is more than the "
        + available + " " + what + "; each step uses all " + available);
  }

  /**
   * Options that do not change what a run computes, left out of its identity ({@code --threads}
   * gives the same bits for any count).
   */
  private static final java.util.Set<String> NOT_SETTINGS = java.util.Set.of("--out", "--quiet",
      "--help", "--overwrite", "--checkpoint-every", "--resume", "--stop-after", "--version",
      "--threads");

  /**
   * Starts the output set of a run into {@code --out}: checks at once that the directory can be
   * written and may be replaced, before any work (see {@link OutputSet}).
   *
   * @param spec the running command's spec; its options (less {@code --out}, {@code --quiet},
   *     {@code --overwrite} and the like, and less those a {@link RunSettings} command says do
   *     not matter) and positional parameters identify the run
   * @param out the output directory
   * @param overwrite whether to replace a directory holding other output
   * @return the set, to write into {@link OutputSet#dir()} and commit
   * @throws InputException if {@code out} is a file, not writable, or holds other output and
   *     {@code overwrite} is false
   */
  public static OutputSet beginOutput(CommandSpec spec, Path out, boolean overwrite) {
    return OutputSet.begin(out, "--out", identity(spec), overwrite);
  }

  /**
   * Whether a new run into {@code out} continues an interrupted run instead of starting over:
   * true when {@code --overwrite} is not given and the checkpoint beside {@code out} is of the
   * same command with the same settings (compared as {@link #beginOutput} compares them). Says
   * so on stderr unless {@code quiet}. The run then goes on as {@code --resume out} would, and
   * ends bit for bit as an uninterrupted run.
   *
   * @param spec the running command's spec
   * @param out the output directory
   * @param overwrite whether the user asked to start over ({@code --overwrite})
   * @param quiet whether the user asked for silence
   * @return true to continue from the checkpoint
   */
  public static boolean continuesInterrupted(CommandSpec spec, Path out, boolean overwrite,
      boolean quiet) {
    return continuesInterrupted(spec, null, out, overwrite, quiet);
  }

  /**
   * As {@link #continuesInterrupted(CommandSpec, Path, boolean, boolean)}, with the line on stderr
   * prefixed by the command and {@code subject} (a demo's name, as its progress lines are).
   *
   * @param spec the running command's spec
   * @param subject the word after the command in the line's prefix, or null for none
   * @param out the output directory
   * @param overwrite whether the user asked to start over ({@code --overwrite})
   * @param quiet whether the user asked for silence
   * @return true to continue from the checkpoint
   */
  public static boolean continuesInterrupted(CommandSpec spec, String subject, Path out,
      boolean overwrite, boolean quiet) {
    if (overwrite || out == null) {
      return false;
    }
    CheckpointFile.recoverSwap(out); // so that a halted run's checkpoint is seen and continued
    Path checkpoints = OutputSet.checkpointDir(out.toAbsolutePath().normalize());
    Path id = checkpoints.resolve(OutputSet.IDENTITY);
    if (!java.nio.file.Files.isRegularFile(checkpoints.resolve(CheckpointFile.NAME))
        || !java.nio.file.Files.isRegularFile(id)) {
      return false;
    }
    try {
      if (!java.nio.file.Files.readString(id).equals(Json.toJson(identity(spec)))) {
        return false;
      }
    } catch (java.io.IOException e) {
      return false;
    }
    String line = "an interrupted run with the same settings has a checkpoint in "
        + (out.getParent() == null ? checkpoints.getFileName() : out.getParent().resolve(checkpoints.getFileName()))
        + "; continuing it (as --resume " + out + " would); add"
        + " --overwrite to start over instead";
    if (subject == null) {
      status(spec, quiet, line);
    } else {
      status(spec, subject, quiet, line);
    }
    return true;
  }

  /** The command and its settings, as {@code .neuralode-run} records them. */
  private static Map<String, Object> identity(CommandSpec spec) {
    Map<String, Object> id = new LinkedHashMap<>();
    id.put("command", spec.qualifiedName(" ").replaceFirst("^neuralode ", ""));
    Map<String, Object> options = new java.util.TreeMap<>();
    RunSettings settings = spec.userObject() instanceof RunSettings r ? r : null;
    for (picocli.CommandLine.Model.OptionSpec o : spec.options()) {
      String name = o.longestName();
      if (!NOT_SETTINGS.contains(name) && !o.usageHelp() && !o.versionHelp()
          && (settings == null || settings.identifiesRun(name))) {
        Object value = settings == null ? o.getValue() : settings.effectiveValue(name, o.getValue());
        options.put(name, effectiveText(name, value));
      }
    }
    for (picocli.CommandLine.Model.PositionalParamSpec p : spec.positionalParameters()) {
      Object value = settings == null ? p.getValue()
          : settings.effectiveValue(p.paramLabel(), p.getValue());
      options.put(p.paramLabel(), text(value));
    }
    id.put("settings", options);
    return id;
  }

  /**
   * A command whose options do not all matter to every run (e.g. {@code demo}, whose MNIST
   * options do not change a spiral run): it names those that identify a run, for {@link
   * #beginOutput}.
   */
  interface RunSettings {
    /**
     * Whether an option changes what this run computes.
     *
     * @param option the option's longest name, e.g. {@code --plot-every}
     * @return true if it belongs in the run's identity
     */
    boolean identifiesRun(String option);

    /**
     * The value an option has in this run, defaults filled in: an option whose default depends
     * on the run (e.g. demo's {@code --lr}, null until the demo's own default applies) returns
     * that default, so that spelling a default out is the same run as leaving it out.
     *
     * @param option the option's longest name, or a positional parameter's label
     * @param value the value picocli holds (null for an option without a fixed default)
     * @return the value the run uses
     */
    default Object effectiveValue(String option, Object value) {
      return value;
    }
  }

  /**
   * An option's value as the run's identity records it: {@code --gradient backsolve} is stored
   * as its alias {@code adjoint} (the same mode), and numbers by their value, so {@code --lr
   * 1e-2} is {@code --lr 0.01}.
   */
  static String effectiveText(String option, Object value) {
    if (option.equals("--gradient") && value instanceof String g
        && g.trim().equalsIgnoreCase("backsolve")) {
      return "adjoint";
    }
    return text(value);
  }

  private static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value.getClass().isArray()) {
      return java.util.Arrays.deepToString(new Object[] {value});
    }
    return String.valueOf(value);
  }

  /**
   * Writes data (CSV, JSON) to the command's standard output and checks that it got there: a
   * write error, such as a full disk ({@code > /dev/full}) or a closed pipe, is reported as a
   * failure instead of being lost.
   *
   * @param spec the running command's spec
   * @param text the text to write
   * @throws CommandException with status 1 if the text could not be written
   */
  public static void printToStdout(CommandSpec spec, String text) {
    PrintWriter w = spec.commandLine().getOut();
    w.print(text);
    w.flush();
    System.out.flush();
    if (w.checkError() || System.out.checkError()) {
      throw new CommandException(CommandException.FAILURE, "cannot write to standard output"
          + " (the disk may be full or the pipe closed); the output is incomplete", null);
    }
  }

  /**
   * Formats a number for status lines with 4 significant digits, e.g. {@code 0.01234}.
   *
   * @param x the number
   * @return the text
   */
  public static String fmt(double x) {
    return String.format(Locale.ROOT, "%.4g", x);
  }

  /**
   * Rounds to a number of decimals, for human-facing figures such as seconds.
   *
   * @param x the number
   * @param decimals the decimals to keep, {@code >= 0}
   * @return the rounded number
   */
  public static double round(double x, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(x * f) / f;
  }
}
