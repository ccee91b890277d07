package dev.neuralode.optim;

import dev.neuralode.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** Argument checks shared by the optimizers. */
final class Checks {
  private Checks() {}

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
   * Validates the values against the state's sizes (null: no state yet) and returns them as arrays.
   */
  static double[][] params(List<Tensor> params, double[][] state) {
    if (params == null || params.isEmpty()) {
      throw new IllegalArgumentException("params is " + (params == null ? "null" : "empty")
          + "; pass the parameter values to update, e.g. model.parameterValues()");
    }
    if (state != null && state.length != params.size()) {
      throw new IllegalArgumentException("params has " + params.size() + " entries but the optimizer's state"
          + " was built for " + state.length + "; pass the same parameters on every step or call reset()");
    }
    double[][] out = new double[params.size()][];
    for (int i = 0; i < params.size(); i++) {
      Tensor p = params.get(i);
      if (p == null) {
        throw new IllegalArgumentException("params[" + i + "] is null; pass only non-null values");
      }
      if (state != null && state[i] != null && state[i].length != p.size()) {
        throw new IllegalArgumentException("params[" + i + "] has " + p.size() + " elements but the optimizer's"
            + " state has " + state[i].length + "; pass the same parameters on every step or call reset()");
      }
      out[i] = p.toArray();
    }
    return out;
  }

  /**
   * Validates gradients against the values and returns them as arrays, so that an invalid call leaves
   * the optimizer's state untouched.
   */
  static double[][] grads(List<Tensor> params, List<Tensor> grads) {
    if (grads == null || grads.size() != params.size()) {
      throw new IllegalArgumentException("grads has " + (grads == null ? "null" : grads.size() + " entries")
          + " but there are " + params.size()
          + " parameters; pass one gradient per parameter, in the same order");
    }
    double[][] out = new double[grads.size()][];
    for (int i = 0; i < grads.size(); i++) {
      Tensor p = params.get(i);
      Tensor g = grads.get(i);
      if (g == null || !Arrays.equals(g.shape(), p.shape())) {
        throw new IllegalArgumentException("grads[" + i + "] has " + (g == null ? "no value (null)"
            : "shape " + Arrays.toString(g.shape())) + " but params[" + i + "] has shape "
            + Arrays.toString(p.shape()) + "; pass gradients in the order of the parameters");
      }
      if (!g.isFinite()) {
        throw new IllegalArgumentException("grads[" + i
            + "] holds NaN or infinite values; lower the learning rate, clip gradients or check the loss");
      }
      out[i] = g.toArray();
    }
    return out;
  }

  /** The updated values as tensors of the old values' shapes. */
  static List<Tensor> tensors(List<Tensor> params, double[][] theta) {
    Tensor[] out = new Tensor[theta.length];
    for (int i = 0; i < theta.length; i++) {
      out[i] = Tensor.of(theta[i], params.get(i).shape());
    }
    return List.of(out);
  }
}
