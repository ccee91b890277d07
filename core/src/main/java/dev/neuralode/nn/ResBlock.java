package dev.neuralode.nn;

import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;

/**
 * A pre-activation residual block (He et al. 2016, "Identity Mappings in Deep Residual Networks")
 * with group normalisation, as the ResNet baseline of Chen et al. 2018: y = x + conv₂(ReLU(GN(conv₁(
 * ReLU(GN(x)))))), two 3×3 convolutions without bias that keep the shape {@code [N, C, H, W]}. One
 * block is one Euler step of the ODE-Net's dynamics (without the time channel).
 *
 * <p>Parameters, in registration order: {@code norm1}, {@code conv1}, {@code norm2}, {@code conv2}.
 */
public final class ResBlock extends Module {
  private final GroupNorm norm1;
  private final Conv2d conv1;
  private final GroupNorm norm2;
  private final Conv2d conv2;

  /**
   * A block on C channels.
   *
   * @param channels C, ≥ 1
   * @param groups the group-normalisation groups, dividing C
   * @param rng the random source for the two convolutions
   * @throws IllegalArgumentException if groups does not divide channels, or rng is null
   */
  public ResBlock(int channels, int groups, Rng rng) {
    this.norm1 = register("norm1", new GroupNorm(groups, channels));
    this.conv1 = register("conv1", new Conv2d(channels, channels, 3, 1, 1, false, rng));
    this.norm2 = register("norm2", new GroupNorm(groups, channels));
    this.conv2 = register("conv2", new Conv2d(channels, channels, 3, 1, 1, false, rng));
  }

  /**
   * Applies the block.
   *
   * @param x {@code [N, C, H, W]}, not modified
   * @return x + F(x), of x's shape
   */
  public Tensor forward(Tensor x) {
    Tensor h = conv1.forward(norm1.forward(x).relu());
    h = conv2.forward(norm2.forward(h).relu());
    return x.add(h);
  }
}
