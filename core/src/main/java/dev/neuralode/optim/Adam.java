package dev.neuralode.optim;

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
 * (the paper's ε̂ in its final remark of section 2). Moment estimates are kept as {@code double[]}s,
 * sized on the first step and kept across steps until {@link #reset()}.
 */
public final class Adam implements Optimizer {
  private final double lr;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private double[][] m;
  private double[][] v;
  private long steps;

  /**
   * Adam with PyTorch's defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and no weight decay.
   *
   * @param lr the learning rate of {@link #step(List, List)}, positive and finite (PyTorch's default
   *     is 1e-3)
   * @throws IllegalArgumentException if an argument is invalid
   */
  public Adam(double lr) {
    this(lr, 0.9, 0.999, 1e-8, 0.0);
  }

  /**
   * Adam with every hyperparameter given.
   *
   * @param lr the learning rate of {@link #step(List, List)}, positive and finite
   * @param beta1 decay rate β₁ of the first moment, in [0, 1)
   * @param beta2 decay rate β₂ of the second moment, in [0, 1)
   * @param eps ε added to the denominator, non-negative and finite
   * @param weightDecay L2 penalty λ added to the gradient as λ·θ, non-negative and finite
   * @throws IllegalArgumentException if an argument is invalid
   */
  public Adam(double lr, double beta1, double beta2, double eps, double weightDecay) {
    this.lr = Checks.lr(lr);
    this.beta1 = Checks.unitInterval("beta1", beta1, "0.9");
    this.beta2 = Checks.unitInterval("beta2", beta2, "0.999");
    this.eps = Checks.nonNegative("eps", eps, "1e-8");
    this.weightDecay = Checks.nonNegative("weightDecay", weightDecay, "0 (none) or 1e-4");
  }

  /**
   * {@inheritDoc}
   *
   * <p>Applies the update in the class description, incrementing the step count t.
   */
  @Override
  public List<Tensor> step(List<Tensor> params, List<Tensor> grads, double lrNow) {
    Checks.lr(lrNow);
    double[][] theta = Checks.params(params, m);
    double[][] g = Checks.grads(params, grads);
    if (m == null) {
      m = new double[theta.length][];
      v = new double[theta.length][];
      for (int i = 0; i < theta.length; i++) {
        m[i] = new double[theta[i].length];
        v[i] = new double[theta[i].length];
      }
    }
    steps++;
    double biasCorrection1 = 1 - Math.pow(beta1, steps);
    double biasCorrection2 = 1 - Math.pow(beta2, steps);
    double stepSize = lrNow / biasCorrection1;
    double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
    for (int i = 0; i < theta.length; i++) {
      double[] ti = theta[i];
      double[] gi = g[i];
      double[] mi = m[i];
      double[] vi = v[i];
      for (int k = 0; k < ti.length; k++) {
        double gk = weightDecay != 0 ? gi[k] + weightDecay * ti[k] : gi[k];
        mi[k] += (1 - beta1) * (gk - mi[k]);
        vi[k] = beta2 * vi[k] + (1 - beta2) * gk * gk;
        double denom = Math.sqrt(vi[k]) / biasCorrection2Sqrt + eps;
        ti[k] += -stepSize * (mi[k] / denom);
      }
    }
    return Checks.tensors(params, theta);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Clears the moment estimates m and v and the step count t.
   */
  @Override
  public void reset() {
    m = null;
    v = null;
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
   * The number of steps taken, t.
   *
   * @return the step count
   */
  @Override
  public long steps() {
    return steps;
  }

  /**
   * A builder with PyTorch's defaults (lr 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-8, no weight decay), so that
   * only the settings that differ are named: {@code Adam.builder().lr(0.01).weightDecay(1e-4).build()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Named settings for {@link Adam}; each setter returns this builder. Not thread-safe. */
  public static final class Builder {
    private double lr = 1e-3;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double eps = 1e-8;
    private double weightDecay;

    private Builder() {}

    /**
     * Sets the learning rate (default 1e-3).
     *
     * @param lr positive and finite; checked by {@link #build()}
     * @return this builder
     */
    public Builder lr(double lr) {
      this.lr = lr;
      return this;
    }

    /**
     * Sets β₁, the decay rate of the first moment (default 0.9).
     *
     * @param beta1 in [0, 1); checked by {@link #build()}
     * @return this builder
     */
    public Builder beta1(double beta1) {
      this.beta1 = beta1;
      return this;
    }

    /**
     * Sets β₂, the decay rate of the second moment (default 0.999).
     *
     * @param beta2 in [0, 1); checked by {@link #build()}
     * @return this builder
     */
    public Builder beta2(double beta2) {
      this.beta2 = beta2;
      return this;
    }

    /**
     * Sets ε, added to the denominator (default 1e-8).
     *
     * @param eps non-negative and finite; checked by {@link #build()}
     * @return this builder
     */
    public Builder eps(double eps) {
      this.eps = eps;
      return this;
    }

    /**
     * Sets the L2 weight decay λ (default 0, none).
     *
     * @param weightDecay non-negative and finite; checked by {@link #build()}
     * @return this builder
     */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    /**
     * A new Adam with these settings and fresh state.
     *
     * @return the optimizer
     * @throws IllegalArgumentException naming a setting that is out of range
     */
    public Adam build() {
      return new Adam(lr, beta1, beta2, eps, weightDecay);
    }
  }
}
