package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;

/**
 * What a step callback learns about one attempted step. Times are true times (not negated in a
 * backward solve).
 *
 * @param t0 the step's start
 * @param t1 the step's end (for a rejected step, the end it attempted)
 * @param y0 the state at t0
 * @param y1 the state at t1 (for a rejected step, the rejected attempt)
 * @param errorRatio the error ratio (NaN for fixed-step methods; +∞ for a non-finite attempt)
 * @param accepted whether the step was accepted
 * @param stats the work done so far, including this step
 * @param h the signed step size the stages were built with (t1 − t0 up to rounding; the exact value a
 *     replay of the step needs, e.g. for checkpointed backpropagation)
 */
public record StepInfo(double t0, double t1, Tensor y0, Tensor y1, double errorRatio, boolean accepted,
    SolverStats stats, double h) {

  /**
   * A step whose size is taken as {@code t1 − t0}.
   *
   * @param t0 see the record's description
   * @param t1 see the record's description
   * @param y0 see the record's description
   * @param y1 see the record's description
   * @param errorRatio see the record's description
   * @param accepted see the record's description
   * @param stats see the record's description
   */
  public StepInfo(double t0, double t1, Tensor y0, Tensor y1, double errorRatio, boolean accepted,
      SolverStats stats) {
    this(t0, t1, y0, y1, errorRatio, accepted, stats, t1 - t0);
  }
}
