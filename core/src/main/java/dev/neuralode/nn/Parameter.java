package dev.neuralode.nn;

import dev.neuralode.tensor.Tensor;
import java.util.Arrays;

/**
 * A named, mutable holder of one trainable tensor.
 *
 * <p>Tensors are immutable, so training replaces a parameter's value rather than modifying it: an
 * optimizer computes new values and the training loop calls {@link #set(Tensor)}. The stored value is
 * always a leaf that {@linkplain Tensor#requiresGrad() requires a gradient}, cut from any graph the
 * new value came from, so that {@link dev.neuralode.tensor.Autograd#grad} can differentiate with
 * respect to it.
 *
 * <p>A parameter is not thread-safe; the model that owns it is trained from one thread.
 */
public final class Parameter {
  private final String name;
  private final int[] shape;
  private Tensor value;
  private Object updatedBy;

  /**
   * A parameter holding {@code init.detach().requireGrad()}.
   *
   * @param name the parameter's own (undotted or dotted) name, such as {@code "weight"}; not empty
   * @param init the initial value, of the shape the parameter keeps for life; not modified
   * @throws IllegalArgumentException if the name is null or empty, or {@code init} is null
   */
  public Parameter(String name, Tensor init) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("parameter name must be a non-empty string; got "
          + (name == null ? "null" : "\"\"") + "; pass a name such as \"weight\"");
    }
    if (init == null) {
      throw new IllegalArgumentException("init of parameter '" + name + "' is null; pass a tensor");
    }
    this.name = name;
    this.shape = init.shape();
    this.value = init.detach().requireGrad();
  }

  /**
   * The name given at construction (a module reports the dotted path in
   * {@link Module#namedParameters()}).
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The current value: a leaf tensor that requires a gradient.
   *
   * @return the value (immutable, so it may be shared freely)
   */
  public Tensor value() {
    return value;
  }

  /**
   * The shape, fixed at construction.
   *
   * @return a copy of the shape
   */
  public int[] shape() {
    return shape.clone();
  }

  /**
   * The number of scalars.
   *
   * @return the element count
   */
  public int size() {
    return value.size();
  }

  /**
   * Replaces the value with {@code v.detach().requireGrad()}. Modifies this parameter; {@code v} is
   * not modified. Tensors obtained earlier from {@link #value()} keep their old values.
   *
   * @param v the new value, of this parameter's shape
   * @throws IllegalArgumentException if {@code v} is null or its shape differs from this parameter's
   */
  public void set(Tensor v) {
    if (v == null) {
      throw new IllegalArgumentException("new value of parameter '" + name + "' is null; pass a tensor of shape "
          + Arrays.toString(shape));
    }
    if (!Arrays.equals(shape, v.shape())) {
      throw new IllegalArgumentException("parameter '" + name + "' has shape " + Arrays.toString(shape)
          + " but the new value has shape " + Arrays.toString(v.shape())
          + "; pass a tensor of the parameter's shape");
    }
    this.value = v.detach().requireGrad();
    this.updatedBy = null;
  }

  /**
   * Replaces the value as {@link #set(Tensor)} does and remembers which optimizer did it, so that
   * a training loop can notice a second optimizer taking over these parameters (see {@code
   * dev.neuralode.train.ParameterOptimizer}). Modifies this parameter.
   *
   * @param v the new value, of this parameter's shape
   * @param updater the object that computed the value (an optimizer); may be null
   * @throws IllegalArgumentException if {@code v} is null or its shape differs from this parameter's
   */
  public void update(Tensor v, Object updater) {
    set(v);
    this.updatedBy = updater;
  }

  /**
   * The updater given to the last {@link #update(Tensor, Object)}, or null if the value was last
   * replaced by {@link #set(Tensor)} or never replaced.
   *
   * @return the last updater, or null
   */
  public Object updatedBy() {
    return updatedBy;
  }

  @Override
  public String toString() {
    return "Parameter(" + name + ", shape=" + Arrays.toString(shape) + ")";
  }
}
