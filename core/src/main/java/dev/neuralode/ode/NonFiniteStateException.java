package dev.neuralode.ode;

/**
 * The state became NaN or infinite. Fixed-step methods raise it when a step produces a non-finite
 * state; an adaptive method instead rejects such a step and shrinks h, so it raises
 * {@link StepSizeUnderflowException} unless f itself returns non-finite values at the initial state.
 */
public final class NonFiniteStateException extends OdeSolverException {
  /** Serialization version. */
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong and how to proceed
   * @param time the time reached: the last time at which the state was finite
   */
  public NonFiniteStateException(String message, double time) {
    super(message, time);
  }
}
