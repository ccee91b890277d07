package dev.neuralode.tensor;

import java.util.SplittableRandom;

/**
 * A seeded source of random numbers and random tensors. The same seed gives the same bits on every
 * JVM: uniforms come from {@link SplittableRandom#nextDouble()}, whose algorithm is specified, and
 * normals from the Marsaglia polar method (Marsaglia &amp; Bray 1964) on top of them.
 *
 * <p>An {@code Rng} is a stateful generator and is not thread-safe; give each thread its own, for
 * example through {@link #split()}.
 */
public final class Rng {
  private final SplittableRandom random;
  private double spare;
  private boolean hasSpare;

  /**
   * A generator with the given seed.
   *
   * @param seed the seed
   */
  public Rng(long seed) {
    this(new SplittableRandom(seed));
  }

  private Rng(SplittableRandom random) {
    this.random = random;
  }

  /**
   * A new, statistically independent generator split off this one.
   *
   * @return the new generator
   */
  public Rng split() {
    return new Rng(random.split());
  }

  /**
   * A uniform double in [0, 1).
   *
   * @return the value
   */
  public double uniform() {
    return random.nextDouble();
  }

  /**
   * A uniform double in [lo, hi).
   *
   * @param lo lower bound, inclusive
   * @param hi upper bound, exclusive
   * @return the value
   */
  public double uniform(double lo, double hi) {
    return lo + (hi - lo) * random.nextDouble();
  }

  /**
   * A uniform int in [0, n).
   *
   * @param n the bound, positive
   * @return the value
   * @throws IllegalArgumentException if n is not positive
   */
  public int nextInt(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("n must be positive; got n=" + n + "; pass n >= 1");
    }
    return random.nextInt(n);
  }

  /**
   * A standard normal double.
   *
   * @return the value
   */
  public double normal() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * random.nextDouble() - 1;
      v = 2 * random.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double m = Math.sqrt(-2 * Math.log(s) / s);
    spare = v * m;
    hasSpare = true;
    return u * m;
  }

  /**
   * A tensor of independent standard normals.
   *
   * @param shape the shape
   * @return a new tensor
   */
  public Tensor normal(int... shape) {
    double[] d = new double[Shape.size(shape)];
    for (int i = 0; i < d.length; i++) {
      d[i] = normal();
    }
    return Tensor.wrap(d, shape.clone());
  }

  /**
   * A tensor of independent uniforms in [lo, hi).
   *
   * @param lo lower bound
   * @param hi upper bound
   * @param shape the shape
   * @return a new tensor
   */
  public Tensor uniform(double lo, double hi, int... shape) {
    double[] d = new double[Shape.size(shape)];
    for (int i = 0; i < d.length; i++) {
      d[i] = uniform(lo, hi);
    }
    return Tensor.wrap(d, shape.clone());
  }

  /**
   * A uniformly random permutation of 0..n−1 (Fisher–Yates).
   *
   * @param n the length, at least 0
   * @return a new array
   */
  public int[] permutation(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }
}
