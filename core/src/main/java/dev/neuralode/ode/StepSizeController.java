package dev.neuralode.ode;

/**
 * How a {@link Solver} chooses its steps: fixed steps ({@link ConstantStepSize}) for a method without
 * an error estimate, adaptive steps ({@link AdaptiveController}: a rule, the tolerances, the error norm
 * and the step limits) for a method with one, optionally wrapped by {@link JumpTimes} to end steps
 * exactly at times where f may jump (as Diffrax's {@code ClipStepSizeController}).
 *
 * <p>Every implementation is an immutable record and may be shared by any number of concurrent solves.
 */
public sealed interface StepSizeController permits ConstantStepSize, AdaptiveController, JumpTimes {
  /**
   * The default controller: {@link AdaptiveController#defaults()} (I-controller, rtol 1e-7, atol 1e-9).
   *
   * @return the default adaptive controller
   */
  static StepSizeController defaults() {
    return AdaptiveController.defaults();
  }

  /**
   * The controller without any {@link JumpTimes} wrapper.
   *
   * @return this, or the wrapped controller
   */
  default StepSizeController unwrapped() {
    return this;
  }

  /**
   * The jump times of a {@link JumpTimes} wrapper, sorted.
   *
   * @return a copy; empty for the other controllers
   */
  default double[] jumpTimes() {
    return new double[0];
  }
}
