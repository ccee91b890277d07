package dev.neuralode.optim;

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
 * double[]} across steps until {@link #reset()}.
 */
public final class Sgd implements Optimizer {
  private final double lr;
  private final double momentum;
  private double[][] buffers;
  private long steps;

  /**
   * Plain gradient descent θ ← θ − lr·g.
   *
   * @param lr the learning rate of {@link #step(List, List)}, positive and finite
   * @throws IllegalArgumentException if an argument is invalid
   */
  public Sgd(double lr) {
    this(lr, 0.0);
  }

  /**
   * Gradient descent with momentum.
   *
   * @param lr the learning rate of {@link #step(List, List)}, positive and finite
   * @param momentum the momentum factor μ, in [0, 1); 0 for none
   * @throws IllegalArgumentException if an argument is invalid
   */
  public Sgd(double lr, double momentum) {
    this.lr = Checks.lr(lr);
    this.momentum = Checks.unitInterval("momentum", momentum, "0.9 (or 0 for none)");
  }

  /**
   * {@inheritDoc}
   *
   * <p>Applies b ← μ·b + g (b ← g on the first step) and θ ← θ − lr·b.
   */
  @Override
  public List<Tensor> step(List<Tensor> params, List<Tensor> grads, double lrNow) {
    Checks.lr(lrNow);
    double[][] theta = Checks.params(params, buffers);
    double[][] g = Checks.grads(params, grads);
    if (buffers == null) {
      buffers = new double[theta.length][];
    }
    for (int i = 0; i < theta.length; i++) {
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
      double[] ti = theta[i];
      for (int k = 0; k < ti.length; k++) {
        ti[k] -= lrNow * d[k];
      }
    }
    steps++;
    return Checks.tensors(params, theta);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Clears the momentum buffers and the step count.
   */
  @Override
  public void reset() {
    buffers = null;
    steps = 0;
  }

  /**
   * The learning rate given at construction.
   *
   * @return lr
   */
  @Override
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
  @Override
  public long steps() {
    return steps;
  }
}
