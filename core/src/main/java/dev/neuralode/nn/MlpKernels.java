package dev.neuralode.nn;

import dev.neuralode.ode.FlatOde;
import dev.neuralode.ode.FlatVjp;
import dev.neuralode.tensor.Elementary;

/**
 * An {@link Mlp}'s forward pass and vector–Jacobian products written as plain loops over preallocated
 * arrays: its {@linkplain Mlp#flat() flat twin} and {@linkplain Mlp#flatVjp flat VJP}. Small networks
 * (the tutorial's 2-16-16-2 on one state) spend most of a compiled program's time between its
 * operations; here one call does a whole evaluation.
 *
 * <p>The values are the same bits as the tensor path's ({@link Mlp#apply} and reverse-mode autograd on
 * it), because every quantity is computed by the same arithmetic in the same order as the tensor
 * kernels: each entry of a matrix product is the sum of its products in increasing order of the
 * contracted index, starting from 0.0 ({@code MatmulKernels}), the bias is added to that sum, tanh and
 * ELU are {@link Elementary}'s, their VJPs are {@code g·(1 − y²)} and {@code g·(x > 0 ? 1 : eˣ)}, and a
 * bias or time gradient sums the rows from 0.0 ({@code ShapeKernels.sumTo}), except for a 1-D state,
 * whose bias and time gradients the tensor path takes unsummed.
 *
 * <p>An instance holds the weights' arrays (read, not copied) and scratch buffers for a fixed number of
 * rows: it is not thread-safe, and each solve or backward pass uses its own.
 */
final class MlpKernels implements FlatOde, FlatVjp {
  private final Activation act;
  private final boolean timeDependent;
  private final int in;
  /** The rows the buffers hold (a flat twin sizes them at its first evaluation). */
  private int rows;
  /** Whether the state is 1-D (its bias and time gradients are not summed over rows). */
  private final boolean vector;
  /** Layer widths: widths[0] the input (in, plus 1 with time), widths[L] the output. */
  private final int[] widths;
  private final double[][] w;
  private final double[][] b;
  /** h[l]: the input of layer l ([rows, widths[l]]); h[0] the network's input. */
  private double[][] h;
  /** pre[l]: layer l's affine output before the activation, for l < L − 1. */
  private double[][] pre;
  private double[] out;
  private double[] g;
  private double[] gNext;
  /** For each parameter given to flatVjp, in order: 2l for layer l's weight, 2l + 1 for its bias. */
  private final int[] wanted;
  private final double[][] paramGrads;

  MlpKernels(Activation act, boolean timeDependent, int in, int[] widths, double[][] w, double[][] b,
      int rows, boolean vector, int[] wanted) {
    this.act = act;
    this.timeDependent = timeDependent;
    this.in = in;
    this.widths = widths;
    this.w = w;
    this.b = b;
    this.vector = vector;
    this.wanted = wanted;
    int layers = widths.length - 1;
    if (rows > 0) {
      size(rows);
    }
    paramGrads = new double[2 * layers][];
    if (wanted != null) {
      for (int k : wanted) {
        int l = k / 2;
        paramGrads[k] = new double[k % 2 == 0 ? widths[l + 1] * widths[l] : widths[l + 1]];
      }
    }
  }

  /** Allocates the buffers for r rows. */
  private void size(int r) {
    int layers = widths.length - 1;
    h = new double[layers][];
    pre = new double[layers][];
    int widest = widths[layers];
    for (int l = 0; l < layers; l++) {
      h[l] = new double[r * widths[l]];
      pre[l] = l < layers - 1 ? new double[r * widths[l + 1]] : null;
      widest = Math.max(widest, widths[l]);
    }
    out = new double[r * widths[layers]];
    g = new double[r * widest];
    gNext = new double[r * widest];
    rows = r;
  }

  /** Whether these kernels reproduce an activation's tensor op and VJP. */
  static boolean supports(Activation act) {
    return act == Activation.TANH || act == Activation.ELU || act == Activation.RELU
        || act == Activation.IDENTITY;
  }

