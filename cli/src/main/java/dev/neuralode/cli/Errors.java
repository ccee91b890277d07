package dev.neuralode.cli;

import dev.neuralode.io.Decimal;
import dev.neuralode.io.InputException;
import dev.neuralode.io.NearMatches;
import dev.neuralode.ode.OdeSolverException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine;

/**
 * Turns the exceptions a command throws into one line on stderr and an exit status, so that the
 * user never sees a stack trace for a problem they can fix.
 *
 * <table>
 *   <caption>Exit statuses</caption>
 *   <tr><th>exception</th><th>status</th></tr>
 *   <tr><td>{@link InputException}, {@link IllegalArgumentException}, bad options</td>
 *       <td>2</td></tr>
 *   <tr><td>{@link CommandException}</td><td>its {@link CommandException#exitCode()}</td></tr>
 *   <tr><td>{@link OdeSolverException}, {@link IOException}</td><td>1</td></tr>
 *   <tr><td>anything else (a bug)</td><td>1, with picocli's stack trace</td></tr>
 * </table>
 *
 * <p>Each message is printed to the command line's error writer as {@code neuralode fit: <message>}.
 * Set the environment variable {@code NEURALODE_DEBUG=1} to print the stack trace as well.
 * Install both handlers with {@link #install(CommandLine)} on the top-level command line; picocli
 * passes them on to subcommands added afterwards.
 */
public final class Errors {

  /** Prints one line and returns the exit status for exceptions thrown while executing. */
  public static final CommandLine.IExecutionExceptionHandler EXECUTION = Errors::handleExecution;

  /**
   * Prints one line (message and a pointer to {@code --help}) for invalid options; status 2. An
   * unknown option or argument is reported first, with picocli's suggestions, even when a
   * required option is also missing (a mistyped {@code --date} would otherwise read as a missing
   * {@code --data}).
   */
  public static final CommandLine.IParameterExceptionHandler PARAMETERS = Errors::handleParameters;

  private Errors() {}

