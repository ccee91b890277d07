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
  ErrorNorm RMS = q -> rms(q, 0, q.length);

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
    return q -> rms(q, from, Math.min(to, q.length));
  }

  /**
   * √(Σ q_i² / (to − from)) over the entries {@code [from, to)}, 0 when {@code to <= from}: the RMS that
   * {@link #RMS}, {@link #rmsOver(int, int)} and the adjoints' block norms compute. The sum runs in a
   * fixed order, four interleaved partial sums (entries i ≡ 0, 1, 2, 3 mod 4 from {@code from}, the
   * remainder added to the first) combined as (s₀ + s₁) + (s₂ + s₃): the same bits on every call and
   * thread, and about four times the throughput of one running sum on a long state (a batch of 1,024
   * states), whose additions would each wait for the previous one. A non-finite entry gives a non-finite
   * result.
   *
   * @param q the scaled errors; not modified
   * @param from the first index, ≥ 0
   * @param to one past the last index, ≤ q.length
   * @return the RMS, ≥ 0, or NaN / +∞ if an entry is not finite (or the sum overflows)
   * @throws IllegalArgumentException if {@code from < 0} or {@code to > q.length}
   */
  static double rms(double[] q, int from, int to) {
    if (from < 0 || to > q.length) {
      throw new IllegalArgumentException("rms(q, from=" + from + ", to=" + to + "): need 0 <= from and to <= q.length ("
          + q.length + ")");
    }
    int n = to - from;
    if (n <= 0) {
      return 0.0;
    }
    double s0 = 0.0;
    double s1 = 0.0;
    double s2 = 0.0;
    double s3 = 0.0;
    int i = from;
    for (; i + 3 < to; i += 4) {
      double a = q[i];
      double b = q[i + 1];
      double c = q[i + 2];
      double d = q[i + 3];
      s0 += a * a;
      s1 += b * b;
      s2 += c * c;
      s3 += d * d;
    }
    for (; i < to; i++) {
      s0 += q[i] * q[i];
    }
    return Math.sqrt(((s0 + s1) + (s2 + s3)) / n);
  }
}
