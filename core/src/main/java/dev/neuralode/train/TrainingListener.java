package dev.neuralode.train;

/**
 * Receives a {@link StepReport} after every iteration of the {@link Trainer}, in order, on the
 * thread that runs the loop (progress output, loss history, plotting frames, early stopping).
 *
 * <p>After each report the loop asks every listener {@link #stopRequested()}; if any says yes, the
 * loop ends after this iteration. An exception thrown by a listener ends the loop and propagates from
 * {@link Trainer#run}.
 */
@FunctionalInterface
public interface TrainingListener {
  /**
   * Reports one finished iteration. The parameters already hold the values after its step.
   *
   * @param report the iteration's report
   */
  void onStep(StepReport report);

  /**
   * Whether training should end after the iteration just reported.
   *
   * @return true to stop; the default never stops
   */
  default boolean stopRequested() {
    return false;
  }
}
