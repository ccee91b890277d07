package dev.neuralode.cli;

/**
 * The option vocabulary every command shares, so that one name means one thing everywhere:
 * {@code --gradient MODE} with the same four modes, {@code -n}/{@code --count} for how many rows or
 * samples a command produces, {@code -q}/{@code --quiet}, {@code --out}, {@code --seed}. New commands
 * use these descriptions.
 */
final class Vocabulary {
  /** The four gradient modes, with {@code adjoint} as the alias of {@code backsolve}. */
  static final String GRADIENT_MODES = "direct (backpropagate through the solver), checkpointed"
      + " (direct, storing few states: binomial checkpointing), backsolve (the adjoint method;"
      + " alias: adjoint) or interpolating (the adjoint on the forward solve's dense output)";

  /** The description of {@code -q}/{@code --quiet}. */
  static final String QUIET = "Print nothing but errors (no progress, status lines or warnings).";

  private Vocabulary() {}
}
