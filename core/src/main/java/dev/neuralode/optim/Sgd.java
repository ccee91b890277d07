package dev.neuralode.optim;

import dev.neuralode.nn.Parameter;
import dev.neuralode.tensor.Tensor;
import java.util.List;

/**
 * Stochastic gradient descent with optional heavy-ball momentum (Polyak 1964), with exactly the
 * update of PyTorch's {@code torch.optim.SGD} (no dampening, no Nesterov, no weight decay):
 *
 * <pre>
 *   b ← g                (first step)
 *   b ← μ·b + g          (later steps)
 *   θ ← θ − lr·b
 * </pre>
 *
 * With μ = 0 this is plain θ ← θ − lr·g. One momentum buffer b per parameter is kept as a {@code
 * double[]}.
 */
public final class Sgd implements Optimizer {
  private final List<Parameter> params;
  private final double lr;
  private final double momentum;
  private final double[][] buffers;
  private long steps;

  /**
   * Plain gradient descent θ ← θ − lr·g.
   *
   * @param params the parameters to update, non-empty, without duplicates; the list is copied
   * @param lr the learning rate, positive and finite
   * @throws IllegalArgumentException if an argument is invalid
   */
  public Sgd(List<Parameter> params, double lr) {
    this(params, lr, 0.0);
  }

  /**
   * Gradient descent with momentum.
   *
   * @param params the parameters to update, non-empty, without duplicates; the list is copied
   * @param lr the learning rate, positive and finite
   * @param momentum the momentum factor μ, in [0, 1); 0 for none
   * @throws IllegalArgumentException if an argument is invalid
   */
  public Sgd(List<Parameter> params, double lr, double momentum) {
    this.params = Checks.params(params);
    this.lr = Checks.lr(lr);
    this.momentum = Checks.unitInterval("momentum", momentum, "0.9 (or 0 for none)");
    this.buffers = new double[this.params.size()][];
  }

  /**
   * {@inheritDoc}
   *
   * <p>Applies b ← μ·b + g (b ← g on the first step) and θ ← θ − lr·b.
   */
  @Override
  public void step(List<Tensor> grads) {
    double[][] g = Checks.grads(params, grads);
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      double[] d = g[i];
      if (momentum != 0) {
        if (buffers[i] == null) {
          buffers[i] = d.clone();
        } else {
          double[] b = buffers[i];
          for (int k = 0; k < b.length; k++) {
            b[k] = momentum * b[k] + d[k];
          }
        }
        d = buffers[i];
      }
      double[] theta = p.value().toArray();
      for (int k = 0; k < theta.length; k++) {
        theta[k] -= lr * d[k];
      }
      p.set(Tensor.of(theta, p.shape()));
    }
    steps++;
  }

  @Override
  public List<Parameter> parameters() {
    return params;
  }

  /**
   * The learning rate.
   *
   * @return lr
   */
  public double lr() {
    return lr;
  }

  /**
   * The momentum factor.
   *
   * @return μ
   */
  public double momentum() {
    return momentum;
  }

  /**
   * The number of steps taken.
   *
   * @return the step count
   */
  public long steps() {
    return steps;
  }
}
