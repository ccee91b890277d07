package dev.neuralode.ode;

/**
 * The norm that turns a step's scaled local error into one error ratio (≤ 1 accepts the step).
 *
 * <p>The argument holds, for every state entry i in row-major (flat) order,
 * q_i = err_i / (atol_i + rtol_i·max(|y_i|, |y_new,i|)), all finite. {@link #RMS} (the default, as in
 * torchdiffeq, scipy and Hairer, Nørsett &amp; Wanner I, II.4 eq. 4.11) gives √(Σ q_i² / n);
 * {@link #MAX} gives max |q_i|. A caller-supplied norm may ignore entries: a <i>seminorm</i> such as
 * {@link #rmsOver(int, int)} lets the adjoint method control the error of the state only and not of the
 * integrated parameter gradients (Kidger, Chen &amp; Lyons, "Hey, that's not an ODE", 2021).
 *
 * <p>Implementations must be pure, must not modify the array, and must return a value ≥ 0 (0 for an
 * empty state). They are also used on the scaled state and slopes when choosing the first step.
 */
@FunctionalInterface
public interface ErrorNorm {
  /** √(Σ q_i² / n), 0 for n = 0. */
  ErrorNorm RMS = q -> {
    if (q.length == 0) {
      return 0.0;
    }
    double s = 0.0;
    for (double v : q) {
      s += v * v;
    }
    return Math.sqrt(s / q.length);
  };

  /** max_i |q_i|, 0 for n = 0. */
  ErrorNorm MAX = q -> {
    double m = 0.0;
    for (double v : q) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  };

  /**
   * The norm of the scaled errors.
   *
   * @param scaled q_i = err_i / tol_i in row-major order over the whole state; not modified
   * @return the norm, ≥ 0
   */
  double apply(double[] scaled);

  /**
   * A seminorm: the RMS over the flat entries {@code [from, to)} only; the other entries are ignored.
   *
   * @param from the first flat index counted, ≥ 0
   * @param to one past the last flat index counted, {@code > from}
   * @return the seminorm; at apply time the range is clipped to the state's size
   * @throws IllegalArgumentException if {@code from < 0} or {@code to <= from}
   */
  static ErrorNorm rmsOver(int from, int to) {
    if (from < 0 || to <= from) {
      throw new IllegalArgumentException("rmsOver(from=" + from + ", to=" + to + "): need 0 <= from < to");
    }
    return q -> {
      int end = Math.min(to, q.length);
      if (end <= from) {
        return 0.0;
      }
      double s = 0.0;
      for (int i = from; i < end; i++) {
        s += q[i] * q[i];
      }
      return Math.sqrt(s / (end - from));
    };
  }
}
