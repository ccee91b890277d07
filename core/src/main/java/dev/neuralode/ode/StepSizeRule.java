package dev.neuralode.ode;

/**
 * The rule of an {@link AdaptiveController}: decides whether an attempted adaptive step is accepted and
 * how large the next attempt should be. The stepper only computes the step and its error ratio;
 * acceptance is the rule's alone. {@link IController} and {@link PidController} are the library's rules;
 * any pure function of (h, ratio, order, history) may be one.
 *
 * <p>Implementations must be immutable and free of side effects, so that one controller can serve
 * many concurrent solves. The error ratio is the scaled RMS norm of the local error estimate
 * (≤ 1 means within tolerance); it is NaN or +∞ when the attempted step produced a non-finite state or
 * error estimate, and such a step must be rejected with a smaller next step.
 */
@FunctionalInterface
public interface StepSizeRule {
  /**
   * A rule's verdict on an attempted step.
   *
   * @param accepted whether the step is kept
   * @param nextStep the signed size of the next attempt (of the same sign as the step just tried)
   */
  record Decision(boolean accepted, double nextStep) {}

  /**
   * The error ratios of the last two accepted steps, for controllers with memory (PID). The driver
   * starts each solve (and restarts at each jump time) with {@link #NONE} and pushes the ratio of every
   * accepted step; rejected steps leave it unchanged. A missing ratio is NaN and counts as 1.
   *
   * @param previous the ratio of the last accepted step, or NaN
   * @param beforePrevious the ratio of the accepted step before it, or NaN
   * @param lastRejected whether the attempt just before the one being judged was rejected
   */
  record History(double previous, double beforePrevious, boolean lastRejected) {
    /** No accepted step yet. */
    public static final History NONE = new History(Double.NaN, Double.NaN, false);

    /**
     * The history after accepting a step.
     *
     * @param ratio the accepted step's error ratio
     * @return a new history with {@code previous = ratio} and {@code lastRejected = false}
     */
    public History push(double ratio) {
      return new History(ratio, previous, false);
    }

    /**
     * The history after rejecting a step: the ratios are kept.
     *
     * @return a new history with {@code lastRejected = true}
     */
    public History rejected() {
      return new History(previous, beforePrevious, true);
    }
  }

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
   * Judges an attempted step knowing the previous accepted error ratios. Memoryless controllers need
   * not override this; the default ignores the history.
   *
   * @param h the signed size of the step just attempted
   * @param errorRatio the scaled error of the attempt; NaN or +∞ for a non-finite step
   * @param order the method's order p
   * @param history the error ratios of the last accepted steps
   * @return the decision
   */
  default Decision decide(double h, double errorRatio, int order, History history) {
    return decide(h, errorRatio, order);
  }

  /**
   * The default rule: an I-controller with torchdiffeq's constants (safety 0.9, ifactor 10,
   * dfactor 0.2).
   *
   * @return {@link IController#TORCHDIFFEQ}
   */
  static StepSizeRule defaults() {
    return IController.TORCHDIFFEQ;
  }
}
