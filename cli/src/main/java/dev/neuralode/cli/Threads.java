package dev.neuralode.cli;

import dev.neuralode.tensor.Parallelism;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --threads N} option of the training commands (a picocli mixin): how many threads the
 * tensor kernels may use. {@link Main} opens a {@link Parallelism} scope of that many threads around
 * the command. Results are bit for bit the same for any N, so N only changes the speed.
 */
final class Threads {
  /** The mixin's name in a command's spec. */
  static final String NAME = "threads";

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  private int threads = Runtime.getRuntime().availableProcessors();

  /** Creates the option; picocli sets it. */
  Threads() {}

  /**
   * Sets N.
   *
   * @param n the number of threads, at least 1
   * @throws CommandLine.ParameterException if n is below 1
   */
  @Option(names = "--threads", paramLabel = "N", description = Vocabulary.THREADS)
  void threads(int n) {
    if (n < 1 || n > Parallelism.MAX_THREADS) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--threads must be between 1 and " + Parallelism.MAX_THREADS + "; got " + n);
    }
    threads = n;
  }

  /** {@return N} */
  int threads() {
    return threads;
  }

  /**
   * Wraps an execution strategy so that a command with this mixin runs inside a {@link Parallelism}
   * scope of its N threads.
   *
   * @param strategy the strategy to wrap
   * @return the wrapping strategy
   */
  static CommandLine.IExecutionStrategy around(CommandLine.IExecutionStrategy strategy) {
    return parseResult -> {
      CommandLine.ParseResult leaf = parseResult;
      while (leaf.hasSubcommand()) {
        leaf = leaf.subcommand();
      }
      CommandSpec mixin = leaf.commandSpec().mixins().get(NAME);
      if (mixin == null || !(mixin.userObject() instanceof Threads t)) {
        return strategy.execute(parseResult);
      }
      try (Parallelism p = Parallelism.threads(t.threads)) {
        return strategy.execute(parseResult);
      }
    };
  }
}
