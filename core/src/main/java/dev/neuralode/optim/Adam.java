package dev.neuralode.optim;

import dev.neuralode.nn.Parameter;
import dev.neuralode.tensor.Tensor;
import java.util.List;

/**
 * Adam (Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, Algorithm 1), with
 * exactly the update of PyTorch's {@code torch.optim.Adam} (without amsgrad). At step t = 1, 2, …,
 * for each parameter θ with gradient g:
 *
 * <pre>
 *   g ← g + λ·θ                              (L2 weight decay, if λ &gt; 0)
 *   m ← m + (1 − β₁)·(g − m)                 (= β₁·m + (1 − β₁)·g, as PyTorch's lerp)
 *   v ← β₂·v + (1 − β₂)·g²
 *   step_size = lr / (1 − β₁ᵗ)
 *   denom     = √v / √(1 − β₂ᵗ) + ε
 *   θ ← θ − step_size · m / denom
 * </pre>
 *
 * with m and v starting at 0. Note that ε is added after the bias correction of v, as in PyTorch
 * (the paper's ε̂ in its final remark of section 2). Moment estimates are kept as {@code double[]}s.
 */
public final class Adam implements Optimizer {
  private final List<Parameter> params;
  private final double lr;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final double[][] m;
  private final double[][] v;
  private long steps;

  /**
   * Adam with PyTorch's defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and no weight decay.
   *
   * @param params the parameters to update, non-empty, without duplicates; the list is copied
   * @param lr the learning rate, positive and finite (PyTorch's default is 1e-3)
   * @throws IllegalArgumentException if an argument is invalid
   */
  public Adam(List<Parameter> params, double lr) {
    this(params, lr, 0.9, 0.999, 1e-8, 0.0);
  }

  /**
   * Adam with every hyperparameter given.
   *
   * @param params the parameters to update, non-empty, without duplicates; the list is copied
   * @param lr the learning rate, positive and finite
   * @param beta1 decay rate β₁ of the first moment, in [0, 1)
   * @param beta2 decay rate β₂ of the second moment, in [0, 1)
   * @param eps ε added to the denominator, non-negative and finite
   * @param weightDecay L2 penalty λ added to the gradient as λ·θ, non-negative and finite
   * @throws IllegalArgumentException if an argument is invalid
   */
  public Adam(List<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
    this.params = Checks.params(params);
    this.lr = Checks.lr(lr);
    this.beta1 = Checks.unitInterval("beta1", beta1, "0.9");
    this.beta2 = Checks.unitInterval("beta2", beta2, "0.999");
    this.eps = Checks.nonNegative("eps", eps, "1e-8");
    this.weightDecay = Checks.nonNegative("weightDecay", weightDecay, "0 (none) or 1e-4");
    this.m = new double[this.params.size()][];
    this.v = new double[this.params.size()][];
    for (int i = 0; i < this.params.size(); i++) {
      m[i] = new double[this.params.get(i).size()];
      v[i] = new double[this.params.get(i).size()];
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Applies the update in the class description, incrementing the step count t.
   */
  @Override
  public void step(List<Tensor> grads) {
    step(grads, lr);
  }

  /**
   * Applies the update in the class description with another learning rate for this step only
   * (for a schedule such as {@link CosineSchedule}), incrementing the step count t.
   *
   * @param grads one gradient per parameter, of its shape; not modified
   * @param lrNow the learning rate of this step, positive and finite
   * @throws IllegalArgumentException if the gradients do not match the parameters or lrNow is invalid
   */
  public void step(List<Tensor> grads, double lrNow) {
    Checks.lr(lrNow);
    double[][] g = Checks.grads(params, grads);
    steps++;
    double biasCorrection1 = 1 - Math.pow(beta1, steps);
    double biasCorrection2 = 1 - Math.pow(beta2, steps);
    double stepSize = lrNow / biasCorrection1;
    double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      double[] theta = p.value().toArray();
      double[] gi = g[i];
      double[] mi = m[i];
      double[] vi = v[i];
      for (int k = 0; k < theta.length; k++) {
        double gk = weightDecay != 0 ? gi[k] + weightDecay * theta[k] : gi[k];
        mi[k] += (1 - beta1) * (gk - mi[k]);
        vi[k] = beta2 * vi[k] + (1 - beta2) * gk * gk;
        double denom = Math.sqrt(vi[k]) / biasCorrection2Sqrt + eps;
        theta[k] += -stepSize * (mi[k] / denom);
      }
      p.set(Tensor.of(theta, p.shape()));
    }
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
   * The number of steps taken, t.
   *
   * @return the step count
   */
  public long steps() {
    return steps;
  }
}
