package dev.neuralode.nn;

import dev.neuralode.tensor.NnOps;
import dev.neuralode.tensor.Tensor;

/**
 * Group normalisation with a per-channel affine map (Wu &amp; He 2018, "Group Normalization"), as
 * PyTorch's {@code nn.GroupNorm}: the channels are split into G groups, each standardised per
 * example with ε = 1e-5, then y = γ_c·x̂ + β_c. Independent of the batch, so it behaves the same in
 * training and evaluation and inside an ODE function (Chen et al. 2018 use it in their ODE-Net).
 *
 * <p>Parameters, in registration order: {@code weight} γ {@code [C]} (initially ones) and
 * {@code bias} β {@code [C]} (initially zeros).
 */
public final class GroupNorm extends Module {
  /** The variance offset ε, PyTorch's default. */
  public static final double EPS = 1e-5;

  private final int groups;
  private final Parameter weight;
  private final Parameter bias;

  /**
   * A layer with γ = 1 and β = 0.
   *
   * @param groups the number of groups G, dividing channels
   * @param channels the number of channels C
   * @throws IllegalArgumentException if groups or channels is below 1, or groups does not divide channels
   */
  public GroupNorm(int groups, int channels) {
    if (groups < 1 || channels < 1 || channels % groups != 0) {
      throw new IllegalArgumentException("GroupNorm needs groups ≥ 1 dividing channels ≥ 1; got groups=" + groups
          + ", channels=" + channels);
    }
    this.groups = groups;
    this.weight = register("weight", Tensor.ones(channels));
    this.bias = register("bias", Tensor.zeros(channels));
  }

  /**
   * Applies the layer.
   *
   * @param x {@code [N, C, ...]}, not modified
   * @return x's shape
   * @throws IllegalArgumentException if x does not have C channels
   */
  public Tensor forward(Tensor x) {
    return NnOps.groupNorm(x, groups, weight.value(), bias.value(), EPS);
  }

  /** {@return the number of groups} */
  public int groups() {
    return groups;
  }
}
