package dev.neuralode.bench;

/**
 * Agreement checks run in the benchmarks' setup: a peer that computes something else would make
 * its time meaningless, so a disagreement stops the run.
 */
final class Checks {
  private Checks() {}

  /**
   * Fails unless every |x − y| ≤ tol·max(1, max|x|).
   *
   * @param what names the check in the message
   * @param x the reference
   * @param y the other result
   * @param tol the relative tolerance
   * @throws IllegalStateException if they disagree or differ in length
   */
  static void close(String what, double[] x, double[] y, double tol) {
    if (x.length != y.length) {
      throw new IllegalStateException(what + ": lengths " + x.length + " and " + y.length);
    }
    double scale = 1;
    for (double v : x) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < x.length; i++) {
      if (!(Math.abs(x[i] - y[i]) <= tol * scale)) {
        throw new IllegalStateException(what + " disagrees at " + i + ": " + x[i] + " vs " + y[i]);
      }
    }
  }
}
