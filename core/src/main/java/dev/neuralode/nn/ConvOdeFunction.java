package dev.neuralode.nn;

import dev.neuralode.ode.OdeFunction;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;

/**
 * The ODE-Net's dynamics on feature maps (Chen et al. 2018, "Neural Ordinary Differential
 * Equations", §7 and their {@code odenet_mnist} example): f(t, z) = GN(conv₂(t, ReLU(GN(conv₁(t,
 * ReLU(GN(z))))))), two 3×3 {@link ConcatConv2d} convolutions that see the time as an extra channel,
 * each preceded by group normalisation and ReLU, and a final group normalisation. The state keeps its
 * shape {@code [N, C, H, W]}.
 *
 * <p>Parameters, in registration order: {@code norm1}, {@code conv1}, {@code norm2}, {@code conv2},
 * {@code norm3}.
 */
public final class ConvOdeFunction extends Module implements OdeFunction {
  private final GroupNorm norm1;
  private final ConcatConv2d conv1;
  private final GroupNorm norm2;
  private final ConcatConv2d conv2;
  private final GroupNorm norm3;

  /**
   * Dynamics on C channels.
   *
   * @param channels C, ≥ 1
   * @param groups the group-normalisation groups, dividing C (Chen et al. use min(32, C))
   * @param rng the random source for the two convolutions
   * @throws IllegalArgumentException if groups does not divide channels, or rng is null
   */
  public ConvOdeFunction(int channels, int groups, Rng rng) {
    this.norm1 = register("norm1", new GroupNorm(groups, channels));
    this.conv1 = register("conv1", new ConcatConv2d(channels, channels, 3, 1, 1, rng));
    this.norm2 = register("norm2", new GroupNorm(groups, channels));
    this.conv2 = register("conv2", new ConcatConv2d(channels, channels, 3, 1, 1, rng));
    this.norm3 = register("norm3", new GroupNorm(groups, channels));
  }

  /**
   * f(t, z).
   *
   * @param t the time, a scalar tensor
   * @param z the state {@code [N, C, H, W]}, not modified
   * @return dz/dt, of z's shape
   */
  @Override
  public Tensor apply(Tensor t, Tensor z) {
    Tensor h = conv1.forward(t, norm1.forward(z).relu());
    h = conv2.forward(t, norm2.forward(h).relu());
    return norm3.forward(h);
  }
}
