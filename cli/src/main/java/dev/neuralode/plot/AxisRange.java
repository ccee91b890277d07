package dev.neuralode.plot;

/**
 * A fixed axis interval. Give every frame of an animation the same ranges so that the axes do not
 * jump from frame to frame.
 *
 * @param lower the smallest value shown
 * @param upper the largest value shown
 */
public record AxisRange(double lower, double upper) {

  /**
   * Checks the interval.
   *
   * @param lower the smallest value shown
   * @param upper the largest value shown
   * @throws IllegalArgumentException if a bound is not finite or {@code lower >= upper}
   */
  public AxisRange {
    if (!Double.isFinite(lower) || !Double.isFinite(upper) || !(lower < upper)) {
      throw new IllegalArgumentException("lower, upper: [" + lower + ", " + upper
          + "] is not a finite interval with lower < upper; widen it");
    }
  }

  /**
   * Returns the smallest range holding every finite value of the given arrays, widened on each
   * side by {@code margin} times its width (or by 0.5 when all values are equal).
   *
   * @param margin the fraction of the width added on each side, e.g. {@code 0.05}; {@code >= 0}
   * @param values arrays of values, not modified; non-finite values are ignored
   * @return the range
   * @throws IllegalArgumentException if {@code margin} is negative or NaN, or no value is finite
   */
  public static AxisRange covering(double margin, double[]... values) {
    if (!(margin >= 0)) {
      throw new IllegalArgumentException("margin: " + margin + " must be >= 0, e.g. 0.05");
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] array : values) {
      for (double v : array) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (lo > hi) {
      throw new IllegalArgumentException("values: none is finite; give at least one number");
    }
    double pad = hi > lo ? margin * (hi - lo) : 0.5;
    return new AxisRange(lo - pad, hi + pad);
  }

  /**
   * Returns the width of the range.
   *
   * @return {@code upper - lower}, positive
   */
  public double width() {
    return upper - lower;
  }
}
