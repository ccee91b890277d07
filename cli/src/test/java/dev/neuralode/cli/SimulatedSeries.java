package dev.neuralode.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Seeded simulated data sets for the acceptance tests of {@code neuralode fit} (issue 10), each
 * written as a CSV file. The true trajectories are classical RK4 solves with a step of 10⁻³ (local
 * error far below the noise), sampled at irregular, seeded times.
 */
final class SimulatedSeries {

  private SimulatedSeries() {}

  /**
   * A damped pendulum θ'' = −9.81 sin θ − 0.3 θ', θ(0) uniform in [2, 2.5] rad, θ'(0) = 0,
   * observed (θ and ω = θ') at 60 irregular times over 12 s (0 and 59 sorted uniform draws), with
   * Gaussian noise σ = 0.05 on both.
   *
   * @param seed the seed of θ(0), the times and the noise
   * @return the CSV text, columns {@code t,theta,omega}
   */
  static String pendulum(long seed) {
    Random rng = new Random(seed);
    double theta0 = 2 + 0.5 * rng.nextDouble();
    double[] t = times(rng, 60, 12.0);
    double[][] x = solve((s, y) -> new double[] {y[1], -9.81 * Math.sin(y[0]) - 0.3 * y[1]},
        new double[] {theta0, 0}, t);
    StringBuilder sb = new StringBuilder("t,theta,omega\n");
    for (int i = 0; i < t.length; i++) {
      sb.append(String.format(Locale.ROOT, "%.4f,%.5f,%.5f%n", t[i],
          x[i][0] + 0.05 * rng.nextGaussian(), x[i][1] + 0.05 * rng.nextGaussian()));
    }
    return sb.toString();
  }

  /**
   * The x of a Van der Pol oscillator x'' = μ(1 − x²)x' − x, μ = 1, started at (2, 0) (close to
   * the limit cycle, period ≈ 6.663), observed at 80 irregular times over 4 periods (26.65) with
   * Gaussian noise σ = 0.1.
   *
   * @param seed the seed of the times and the noise
   * @return the CSV text, columns {@code t,x}
   */
  static String vanDerPol(long seed) {
    Random rng = new Random(seed);
    double[] t = times(rng, 80, 4 * 6.6633);
    double[][] x = solve((s, y) -> new double[] {y[1], (1 - y[0] * y[0]) * y[1] - y[0]},
        new double[] {2, 0}, t);
    StringBuilder sb = new StringBuilder("t,x\n");
    for (int i = 0; i < t.length; i++) {
      sb.append(String.format(Locale.ROOT, "%.4f,%.5f%n", t[i], x[i][0] + 0.1 * rng.nextGaussian()));
    }
    return sb.toString();
  }

  /**
   * A one-compartment model with first-order oral absorption for 12 subjects: dose D uniform in
   * [50, 200] mg, ka uniform in [0.6, 1.8] /h, ke uniform in [0.08, 0.25] /h, V = 15 L, so that
   * C(t) = D ka / (V (ka − ke)) (e^(−ke t) − e^(−ka t)) mg/L. Each subject is sampled at t = 0 and
   * 10 irregular times over 24 h (24 u² for sorted uniform u, denser early, as a sampling schedule
   * is), with 5% multiplicative log-normal noise; only the concentration is observed.
   *
   * @param seed the seed of the subjects, the times and the noise
   * @return the CSV text in long format, columns {@code subject,hour,concentration}
   */
  static String pharmacokinetics(long seed) {
    Random rng = new Random(seed);
    StringBuilder sb = new StringBuilder("subject,hour,concentration\n");
    for (int s = 1; s <= 12; s++) {
      double dose = 50 + 150 * rng.nextDouble();
      double ka = 0.6 + 1.2 * rng.nextDouble();
      double ke = 0.08 + 0.17 * rng.nextDouble();
      double[] u = new double[10];
      for (int i = 0; i < u.length; i++) {
        u[i] = 0.05 + 0.95 * rng.nextDouble();
      }
      Arrays.sort(u);
      for (int i = 0; i <= 10; i++) {
        double t = i == 0 ? 0 : 24 * u[i - 1] * u[i - 1];
        double c = dose * ka / (15 * (ka - ke)) * (Math.exp(-ke * t) - Math.exp(-ka * t));
        double noisy = c * Math.exp(0.05 * rng.nextGaussian());
        sb.append(String.format(Locale.ROOT, "s%02d,%.4f,%.5f%n", s, t, noisy));
      }
    }
    return sb.toString();
  }

  /** 0 and n − 1 sorted uniform draws on (0, end]. */
  private static double[] times(Random rng, int n, double end) {
    double[] t = new double[n];
    for (int i = 1; i < n; i++) {
      t[i] = end * (0.001 + 0.999 * rng.nextDouble());
    }
    Arrays.sort(t);
    return t;
  }

  /** Classical RK4 with step 1e-3, states at the given increasing times. */
  private static double[][] solve(BiFunction<Double, double[], double[]> f, double[] y0,
      double[] times) {
    double[] y = y0.clone();
    double now = 0;
    double[][] out = new double[times.length][];
    for (int i = 0; i < times.length; i++) {
      while (now < times[i]) {
        double h = Math.min(1e-3, times[i] - now);
        double[] k1 = f.apply(now, y);
        double[] k2 = f.apply(now + h / 2, add(y, k1, h / 2));
        double[] k3 = f.apply(now + h / 2, add(y, k2, h / 2));
        double[] k4 = f.apply(now + h, add(y, k3, h));
        for (int j = 0; j < y.length; j++) {
          y[j] += h / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
        }
        now += h;
      }
      out[i] = y.clone();
    }
    return out;
  }

  private static double[] add(double[] y, double[] k, double h) {
    double[] out = new double[y.length];
    for (int j = 0; j < y.length; j++) {
      out[j] = y[j] + h * k[j];
    }
    return out;
  }

  /**
   * Writes the three data sets into a directory, for trying them by hand.
   *
   * @param args the directory
   * @throws IOException if a file cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path dir = Files.createDirectories(Path.of(args[0]));
    Files.writeString(dir.resolve("pendulum.csv"), pendulum(10));
    Files.writeString(dir.resolve("vanderpol.csv"), vanDerPol(10));
    Files.writeString(dir.resolve("pk.csv"), pharmacokinetics(10));
  }
}
