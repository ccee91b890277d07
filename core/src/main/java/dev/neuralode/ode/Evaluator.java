package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;
import java.util.Arrays;

/**
 * Calls f for one solve: passes the time as a scalar tensor, counts evaluations and checks that every
 * result has the state's shape. Not thread-safe; one instance per solve.
 */
final class Evaluator {
  private final OdeFunction f;
  private final int[] shape;
  private int count;

  Evaluator(OdeFunction f, Tensor y0) {
    this.f = f;
    this.shape = y0.shape();
  }

  /** f(t, y), checked; counts one evaluation. */
  Tensor eval(double t, Tensor y) {
    count++;
    Tensor out = f.apply(Tensor.scalar(t), y);
    if (out == null) {
      throw new IllegalArgumentException("f returned null at t=" + t + "; f must return dy/dt of y's shape "
          + Arrays.toString(shape));
    }
    if (!sameShape(out)) {
      throw new IllegalArgumentException("f returned shape " + Arrays.toString(out.shape()) + " but y has shape "
          + Arrays.toString(shape) + "; f must return one derivative per state entry (y's shape) at t=" + t);
    }
    return out;
  }

  private boolean sameShape(Tensor out) {
    if (out.rank() != shape.length) {
      return false;
    }
    for (int i = 0; i < shape.length; i++) {
      if (out.dim(i) != shape[i]) {
        return false;
      }
    }
    return true;
  }

  /** The number of evaluations so far. */
  int count() {
    return count;
  }
}
