package dev.neuralode.ode;

/**
 * The solve needed more steps (accepted plus rejected) than {@link Solver#maxSteps()} allows.
 * Raise the limit, loosen the tolerances, enlarge the fixed step, or shorten the interval.
 */
public final class MaxStepsExceededException extends OdeSolverException {
  /** Serialization version. */
  private static final long serialVersionUID = 1L;

  /** The step limit that was exceeded. */
  private final int maxSteps;

  /**
   * Creates the exception.
   *
   * @param message what went wrong and how to proceed
   * @param time the time reached
   * @param maxSteps the limit that was exceeded
   */
  public MaxStepsExceededException(String message, double time, int maxSteps) {
    super(message, time);
    this.maxSteps = maxSteps;
  }

  /**
   * The step limit that was exceeded.
   *
   * @return the limit
   */
  public int maxSteps() {
    return maxSteps;
  }
}
