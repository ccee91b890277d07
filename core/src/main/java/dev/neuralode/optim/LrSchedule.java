package dev.neuralode.optim;

/**
 * A learning-rate schedule: the rate to use at each optimiser step (0-based), given to {@link
 * Optimizer#step(java.util.List, java.util.List, double)}. Implementations are immutable.
 */
@FunctionalInterface
public interface LrSchedule {
  /**
   * The learning rate at a step.
   *
   * @param step the 0-based step index, ≥ 0
   * @return the rate, positive and finite
   */
  double lr(long step);

  /**
   * A constant rate.
   *
   * @param lr the rate, positive and finite
   * @return the schedule
   * @throws IllegalArgumentException if lr is not positive and finite
   */
  static LrSchedule constant(double lr) {
    Checks.lr(lr);
    return step -> lr;
  }
}
