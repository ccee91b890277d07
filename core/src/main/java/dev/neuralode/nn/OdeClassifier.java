package dev.neuralode.nn;

import dev.neuralode.sensitivity.SensitivityResult;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;

/**
 * A Neural ODE classifier: an ODE block (a plain or {@link AugmentedOde augmented} Neural ODE) that
 * carries the input from t = 0 to t = T, followed by a linear read-out of the whole final state, as in
 * Dupont, Doucet &amp; Teh (2019) and Chen et al. (2018). Train it with {@link
 * ClassificationLosses#binaryCrossEntropy} (one output) or {@link
 * ClassificationLosses#softmaxCrossEntropy} (one output per class).
 *
 * <p>Parameters: the block's under {@code "block"}, then the read-out's under {@code "head"}.
 */
public final class OdeClassifier extends Module {
  private final AugmentedOde block;
  private final Linear head;
  private final double endTime;

  /**
   * What one forward pass computed.
   *
   * @param logits the read-out, {@code [batch, outputs]}
   * @param solve the block's solve: the augmented states at 0 and T and the statistics
   */
  public record Output(Tensor logits, SensitivityResult solve) {}

  /**
   * A classifier with a PyTorch-initialised linear head on the block's d + K state components.
   *
   * @param block the ODE block (K = 0 for a plain Neural ODE)
   * @param outputs 1 for binary classification, else the number of classes
   * @param endTime T &gt; 0
   * @param rng the head's initialisation
   * @throws IllegalArgumentException if block or rng is null, outputs &lt; 1 or T is not &gt; 0
   */
  public OdeClassifier(AugmentedOde block, int outputs, double endTime, Rng rng) {
    if (block == null || rng == null) {
      throw new IllegalArgumentException("block and rng must not be null");
    }
    if (!(endTime > 0) || !Double.isFinite(endTime)) {
      throw new IllegalArgumentException("endTime must be finite and > 0, e.g. 1.0; got " + endTime);
    }
    this.block = register("block", block);
    this.head = register("head", new Linear(block.stateDim(), outputs, true, rng));
    this.endTime = endTime;
  }

  /**
   * Classifies a batch.
   *
   * @param x inputs {@code [batch, d]}
   * @return the logits {@code [batch, outputs]} and the block's solve
   * @throws IllegalArgumentException if x is not {@code [batch, d]}
   */
  public Output forward(Tensor x) {
    SensitivityResult r = block.solveAugmented(x, Tensor.vector(0.0, endTime));
    return new Output(head.forward(r.last()), r);
  }

  /**
   * The logits of the block's final features (e.g. of states from a trajectory).
   *
   * @param features augmented states {@code [batch, d + K]}
   * @return {@code [batch, outputs]}
   */
  public Tensor readOut(Tensor features) {
    return head.forward(features);
  }

  /**
   * The ODE block.
   *
   * @return the block
   */
  public AugmentedOde block() {
    return block;
  }

  /**
   * The read-out layer.
   *
   * @return the head
   */
  public Linear head() {
    return head;
  }

  /**
   * The end time of the block.
   *
   * @return T
   */
  public double endTime() {
    return endTime;
  }
}
