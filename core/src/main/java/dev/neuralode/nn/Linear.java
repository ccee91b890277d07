package dev.neuralode.nn;

import dev.neuralode.tensor.NnOps;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.Arrays;

/**
 * A fully connected layer y = x Wᵀ + b, as PyTorch's {@code nn.Linear}.
 *
 * <p>Parameters, in registration order: {@code weight} W of shape {@code [out, in]} and, unless the
 * layer has none, {@code bias} b of shape {@code [out]}.
 *
 * <p>Initialization follows PyTorch's {@code nn.Linear.reset_parameters}: W by {@code
 * kaiming_uniform_(a=√5)}, whose bound gain·√(3/fan_in) with gain = √(2/(1+a²)) reduces to 1/√in,
 * and b uniform with the same bound 1/√fan_in. So every entry is drawn from U(−1/√in, 1/√in), W
 * first in row-major order, then b.
 */
public final class Linear extends Module {
  private final int in;
  private final int out;
  private final Parameter weight;
  private final Parameter bias;

  /**
   * A layer with PyTorch's default initialization: W and b from U(−1/√in, 1/√in).
   *
   * @param in input features, at least 1
   * @param out output features, at least 1
   * @param bias whether the layer has a bias
   * @param rng the random source; advanced by {@code out·in} (+ {@code out}) uniforms
   * @throws IllegalArgumentException if {@code in} or {@code out} is below 1, or {@code rng} is null
   */
  public Linear(int in, int out, boolean bias, Rng rng) {
    checkFeatures(in, out);
    if (rng == null) {
      throw new IllegalArgumentException("rng is null; pass a seeded Rng such as new Rng(0)");
    }
    double bound = 1.0 / Math.sqrt(in);
    this.in = in;
    this.out = out;
    this.weight = register("weight", rng.uniform(-bound, bound, out, in));
    this.bias = bias ? register("bias", rng.uniform(-bound, bound, out)) : null;
  }

  /**
   * A layer with the given values (copied into new parameters; the tensors are not modified).
   *
   * @param weight W, of shape {@code [out, in]}
   * @param bias b, of shape {@code [out]}, or null for a layer without bias
   * @throws IllegalArgumentException if {@code weight} is null or not 2-D with positive extents, or
   *     {@code bias} does not have shape {@code [out]}
   */
  public Linear(Tensor weight, Tensor bias) {
    if (weight == null || weight.rank() != 2) {
      throw new IllegalArgumentException("weight must be a 2-D tensor [out, in]; got "
          + (weight == null ? "null" : "shape " + Arrays.toString(weight.shape())));
    }
    this.out = weight.dim(0);
    this.in = weight.dim(1);
    checkFeatures(in, out);
    if (bias != null && (bias.rank() != 1 || bias.dim(0) != out)) {
      throw new IllegalArgumentException("bias has shape " + Arrays.toString(bias.shape())
          + " but weight has shape " + Arrays.toString(weight.shape()) + "; pass a bias of shape [" + out
          + "] or null");
    }
    this.weight = register("weight", weight);
    this.bias = bias == null ? null : register("bias", bias);
  }

  private static void checkFeatures(int in, int out) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException("in and out must be at least 1; got in=" + in + ", out=" + out);
    }
  }

  /**
   * Applies the layer: y = x Wᵀ + b.
   *
   * @param x input of shape {@code [batch, in]}, or {@code [in]}, or generally {@code [..., in]}; not
   *     modified
   * @return output of shape {@code [batch, out]}, {@code [out]} or {@code [..., out]}
   * @throws IllegalArgumentException if {@code x} is null, a scalar, or its last extent is not {@code in}
   */
  public Tensor forward(Tensor x) {
    return affine(x, weight.value(), bias == null ? null : bias.value());
  }

  /**
   * y = x Wᵀ + b for explicit tensors; the functional core of {@link #forward(Tensor)}, also used by
   * {@link Mlp} so that its gradients can be checked with respect to the parameter tensors.
   */
  static Tensor affine(Tensor x, Tensor w, Tensor b) {
    int in = w.dim(1);
    if (x == null || x.rank() == 0 || x.dim(-1) != in) {
      throw new IllegalArgumentException("input has shape " + (x == null ? "null" : Arrays.toString(x.shape()))
          + " but the layer expects [batch, " + in + "] (or [" + in + "]); make the last extent " + in);
    }
    if (x.rank() == 1) {
      Tensor y = w.matmul(x);
      return b == null ? y : y.add(b);
    }
    int[] shape = x.shape();
    Tensor x2 = x.rank() == 2 ? x : x.reshape(-1, in);
    // x·Wᵀ read in place (no Wᵀ is built, forward or backward), the bias added into the same array
    Tensor y = b == null ? x2.matmul(w, false, true) : NnOps.linear(x2, w, b);
    if (x.rank() != 2) {
      shape[shape.length - 1] = w.dim(0);
      y = y.reshape(shape);
    }
    return y;
  }

  /**
   * The weight W.
   *
   * @return the parameter, of shape {@code [out, in]}
   */
  public Parameter weight() {
    return weight;
  }

  /**
   * The bias b.
   *
   * @return the parameter, of shape {@code [out]}, or null if the layer has no bias
   */
  public Parameter bias() {
    return bias;
  }

  /**
   * The number of input features.
   *
   * @return {@code in}
   */
  public int inFeatures() {
    return in;
  }

  /**
   * The number of output features.
   *
   * @return {@code out}
   */
  public int outFeatures() {
    return out;
  }
}