  /**
   * Installs {@link #EXECUTION} and {@link #PARAMETERS} on a command line.
   *
   * @param commandLine the command line (modified)
   * @return the same command line, for chaining
   */
  @SuppressWarnings("deprecation") // setSplitQuotedStrings: picocli keeps it, and no other switch does this
  public static CommandLine install(CommandLine commandLine) {
    commandLine.setExecutionExceptionHandler(EXECUTION);
    commandLine.setParameterExceptionHandler(PARAMETERS);
    // Quotes in comma-separated values are plain characters: with picocli's quote handling an
    // unbalanced quote (--columns 'hare,"lynx') printed two "[picocli WARN]" lines and silently
    // dropped the rest of the value, so that fit modelled hare alone. Found by FuzzTest.
    commandLine.setSplitQuotedStrings(true);
    // One rule for numbers everywhere: options take plain decimals only, as CSV files do.
    CommandLine.ITypeConverter<Double> decimal = text -> {
      try {
        return Decimal.parse(text);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    };
    commandLine.registerConverter(Double.class, decimal);
    commandLine.registerConverter(Double.TYPE, decimal);
    // An empty path ('--out ""') would mean the current directory, and messages would name a
    // blank path: refuse it by name instead.
    commandLine.registerConverter(java.nio.file.Path.class, text -> {
      if (text.isBlank()) {
        throw new CommandLine.TypeConversionException("the path is empty; give a file or directory"
            + " name (or leave the option out for its default)");
      }
      try {
        return java.nio.file.Path.of(text);
      } catch (java.nio.file.InvalidPathException e) {
        throw new CommandLine.TypeConversionException("'" + text + "' is not a valid path ("
            + e.getReason() + "); give a file or directory name");
      }
    });
    CommandLine.IExecutionStrategy strategy = commandLine.getExecutionStrategy();
    commandLine.setExecutionStrategy(parseResult -> runGuarded(strategy, parseResult));
    return commandLine;
  }

  /**
   * Runs a command, turning the two errors no input should ever cause into one line and status
   * 1: a stack overflow (input nested past what the program can process) and running out of
   * memory. The guards against both are elsewhere (expression depth limit, {@link MemoryGuard});
   * this is the net under them, so that the user never sees a stack trace.
   */
  private static int runGuarded(CommandLine.IExecutionStrategy strategy,
      CommandLine.ParseResult parseResult) {
    CommandLine.ParseResult leaf = parseResult;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    CommandLine commandLine = leaf.commandSpec().commandLine();
    try {
      return strategy.execute(parseResult);
    } catch (StackOverflowError e) {
      print(commandLine, "the input is nested too deeply to process (stack overflow); simplify"
          + " it, e.g. split a long expression into parts", e);
      return CommandException.FAILURE;
    } catch (OutOfMemoryError e) {
      print(commandLine, "out of memory (the Java heap holds at most "
          + MemoryGuard.format(Runtime.getRuntime().maxMemory()) + "); use smaller sizes"
          + " (e.g. -n, --hidden, --batch) or give Java more memory: "
          + MemoryGuard.MORE_MEMORY,
          e);
      return CommandException.FAILURE;
    }
  }

  /**
   * Returns the exit status for an exception, or {@code -1} for one that is not expected (a bug).
   *
   * @param e the exception
   * @return 2 for bad input, 1 for solver and file system failures, the {@link
   *     CommandException}'s own status, else {@code -1}
   */
  public static int exitCode(Throwable e) {
    if (e instanceof CommandException ce) {
      return ce.exitCode();
    }
    if (e instanceof InputException || e instanceof IllegalArgumentException) {
      return CommandException.USAGE;
    }
    if (e instanceof OdeSolverException || e instanceof IOException
        || e instanceof UncheckedIOException) {
      return CommandException.FAILURE;
    }
    return -1;
  }

  private static int handleExecution(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) throws Exception {
    int code = exitCode(e);
    if (code < 0) {
      throw e;
    }
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    if (code == CommandException.USAGE) {
      message = typedValues(message, commandLine.getParseResult());
    }
    if (e instanceof OdeSolverException se) {
      message = "the ODE solver failed at t = " + se.time() + ": " + message;
    } else if (e instanceof java.nio.file.FileSystemException fse) {
      message = "cannot read or write " + (fse.getFile() == null ? "a file" : fse.getFile())
          + ": " + CommandSupport.reason(fse);
    } else if (e instanceof UncheckedIOException u
        && u.getCause() instanceof java.nio.file.FileSystemException fse) {
      message = "cannot read or write " + (fse.getFile() == null ? "a file" : fse.getFile())
          + ": " + CommandSupport.reason(fse);
    } else if (e instanceof IOException || e instanceof UncheckedIOException) {
      message = "cannot read or write a file: " + message;
    }
    print(commandLine, message, e);
    return code;
  }

  /**
   * A number in a message about an option, as the user typed it: the commands check parsed values,
   * so "--lr 0" would read "--lr must be ... ; got 0.0" and "--rtol -1" "--rtol -1.0 must be > 0".
   * Only the forms "OPTION VALUE " and "OPTION ...; got VALUE" are rewritten, and only where VALUE is
   * the parsed rendering of what was typed.
   */
  static String typedValues(String message, CommandLine.ParseResult parsed) {
    if (parsed == null || message == null) {
      return message;
    }
    for (CommandLine.Model.OptionSpec o : parsed.matchedOptions()) {
      List<String> raw = o.originalStringValues();
      if (raw.size() != 1) {
        continue;
      }
      String typed = raw.get(0).strip();
      String shown;
      try {
        shown = String.valueOf(Double.parseDouble(typed));
      } catch (NumberFormatException notANumber) {
        continue;
      }
      if (shown.equals(typed)) {
        continue;
      }
      for (String name : o.names()) {
        String q = java.util.regex.Pattern.quote(name);
        String v = java.util.regex.Pattern.quote(shown);
        message = message.replaceAll("(?<![\\w-])(" + q + " )" + v + "(?= )",
            java.util.regex.Matcher.quoteReplacement(name + " " + typed));
        message = message.replaceAll("(?<![\\w-])(" + q + "[^;]*; got )" + v + "(?![0-9.Ee])",
            "$1" + java.util.regex.Matcher.quoteReplacement(typed));
      }
    }
    return message;
  }

  private static int handleParameters(CommandLine.ParameterException e, String[] args) {
    CommandLine commandLine = e.getCommandLine();
    String name = commandLine.getCommandSpec().qualifiedName();
    String unknown = unknownOption(e);
    // picocli ends some messages with a full stop ("Unknown subcommand 'x'."): none before the ';'
    String message = (unknown != null ? unknown : String.valueOf(e.getMessage()))
        .replaceFirst("\\.\\s*$", "");
    // picocli's words for its own converters, in ours: "'abc' is not a whole number", and a number
    // too large for the option says so
    java.util.regex.Matcher notInt = java.util.regex.Pattern
        .compile("'([^']*)' is not an? (int|long)$").matcher(message);
    if (notInt.find()) {
      boolean digits = notInt.group(1).strip().matches("[-+]?\\d+");
      message = message.substring(0, notInt.start()) + "'" + notInt.group(1) + "' is "
          + (!digits ? "not a whole number; give digits such as 300"
              : "out of range; give at most " + (notInt.group(2).equals("int") ? Integer.MAX_VALUE
                  : Long.MAX_VALUE));
    }
    print(commandLine, plainWords(message) + "; see '" + name + " --help'", e);
    return commandLine.getCommandSpec().exitCodeOnInvalidInput();
  }

  /**
   * picocli's phrasing of two common mistakes in the words of the commands' own messages, which name
   * the option first: "Invalid value for option '--lr': 'abc' is not a number" becomes "--lr: 'abc'
   * is not a number", and "Missing required options: '--y0=VALUES', '--t=TIMES'" becomes "missing
   * required options --y0 VALUES and --t TIMES".
   */
  static String plainWords(String message) {
    java.util.regex.Matcher invalid = java.util.regex.Pattern
        .compile("^Invalid value for option '([^']+)'(?: \\([^)]*\\))?: ").matcher(message);
    if (invalid.find()) {
      return invalid.group(1) + ": " + message.substring(invalid.end());
    }
    java.util.regex.Matcher missing = java.util.regex.Pattern
        .compile("^Missing required options?(?: and parameters?)?: (.*)$").matcher(message);
    if (missing.find()) {
      List<String> names = new java.util.ArrayList<>();
      java.util.regex.Matcher one = java.util.regex.Pattern.compile("'([^'=]+)(?:=([^']*))?'")
          .matcher(missing.group(1));
      while (one.find()) {
        names.add(one.group(2) == null ? one.group(1) : one.group(1) + " " + one.group(2));
      }
      if (names.isEmpty()) {
        return message;
      }
      String list = names.size() == 1 ? names.get(0)
          : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
      return "missing required option" + (names.size() == 1 ? " " : "s ") + list;
    }
    // picocli's other sentences ("Missing required parameter: 'NAME'", "Unmatched argument") start
    // lower-case, as the commands' own messages do
    if (message.length() > 1 && Character.isUpperCase(message.charAt(0))
        && Character.isLowerCase(message.charAt(1))) {
      return Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }
    return message;
  }

  /**
   * Describes the first unknown argument, if any: picocli validates required options before it
   * reports unmatched ones, so {@code fit --date x} would otherwise say that --data is missing.
   */
  private static String unknownOption(CommandLine.ParameterException e) {
    CommandLine commandLine = e.getCommandLine();
    List<String> unmatched;
    CommandLine.UnmatchedArgumentException u;
    if (e instanceof CommandLine.UnmatchedArgumentException ue) {
      u = ue;
      unmatched = ue.getUnmatched();
    } else {
      CommandLine.ParseResult pr = commandLine.getParseResult();
      unmatched = pr == null ? List.of() : pr.unmatched();
      u = unmatched.isEmpty() ? null
          : new CommandLine.UnmatchedArgumentException(commandLine, unmatched);
    }
    if (u == null || unmatched.isEmpty()) {
      return null;
    }
    String first = unmatched.get(0);
    String text = (first.startsWith("-") ? "unknown option '" : "unexpected argument '")
        + first + "'";
    // picocli's candidates, and every command and option name here (it offers none for "fti")
    java.util.Set<String> candidates = new java.util.LinkedHashSet<>(u.getSuggestions());
    candidates.addAll(commandLine.getSubcommands().keySet());
    commandLine.getCommandSpec().options().stream().filter(o -> !o.hidden())
        .forEach(o -> candidates.addAll(List.of(o.names())));
    String hint = NearMatches.hint(first, List.copyOf(candidates));
    if (!hint.isEmpty()) {
      text += hint;
    } else if (!first.startsWith("-") && commandLine.getCommandSpec().findOption("--data") != null) {
      // a file given without its option: 'neuralode fit data.csv'
      text += " (to read a file, give it with --data: --data " + first + ")";
    }
    return text;
  }

  private static void print(CommandLine commandLine, String message, Throwable e) {
    PrintWriter err = commandLine.getErr();
    err.println(commandLine.getCommandSpec().qualifiedName() + ": "
        + InputException.oneLine(message));
    if (System.getenv("NEURALODE_DEBUG") != null) {
      e.printStackTrace(err);
    }
    err.flush();
  }
}
