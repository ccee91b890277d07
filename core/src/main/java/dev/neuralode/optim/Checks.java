package dev.neuralode.optim;

import dev.neuralode.nn.Parameter;
import dev.neuralode.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Argument checks shared by the optimizers. */
final class Checks {
  private Checks() {}

  /** Validates a parameter list (non-empty, no nulls, no duplicates) and returns an unmodifiable copy. */
  static List<Parameter> params(List<Parameter> params) {
    if (params == null || params.isEmpty()) {
      throw new IllegalArgumentException("params is " + (params == null ? "null" : "empty")
          + "; pass the parameters to optimize, e.g. model.parameters()");
    }
    Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      if (p == null) {
        throw new IllegalArgumentException("params[" + i + "] is null; pass only non-null parameters");
      }
      if (!seen.add(p)) {
        throw new IllegalArgumentException("params[" + i + "] ('" + p.name()
            + "') appears more than once; pass each parameter once");
      }
    }
    return List.copyOf(params);
  }

  /** Requires {@code 0 < lr < ∞}. */
  static double lr(double lr) {
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("lr must be positive and finite; got lr=" + lr
          + "; pass a learning rate such as 1e-3");
    }
    return lr;
  }

  /** Requires {@code 0 <= value < 1}. */
  static double unitInterval(String name, double value, String example) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1); got " + name + "=" + value
          + "; pass a value such as " + example);
    }
    return value;
  }

  /** Requires {@code 0 <= value < ∞}. */
  static double nonNegative(String name, double value, String example) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be non-negative and finite; got " + name + "="
          + value + "; pass a value such as " + example);
    }
    return value;
  }

  /**
   * Validates gradients against the parameters and returns their values as arrays, so that an invalid
   * call leaves every parameter untouched.
   */
  static double[][] grads(List<Parameter> params, List<Tensor> grads) {
    if (grads == null || grads.size() != params.size()) {
      throw new IllegalArgumentException("grads has " + (grads == null ? "null" : grads.size() + " entries")
          + " but the optimizer has " + params.size()
          + " parameters; pass one gradient per parameter, in parameters() order");
    }
    double[][] out = new double[grads.size()][];
    for (int i = 0; i < grads.size(); i++) {
      Parameter p = params.get(i);
      Tensor g = grads.get(i);
      if (g == null || !Arrays.equals(g.shape(), p.shape())) {
        throw new IllegalArgumentException("grads[" + i + "] has " + (g == null ? "no value (null)"
            : "shape " + Arrays.toString(g.shape())) + " but parameter '" + p.name() + "' has shape "
            + Arrays.toString(p.shape()) + "; pass gradients in parameters() order");
      }
      if (!g.isFinite()) {
        throw new IllegalArgumentException("grads[" + i + "] for parameter '" + p.name()
            + "' holds NaN or infinite values; lower the learning rate, clip gradients or check the loss");
      }
      out[i] = g.toArray();
    }
    return out;
  }
}
