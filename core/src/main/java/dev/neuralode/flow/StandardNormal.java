package dev.neuralode.flow;

import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;

/**
 * The standard normal N(0, I) in d dimensions, the base density of a CNF:
 * log N(z; 0, I) = −½‖z‖² − (d/2)·log 2π.
 */
public final class StandardNormal {
  /** log 2π. */
  public static final double LOG_2PI = Math.log(2 * Math.PI);

  private StandardNormal() {}

  /**
   * The log-density of each row.
   *
   * @param z points, shape {@code [batch, d]}; not modified
   * @return log N(z; 0, I) per row, shape {@code [batch]}, differentiable with respect to z
   * @throws IllegalArgumentException if z is not 2-D
   */
  public static Tensor logProb(Tensor z) {
    if (z.rank() != 2) {
      throw new IllegalArgumentException("z must have shape [batch, d]; got "
          + java.util.Arrays.toString(z.shape()));
    }
    return z.square().sum(1, false).mul(-0.5).sub(0.5 * z.dim(1) * LOG_2PI);
  }

  /**
   * Draws samples.
   *
   * @param n the number of samples, at least 1
   * @param d the dimension, at least 1
   * @param rng the source; advanced
   * @return samples of shape {@code [n, d]}
   * @throws IllegalArgumentException if n or d is below 1
   */
  public static Tensor sample(int n, int d, Rng rng) {
    if (n < 1 || d < 1) {
      throw new IllegalArgumentException("n and d must be >= 1; got n=" + n + ", d=" + d);
    }
    return rng.normal(n, d);
  }
}
