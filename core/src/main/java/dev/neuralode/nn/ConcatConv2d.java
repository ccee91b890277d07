package dev.neuralode.nn;

import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;

/**
 * A convolution that also sees the time: the scalar t is appended to the input as one constant
 * channel before a {@link Conv2d} (Chen et al. 2018, "Neural Ordinary Differential Equations", the
 * ODE-Net's {@code ConcatConv2d}). So an ODE function built from it is time-dependent, and the
 * gradient with respect to t flows (as the adjoint method needs).
 *
 * <p>Parameters: those of the inner convolution, under {@code conv.}, with in + 1 input channels.
 */
public final class ConcatConv2d extends Module {
  private final Conv2d conv;

  /**
   * A layer with PyTorch's default initialisation of the (in + 1)-channel convolution.
   *
   * @param in input channels (without the time channel), ≥ 1
   * @param out output channels, ≥ 1
   * @param kernel the kernel side, ≥ 1
   * @param stride the stride, ≥ 1
   * @param padding the zero padding, ≥ 0
   * @param rng the random source
   * @throws IllegalArgumentException as {@link Conv2d}
   */
  public ConcatConv2d(int in, int out, int kernel, int stride, int padding, Rng rng) {
    if (in < 1) {
      throw new IllegalArgumentException("ConcatConv2d needs in ≥ 1; got " + in);
    }
    this.conv = register("conv", new Conv2d(in + 1, out, kernel, stride, padding, true, rng));
  }

  /**
   * Applies the layer to [x, t·1] (the time channel first, as Chen et al.).
   *
   * @param t the time, a one-element tensor (a scalar)
   * @param x {@code [N, in, H, W]}, not modified
   * @return {@code [N, out, OH, OW]}
   * @throws IllegalArgumentException if t has more than one element or x has the wrong channels
   */
  public Tensor forward(Tensor t, Tensor x) {
    if (t == null || t.size() != 1) {
      throw new IllegalArgumentException("t must be a one-element tensor (the time); got "
          + (t == null ? "null" : t.toString()));
    }
    if (x == null || x.rank() != 4) {
      throw new IllegalArgumentException("x must be [N, C, H, W]; got " + (x == null ? "null" : x.toString()));
    }
    Tensor channel = t.reshape(1, 1, 1, 1).expand(x.dim(0), 1, x.dim(2), x.dim(3));
    return conv.forward(Tensor.concat(1, channel, x));
  }
}
