package dev.neuralode.tensor;

import dev.neuralode.tensor.ConvKernels.Geometry;

/**
 * The op table's convolution and pooling entries (NCHW): each is its output-shape rule (which
 * validates the inputs and attributes), its forward kernel in {@link ConvKernels} and its VJP in
 * tensor operations. Convolution is bilinear, and its three ops close under differentiation:
 * <ul>
 *   <li>y = conv(x, w): x̄ = convᵀ(ȳ, w), w̄ = wgrad(x, ȳ);
 *   <li>z = convᵀ(g, w): ḡ = conv(z̄, w), w̄ = wgrad(z̄, g);
 *   <li>v = wgrad(x, g): x̄ = convᵀ(g, v̄), ḡ = conv(x, v̄);
 * </ul>
 * so derivatives of every order stay convolutions. Average pooling and its transpose are each
 * other's VJP.
 */
final class ConvOps {
  private ConvOps() {}

  static final OpRule CONV2D = new OpRule((op, s) -> {
    Geometry g = checkConv(op, s[0], s[1], "conv2d", "x", "weight");
    return new int[] {g.n(), g.co(), g.oh(), g.ow()};
  }, (op, in, s, out) -> ConvKernels.conv2d(in[0], in[1], Geometry.of(s[0], s[1], op.stride(), op.padding()), out),
      (op, x, y, g) -> new Tensor[] {
          x[0].requiresGrad() ? transpose(g, x[1], op, x[0].shapeRef()) : null,
          x[1].requiresGrad() ? weightGrad(x[0], g, op, x[1].shapeRef()) : null});

  /** Inputs (g {@code [N, Co, OH, OW]}, w {@code [Co, C, kh, kw]}); output {@code [N, C, H, W]}. */
  static final OpRule CONV2D_TRANSPOSE = new OpRule((op, s) -> {
    int[] ext = op.outputExtent();
    if (s[0].length != 4 || s[1].length != 4) {
      throw new IllegalArgumentException("conv2dTranspose needs a 4-D gradient [N, Co, OH, OW] and weight"
          + " [Co, C, kh, kw]; got " + Shape.str(s[0]) + " and " + Shape.str(s[1]));
    }
    int[] xShape = {s[0][0], s[1][1], ext[0], ext[1]};
    Geometry g = checkConv(op, xShape, s[1], "conv2dTranspose", "output extent", "weight");
    if (g.co() != s[0][1] || g.oh() != s[0][2] || g.ow() != s[0][3]) {
      throw new IllegalArgumentException("conv2dTranspose: gradient shape " + Shape.str(s[0]) + " does not match"
          + " a convolution of " + Shape.str(xShape) + " by weight " + Shape.str(s[1]) + " (which gives ["
          + g.n() + ", " + g.co() + ", " + g.oh() + ", " + g.ow() + "]); pass the input extent of that convolution");
    }
    return xShape;
  }, (op, in, s, out) -> ConvKernels.conv2dTranspose(in[0], in[1], Geometry.of(new int[] {s[0][0], s[1][1],
      op.outputExtent()[0], op.outputExtent()[1]}, s[1], op.stride(), op.padding()), out),
      (op, x, y, h) -> new Tensor[] {
          x[0].requiresGrad() ? conv(h, x[1], op) : null,
          x[1].requiresGrad() ? weightGrad(h, x[0], op, x[1].shapeRef()) : null});

  /** Inputs (x {@code [N, C, H, W]}, g {@code [N, Co, OH, OW]}); output {@code [Co, C, kh, kw]}. */
  static final OpRule CONV2D_WEIGHT_GRAD = new OpRule((op, s) -> {
    int[] k = op.kernelExtent();
    if (s[0].length != 4 || s[1].length != 4) {
      throw new IllegalArgumentException("conv2dWeightGrad needs a 4-D input [N, C, H, W] and gradient"
          + " [N, Co, OH, OW]; got " + Shape.str(s[0]) + " and " + Shape.str(s[1]));
    }
    int[] wShape = {s[1][1], s[0][1], k[0], k[1]};
    Geometry g = checkConv(op, s[0], wShape, "conv2dWeightGrad", "x", "kernel extent");
    if (g.n() != s[1][0] || g.oh() != s[1][2] || g.ow() != s[1][3]) {
      throw new IllegalArgumentException("conv2dWeightGrad: gradient shape " + Shape.str(s[1]) + " does not"
          + " match a convolution of " + Shape.str(s[0]) + " by a kernel " + Shape.str(wShape) + " (which gives ["
          + g.n() + ", " + g.co() + ", " + g.oh() + ", " + g.ow() + "])");
    }
    return wShape;
  }, (op, in, s, out) -> {
    int[] k = op.kernelExtent();
    int[] wShape = {s[1][1], s[0][1], k[0], k[1]};
    ConvKernels.conv2dWeightGrad(in[0], in[1], Geometry.of(s[0], wShape, op.stride(), op.padding()), out);
  }, (op, x, y, h) -> new Tensor[] {
      x[0].requiresGrad() ? transpose(x[1], h, op, x[0].shapeRef()) : null,
      x[1].requiresGrad() ? conv(x[0], h, op) : null});

