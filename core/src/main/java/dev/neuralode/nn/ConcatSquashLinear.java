package dev.neuralode.nn;

import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;

/**
 * FFJORD's concat-squash layer: a linear map of the state, gated and shifted by time,
 *
 * <pre>
 *   y = (x Wᵀ + b) ⊙ σ(t·w_g + b_g) + t·w_b
 * </pre>
 *
 * with W of shape {@code [out, in]}, b, w_g, b_g and w_b of shape {@code [out]}, σ the logistic
 * sigmoid and t a scalar (Grathwohl et al. 2019, {@code ConcatSquashLinear} in FFJORD's
 * {@code diffeq_layers}). W and b start as in {@link dev.neuralode.nn.Linear} (uniform in
 * ±1/√in); the time weights start uniform in ±1 (fan-in 1), as PyTorch initialises a
 * {@code Linear(1, out)}.
 *
 * <p>Parameter names: {@code weight}, {@code bias}, {@code gate_weight}, {@code gate_bias},
 * {@code hyper_bias}.
 */
public final class ConcatSquashLinear extends Module {
  private final int in;
  private final int out;
  private final Parameter weight;
  private final Parameter bias;
  private final Parameter gateWeight;
  private final Parameter gateBias;
  private final Parameter hyperBias;

  /**
   * A randomly initialised layer.
   *
   * @param in input width, at least 1
   * @param out output width, at least 1
   * @param rng source of the initial weights; advanced
   * @throws IllegalArgumentException if a width is below 1 or {@code rng} is null
   */
  public ConcatSquashLinear(int in, int out, Rng rng) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException("in and out must be at least 1; got in=" + in + ", out=" + out);
    }
    if (rng == null) {
      throw new IllegalArgumentException("rng is null; pass a seeded Rng such as new Rng(0)");
    }
    this.in = in;
    this.out = out;
    double bound = 1.0 / Math.sqrt(in);
    this.weight = register("weight", rng.uniform(-bound, bound, out, in));
    this.bias = register("bias", rng.uniform(-bound, bound, out));
    this.gateWeight = register("gate_weight", rng.uniform(-1, 1, out));
    this.gateBias = register("gate_bias", rng.uniform(-1, 1, out));
    this.hyperBias = register("hyper_bias", rng.uniform(-1, 1, out));
  }

  /**
   * Applies the layer.
   *
   * @param t the time, a one-element tensor; not modified
   * @param x the input, shape {@code [batch, in]}; not modified
   * @return the output, shape {@code [batch, out]}
   * @throws IllegalArgumentException if x's last extent is not {@code in}
   */
  public Tensor forward(Tensor t, Tensor x) {
    if (x.rank() != 2 || x.dim(1) != in) {
      throw new IllegalArgumentException("input has shape " + java.util.Arrays.toString(x.shape())
          + " but the layer expects [batch, " + in + "]");
    }
    Tensor ts = t.reshape(1);
    Tensor lin = x.matmul(weight.value(), false, true).add(bias.value());
    Tensor gate = ts.mul(gateWeight.value()).add(gateBias.value()).sigmoid();
    return lin.mul(gate).add(ts.mul(hyperBias.value()));
  }

  /**
   * The input width.
   *
   * @return in
   */
  public int inFeatures() {
    return in;
  }

  /**
   * The output width.
   *
   * @return out
   */
  public int outFeatures() {
    return out;
  }
}
