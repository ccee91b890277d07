package dev.neuralode.ode;

/**
 * The adaptive step size fell below what the time variable can resolve (|h| &lt; 16·ulp(t), or h = 0)
 * before the error tolerances were met. This usually means the solution blows up or is singular near
 * {@link #time()} (for example y' = y², y(0) = 1 near t = 1), that the problem is stiff for an explicit
 * method, or that the tolerances are unattainably tight.
 */
public final class StepSizeUnderflowException extends OdeSolverException {
  /** Serialization version. */
  private static final long serialVersionUID = 1L;

  /** The signed step size that underflowed. */
  private final double stepSize;

  /**
   * Creates the exception.
   *
   * @param message what went wrong and how to proceed
   * @param time the time reached
   * @param stepSize the step size that underflowed (signed)
   */
  public StepSizeUnderflowException(String message, double time, double stepSize) {
    super(message, time);
    this.stepSize = stepSize;
  }

  /**
   * The step size that was too small to take.
   *
   * @return the signed step size
   */
  public double stepSize() {
    return stepSize;
  }
}
