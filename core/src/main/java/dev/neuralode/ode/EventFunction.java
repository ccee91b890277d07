package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;
import java.util.function.BiFunction;

/**
 * An event function g(t, y) whose sign changes mark events (Hairer, Nørsett &amp; Wanner I, II.6 "dense
 * output and event location"; the detector half of Hipparchus' {@code ODEEventDetector}). It is evaluated
 * on the dense output, so it sees interpolated states, and is never differentiated.
 */
@FunctionalInterface
public interface EventFunction {
  /**
   * The value of g.
   *
   * @param t the true time (never negated, also in a backward solve)
   * @param y the state at t, of y0's shape; not modified
   * @return g(t, y); NaN counts as "no sign change"
   */
  double value(double t, Tensor y);

  /**
   * Adapts a tensor-valued event function, such as one built from the CLI's expressions.
   *
   * @param g returns a tensor with exactly one entry (a scalar) for (t as a scalar tensor, y)
   * @return the event function
   * @throws IllegalArgumentException (when evaluated) if g returns other than one entry
   */
  static EventFunction ofTensor(BiFunction<Tensor, Tensor, Tensor> g) {
    return (t, y) -> {
      Tensor v = g.apply(Tensor.scalar(t), y);
      if (v == null || v.size() != 1) {
        throw new IllegalArgumentException("an event function must return one value; got "
            + (v == null ? "null" : java.util.Arrays.toString(v.shape())));
      }
      return v.getFlat(0);
    };
  }
}
