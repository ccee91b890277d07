package dev.neuralode.train;

import dev.neuralode.nn.Parameter;
import dev.neuralode.optim.Optimizer;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The parameters one training run updates, in a fixed order: it reads their values for {@link
 * dev.neuralode.tensor.Autograd#grad}, hands values and gradients to an {@link Optimizer} and writes
 * the optimizer's new values back through {@link Parameter#set(Tensor)}. This is the one place where
 * the tensor-only optimizers meet the model's mutable {@link Parameter}s.
 *
 * <p>Not thread-safe, as the parameters it holds.
 */
public final class ParameterSet {
  private final List<Parameter> params;

  /**
   * A set of parameters.
   *
   * @param params the parameters, non-empty, without nulls or duplicates; the list is copied, the
   *     parameters are not
   * @throws IllegalArgumentException if {@code params} is null or empty, or holds a null or the same
   *     parameter twice
   */
  public ParameterSet(List<Parameter> params) {
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
    this.params = List.copyOf(params);
  }

  /**
   * The parameters.
   *
   * @return an unmodifiable list, in the order of {@link #values()} and of the gradients {@link
   *     #step} expects
   */
  public List<Parameter> parameters() {
    return params;
  }

  /**
   * The current values: leaf tensors that require a gradient, to differentiate a loss with respect
   * to.
   *
   * @return a new list of the parameters' values, in {@link #parameters()} order
   */
  public List<Tensor> values() {
    List<Tensor> out = new ArrayList<>(params.size());
    for (Parameter p : params) {
      out.add(p.value());
    }
    return out;
  }

  /**
   * The gradient of a scalar loss with respect to each parameter, read at the parameters' current
   * values: the values the loss was computed from must be the ones the parameters hold now (compute
   * the loss after the last step). Does not modify anything.
   *
   * @param loss a one-element tensor computed, with recording on, from the parameters' current values
   * @return one gradient per parameter, in {@link #parameters()} order, each of that parameter's shape
   * @throws IllegalArgumentException if {@code loss} is null or not a one-element tensor, does not
   *     require a gradient, or depends on none of the parameters' current values (it was computed
   *     from values read before the last step, or from other tensors)
   */
  public List<Tensor> gradients(Tensor loss) {
    if (loss == null || loss.size() != 1) {
      throw new IllegalArgumentException("loss must be a one-element tensor; got "
          + (loss == null ? "null" : "shape " + Arrays.toString(loss.shape()))
          + "; reduce it first, e.g. Losses.mse(prediction, target)");
    }
    return Autograd.grad(loss, values());
  }

  /**
   * The current values, copied: one flat array per parameter, in {@link #parameters()} order (the
   * form a checkpoint stores).
   *
   * @return the values, {@code [parameter][element]} in row-major order
   */
  public double[][] snapshot() {
    double[][] values = new double[params.size()][];
    for (int i = 0; i < values.length; i++) {
      values[i] = params.get(i).value().toArray();
    }
    return values;
  }

  /**
   * Sets every parameter to values saved by {@link #snapshot()} (copied; the parameters' shapes
   * are kept).
   *
   * @param values one flat array per parameter, in {@link #parameters()} order
   * @throws IllegalArgumentException if the number of arrays or an array's length does not match
   *     (the message names the parameter); then no parameter is modified
   */
  public void restore(double[][] values) {
    if (values == null || values.length != params.size()) {
      throw new IllegalArgumentException("the checkpoint holds " + (values == null ? "no"
          : values.length) + " tensors but the model has " + params.size()
          + "; resume it with the settings stored with it");
    }
    for (int i = 0; i < values.length; i++) {
      Parameter p = params.get(i);
      if (values[i] == null || values[i].length != p.size()) {
        throw new IllegalArgumentException("the checkpoint's tensor " + p.name() + " has "
            + (values[i] == null ? "no" : values[i].length) + " values but the model needs "
            + p.size());
      }
    }
    for (int i = 0; i < values.length; i++) {
      Parameter p = params.get(i);
      p.set(Tensor.of(values[i].clone(), p.shape()));
    }
  }

  /**
   * One optimizer step: checks the gradients against the parameters, computes the new values with
   * {@code optimizer.step(values(), grads, lr)} and writes them into the parameters. Modifies the
   * parameters and the optimizer's state; the gradients are not modified.
   *
   * @param optimizer the optimizer, whose state belongs to these parameters
   * @param grads one gradient per parameter, in {@link #parameters()} order, each of that
   *     parameter's shape
   * @param lr the learning rate of this step, positive and finite
   * @throws IllegalArgumentException if {@code grads} is null, has the wrong size, or holds a null, a
   *     gradient of the wrong shape or a non-finite value (the message names the parameter), or if the
   *     optimizer rejects the step; then no parameter is modified
   * @throws IllegalStateException if this is the first step of a fresh optimizer (no steps since
   *     construction or reset) on parameters that another optimizer updated exactly once: the
   *     signature of an optimizer created anew inside the training loop, which loses its state
   */
  public void step(Optimizer optimizer, List<Tensor> grads, double lr) {
    if (optimizer == null) {
      throw new IllegalArgumentException("optimizer is null; pass one, e.g. new Adam(1e-3)");
    }
    if (grads == null || grads.size() != params.size()) {
      throw new IllegalArgumentException("grads has " + (grads == null ? "null" : grads.size() + " entries")
          + " but the set has " + params.size()
          + " parameters; pass one gradient per parameter, in parameters() order");
    }
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
    }
    checkNotReplaced(optimizer);
    List<Tensor> updated = optimizer.step(values(), grads, lr);
    for (int i = 0; i < params.size(); i++) {
      params.get(i).update(updated.get(i), optimizer);
    }
  }

  /**
   * The trap of a new optimizer every step (its state, such as Adam's moment estimates, is lost each
   * time): a fresh optimizer taking over parameters that another optimizer updated exactly once.
   */
  private void checkNotReplaced(Optimizer optimizer) {
    if (optimizer.steps() != 0) {
      return;
    }
    for (Parameter p : params) {
      if (p.updatedBy() instanceof Optimizer previous && previous != optimizer && previous.steps() == 1) {
        throw new IllegalStateException("parameter '" + p.name() + "' was updated by another "
            + previous.getClass().getSimpleName() + " that took a single step, and a fresh "
            + optimizer.getClass().getSimpleName() + " is taking over: a new optimizer every step loses its"
            + " state (Adam's moment estimates). Create the optimizer once, before the loop, e.g."
            + " ParameterOptimizer opt = new ParameterOptimizer(model.parameters(), new Adam(1e-3)), and"
            + " call opt.step(loss) in the loop. (To switch optimizers after one step on purpose, call"
            + " Parameter.set on the parameters first.)");
      }
    }
  }
}
