package dev.neuralode.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code neuralode} command: Neural ODEs from the shell.
 *
 * <p>Exit status: 0 on success, 1 on a failure while running (for example a solver that could not
 * continue), 2 on bad input or usage, with one line on stderr that says what to fix.
 */
@Command(name = "neuralode", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
    description = "Neural ordinary differential equations for the JVM.",
    subcommands = {DemoCommand.class, FitCommand.class, PredictCommand.class, SolveCommand.class,
        DensityCommand.class, SampleCommand.class, LogpCommand.class, LatentCommand.class, CommandLine.HelpCommand.class})
public final class Main {
  private Main() {}

  /**
   * Runs the command line.
   *
   * @param args the arguments
   * @return the exit status
   */
  public static int run(String... args) {
    return Errors.install(new CommandLine(new Main())).execute(args);
  }

  /**
   * Entry point.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }
}
