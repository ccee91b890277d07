package dev.neuralode.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * The outcome of running one command in-process with captured output, as the tests of the
 * commands need it.
 *
 * @param exit the exit status
 * @param out what the command wrote to stdout
 * @param err what the command wrote to stderr
 */
record CliRun(int exit, String out, String err) {

  /**
   * Runs a command with {@link Errors} installed, as {@code Main} runs it.
   *
   * @param command a fresh command object, e.g. {@code new FitCommand()}
   * @param args the arguments
   * @return the outcome
   */
  static CliRun of(Object command, String... args) {
    return run(Errors.install(new CommandLine(command)), args);
  }

  /**
   * Runs the whole {@code neuralode} command line ({@link Main#commandLine()}), as the launcher does.
   *
   * @param args the arguments, the command's name first
   * @return the outcome
   */
  static CliRun main(String... args) {
    return run(Main.commandLine(), args);
  }

  private static CliRun run(CommandLine cmd, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int exit = cmd.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  /**
   * Returns the lines of stderr.
   *
   * @return the non-empty lines
   */
  List<String> errLines() {
    return err.lines().filter(l -> !l.isBlank()).toList();
  }
}
