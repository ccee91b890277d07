package dev.neuralode.data;

import dev.neuralode.tensor.Rng;

/**
 * Dupont, Doucet &amp; Teh's nested-annuli classification data ("Augmented Neural ODEs", NeurIPS 2019,
 * §4): points of a disc of radius r₁ labelled −1 and points of the annulus r₂ ≤ |x| ≤ r₃ labelled +1,
 * each drawn with a uniform direction and a radius uniform in its interval, as in their
 * {@code ConcentricSphere} data set. A plain Neural ODE cannot separate the two classes by a
 * hyperplane, since its flow is a homeomorphism that keeps the disc surrounded by the annulus.
 *
 * @param points the points, {@code n × 2}
 * @param labels −1 (inner) or +1 (outer), one per point
 */
public record NestedAnnuli(double[][] points, double[] labels) {

  /**
   * The paper's 2-D set: r₁ = 0.5, r₂ = 1.0, r₃ = 1.5; the inner points first, then the outer ones.
   *
   * @param inner points in the disc, at least 1
   * @param outer points in the annulus, at least 1
   * @param seed the seed; the set is a pure function of (inner, outer, seed)
   * @return the data set
   * @throws IllegalArgumentException if a count is below 1
   */
  public static NestedAnnuli sample(int inner, int outer, long seed) {
    if (inner < 1 || outer < 1) {
      throw new IllegalArgumentException("need at least one inner and one outer point; got inner=" + inner
          + ", outer=" + outer);
    }
    Rng rng = new Rng(seed);
    double[][] x = new double[inner + outer][];
    double[] y = new double[inner + outer];
    for (int i = 0; i < x.length; i++) {
      boolean in = i < inner;
      double r = in ? rng.uniform(0.0, 0.5) : rng.uniform(1.0, 1.5);
      double a = rng.uniform(0.0, 2 * Math.PI);
      x[i] = new double[] {r * Math.cos(a), r * Math.sin(a)};
      y[i] = in ? -1.0 : 1.0;
    }
    return new NestedAnnuli(x, y);
  }

  /**
   * The number of points.
   *
   * @return n
   */
  public int size() {
    return labels.length;
  }
}
