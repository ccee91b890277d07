package dev.neuralode.optim;

import dev.neuralode.nn.Parameter;
import dev.neuralode.tensor.Tensor;
import java.util.List;

/**
 * A first-order optimizer: given the gradient of a loss with respect to each parameter, replaces each
 * parameter's value with an updated one.
 *
 * <p>A typical training step:
 *
 * <pre>{@code
 * Tensor loss = Losses.mse(model.forward(x), y);
 * optimizer.step(Autograd.grad(loss, model.parameterValues()));
 * }</pre>
 *
 * <p>Optimizer state (momentum buffers, moment estimates, the step count) lives in plain {@code
 * double[]}s and never enters an autograd graph. An optimizer is not thread-safe.
 */
public interface Optimizer {
  /**
   * Performs one update. Modifies every parameter (through {@link Parameter#set(Tensor)}) and this
   * optimizer's state; the gradients are not modified.
   *
   * @param grads one gradient per parameter, in {@link #parameters()} order, each of that parameter's
   *     shape
   * @throws IllegalArgumentException if {@code grads} is null, has the wrong size, or holds a null, a
   *     gradient of the wrong shape or a non-finite value; then no parameter is modified
   */
  void step(List<Tensor> grads);

  /**
   * The parameters this optimizer updates.
   *
   * @return an unmodifiable list, in the order {@link #step(List)} expects gradients
   */
  List<Parameter> parameters();
}