  @Override
  public void derivative(double t, double[] y, double[] dydt) {
    int r = y.length / in;
    if (r != rows) {
      size(r);
    }
    forward(t, y, 0);
    System.arraycopy(out, 0, dydt, 0, out.length);
  }

  @Override
  public void vjp(double t, double[] z, int zOff, double[] a, int aOff, double[] dst, int fOff, int gradOff) {
    products(t, z, zOff, a, aOff, dst, fOff, gradOff, false);
  }

  /** {@inheritDoc} Negates the products as it writes them ({@code count} is implied by the network). */
  @Override
  public void negatedVjp(double t, double[] z, int zOff, double[] a, int aOff, double[] dst, int fOff,
      int gradOff, int count) {
    products(t, z, zOff, a, aOff, dst, fOff, gradOff, true);
  }

  /** The VJP, every product written as it is or negated ({@code -x}: the sign bit flipped, NaN too). */
  private void products(double t, double[] z, int zOff, double[] a, int aOff, double[] dst, int fOff,
      int gradOff, boolean negate) {
    forward(t, z, zOff);
    if (fOff >= 0) {
      System.arraycopy(out, 0, dst, fOff, out.length);
    }
    int layers = widths.length - 1;
    System.arraycopy(a, aOff, g, 0, rows * widths[layers]);
    for (int l = layers - 1; l >= 0; l--) {
      int win = widths[l];
      int wout = widths[l + 1];
      double[] x = h[l];
      double[] gw = paramGrads[2 * l];
      if (gw != null) {
        // dW = gᵀ·x: entry (j, p) is 0.0 + g[0][j]·x[0][p] + g[1][j]·x[1][p] + …, the rows in order;
        // row j of dW is accumulated one data row at a time (contiguous, the same additions)
        for (int j = 0; j < wout; j++) {
          int wj = j * win;
          double g0j = g[j]; // the first row's terms start from 0.0, as the sums do
          for (int p = 0; p < win; p++) {
            gw[wj + p] = 0.0 + g0j * x[p];
          }
          for (int i = 1; i < rows; i++) {
            double gij = g[i * wout + j];
            int xi = i * win;
            for (int p = 0; p < win; p++) {
              gw[wj + p] += gij * x[xi + p];
            }
          }
        }
      }
      double[] gb = paramGrads[2 * l + 1];
      if (gb != null) {
        if (vector) {
          System.arraycopy(g, 0, gb, 0, wout);
        } else {
          for (int j = 0; j < wout; j++) {
            double s = 0.0;
            for (int i = 0; i < rows; i++) {
              s += g[i * wout + j];
            }
            gb[j] = s;
          }
        }
      }
      // the input's gradient g·W: entry (i, p) is 0.0 + g[i][0]·W[0][p] + g[i][1]·W[1][p] + …, the
      // outputs j in order; accumulated one row of W at a time (contiguous, the same additions)
      double[] wl = w[l];
      for (int i = 0; i < rows; i++) {
        int gi = i * win;
        double gi0 = g[i * wout]; // the first output's terms start from 0.0, as the sums do
        for (int p = 0; p < win; p++) {
          gNext[gi + p] = 0.0 + gi0 * wl[p];
        }
        for (int j = 1; j < wout; j++) {
          double gij = g[i * wout + j];
          int wj = j * win;
          for (int p = 0; p < win; p++) {
            gNext[gi + p] += gij * wl[wj + p];
          }
        }
      }
      if (l > 0) {
        activationVjp(l - 1, rows * win);
      } else {
        System.arraycopy(gNext, 0, g, 0, rows * win);
      }
    }
    // g now holds the gradient of the network's input [rows, widths[0]]
    int w0 = widths[0];
    int at = gradOff;
    for (int i = 0; i < rows; i++) {
      for (int p = 0; p < in; p++) {
        double v = g[i * w0 + p];
        dst[at + p] = negate ? -v : v;
      }
      at += in;
    }
    for (int k : wanted) {
      double[] pg = paramGrads[k];
      for (int p = 0; p < pg.length; p++) {
        dst[at + p] = negate ? -pg[p] : pg[p];
      }
      at += pg.length;
    }
    double gt = 0.0;
    if (timeDependent) {
      if (vector) {
        gt = g[in];
      } else {
        for (int i = 0; i < rows; i++) {
          gt += g[i * w0 + in];
        }
      }
    }
    dst[at] = negate ? -gt : gt;
  }

