package dev.neuralode.train;

import dev.neuralode.nn.Parameter;
import dev.neuralode.optim.Optimizer;
import dev.neuralode.tensor.Tensor;
import java.util.List;

/**
 * An optimizer bound to the parameters it updates, as {@code torch.optim.Adam(model.parameters())}:
 * create it once, before the training loop, and call {@link #step(Tensor)} with each loss. It takes
 * the gradients with respect to the parameters' <em>current</em> values (never a stale list) and
 * writes the new values into the parameters, and the optimizer's state (Adam's moment estimates, the
 * step count) lives as long as this object.
 *
 * <pre>{@code
 * ParameterOptimizer opt = new ParameterOptimizer(f.parameters(), Adam.builder().lr(0.01).build());
 * for (int it = 0; it < 150; it++) {
 *   Tensor loss = Losses.mse(node.forward(z0, t), observed);
 *   opt.step(loss);
 * }
 * }</pre>
 *
 * <p>Both classic mistakes fail loudly instead of training silently wrong: a new {@code
 * ParameterOptimizer} (or {@link Optimizer}) created inside the loop throws {@link
 * IllegalStateException} on its first step, and a loss computed from parameter values read before
 * the last step throws {@link IllegalArgumentException} from {@link #gradients(Tensor)}. For a whole
 * run with learning-rate schedules, restarts and listeners, use {@link Trainer}.
 *
 * <p>Not thread-safe, as the parameters and the optimizer it holds.
 */
public final class ParameterOptimizer {
  private final ParameterSet params;
  private final Optimizer optimizer;

  /**
   * Binds an optimizer to parameters.
   *
   * @param params the parameters to update, e.g. {@code model.parameters()}: non-empty, without
   *     nulls or duplicates; the list is copied, the parameters are not
   * @param optimizer the optimizer, fresh or carrying the state of these parameters; from now on it
   *     belongs to these parameters
   * @throws IllegalArgumentException if {@code params} is null, empty or holds a null or a duplicate,
   *     or {@code optimizer} is null
   */
  public ParameterOptimizer(List<Parameter> params, Optimizer optimizer) {
    if (optimizer == null) {
      throw new IllegalArgumentException("optimizer is null; pass one, e.g. new Adam(1e-3)");
    }
    this.params = new ParameterSet(params);
    this.optimizer = optimizer;
  }

  /**
   * The gradient of a loss with respect to each parameter, at the parameters' current values.
   *
   * @param loss a one-element tensor computed, with recording on, from the parameters' current values
   * @return one gradient per parameter, in {@link #parameters()} order
   * @throws IllegalArgumentException as {@link ParameterSet#gradients(Tensor)}: in particular when the
   *     loss depends on none of the current values (it was computed from stale values)
   */
  public List<Tensor> gradients(Tensor loss) {
    return params.gradients(loss);
  }

  /**
   * One step with given gradients, at the optimizer's own learning rate: computes the new values and
   * writes them into the parameters. Modifies the parameters and the optimizer's state.
   *
   * @param grads one gradient per parameter, in {@link #parameters()} order (e.g. from {@link
   *     #gradients(Tensor)}, possibly clipped)
   * @throws IllegalArgumentException if a gradient is missing, of the wrong shape or not finite
   * @throws IllegalStateException if this is the first step of a fresh optimizer on parameters that
   *     another optimizer updated exactly once (an optimizer created inside the training loop)
   */
  public void step(List<Tensor> grads) {
    params.step(optimizer, grads, optimizer.lr());
  }

  /**
   * One step on a loss: {@code step(gradients(loss))}. Modifies the parameters and the optimizer's
   * state.
   *
   * @param loss a one-element tensor computed from the parameters' current values
   * @return the loss's value
   * @throws IllegalArgumentException as {@link #gradients(Tensor)} and {@link #step(List)}
   * @throws IllegalStateException as {@link #step(List)}
   */
  public double step(Tensor loss) {
    List<Tensor> grads = gradients(loss);
    double value = loss.item();
    step(grads);
    return value;
  }

  /**
   * The parameters, in the order of {@link #gradients(Tensor)}.
   *
   * @return an unmodifiable list
   */
  public List<Parameter> parameters() {
    return params.parameters();
  }

  /**
   * The optimizer, whose state belongs to these parameters.
   *
   * @return the optimizer
   */
  public Optimizer optimizer() {
    return optimizer;
  }

  /**
   * The number of steps the optimizer has taken since construction or its last reset.
   *
   * @return the step count
   */
  public long steps() {
    return optimizer.steps();
  }
}
