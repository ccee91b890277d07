package dev.neuralode.nn;

import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.Arrays;

/**
 * A gated recurrent unit cell (Cho et al., "Learning Phrase Representations using RNN Encoder–Decoder
 * for Statistical Machine Translation", EMNLP 2014), with PyTorch's {@code nn.GRUCell} equations:
 *
 * <pre>
 * r  = σ(x W_irᵀ + b_ir + h W_hrᵀ + b_hr)
 * u  = σ(x W_izᵀ + b_iz + h W_hzᵀ + b_hz)
 * n  = tanh(x W_inᵀ + b_in + r ⊙ (h W_hnᵀ + b_hn))
 * h' = (1 − u) ⊙ n + u ⊙ h
 * </pre>
 *
 * <p>Parameters: {@code input} (a {@link Linear} from the input to 3H, rows r, u, n) and {@code
 * hidden} (a Linear from H to 3H), each initialised from U(−1/√H, 1/√H) as PyTorch does.
 */
public final class GruCell extends Module {
  private final int inputSize;
  private final int hiddenSize;
  private final Linear input;
  private final Linear hidden;

  /**
   * A cell with PyTorch's initialisation.
   *
   * @param inputSize features of x, at least 1
   * @param hiddenSize H, at least 1
   * @param rng the random source
   * @throws IllegalArgumentException if a size is below 1 or rng is null
   */
  public GruCell(int inputSize, int hiddenSize, Rng rng) {
    if (inputSize < 1 || hiddenSize < 1 || rng == null) {
      throw new IllegalArgumentException("need inputSize >= 1, hiddenSize >= 1 and an rng; got inputSize="
          + inputSize + ", hiddenSize=" + hiddenSize + ", rng=" + rng);
    }
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    double bound = 1.0 / Math.sqrt(hiddenSize);
    this.input = register("input", new Linear(rng.uniform(-bound, bound, 3 * hiddenSize, inputSize),
        rng.uniform(-bound, bound, 3 * hiddenSize)));
    this.hidden = register("hidden", new Linear(rng.uniform(-bound, bound, 3 * hiddenSize, hiddenSize),
        rng.uniform(-bound, bound, 3 * hiddenSize)));
  }

  /**
   * One update h → h'.
   *
   * @param x input {@code [batch, inputSize]}
   * @param h hidden state {@code [batch, H]}
   * @return h' {@code [batch, H]}
   * @throws IllegalArgumentException if the shapes disagree
   */
  public Tensor forward(Tensor x, Tensor h) {
    if (x == null || h == null || x.rank() != 2 || h.rank() != 2 || x.dim(1) != inputSize
        || h.dim(1) != hiddenSize || x.dim(0) != h.dim(0)) {
      throw new IllegalArgumentException("GruCell expects x [batch, " + inputSize + "] and h [batch, "
          + hiddenSize + "]; got x " + (x == null ? "null" : Arrays.toString(x.shape())) + " and h "
          + (h == null ? "null" : Arrays.toString(h.shape())));
    }
    int n = hiddenSize;
    Tensor gi = input.forward(x);
    Tensor gh = hidden.forward(h);
    Tensor r = gi.slice(1, 0, n).add(gh.slice(1, 0, n)).sigmoid();
    Tensor u = gi.slice(1, n, 2 * n).add(gh.slice(1, n, 2 * n)).sigmoid();
    Tensor cand = gi.slice(1, 2 * n, 3 * n).add(r.mul(gh.slice(1, 2 * n, 3 * n))).tanh();
    return cand.add(u.mul(h.sub(cand)));
  }

  /**
   * The input size.
   *
   * @return features of x
   */
  public int inputSize() {
    return inputSize;
  }

  /**
   * The hidden size.
   *
   * @return H
   */
  public int hiddenSize() {
    return hiddenSize;
  }
}
