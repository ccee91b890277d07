package dev.neuralode.tensor;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The loops behind 2-D convolution and average pooling on NCHW arrays, each writing a caller-supplied
 * output (overwritten; it must not alias an input). A convolution is lowered per image to a matrix
 * product over an im2col buffer (Chellapilla, Puri &amp; Simard 2006, "High performance convolutional
 * neural networks for document processing"): row q of the buffer holds the receptive field of output
 * pixel q, laid out as (input channel, kernel row, kernel column), so the buffer is {@code [P, K]} with
 * P = OH·OW output pixels and K = C·kh·kw; zero padding appears as zeros in it. Every inner loop runs
 * over a contiguous row (K or the output channels), so the JIT can vectorise it. Each call allocates
 * such a buffer per chunk of {@link #CHUNK} images (and, for the weight gradient, one partial sum per
 * chunk). Large calls run their chunks on the common fork–join pool; every output element is summed
 * in the same order either way, so results are bit-for-bit independent of the thread count.
 *
 * <p>Geometry: input {@code [N, C, H, W]}, weights {@code [Co, C, kh, kw]}, output {@code [N, Co, OH,
 * OW]} with OH = ⌊(H + 2p − kh)/s⌋ + 1 and OW likewise, for stride s and zero padding p on every side.
 * Sums over images run in increasing image order, so results are deterministic.
 */
final class ConvKernels {
  private ConvKernels() {}

  /** The geometry of one convolution; shapes in the NCHW layout above. */
  record Geometry(int n, int c, int h, int w, int co, int kh, int kw, int stride, int pad, int oh, int ow) {
    static Geometry of(int[] x, int[] weight, int stride, int pad) {
      int oh = (x[2] + 2 * pad - weight[2]) / stride + 1;
      int ow = (x[3] + 2 * pad - weight[3]) / stride + 1;
      return new Geometry(x[0], x[1], x[2], x[3], weight[0], weight[2], weight[3], stride, pad, oh, ow);
    }

    int pixels() {
      return oh * ow;
    }

    int k() {
      return c * kh * kw;
    }
  }

  /** cols[q, (ci, i, j)] = x[img, ci, oh·s + i − p, ow·s + j − p], or 0 outside the image. */
  static void im2col(double[] x, int img, Geometry g, double[] cols) {
    int k = g.k();
    int base = img * g.c * g.h * g.w;
    for (int oh = 0; oh < g.oh; oh++) {
      for (int ow = 0; ow < g.ow; ow++) {
        int row = (oh * g.ow + ow) * k;
        int r = 0;
        for (int ci = 0; ci < g.c; ci++) {
          int plane = base + ci * g.h * g.w;
          for (int i = 0; i < g.kh; i++) {
            int ih = oh * g.stride + i - g.pad;
            boolean rowIn = ih >= 0 && ih < g.h;
            for (int j = 0; j < g.kw; j++, r++) {
              int iw = ow * g.stride + j - g.pad;
              cols[row + r] = rowIn && iw >= 0 && iw < g.w ? x[plane + ih * g.w + iw] : 0.0;
            }
          }
        }
      }
    }
  }

  /** The adjoint of {@link #im2col}: adds each cols entry back onto its input pixel of image img. */
  static void col2imAdd(double[] cols, int img, Geometry g, double[] x) {
    int k = g.k();
    int base = img * g.c * g.h * g.w;
    for (int oh = 0; oh < g.oh; oh++) {
      for (int ow = 0; ow < g.ow; ow++) {
        int row = (oh * g.ow + ow) * k;
        int r = 0;
        for (int ci = 0; ci < g.c; ci++) {
          int plane = base + ci * g.h * g.w;
          for (int i = 0; i < g.kh; i++) {
            int ih = oh * g.stride + i - g.pad;
            boolean rowIn = ih >= 0 && ih < g.h;
            for (int j = 0; j < g.kw; j++, r++) {
              int iw = ow * g.stride + j - g.pad;
              if (rowIn && iw >= 0 && iw < g.w) {
                x[plane + ih * g.w + iw] += cols[row + r];
              }
            }
          }
        }
      }
    }
  }

  /**
   * Images per task: the batch is cut into chunks of this many images whatever the thread count, and
   * per-chunk partial sums are added in chunk order, so results do not depend on the scheduling.
   */
  static final int CHUNK = 8;

  /** Multiply–adds below which a call stays on the calling thread. */
  private static final long PARALLEL_WORK = 4_000_000L;

  /** Runs body(first, end) over the image chunks, in parallel (common pool) when the work is large. */
  private static void forChunks(Geometry g, IntBiConsumer body) {
    int chunks = (g.n + CHUNK - 1) / CHUNK;
    long work = (long) g.n * g.pixels() * g.k() * g.co;
    IntStream range = IntStream.range(0, chunks);
    (chunks > 1 && work >= PARALLEL_WORK ? range.parallel() : range)
        .forEach(c -> body.accept(c * CHUNK, Math.min(g.n, (c + 1) * CHUNK)));
  }

  /** A body over images [first, end). */
  @FunctionalInterface
  interface IntBiConsumer {
    void accept(int first, int end);
  }

  /** y = conv(x, weight): for each image, yᵀ[q, :] = Σ_r cols[q, r]·Wᵀ[r, :]. */
  static void conv2d(double[] x, double[] weight, Geometry g, double[] y) {
    int k = g.k();
    int p = g.pixels();
    int co = g.co;
    double[] wt = MatmulKernels.transpose(weight, co, k); // [K, Co]
    forChunks(g, (first, end) -> {
      double[] cols = new double[p * k];
      double[] yt = new double[co];
      for (int img = first; img < end; img++) {
        im2col(x, img, g, cols);
        int out = img * co * p;
        for (int q = 0; q < p; q++) {
          Arrays.fill(yt, 0.0);
          int row = q * k;
          for (int r = 0; r < k; r++) {
            double a = cols[row + r];
            if (a != 0.0) {
              int wr = r * co;
              for (int o = 0; o < co; o++) {
                yt[o] += a * wt[wr + o];
              }
            }
          }
          for (int o = 0; o < co; o++) {
            y[out + o * p + q] = yt[o];
          }
        }
      }
    });
  }

  /**
   * dx = convᵀ(gy, weight), the transposed convolution (the input gradient of {@link #conv2d}): for
   * each image, dcols[q, :] = Σ_o gy[o, q]·W[o, :], then col2im.
   */
  static void conv2dTranspose(double[] gy, double[] weight, Geometry g, double[] dx) {
    int k = g.k();
    int p = g.pixels();
    Arrays.fill(dx, 0, g.n * g.c * g.h * g.w, 0.0);
    forChunks(g, (first, end) -> {
      double[] cols = new double[p * k];
      for (int img = first; img < end; img++) {
        Arrays.fill(cols, 0.0);
        int in = img * g.co * p;
        for (int o = 0; o < g.co; o++) {
          int wo = o * k;
          for (int q = 0; q < p; q++) {
            double a = gy[in + o * p + q];
            if (a != 0.0) {
              int row = q * k;
              for (int r = 0; r < k; r++) {
                cols[row + r] += a * weight[wo + r];
              }
            }
          }
        }
        col2imAdd(cols, img, g, dx); // each image writes only its own slice of dx
      }
    });
  }

  /** dW[o, :] = Σ_img Σ_q gy[img, o, q]·cols_img[q, :], the weight gradient of {@link #conv2d}. */
  static void conv2dWeightGrad(double[] x, double[] gy, Geometry g, double[] dw) {
    int k = g.k();
    int p = g.pixels();
    int size = g.co * k;
    int chunks = (g.n + CHUNK - 1) / CHUNK;
    double[] partial = new double[chunks * size];
    forChunks(g, (first, end) -> {
      double[] cols = new double[p * k];
      int base = first / CHUNK * size;
      for (int img = first; img < end; img++) {
        im2col(x, img, g, cols);
        int in = img * g.co * p;
        for (int o = 0; o < g.co; o++) {
          int wo = base + o * k;
          for (int q = 0; q < p; q++) {
            double a = gy[in + o * p + q];
            if (a != 0.0) {
              int row = q * k;
              for (int r = 0; r < k; r++) {
                partial[wo + r] += a * cols[row + r];
              }
            }
          }
        }
      }
    });
    System.arraycopy(partial, 0, dw, 0, size);
    for (int c = 1; c < chunks; c++) {
      for (int i = 0; i < size; i++) {
        dw[i] += partial[c * size + i];
      }
    }
  }

  /**
   * Average pooling without padding: y[n, c, oh, ow] = mean of the k×k window at (oh·s, ow·s) of x
   * {@code [N, C, H, W]}; y is {@code [N, C, OH, OW]} with OH = ⌊(H − k)/s⌋ + 1.
   */
  static void avgPool(double[] x, int planes, int h, int w, int k, int s, double[] y) {
    int oh = (h - k) / s + 1;
    int ow = (w - k) / s + 1;
    double inv = 1.0 / (k * k);
    for (int pl = 0; pl < planes; pl++) {
      int in = pl * h * w;
      int out = pl * oh * ow;
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          double sum = 0.0;
          for (int a = 0; a < k; a++) {
            int rowStart = in + (i * s + a) * w + j * s;
            for (int b = 0; b < k; b++) {
              sum += x[rowStart + b];
            }
          }
          y[out + i * ow + j] = sum * inv;
        }
      }
    }
  }

  /** The adjoint of {@link #avgPool}: spreads gy[n, c, oh, ow]/k² over its window of x's shape. */
  static void avgPoolTranspose(double[] gy, int planes, int h, int w, int k, int s, double[] x) {
    int oh = (h - k) / s + 1;
    int ow = (w - k) / s + 1;
    double inv = 1.0 / (k * k);
    Arrays.fill(x, 0, planes * h * w, 0.0);
    for (int pl = 0; pl < planes; pl++) {
      int out = pl * h * w;
      int in = pl * oh * ow;
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          double v = gy[in + i * ow + j] * inv;
          for (int a = 0; a < k; a++) {
            int rowStart = out + (i * s + a) * w + j * s;
            for (int b = 0; b < k; b++) {
              x[rowStart + b] += v;
            }
          }
        }
      }
    }
  }
}
