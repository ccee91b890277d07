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
  /** Advances of the underlying generator so far: each draw advances it by exactly one step. */
  private long draws;

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
    draws += 2; // SplittableRandom.split() takes two steps: the child's seed and its gamma
    return new Rng(random.split());
  }

  /**
   * The position of a generator, for a checkpoint: the draws taken since it was made and the
   * normal kept for the next call of {@link #normal()}.
   *
   * @param draws the steps the underlying generator has taken
   * @param hasSpare whether a spare normal is kept
   * @param spare the spare normal (0 if none)
   */
  public record State(long draws, boolean hasSpare, double spare) {
    /**
     * Checks the count.
     *
     * @param draws see the record
     * @param hasSpare see the record
     * @param spare see the record
     * @throws IllegalArgumentException if draws is negative
     */
    public State {
      if (draws < 0) {
        throw new IllegalArgumentException("draws: " + draws + " is negative; give a State from"
            + " Rng.state()");
      }
    }
  }

  /**
   * Returns this generator's position, for a checkpoint.
   *
   * @return the state
   */
  public State state() {
    return new State(draws, hasSpare, hasSpare ? spare : 0.0);
  }

  /**
   * Moves a fresh generator to a checkpoint's position: made the same way as the one whose
   * {@link #state()} was taken (same seed, same splits), it then continues bit for bit as that
   * one would. Costs one step per draw to skip (tens of millions per second).
   *
   * @param state the position
   * @throws IllegalArgumentException if state is null or this generator has already drawn more
   *     than the state's count
   */
  public void restore(State state) {
    if (state == null || state.draws() < draws) {
      throw new IllegalArgumentException("state: " + state + " is behind this generator ("
          + draws + " draws); restore into a freshly made generator");
    }
    while (draws < state.draws()) {
      random.nextLong();
      draws++;
    }
    hasSpare = state.hasSpare();
    spare = state.spare();
  }

  /**
   * A uniform double in [0, 1).
   *
   * @return the value
   */
  public double uniform() {
    draws++;
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
    draws++;
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
    return boundedInt(n);
  }

  /**
   * {@link SplittableRandom#nextInt(int)}'s algorithm (the same bits) on counted draws: one
   * 32-bit draw, masked for a power of two, else rejection of the biased top of the range.
   */
  private int boundedInt(int bound) {
    int r = nextRawInt();
    int m = bound - 1;
    if ((bound & m) == 0) {
      return r & m;
    }
    for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = nextRawInt() >>> 1) {
      // rejected: draw again
    }
    return r;
  }

  private int nextRawInt() {
    draws++;
    return random.nextInt();
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
      draws += 2;
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
      int j = boundedInt(i + 1);
      int tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }
}
