package dev.neuralode.optim;

import dev.neuralode.tensor.Tensor;
import java.util.List;

/**
 * A first-order optimizer: given parameter values and the gradient of a loss with respect to each,
 * returns the updated values. It works on plain tensors and knows nothing of models; the caller
 * writes the new values back (the training loop in {@code dev.neuralode.train} does this for {@code
 * nn.Parameter}s).
 *
 * <p>To train a model, bind the optimizer to its parameters once, before the loop, with {@code
 * dev.neuralode.train.ParameterOptimizer} ({@code new ParameterOptimizer(model.parameters(), new
 * Adam(1e-3))}, then {@code opt.step(loss)} each iteration), or use {@code
 * dev.neuralode.train.Trainer}. This interface is the tensor-level layer under both: an optimizer
 * created anew every step would lose its state, so create one per training run and keep it.
 *
 * <p>The optimizer keeps its state (momentum buffers, moment estimates, the step count) across calls,
 * in plain {@code double[]}s that never enter an autograd graph. The state is sized on the first step
 * and belongs to that list of parameters: later steps must pass values of the same sizes in the same
 * order, until {@link #reset()}. An optimizer is not thread-safe.
 */
public interface Optimizer {
  /**
   * Performs one update with the given learning rate. Modifies this optimizer's state; the values and
   * gradients are not modified.
   *
   * @param params the current parameter values, non-empty; not modified
   * @param grads one gradient per value, in the same order, each of that value's shape; not modified
   * @param lr the learning rate of this step, positive and finite (e.g. from an {@link LrSchedule})
   * @return the updated values, new tensors of the values' shapes that do not require a gradient
   * @throws IllegalArgumentException if {@code params} is null or empty, or holds a null or a value
   *     whose size differs from the state built on earlier steps; if {@code grads} is null, has
   *     another size, or holds a null, a gradient of the wrong shape or a non-finite value; or if
   *     {@code lr} is not positive and finite. Then the state is not modified.
   */
  List<Tensor> step(List<Tensor> params, List<Tensor> grads, double lr);

  /**
   * Performs one update with this optimizer's own learning rate {@link #lr()}: {@code step(params,
   * grads, lr())}.
   *
   * @param params the current parameter values; not modified
   * @param grads one gradient per value; not modified
   * @return the updated values
   * @throws IllegalArgumentException as {@link #step(List, List, double)}
   */
  default List<Tensor> step(List<Tensor> params, List<Tensor> grads) {
    return step(params, grads, lr());
  }

  /**
   * The learning rate given at construction, used by {@link #step(List, List)}.
   *
   * @return the rate, positive and finite
   */
  double lr();

  /**
   * The number of steps taken since construction or the last {@link #reset()}.
   *
   * @return the step count
   */
  long steps();

  /**
   * Forgets the state (buffers, moments, step count), so that the next step behaves as the first step
   * of a fresh optimizer with the same hyperparameters, possibly on other parameters. Modifies this
   * optimizer.
   */
  void reset();
}
