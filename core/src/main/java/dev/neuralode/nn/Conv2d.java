package dev.neuralode.nn;

import dev.neuralode.tensor.NnOps;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;

/**
 * A 2-D convolution layer on NCHW images, as PyTorch's {@code nn.Conv2d} with square kernels, equal
 * stride on both axes and zero padding on every side: y = conv(x, W) + b (see
 * {@link NnOps#conv2d(Tensor, Tensor, Tensor, int, int)}).
 *
 * <p>Parameters, in registration order: {@code weight} W {@code [out, in, k, k]} and, unless the
 * layer has none, {@code bias} b {@code [out]}. Initialisation follows PyTorch's
 * {@code reset_parameters} ({@code kaiming_uniform_(a=√5)}): every entry of W, then of b, is drawn
 * from U(−1/√fan_in, 1/√fan_in) with fan_in = in·k·k.
 */
public final class Conv2d extends Module {
  private final int stride;
  private final int padding;
  private final Parameter weight;
  private final Parameter bias;

  /**
   * A layer with PyTorch's default initialisation.
   *
   * @param in input channels, ≥ 1
   * @param out output channels, ≥ 1
   * @param kernel the kernel side k, ≥ 1
   * @param stride the step between windows, ≥ 1
   * @param padding zeros added on every side, ≥ 0 (k/2 keeps the size at stride 1 for odd k)
   * @param bias whether the layer has a bias
   * @param rng the random source; advanced by out·in·k·k (+ out) uniforms
   * @throws IllegalArgumentException if an extent is out of range or rng is null
   */
  public Conv2d(int in, int out, int kernel, int stride, int padding, boolean bias, Rng rng) {
    if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding < 0) {
      throw new IllegalArgumentException("Conv2d needs in, out, kernel, stride ≥ 1 and padding ≥ 0; got in=" + in
          + ", out=" + out + ", kernel=" + kernel + ", stride=" + stride + ", padding=" + padding);
    }
    if (rng == null) {
      throw new IllegalArgumentException("rng is null; pass a seeded Rng such as new Rng(0)");
    }
    double bound = 1.0 / Math.sqrt((double) in * kernel * kernel);
    this.stride = stride;
    this.padding = padding;
    this.weight = register("weight", rng.uniform(-bound, bound, out, in, kernel, kernel));
    this.bias = bias ? register("bias", rng.uniform(-bound, bound, out)) : null;
  }

  /**
   * Applies the layer.
   *
   * @param x {@code [N, in, H, W]}, not modified
   * @return {@code [N, out, OH, OW]}, OH = ⌊(H + 2·padding − k)/stride⌋ + 1
   * @throws IllegalArgumentException if x does not have {@code in} channels or the kernel does not fit
   */
  public Tensor forward(Tensor x) {
    return NnOps.conv2d(x, weight.value(), bias == null ? null : bias.value(), stride, padding);
  }

  /** {@return the weight W, {@code [out, in, k, k]}} */
  public Parameter weight() {
    return weight;
  }

  /** {@return the bias b, {@code [out]}, or null for a layer without one} */
  public Parameter bias() {
    return bias;
  }
}
