package dev.neuralode.data;

import dev.neuralode.tensor.Rng;

/**
 * The spiral data of torchdiffeq's {@code examples/latent_ode.py} ({@code generate_spiral2d}), written
 * from its definition: on the grid tₖ = k·stop/(total − 1), a clockwise spiral z = stop + 1 − t,
 * r = a + 50b/z, (r cos z − 5, r sin z), and a counter-clockwise one z = t, r = a + b z,
 * (r cos z + 5, r sin z). Each series picks a direction by a fair coin and a start index uniform in
 * [window, total − 2·window], and covers 2·window consecutive grid points: the first {@code window}
 * are the observation span, the rest the extrapolation span. Its times are those of the grid's first
 * 2·window points (each series starts at t = 0), as torchdiffeq's {@code samp_ts}.
 *
 * @param times the series' common times, 2·window values from 0
 * @param truth the noise-free positions {@code [series][2·window][2]}
 * @param clockwise the direction of each series
 */
public record ArchimedeanSpirals(double[] times, double[][][] truth, boolean[] clockwise) {

  /**
   * Draws series.
   *
   * @param count the number of series, at least 1
   * @param total the grid size, at least 4·window
   * @param window the observation span in grid points, at least 2
   * @param stop the end of the grid (torchdiffeq: 6π)
   * @param a the spirals' a (torchdiffeq: 0)
   * @param b the spirals' b (torchdiffeq: 0.3)
   * @param seed the seed; the data are a pure function of the arguments
   * @return the series
   * @throws IllegalArgumentException if a size is out of range or stop is not positive
   */
  public static ArchimedeanSpirals generate(int count, int total, int window, double stop, double a, double b,
      long seed) {
    if (count < 1 || window < 2 || total < 4 * window || !(stop > 0)) {
      throw new IllegalArgumentException("need count >= 1, window >= 2, total >= 4*window and stop > 0; got count="
          + count + ", total=" + total + ", window=" + window + ", stop=" + stop);
    }
    Rng rng = new Rng(seed);
    double dt = stop / (total - 1);
    double[] times = new double[2 * window];
    for (int i = 0; i < times.length; i++) {
      times[i] = i * dt;
    }
    double[][][] truth = new double[count][2 * window][];
    boolean[] cw = new boolean[count];
    for (int s = 0; s < count; s++) {
      int start = window + rng.nextInt(total - 3 * window + 1);
      cw[s] = rng.uniform() <= 0.5;
      for (int i = 0; i < 2 * window; i++) {
        double t = (start + i) * dt;
        if (cw[s]) {
          double z = stop + 1 - t;
          double r = a + 50 * b / z;
          truth[s][i] = new double[] {r * Math.cos(z) - 5, r * Math.sin(z)};
        } else {
          double r = a + b * t;
          truth[s][i] = new double[] {r * Math.cos(t) + 5, r * Math.sin(t)};
        }
      }
    }
    return new ArchimedeanSpirals(times, truth, cw);
  }

  /**
   * The number of series.
   *
   * @return count
   */
  public int count() {
    return truth.length;
  }
}
