package dev.neuralode.train;

/**
 * The objective of one training iteration: draws the iteration's batch, runs the model and returns
 * the loss together with what its solves cost. The {@link Trainer} then takes the gradients, the
 * optimizer step and reports the step; so the loop does not depend on the model, the data or on how
 * the solve statistics are obtained.
 *
 * <p>Called once per iteration, in order, from the thread that runs the loop, with gradient
 * recording on. The loss must be differentiable with respect to the current values of the
 * parameters being trained ({@link ParameterSet#values()}).
 */
@FunctionalInterface
public interface TrainingObjective {
  /**
   * Evaluates the loss of one iteration.
   *
   * @param iteration the 0-based iteration index
   * @return the loss and its statistics, or {@link Evaluation#skip()} to take no step this iteration
   */
  Evaluation evaluate(int iteration);
}
