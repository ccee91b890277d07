package dev.neuralode.data;

import dev.neuralode.tensor.Rng;
import java.util.List;
import java.util.Locale;

/**
 * Seeded samplers for FFJORD's 2-D toy densities (Grathwohl et al. 2019, {@code lib/toy_data.py}),
 * written from their definitions:
 *
 * <ul>
 *   <li>{@code 8gaussians}: N(c, 0.5²I) around one of 8 centres 4·(cos kπ/4, sin kπ/4), all / √2;
 *   <li>{@code pinwheel}: 5 arms; radial r ~ 1 + N(0, 0.3²), tangential N(0, 0.1²), rotated by the
 *       arm angle + 0.25·e^r, times 2;
 *   <li>{@code checkerboard}: x₁ ~ U[−2, 2), x₂ ~ U[0, 1) − 2·B + (⌊x₁⌋ mod 2) with B ∈ {0, 1}, times 2;
 *   <li>{@code 2spirals}: n = √U·3π, (−n cos n + U/2, n sin n + U/2) and its negative, / 3, plus
 *       N(0, 0.1²);
 *   <li>{@code moons}: scikit-learn's two moons with noise 0.1, times 2, shifted by (−1, −0.2);
 *   <li>{@code circles}: scikit-learn's two circles (radii 1 and 0.5) with noise 0.08, times 3;
 *   <li>{@code swissroll}: scikit-learn's swiss roll with noise 1, coordinates (x, z), / 5;
 *   <li>{@code rings}: four circles of radii 1, 0.75, 0.5, 0.25 (equally spaced angles), times 3,
 *       plus N(0, 0.08²).
 * </ul>
 *
 * Every sampler returns rows in random order and is a pure function of (name, n, seed).
 */
public final class ToyDensities {
  /** The names {@link #sample} accepts. */
  public static final List<String> NAMES =
      List.of("8gaussians", "pinwheel", "checkerboard", "2spirals", "moons", "circles", "swissroll", "rings");

  private ToyDensities() {}

  /**
   * Draws n points.
   *
   * @param name one of {@link #NAMES} (case-insensitive)
   * @param n the number of points, at least 1
   * @param seed the seed
   * @return n rows of 2 coordinates
   * @throws IllegalArgumentException if the name is unknown or n &lt; 1
   */
  public static double[][] sample(String name, int n, long seed) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1; got " + n);
    }
    Rng rng = new Rng(seed);
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    double[][] x = new double[n][];
    switch (key) {
      case "8gaussians":
        for (int i = 0; i < n; i++) {
          double a = rng.nextInt(8) * Math.PI / 4;
          x[i] = new double[] {(4 * Math.cos(a) + 0.5 * rng.normal()) / Math.sqrt(2),
              (4 * Math.sin(a) + 0.5 * rng.normal()) / Math.sqrt(2)};
        }
        break;
      case "pinwheel":
        for (int i = 0; i < n; i++) {
          double r = 1 + 0.3 * rng.normal();
          double tang = 0.1 * rng.normal();
          double angle = 2 * Math.PI * (i % 5) / 5 + 0.25 * Math.exp(r);
          double c = Math.cos(angle);
          double s = Math.sin(angle);
          x[i] = new double[] {2 * (r * c + tang * s), 2 * (-r * s + tang * c)};
        }
        break;
      case "checkerboard":
        for (int i = 0; i < n; i++) {
          double x1 = rng.uniform() * 4 - 2;
          double x2 = rng.uniform() - rng.nextInt(2) * 2 + Math.floorMod((int) Math.floor(x1), 2);
          x[i] = new double[] {2 * x1, 2 * x2};
        }
        break;
      case "2spirals":
        for (int i = 0; i < n; i++) {
          double m = Math.sqrt(rng.uniform()) * 3 * Math.PI;
          double sign = i % 2 == 0 ? 1 : -1;
          double px = -Math.cos(m) * m + rng.uniform() * 0.5;
          double py = Math.sin(m) * m + rng.uniform() * 0.5;
          x[i] = new double[] {sign * px / 3 + 0.1 * rng.normal(), sign * py / 3 + 0.1 * rng.normal()};
        }
        break;
      case "moons":
        for (int i = 0; i < n; i++) {
          double a = Math.PI * rng.uniform();
          double[] p = i % 2 == 0 ? new double[] {Math.cos(a), Math.sin(a)}
              : new double[] {1 - Math.cos(a), 1 - Math.sin(a) - 0.5};
          x[i] = new double[] {2 * (p[0] + 0.1 * rng.normal()) - 1, 2 * (p[1] + 0.1 * rng.normal()) - 0.2};
        }
        break;
      case "circles":
        for (int i = 0; i < n; i++) {
          double a = 2 * Math.PI * rng.uniform();
          double rad = i % 2 == 0 ? 1 : 0.5;
          x[i] = new double[] {3 * (rad * Math.cos(a) + 0.08 * rng.normal()),
              3 * (rad * Math.sin(a) + 0.08 * rng.normal())};
        }
        break;
      case "swissroll":
        for (int i = 0; i < n; i++) {
          double t = 1.5 * Math.PI * (1 + 2 * rng.uniform());
          x[i] = new double[] {(t * Math.cos(t) + rng.normal()) / 5, (t * Math.sin(t) + rng.normal()) / 5};
        }
        break;
      case "rings":
        for (int i = 0; i < n; i++) {
          double rad = 0.25 * (4 - i % 4);
          int perRing = Math.max(1, n / 4);
          double a = 2 * Math.PI * ((i / 4) % perRing) / perRing;
          x[i] = new double[] {3 * rad * Math.cos(a) + 0.08 * rng.normal(), 3 * rad * Math.sin(a) + 0.08 * rng.normal()};
        }
        break;
      default:
        throw new IllegalArgumentException("unknown toy density '" + name + "'; choose one of " + NAMES);
    }
    int[] perm = rng.permutation(n);
    double[][] out = new double[n][];
    for (int i = 0; i < n; i++) {
      out[i] = x[perm[i]];
    }
    return out;
  }
}
