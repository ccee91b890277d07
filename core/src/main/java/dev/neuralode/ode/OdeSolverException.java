package dev.neuralode.ode;

/**
 * A solve that could not be completed. Subclasses name the cause; each carries the time the solver
 * had reached, so that a caller can report where an integration broke down (for example near a
 * singularity of the solution).
 *
 * @see StepSizeUnderflowException
 * @see MaxStepsExceededException
 * @see NonFiniteStateException
 */
public class OdeSolverException extends RuntimeException {
  /** Serialization version. */
  private static final long serialVersionUID = 1L;

  /** The time reached. */
  private final double time;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, including the time and a way forward
   * @param time the time reached: the last accepted time of the solve
   */
  public OdeSolverException(String message, double time) {
    super(message);
    this.time = time;
  }

  /**
   * The time the solve had reached when it stopped: the end of the last accepted step, or the initial
   * time if no step was accepted.
   *
   * @return the time reached
   */
  public double time() {
    return time;
  }
}
