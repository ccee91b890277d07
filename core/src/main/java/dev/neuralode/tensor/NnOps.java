package dev.neuralode.tensor;

/**
 * Tensor operations of neural-network layers: a dense layer's affine map, and those of convolutional
 * classifiers on images in the NCHW layout ({@code [batch, channels, height, width]}): 2-D convolution
 * and its transpose, group normalisation, average pooling and softmax cross-entropy. Each is an entry
 * of the op table ({@link OpKind}) with a forward kernel and a VJP in tensor operations, so they
 * record, differentiate and differentiate again like every {@link Tensor} operation. Inputs are never modified; every method
 * returns a new tensor.
 *
 * <p>References: LeCun et al. 1998 (convolutional networks); Dumoulin &amp; Visin 2016, "A guide to
 * convolution arithmetic for deep learning" (output extents, transposed convolution); Wu &amp; He 2018,
 * "Group Normalization".
 */
public final class NnOps {
  private NnOps() {}

  /**
   * A dense layer's affine map y = x·Wᵀ + b (PyTorch's {@code torch.nn.functional.linear}), as one op
   * with one output array. Its value is the same bits as {@code x.matmul(weight, false, true).add(bias)},
   * and so are its gradients when the bias is a leaf (a parameter), as in every layer of this library;
   * a bias computed from x or W may have its gradient terms summed in another order.
   *
   * @param x input {@code [batch, in]}
   * @param weight weights {@code [out, in]}
   * @param bias bias {@code [out]}, or null for none (then it is {@code x.matmul(weight, false, true)})
   * @return {@code [batch, out]}
   * @throws IllegalArgumentException if x or weight is null, or a rank or extent disagrees (the message
   *     gives all three shapes)
   */
  public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
    if (x == null || weight == null) {
      throw new IllegalArgumentException("linear needs x and weight; got " + (x == null ? "x null" : "weight null"));
    }
    return bias == null ? x.matmul(weight, false, true) : Ops.apply(Op.of(OpKind.AFFINE), x, weight, bias);
  }

  /**
   * 2-D convolution (cross-correlation, as PyTorch's {@code conv2d}): y[n, o, i, j] = Σ_{c,a,b}
   * w[o, c, a, b]·x[n, c, i·s + a − p, j·s + b − p], zero outside the image.
   *
   * @param x input {@code [N, C, H, W]}
   * @param weight weights {@code [Co, C, kh, kw]}
   * @param stride the step s between windows, ≥ 1
   * @param padding zeros p added on every side, ≥ 0
   * @return {@code [N, Co, OH, OW]} with OH = ⌊(H + 2p − kh)/s⌋ + 1, OW likewise
   * @throws IllegalArgumentException if a rank, the channel counts, stride or padding is wrong, or the
   *     kernel does not fit the padded input
   */
  public static Tensor conv2d(Tensor x, Tensor weight, int stride, int padding) {
    return Ops.apply(Op.conv2d(stride, padding), x, weight);
  }

  /**
   * 2-D convolution with a per-output-channel bias: {@link #conv2d} + bias[o].
   *
   * @param x input {@code [N, C, H, W]}
   * @param weight weights {@code [Co, C, kh, kw]}
   * @param bias bias {@code [Co]}, or null for none
   * @param stride the step between windows, ≥ 1
   * @param padding zeros added on every side, ≥ 0
   * @return {@code [N, Co, OH, OW]}
   * @throws IllegalArgumentException as {@link #conv2d}, or if bias is not {@code [Co]}
   */
  public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
    Tensor y = conv2d(x, weight, stride, padding);
    if (bias == null) {
      return y;
    }
    if (bias.rank() != 1 || bias.dim(0) != weight.dim(0)) {
      throw new IllegalArgumentException("conv2d bias must be [" + weight.dim(0) + "] (one per output channel);"
          + " got " + Shape.str(bias.shapeRef()));
    }
    return y.add(bias.reshape(1, -1, 1, 1));
  }

  /**
   * The transposed convolution: the adjoint of {@link #conv2d} in its input, x̄ = convᵀ(g, w), also
   * an up-sampling layer (Dumoulin &amp; Visin 2016, ch. 4).
   *
   * @param g {@code [N, Co, OH, OW]}, the shape of a convolution's output
   * @param weight weights {@code [Co, C, kh, kw]}
   * @param stride the forward convolution's stride
   * @param padding the forward convolution's padding
   * @param height the forward convolution's input height H (ambiguous from OH when stride &gt; 1)
   * @param width the forward convolution's input width W
   * @return {@code [N, C, H, W]}
   * @throws IllegalArgumentException if the shapes do not match such a convolution
   */
  public static Tensor conv2dTranspose(Tensor g, Tensor weight, int stride, int padding, int height, int width) {
    return Ops.apply(Op.conv2dTranspose(stride, padding, height, width), g, weight);
  }

  /**
   * Average pooling over k×k windows with stride s and no padding.
   *
   * @param x input {@code [N, C, H, W]}
   * @param size the window side k, 1 ≤ k ≤ min(H, W)
   * @param stride the step s between windows, ≥ 1
   * @return {@code [N, C, ⌊(H − k)/s⌋ + 1, ⌊(W − k)/s⌋ + 1]}
   * @throws IllegalArgumentException if x is not 4-D or the window does not fit
   */
  public static Tensor avgPool2d(Tensor x, int size, int stride) {
    return Ops.apply(Op.avgPool2d(size, stride), x);
  }

  /**
   * Global average pooling: the mean of each channel over all its positions.
   *
   * @param x input {@code [N, C, ...]} of rank ≥ 3
   * @return {@code [N, C]}
   * @throws IllegalArgumentException if x has rank below 3
   */
  public static Tensor globalAvgPool(Tensor x) {
    if (x.rank() < 3) {
      throw new IllegalArgumentException("globalAvgPool needs x [N, C, ...] of rank ≥ 3; got "
          + Shape.str(x.shapeRef()));
    }
    return x.reshape(x.dim(0), x.dim(1), -1).mean(2, false);
  }

  /**
   * Group normalisation (Wu &amp; He 2018): each image's channels are split into G groups of C/G
   * consecutive channels; each group is standardised, (x − μ)/√(σ² + ε) with μ and the biased
   * variance σ² over the group's channels and positions, then scaled and shifted per channel:
   * y = γ_c·x̂ + β_c. G = 1 is layer normalisation, G = C instance normalisation.
   *
   * @param x input {@code [N, C, ...]} of rank ≥ 2
   * @param groups the number of groups G, dividing C
   * @param gamma per-channel scale {@code [C]}, or null for none
   * @param beta per-channel shift {@code [C]}, or null for none
   * @param eps the variance offset ε &gt; 0 (PyTorch's default is 1e-5)
   * @return x's shape
   * @throws IllegalArgumentException if G does not divide C, ε is not positive, or γ or β is not {@code [C]}
   */
  public static Tensor groupNorm(Tensor x, int groups, Tensor gamma, Tensor beta, double eps) {
    Tensor y = Ops.apply(Op.groupNorm(groups, eps), x);
    int[] perChannel = new int[x.rank()];
    java.util.Arrays.fill(perChannel, 1);
    perChannel[1] = x.dim(1);
    if (gamma != null) {
      y = y.mul(checkChannels(gamma, "gamma", x).reshape(perChannel));
    }
    if (beta != null) {
      y = y.add(checkChannels(beta, "beta", x).reshape(perChannel));
    }
    return y;
  }

  private static Tensor checkChannels(Tensor t, String name, Tensor x) {
    if (t.rank() != 1 || t.dim(0) != x.dim(1)) {
      throw new IllegalArgumentException("groupNorm " + name + " must be [" + x.dim(1) + "] (one per channel of x "
          + Shape.str(x.shapeRef()) + "); got " + Shape.str(t.shapeRef()));
    }
    return t;
  }

  /**
   * Per-example softmax cross-entropy with integer class labels: ℓ_i = log Σ_j e^{z_ij} − z_{i,y_i},
   * the negative log-likelihood of label y_i under softmax(z_i), computed with the row maximum
   * subtracted (log-sum-exp), so it is finite for any finite logits. Its gradient is
   * softmax(z_i) − onehot(y_i).
   *
   * @param logits {@code [N, K]}
   * @param labels N class indices in [0, K), not modified
   * @return the losses {@code [N]} (take {@link Tensor#mean()} for the usual batch loss)
   * @throws IllegalArgumentException if logits is not 2-D, the counts differ or a label is out of range
   */
  public static Tensor softmaxCrossEntropy(Tensor logits, int[] labels) {
    if (labels == null) {
      throw new IllegalArgumentException("labels must not be null; pass one class index per row of the logits");
    }
    return Ops.apply(Op.softmaxCrossEntropy(labels), logits);
  }

  /**
   * The index of the largest value of each row (the predicted class of each row of logits); ties go
   * to the lowest index. Not differentiable; reads values only.
   *
   * @param logits {@code [N, K]}
   * @return N indices in [0, K)
   * @throws IllegalArgumentException if logits is not 2-D
   */
  public static int[] argmaxRows(Tensor logits) {
    if (logits.rank() != 2) {
      throw new IllegalArgumentException("argmaxRows needs a 2-D tensor [N, K]; got " + Shape.str(logits.shapeRef()));
    }
    int n = logits.dim(0);
    int k = logits.dim(1);
    double[] z = Tracer.reading(logits, logits.data());
    int[] best = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 1; j < k; j++) {
        if (z[i * k + j] > z[i * k + best[i]]) {
          best[i] = j;
        }
      }
    }
    return best;
  }
}