  static final OpRule AVG_POOL2D = new OpRule((op, s) -> {
    checkPool(op, s[0], "avgPool2d");
    return new int[] {s[0][0], s[0][1], (s[0][2] - op.poolSize()) / op.stride() + 1,
        (s[0][3] - op.poolSize()) / op.stride() + 1};
  }, (op, in, s, out) -> ConvKernels.avgPool(in[0], s[0][0] * s[0][1], s[0][2], s[0][3], op.poolSize(),
      op.stride(), out), (op, x, y, g) -> new Tensor[] {Ops.apply(Op.avgPool2dTranspose(op.poolSize(),
      op.stride(), x[0].shapeRef()[2], x[0].shapeRef()[3]), g)});

  /** Input g {@code [N, C, OH, OW]}; output {@code [N, C, H, W]} for the attribute extent (H, W). */
  static final OpRule AVG_POOL2D_TRANSPOSE = new OpRule((op, s) -> {
    int[] ext = op.outputExtent();
    int[] xShape = s[0].length == 4 ? new int[] {s[0][0], s[0][1], ext[0], ext[1]} : s[0];
    checkPool(op, xShape, "avgPool2dTranspose");
    if ((ext[0] - op.poolSize()) / op.stride() + 1 != s[0][2] || (ext[1] - op.poolSize()) / op.stride() + 1 != s[0][3]) {
      throw new IllegalArgumentException("avgPool2dTranspose: gradient shape " + Shape.str(s[0])
          + " does not match pooling an input of extent " + ext[0] + "×" + ext[1]);
    }
    return xShape;
  }, (op, in, s, out) -> ConvKernels.avgPoolTranspose(in[0], s[0][0] * s[0][1], op.outputExtent()[0],
      op.outputExtent()[1], op.poolSize(), op.stride(), out),
      (op, x, y, h) -> new Tensor[] {Ops.apply(Op.avgPool2d(op.poolSize(), op.stride()), h)});

  private static Tensor conv(Tensor x, Tensor w, Op like) {
    return Ops.apply(Op.conv2d(like.stride(), like.padding()), x, w);
  }

  private static Tensor transpose(Tensor g, Tensor w, Op like, int[] xShape) {
    return Ops.apply(Op.conv2dTranspose(like.stride(), like.padding(), xShape[2], xShape[3]), g, w);
  }

  private static Tensor weightGrad(Tensor x, Tensor g, Op like, int[] wShape) {
    return Ops.apply(Op.conv2dWeightGrad(like.stride(), like.padding(), wShape[2], wShape[3]), x, g);
  }

  /** Validates a convolution of x by w and returns its geometry. */
  private static Geometry checkConv(Op op, int[] x, int[] w, String name, String xName, String wName) {
    if (op.stride() < 1 || op.padding() < 0) {
      throw new IllegalArgumentException(name + ": stride must be ≥ 1 and padding ≥ 0; got stride "
          + op.stride() + ", padding " + op.padding());
    }
    if (x.length != 4 || w.length != 4) {
      throw new IllegalArgumentException(name + " needs a 4-D input [N, C, H, W] and weight [Co, C, kh, kw];"
          + " got " + xName + " " + Shape.str(x) + " and " + wName + " " + Shape.str(w));
    }
    if (x[1] != w[1]) {
      throw new IllegalArgumentException(name + ": " + xName + " " + Shape.str(x) + " has " + x[1]
          + " channels but " + wName + " " + Shape.str(w) + " expects " + w[1] + "; they must agree");
    }
    if (w[2] < 1 || w[3] < 1 || x[2] + 2 * op.padding() < w[2] || x[3] + 2 * op.padding() < w[3]) {
      throw new IllegalArgumentException(name + ": a " + w[2] + "×" + w[3] + " kernel does not fit an input of "
          + x[2] + "×" + x[3] + " with padding " + op.padding() + "; use a smaller kernel or more padding");
    }
    return Geometry.of(x, w, op.stride(), op.padding());
  }

  private static void checkPool(Op op, int[] x, String name) {
    if (x.length != 4) {
      throw new IllegalArgumentException(name + " needs a 4-D input [N, C, H, W]; got " + Shape.str(x));
    }
    if (op.poolSize() < 1 || op.stride() < 1 || op.poolSize() > x[2] || op.poolSize() > x[3]) {
      throw new IllegalArgumentException(name + ": window " + op.poolSize() + " and stride " + op.stride()
          + " must be ≥ 1 and the window must fit the " + x[2] + "×" + x[3] + " input");
    }
  }
}
