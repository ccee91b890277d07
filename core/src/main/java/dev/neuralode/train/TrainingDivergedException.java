package dev.neuralode.train;

/**
 * Thrown by the {@link Trainer} when an iteration's loss or one of its gradients is NaN or infinite.
 * The loss is checked before the gradients are taken and the gradients before the optimizer step, so
 * the parameters still hold the values of the previous step.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The 1-based iteration that diverged. */
  private final int iteration;

  /** The iteration's loss (finite when a gradient diverged). */
  private final double loss;

  /** Whether a gradient, rather than the loss, was not finite. */
  private final boolean gradient;

  /**
   * A divergence.
   *
   * @param iteration the 1-based iteration
   * @param loss the iteration's loss
   * @param gradient true if a gradient was not finite, false if the loss was not
   */
  public TrainingDivergedException(int iteration, double loss, boolean gradient) {
    super("training diverged at iteration " + iteration + " ("
        + (gradient ? "non-finite gradient" : "loss " + loss) + ")");
    this.iteration = iteration;
    this.loss = loss;
    this.gradient = gradient;
  }

  /**
   * The iteration that diverged.
   *
   * @return the 1-based iteration number
   */
  public int iteration() {
    return iteration;
  }

  /**
   * The loss of that iteration.
   *
   * @return the loss, NaN or infinite unless {@link #gradient()}
   */
  public double loss() {
    return loss;
  }

  /**
   * Whether a gradient, rather than the loss, was not finite.
   *
   * @return true for a non-finite gradient
   */
  public boolean gradient() {
    return gradient;
  }
}
