package dev.neuralode.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The {@code neuralode} command: Neural ODEs from the shell.
 *
 * <p>Exit status: 0 on success, 1 on a failure while running (for example a solver that could not
 * continue), 2 on bad input or usage, with one line on stderr that says what to fix.
 */
@Command(name = "neuralode", versionProvider = BuildVersion.class,
    description = "Neural ordinary differential equations for the JVM.",
    subcommands = {DemoCommand.class, FitCommand.class, PredictCommand.class, SolveCommand.class,
        DensityCommand.class, SampleCommand.class, LogpCommand.class, LatentCommand.class,
        SparkCommand.class, ManCommand.class, AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {
  @picocli.CommandLine.Spec
  CommandSpec spec;

  /** {@code -q} before the command's name: passed on to the command, which takes it too. */
  @Option(names = {"-q", "--quiet"}, description = Vocabulary.QUIET
      + " Also after the command's name, like its other options.")
  boolean quiet;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Option(names = {"-V", "--version"}, versionHelp = true,
      description = "Print the version of neuralode and of Java.")
  boolean version;

  private Main() {}

  /**
   * {@code neuralode} without a command: the command list, as {@code --help} shows it, on stderr.
   *
   * @return 2, the status of a usage error
   */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /**
   * Runs the command line.
   *
   * @param args the arguments
   * @return the exit status
   */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /**
   * The command line with every subcommand and the error handlers installed.
   *
   * @return a new command line
   */
  public static CommandLine commandLine() {
    CommandLine raw = new CommandLine(new Main());
    // --threads N of training commands; -q before the command's name reaches the command
    raw.setExecutionStrategy(quietToCommand(Threads.around(raw.getExecutionStrategy())));
    CommandLine cl = Errors.install(raw);
    // picocli's completion script generator: shown in the command list, and quiet like the rest
    CommandSpec completion = cl.getSubcommands().get("generate-completion").getCommandSpec();
    completion.usageMessage().hidden(false)
        .description("Print a bash/zsh completion script: source <(neuralode generate-completion).");
    completion.addOption(OptionSpec.builder("-q", "--quiet").description(Vocabulary.QUIET).build());
    // --version belongs to 'neuralode' alone (picocli's generator brings its own): one place for it
    completion.mixinStandardHelpOptions(false);   // drops -h and -V; -h comes back alone
    completion.helpCommand(false);   // as a "help command" it ignored unknown options (--version)
    completion.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
        .description("Show this help.").build());
    // help takes -q as every command does; it still prints the help asked for, as solve -q its CSV
    CommandSpec help = cl.getSubcommands().get("help").getCommandSpec();
    help.addOption(OptionSpec.builder("-q", "--quiet").description(Vocabulary.QUIET).build());
    // "Show this help." as every other command says (picocli's reads "Show usage help for the help
    // command and exit.")
    help.remove(help.findOption("-h"));
    help.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help.").build());
    return cl;
  }

  /**
   * Passes {@code neuralode -q COMMAND} on as {@code neuralode COMMAND -q}: sets the quiet option of
   * the command that runs (the innermost subcommand), which every command has.
   */
  private static CommandLine.IExecutionStrategy quietToCommand(CommandLine.IExecutionStrategy next) {
    return parseResult -> {
      if (parseResult.hasMatchedOption("-q")) {
        CommandLine.ParseResult leaf = parseResult;
        while (leaf.hasSubcommand()) {
          leaf = leaf.subcommand();
        }
        OptionSpec quiet = leaf.commandSpec().findOption("-q");
        if (quiet != null && leaf != parseResult) {
          quiet.setValue(true);
        }
      }
      return next.execute(parseResult);
    };
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
