package dev.neuralode.bench;

/**
 * P3's Vector API twin of a tanh MLP (one hidden layer pair, any widths): forward and backward
 * for a given output gradient, written with {@link VectorKernels} over preallocated buffers. It
 * keeps each weight transposed ({@code [in, out]}) so every product streams contiguous rows, and
 * transposes it back once per call for the input gradients (counted in its time).
 */
public final class VectorMlp {
  private final int batch;
  private final int[] widths;
  private final double[][] wt;
  private final double[][] w;
  private final double[][] b;
  private final double[][] act;
  private final double[][] grad;
  /** Gradients of the transposed weights, {@code [in, out]} per layer. */
  final double[][] gwt;
  /** Gradients of the biases. */
  final double[][] gb;

  /**
   * A twin of a library MLP's weights.
   *
   * @param weights each layer's weight {@code [out, in]}, row-major, not modified
   * @param biases each layer's bias {@code [out]}, not modified
   * @param widths the layer widths: in, hidden..., out
   * @param batch the batch size
   */
  public VectorMlp(double[][] weights, double[][] biases, int[] widths, int batch) {
    this.batch = batch;
    this.widths = widths.clone();
    int layers = widths.length - 1;
    wt = new double[layers][];
    w = new double[layers][];
    b = new double[layers][];
    gwt = new double[layers][];
    gb = new double[layers][];
    act = new double[layers + 1][];
    grad = new double[layers + 1][];
    for (int l = 0; l < layers; l++) {
      int in = widths[l];
      int out = widths[l + 1];
      wt[l] = new double[in * out];
      w[l] = new double[in * out];
      for (int o = 0; o < out; o++) {
        for (int i = 0; i < in; i++) {
          wt[l][i * out + o] = weights[l][o * in + i];
        }
      }
      b[l] = biases[l].clone();
      gwt[l] = new double[in * out];
      gb[l] = new double[out];
    }
    for (int l = 0; l <= layers; l++) {
      act[l] = new double[batch * widths[l]];
      grad[l] = new double[batch * widths[l]];
    }
  }

  /**
   * Forward from x, then backward from gy: fills {@link #gwt} and {@link #gb}.
   *
   * @param x the input {@code [batch, in]}, not modified
   * @param gy the gradient of the output {@code [batch, out]}, not modified
   * @return the output {@code [batch, out]} (an internal buffer)
   */
  public double[] forwardBackward(double[] x, double[] gy) {
    int layers = widths.length - 1;
    System.arraycopy(x, 0, act[0], 0, x.length);
    for (int l = 0; l < layers; l++) {
      int in = widths[l];
      int out = widths[l + 1];
      VectorKernels.matmul(act[l], wt[l], act[l + 1], batch, in, out);
      if (l + 1 < layers) {
        VectorKernels.biasTanh(act[l + 1], b[l], batch, out);
      } else {
        double[] y = act[l + 1];
        for (int r = 0; r < batch; r++) {
          for (int o = 0; o < out; o++) {
            y[r * out + o] += b[l][o];
          }
        }
      }
    }
    System.arraycopy(gy, 0, grad[layers], 0, gy.length);
    for (int l = layers - 1; l >= 0; l--) {
      int in = widths[l];
      int out = widths[l + 1];
      double[] g = grad[l + 1];
      if (l + 1 < layers) { // through tanh: g *= 1 - a²
        double[] a = act[l + 1];
        for (int q = 0; q < g.length; q++) {
          g[q] *= 1 - a[q] * a[q];
        }
      }
      VectorKernels.matmulTransA(act[l], g, gwt[l], in, batch, out);
      double[] gbl = gb[l];
      java.util.Arrays.fill(gbl, 0);
      for (int r = 0; r < batch; r++) {
        for (int o = 0; o < out; o++) {
          gbl[o] += g[r * out + o];
        }
      }
      if (l > 0) {
        double[] wl = w[l];
        double[] wtl = wt[l];
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) {
            wl[o * in + i] = wtl[i * out + o];
          }
        }
        VectorKernels.matmul(g, wl, grad[l], batch, out, in);
      }
    }
    return act[layers];
  }
}