  /** g = gNext ⊙ act′ at layer l's pre-activation (the VJP of the activation after layer l). */
  private void activationVjp(int l, int count) {
    double[] y = h[l + 1];
    double[] x = pre[l];
    switch (act) {
      case TANH -> {
        for (int k = 0; k < count; k++) {
          g[k] = gNext[k] * (1.0 - y[k] * y[k]);
        }
      }
      case ELU -> {
        for (int k = 0; k < count; k++) {
          g[k] = gNext[k] * (x[k] > 0 ? 1.0 : Math.exp(x[k]));
        }
      }
      case RELU -> {
        for (int k = 0; k < count; k++) {
          g[k] = gNext[k] * (x[k] > 0 ? 1.0 : 0.0);
        }
      }
      case IDENTITY -> System.arraycopy(gNext, 0, g, 0, count);
      default -> throw new AssertionError(act);
    }
  }

  /** Fills h[0] from the state (and t), then runs every layer; the output is left in {@code out}. */
  private void forward(double t, double[] z, int zOff) {
    double[] x0 = h[0];
    if (timeDependent) {
      int w0 = widths[0];
      for (int i = 0; i < rows; i++) {
        System.arraycopy(z, zOff + i * in, x0, i * w0, in);
        x0[i * w0 + in] = t;
      }
    } else {
      System.arraycopy(z, zOff, x0, 0, rows * in);
    }
    int layers = widths.length - 1;
    for (int l = 0; l < layers; l++) {
      int win = widths[l];
      int wout = widths[l + 1];
      double[] x = h[l];
      double[] wl = w[l];
      double[] bl = b[l];
      double[] y = l < layers - 1 ? pre[l] : out;
      int wout4 = wout - wout % 4;
      for (int i = 0; i < rows; i++) {
        int xi = i * win;
        int yi = i * wout;
        // four outputs at a time: four independent sums, each over p in order from 0.0
        for (int j = 0; j < wout4; j += 4) {
          int w0 = j * win;
          int w1 = w0 + win;
          int w2 = w1 + win;
          int w3 = w2 + win;
          double s0 = 0.0;
          double s1 = 0.0;
          double s2 = 0.0;
          double s3 = 0.0;
          for (int p = 0; p < win; p++) {
            double xv = x[xi + p];
            s0 += xv * wl[w0 + p];
            s1 += xv * wl[w1 + p];
            s2 += xv * wl[w2 + p];
            s3 += xv * wl[w3 + p];
          }
          y[yi + j] = s0 + bl[j];
          y[yi + j + 1] = s1 + bl[j + 1];
          y[yi + j + 2] = s2 + bl[j + 2];
          y[yi + j + 3] = s3 + bl[j + 3];
        }
        for (int j = wout4; j < wout; j++) {
          int wj = j * win;
          double s = 0.0;
          for (int p = 0; p < win; p++) {
            s += x[xi + p] * wl[wj + p];
          }
          y[yi + j] = s + bl[j];
        }
      }
      if (l < layers - 1) {
        activate(y, h[l + 1], rows * wout);
      }
    }
  }

  private void activate(double[] x, double[] y, int count) {
    switch (act) {
      case TANH -> {
        for (int k = 0; k < count; k++) {
          y[k] = Elementary.tanh(x[k]);
        }
      }
      case ELU -> {
        for (int k = 0; k < count; k++) {
          y[k] = x[k] > 0 ? x[k] : Elementary.expm1(x[k]);
        }
      }
      case RELU -> {
        for (int k = 0; k < count; k++) {
          y[k] = x[k] > 0 ? x[k] : 0.0;
        }
      }
      case IDENTITY -> System.arraycopy(x, 0, y, 0, count);
      default -> throw new AssertionError(act);
    }
  }
}
