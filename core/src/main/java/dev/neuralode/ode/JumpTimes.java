package dev.neuralode.ode;

import java.util.Arrays;

/**
 * Times where f may be discontinuous, as a wrapper around an adaptive controller (Diffrax's
 * {@code ClipStepSizeController} with {@code jump_ts}): the solver ends a step exactly at each jump time
 * inside the interval and restarts there, without reusing the last stage (FSAL) across it and with a
 * fresh controller history, evaluating the stages before the jump just below it and the first stage
 * after it just above it (torchdiffeq's {@code jump_t} with perturbed evaluation times). Jump times
 * outside the solved interval are ignored.
 *
 * @param inner the adaptive controller that chooses the steps between jumps
 * @param times the jump times, finite; copied, sorted, duplicates merged
 */
public record JumpTimes(AdaptiveController inner, double[] times) implements StepSizeController {
  /**
   * Validates and sorts the times.
   *
   * @param inner see the record's description
   * @param times see the record's description
   * @throws IllegalArgumentException if inner or times is null, or a time is not finite
   */
  public JumpTimes {
    if (inner == null || times == null) {
      throw new IllegalArgumentException("JumpTimes needs an adaptive controller and times; got inner=" + inner
          + ", times=" + (times == null ? "null" : Arrays.toString(times)));
    }
    times = times.clone();
    for (int i = 0; i < times.length; i++) {
      if (!Double.isFinite(times[i])) {
        throw new IllegalArgumentException("jumpTimes[" + i + "]=" + times[i] + " must be finite");
      }
    }
    times = Arrays.stream(times).sorted().distinct().toArray();
  }

  /**
   * Wraps a controller with jump times; a controller that already has some gets the union.
   *
   * @param controller an {@link AdaptiveController} or a {@link JumpTimes}
   * @param times finite times, any order
   * @return the wrapped controller, or {@code controller} itself when {@code times} is empty
   * @throws IllegalArgumentException if controller is a {@link ConstantStepSize} (fixed steps do not stop
   *     at jump times: use an adaptive method) or null, or a time is not finite
   */
  public static StepSizeController wrap(StepSizeController controller, double... times) {
    if (controller instanceof JumpTimes j) {
      double[] all = Arrays.copyOf(j.times, j.times.length + times.length);
      System.arraycopy(times, 0, all, j.times.length, times.length);
      return new JumpTimes(j.inner, all);
    }
    if (controller instanceof AdaptiveController a) {
      return times.length == 0 ? a : new JumpTimes(a, times);
    }
    throw new IllegalArgumentException("jump times need an adaptive controller; got " + controller
        + ". Use an adaptive method such as dopri5");
  }

  @Override
  public StepSizeController unwrapped() {
    return inner;
  }

  @Override
  public double[] jumpTimes() {
    return times.clone();
  }

  /**
   * The jump times.
   *
   * @return a copy, sorted
   */
  @Override
  public double[] times() {
    return times.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JumpTimes j && inner.equals(j.inner) && Arrays.equals(times, j.times);
  }

  @Override
  public int hashCode() {
    return inner.hashCode() * 31 + Arrays.hashCode(times);
  }

  @Override
  public String toString() {
    return "JumpTimes[inner=" + inner + ", times=" + Arrays.toString(times) + "]";
  }
}
