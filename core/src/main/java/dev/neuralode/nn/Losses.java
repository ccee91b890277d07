package dev.neuralode.nn;

import dev.neuralode.tensor.Tensor;
import java.util.Arrays;

/** Loss functions. */
public final class Losses {
  private Losses() {}

  /**
   * Mean squared error (1/N) Σᵢ (predᵢ − targetᵢ)² over all N elements, as PyTorch's {@code
   * nn.MSELoss()} with {@code reduction='mean'}. Differentiable in both arguments.
   *
   * @param pred the prediction; not modified
   * @param target the target, of exactly {@code pred}'s shape (no broadcasting); not modified
   * @return a scalar tensor (shape {@code []})
   * @throws IllegalArgumentException if an argument is null, the shapes differ, or they are empty
   */
  public static Tensor mse(Tensor pred, Tensor target) {
    if (pred == null || target == null) {
      throw new IllegalArgumentException("mse needs two tensors; got pred=" + pred + ", target=" + target);
    }
    if (!Arrays.equals(pred.shape(), target.shape())) {
      throw new IllegalArgumentException("mse: pred has shape " + Arrays.toString(pred.shape())
          + " but target has shape " + Arrays.toString(target.shape())
          + "; pass tensors of the same shape (mse does not broadcast)");
    }
    if (pred.size() == 0) {
      throw new IllegalArgumentException("mse of empty tensors (shape " + Arrays.toString(pred.shape())
          + ") is undefined; pass at least one element");
    }
    return pred.sub(target).square().mean();
  }
}
