package dev.neuralode.nn;

import dev.neuralode.tensor.Tensor;
import java.util.Arrays;

/**
 * Classification losses built from existing tensor ops, so that they differentiate (to any order)
 * like every other composite.
 */
public final class ClassificationLosses {
  private ClassificationLosses() {}

  /**
   * The binary cross-entropy with logits for labels ±1: mean over the batch of −log σ(y·s) =
   * softplus(−y·s), computed stably by {@link Tensor#softplus()}.
   *
   * @param logits scores s, {@code [batch]} or {@code [batch, 1]}
   * @param labels y, each −1 or +1, one per row; not modified
   * @return the scalar mean loss
   * @throws IllegalArgumentException if the sizes differ or a label is not ±1
   */
  public static Tensor binaryCrossEntropy(Tensor logits, double[] labels) {
    if (logits == null || labels == null || logits.size() != labels.length) {
      throw new IllegalArgumentException("need one logit per label; got logits "
          + (logits == null ? "null" : Arrays.toString(logits.shape())) + " and "
          + (labels == null ? "null" : labels.length + " labels"));
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 1.0 && labels[i] != -1.0) {
        throw new IllegalArgumentException("labels[" + i + "]=" + labels[i] + "; binary labels must be -1 or +1");
      }
    }
    Tensor y = Tensor.of(labels.clone(), labels.length);
    return logits.reshape(labels.length).mul(y).neg().softplus().mean();
  }

  /**
   * The softmax cross-entropy: mean over the batch of log Σⱼ exp(sⱼ) − s_label, with the row maximum
   * subtracted (as a constant) before exponentiating.
   *
   * @param logits scores {@code [batch, classes]}
   * @param labels the class of each row, in [0, classes); not modified
   * @return the scalar mean loss
   * @throws IllegalArgumentException if the shapes disagree or a label is out of range
   */
  public static Tensor softmaxCrossEntropy(Tensor logits, int[] labels) {
    if (logits == null || logits.rank() != 2 || labels == null || labels.length != logits.dim(0)) {
      throw new IllegalArgumentException("need logits [batch, classes] and one label per row; got logits "
          + (logits == null ? "null" : Arrays.toString(logits.shape())) + " and "
          + (labels == null ? "null" : labels.length + " labels"));
    }
    int n = logits.dim(0);
    int c = logits.dim(1);
    double[] oneHot = new double[n * c];
    double[] max = new double[n];
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0 || labels[i] >= c) {
        throw new IllegalArgumentException("labels[" + i + "]=" + labels[i] + "; labels must lie in [0, " + c + ")");
      }
      oneHot[i * c + labels[i]] = 1.0;
      double m = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        m = Math.max(m, logits.getFlat(i * c + j));
      }
      max[i] = m;
    }
    Tensor shift = Tensor.of(max, n, 1);
    Tensor lse = logits.sub(shift).exp().sum(1, true).log().add(shift);
    Tensor picked = logits.mul(Tensor.of(oneHot, n, c)).sum(1, true);
    return lse.sub(picked).mean();
  }
}
