package dev.neuralode.data;

import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;

/**
 * The true dynamics and observations of the classic Neural ODE tutorial's two experiments.
 *
 * <p>Setup (as in the tutorial): z₀ = [0.6, 0.3]; 200 equally spaced times over [0, 6.29·5]
 * ({@code numpy.linspace}); the true trajectory solved with Euler at h_max = 0.05 per interval;
 * Gaussian noise of σ = 0.01 added to every coordinate.
 */
public final class TutorialSpirals {
  /** The initial state z₀ = [0.6, 0.3]; see {@link #z0()}. */
  private static final double[] Z0 = {0.6, 0.3};
  /** The end time 6.29·5 = 31.45. */
  public static final double T_MAX = 6.29 * 5;
  /** The number of observation times. */
  public static final int N_POINTS = 200;
  /** The tutorial's Euler step bound. */
  public static final double H_MAX = 0.05;
  /** The observation noise's standard deviation. */
  public static final double NOISE = 0.01;
  // Arrays are mutable, so they stay private: the methods below return copies, and no caller on
  // any thread can change the tutorial's constants for everyone else.
  private static final double[][] SPIRAL_A = {{-0.1, -1.0}, {1.0, -0.1}};
  private static final double[] GATE_X0 = {-1.0, 0.0};
  private static final double[][] GATE_A = {{-0.1, -0.5}, {0.5, -0.1}};
  private static final double[][] GATE_B = {{0.2, 1.0}, {-1.0, 0.2}};

  private TutorialSpirals() {}

  /**
   * The initial state z₀ = [0.6, 0.3].
   *
   * @return a new array
   */
  public static double[] z0() {
    return Z0.clone();
  }

  /**
   * The linear spiral's matrix A: dz/dt = z·Aᵀ, A = [[-0.1, -1], [1, -0.1]].
   *
   * @return a new 2×2 array
   */
  public static double[][] spiralA() {
    return copy(SPIRAL_A);
  }

  /**
   * The nonlinear spiral's gate centre x₀ = [-1, 0].
   *
   * @return a new array
   */
  public static double[] gateX0() {
    return GATE_X0.clone();
  }

  /**
   * The nonlinear spiral's first matrix A = [[-0.1, -0.5], [0.5, -0.1]].
   *
   * @return a new 2×2 array
   */
  public static double[][] gateA() {
    return copy(GATE_A);
  }

  /**
   * The nonlinear spiral's second matrix B = [[0.2, 1], [-1, 0.2]].
   *
   * @return a new 2×2 array
   */
  public static double[][] gateB() {
    return copy(GATE_B);
  }

  private static double[][] copy(double[][] m) {
    double[][] out = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i].clone();
    }
    return out;
  }

  /**
   * A noisy observed trajectory and the noise-free one it came from.
   *
   * @param t the times, length {@link #N_POINTS}
   * @param truth the noise-free states {@code [T][2]}
   * @param observed the noisy states {@code [T][2]}
   */
  public record Observations(double[] t, double[][] truth, double[][] observed) {}

  /**
   * The times {@code linspace(0, T_MAX, N_POINTS)}, computed as NumPy does (start + i·step, last = stop).
   *
   * @return a new array of 200 times
   */
  public static double[] times() {
    return linspace(0, T_MAX, N_POINTS);
  }

  /**
   * {@code n} equally spaced values from {@code a} to {@code b} inclusive, as {@code numpy.linspace}.
   *
   * @param a first value
   * @param b last value
   * @param n count, at least 2
   * @return a new array
   * @throws IllegalArgumentException if n &lt; 2
   */
  public static double[] linspace(double a, double b, int n) {
    if (n < 2) {
      throw new IllegalArgumentException("n must be at least 2; got n=" + n + "; pass n >= 2 to include both ends");
    }
    double[] t = new double[n];
    double step = (b - a) / (n - 1);
    for (int i = 0; i < n; i++) {
      t[i] = a + i * step;
    }
    t[n - 1] = b;
    return t;
  }

  /**
   * The linear spiral dz/dt = z·Aᵀ with A = {@link #SPIRAL_A}; z has shape {@code [batch, 2]}.
   *
   * @return the true dynamics
   */
  public static OdeFunction linearSpiral() {
    Tensor at = Tensor.matrix(SPIRAL_A).transpose();
    return (t, z) -> z.matmul(at);
  }

  /**
   * The gated nonlinear spiral: with s = x·x₀, dx/dt = σ(s)·(x − x₀)Aᵀ + σ(−s)·(x + x₀)Bᵀ.
   *
   * @return the true dynamics, for x of shape {@code [batch, 2]}
   */
  public static OdeFunction gatedSpiral() {
    Tensor x0 = Tensor.vector(GATE_X0);
    Tensor at = Tensor.matrix(GATE_A).transpose();
    Tensor bt = Tensor.matrix(GATE_B).transpose();
    return (t, x) -> {
      Tensor s = x.mul(x0).sum(1, true);
      return s.sigmoid().mul(x.sub(x0).matmul(at)).add(s.neg().sigmoid().mul(x.add(x0).matmul(bt)));
    };
  }

  /**
   * Solves the true dynamics from {@link #z0()} with Euler (h_max = 0.05) at {@link #times()} and adds
   * N(0, σ²) noise, σ = {@link #NOISE}.
   *
   * @param dynamics the true dynamics
   * @param rng the noise source
   * @return the observations
   */
  public static Observations observe(OdeFunction dynamics, Rng rng) {
    double[] t = times();
    Tensor ys;
    try (Autograd.Scope s = Autograd.noGrad()) {
      ys = Odeint.solve(dynamics, Tensor.of(Z0, 1, 2), t,
          Solver.fixed("euler", H_MAX)).ys();
    }
    double[][] truth = ys.reshape(N_POINTS, 2).toMatrix();
    double[][] obs = new double[N_POINTS][2];
    for (int i = 0; i < N_POINTS; i++) {
      for (int j = 0; j < 2; j++) {
        obs[i][j] = truth[i][j] + NOISE * rng.normal();
      }
    }
    return new Observations(t, truth, obs);
  }

  /**
   * The tutorial's minibatch: t_start ~ U[0, t_max − 5], a window length ~ U[1, 5], and at most
   * {@code maxPoints} indices of times strictly inside the window, chosen at random and sorted.
   *
   * @param t all observation times, increasing
   * @param maxPoints the most indices to return (32 in the tutorial)
   * @param rng the source of randomness
   * @return sorted indices into {@code t}; may have fewer than 2 entries if the window holds fewer times
   * @throws IllegalArgumentException if {@code t} ends at or before 5
   */
  public static int[] randomWindow(double[] t, int maxPoints, Rng rng) {
    double tMax = t[t.length - 1];
    if (!(tMax > 5.0)) {
      throw new IllegalArgumentException("t must extend past 5 to hold a window of length up to 5; t[last]="
          + tMax);
    }
    double t0 = rng.uniform(0, tMax - 5.0);
    double t1 = t0 + rng.uniform(1.0, 5.0);
    int count = 0;
    int[] inside = new int[t.length];
    for (int i = 0; i < t.length; i++) {
      if (t[i] > t0 && t[i] < t1) {
        inside[count++] = i;
      }
    }
    int[] perm = rng.permutation(count);
    int k = Math.min(maxPoints, count);
    int[] idx = new int[k];
    for (int i = 0; i < k; i++) {
      idx[i] = inside[perm[i]];
    }
    java.util.Arrays.sort(idx);
    return idx;
  }
}
