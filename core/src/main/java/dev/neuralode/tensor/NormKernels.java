package dev.neuralode.tensor;

/**
 * The loops behind group normalisation and softmax cross-entropy, each writing a caller-supplied
 * output (overwritten; not aliasing an input). Inputs are never modified.
 */
final class NormKernels {
  private NormKernels() {}

  /**
   * Group normalisation without the affine part (Wu &amp; He 2018, "Group Normalization"): x is
   * {@code [N, C, ...]} with {@code m = C/G·(spatial size)} consecutive values per (image, group);
   * each group is shifted to mean 0 and scaled by 1/√(σ² + ε), σ² the biased variance (two passes).
   */
  static void groupNorm(double[] x, int n, int groups, int m, double eps, double[] y) {
    for (int blk = 0; blk < n * groups; blk++) {
      int off = blk * m;
      double sum = 0.0;
      for (int i = 0; i < m; i++) {
        sum += x[off + i];
      }
      double mean = sum / m;
      double sq = 0.0;
      for (int i = 0; i < m; i++) {
        double d = x[off + i] - mean;
        sq += d * d;
      }
      double rstd = 1.0 / Math.sqrt(sq / m + eps);
      for (int i = 0; i < m; i++) {
        y[off + i] = (x[off + i] - mean) * rstd;
      }
    }
  }

  /** The largest value of each row of z {@code [n, k]} into max {@code [n]}. */
  static void rowMax(double[] z, int n, int k, double[] max) {
    for (int i = 0; i < n; i++) {
      double m = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        m = Math.max(m, z[i * k + j]);
      }
      max[i] = m;
    }
  }

  /**
   * Per-row softmax cross-entropy of logits z {@code [n, k]} with integer labels:
   * loss[i] = log Σ_j e^{z[i, j]} − z[i, label[i]], with the row maximum subtracted inside the
   * exponentials (log-sum-exp), so large logits do not overflow.
   */
  static void softmaxCrossEntropy(double[] z, int n, int k, int[] labels, double[] loss) {
    for (int i = 0; i < n; i++) {
      int row = i * k;
      double m = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        m = Math.max(m, z[row + j]);
      }
      double s = 0.0;
      for (int j = 0; j < k; j++) {
        s += Math.exp(z[row + j] - m);
      }
      loss[i] = m + Math.log(s) - z[row + labels[i]];
    }
  }
}
