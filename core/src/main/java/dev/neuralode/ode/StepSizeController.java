package dev.neuralode.ode;

/**
 * Decides whether an attempted adaptive step is accepted and how large the next attempt should be.
 * The stepper only computes the step and its error ratio; acceptance is the controller's alone.
 *
 * <p>Implementations must be immutable and free of side effects, so that one controller can serve
 * many concurrent solves. The error ratio is the scaled RMS norm of the local error estimate
 * (≤ 1 means within tolerance); it is NaN or +∞ when the attempted step produced a non-finite state or
 * error estimate, and such a step must be rejected with a smaller next step.
 */
public interface StepSizeController {
  /**
   * A controller's verdict on an attempted step.
   *
   * @param accepted whether the step is kept
   * @param nextStep the signed size of the next attempt (of the same sign as the step just tried)
   */
  record Decision(boolean accepted, double nextStep) {}

  /**
   * Judges an attempted step.
   *
   * @param h the signed size of the step just attempted
   * @param errorRatio the RMS of err_i / (atol + rtol·max(|y_i|, |y_new,i|)); NaN or +∞ for a non-finite step
   * @param order the method's order p; the local error scales like |h|^p relative to the error estimate
   *     used here (torchdiffeq passes the order of the propagated solution, 5 for dopri5)
   * @return the decision
   */
  Decision decide(double h, double errorRatio, int order);

  /**
   * The default controller: an I-controller with torchdiffeq's constants (safety 0.9, ifactor 10,
   * dfactor 0.2).
   *
   * @return {@link IController#TORCHDIFFEQ}
   */
  static StepSizeController defaults() {
    return IController.TORCHDIFFEQ;
  }
}
