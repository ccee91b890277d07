package dev.neuralode.tensor;

/**
 * The kinds of tensor operation: the op table. Each constant is one entry holding its output-shape
 * rule, its forward kernel and its vector–Jacobian product written in {@link Tensor} operations (so
 * higher-order derivatives work; the pattern of tinygrad's {@code gradient.py}). With its attributes
 * an operation is described as data by an {@link Op}.
 *
 * <p>Each constant documents its inputs and attributes. "Broadcast" means NumPy's rules
 * ({@link Shape#broadcast(int[], int[])}); "same" means the output has the first input's shape.
 */
public enum OpKind {
  /** a + b; 2 inputs, broadcast. */
  ADD(2, 0, 0, ElementwiseOps.ADD),
  /** a − b; 2 inputs, broadcast. */
  SUB(2, 0, 0, ElementwiseOps.SUB),
  /** a · b; 2 inputs, broadcast. */
  MUL(2, 0, 0, ElementwiseOps.MUL),
  /** a / b; 2 inputs, broadcast. */
  DIV(2, 0, 0, ElementwiseOps.DIV),
  /** max(a, b); 2 inputs, broadcast; ties send the gradient to a. */
  MAXIMUM(2, 0, 0, ElementwiseOps.MAXIMUM),
  /** x + c; attribute {@link Op#scalar()} c; same shape. */
  ADD_SCALAR(1, 0, 1, ElementwiseOps.ADD_SCALAR),
  /** x · c; attribute {@link Op#scalar()} c; same shape. */
  MUL_SCALAR(1, 0, 1, ElementwiseOps.MUL_SCALAR),
  /** x^p; attribute {@link Op#scalar()} p; same shape. */
  POW(1, 0, 1, ElementwiseOps.POW),
  /** Σ cᵢ·xᵢ; n ≥ 1 equally shaped inputs, attribute {@link Op#coefficients()} (one per input). */
  LINEAR_COMBINATION(-1, 0, -1, ElementwiseOps.LINEAR_COMBINATION),
  /** −x; same shape. */
  NEG(1, 0, 0, ElementwiseOps.NEG),
  /** e^x; same shape. */
  EXP(1, 0, 0, ElementwiseOps.EXP),
  /** ln x; same shape. */
  LOG(1, 0, 0, ElementwiseOps.LOG),
  /** √x; same shape. */
  SQRT(1, 0, 0, ElementwiseOps.SQRT),
  /** x²; same shape. */
  SQUARE(1, 0, 0, ElementwiseOps.SQUARE),
  /** |x|, derivative 0 at 0; same shape. */
  ABS(1, 0, 0, ElementwiseOps.ABS),
  /** sin x; same shape. */
  SIN(1, 0, 0, ElementwiseOps.SIN),
  /** cos x; same shape. */
  COS(1, 0, 0, ElementwiseOps.COS),
  /** tanh x; same shape. */
  TANH(1, 0, 0, ElementwiseOps.TANH),
  /**
   * tanh's VJP g·(1 − y²) of a cotangent g and tanh's output y, in one pass; 2 inputs (g, y) of one
   * shape; same shape. Its own VJP is written in tensor ops, so higher derivatives through tanh work;
   * the value and the derivatives through second order are the same bits as the four ops
   * {@code g.mul(y.square().neg().add(1.0))}, third and higher derivatives agree to rounding.
   */
  TANH_VJP(2, 0, 0, ElementwiseOps.TANH_VJP),
  /** 1 / (1 + e^{−x}), computed stably; same shape. */
  SIGMOID(1, 0, 0, ElementwiseOps.SIGMOID),
  /** log(1 + e^x), computed stably; same shape. */
  SOFTPLUS(1, 0, 0, ElementwiseOps.SOFTPLUS),
  /** ELU with α = 1: x for x &gt; 0, e^x − 1 otherwise; same shape. */
  ELU(1, 0, 0, ElementwiseOps.ELU),
  /** ELU′(x): 1 for x &gt; 0, e^x otherwise (ELU's VJP uses it); same shape. */
  ELU_DERIVATIVE(1, 0, 0, ElementwiseOps.ELU_DERIVATIVE),
  /** max(x, 0), derivative 0 at 0; same shape. */
  RELU(1, 0, 0, ElementwiseOps.RELU),
  /** 1 where x &gt; 0, else 0; a constant mask (not differentiable, never recorded); same shape. */
  STEP(1, 0, 0, ElementwiseOps.STEP),
  /** signum(x); a constant mask (not differentiable, never recorded); same shape. */
  SIGN(1, 0, 0, ElementwiseOps.SIGN),
  /** 1 where x ≥ 0, else 0; a constant mask (not differentiable, never recorded); same shape. */
  NON_NEGATIVE(1, 0, 0, ElementwiseOps.NON_NEGATIVE),
  /** Σ of all elements; output shape {@code []}. */
  SUM(1, 0, 0, StructuralOps.SUM),
  /** Σ over {@link Op#axis()}, keeping it with extent 1 if {@link Op#keepDim()}; attributes (axis, keepDim). */
  SUM_AXIS(1, 2, 0, StructuralOps.SUM_AXIS),
  /** Broadcast copy to {@link Op#shape()}, to which the input's shape broadcasts. */
  EXPAND(1, -1, 0, StructuralOps.EXPAND),
  /** Sum down to {@link Op#shape()}, which broadcasts to the input's shape (the adjoint of EXPAND). */
  SUM_TO(1, -1, 0, StructuralOps.SUM_TO),
  /**
   * op(A)·op(B) with op(X) = X or Xᵀ by {@link Op#transA()} and {@link Op#transB()}; 2-D inputs,
   * output {@code [m, n]}; no transpose is materialised, forward or backward.
   */
  MATMUL(2, 2, 0, StructuralOps.MATMUL),
  /**
   * x·Wᵀ + b of x {@code [m, k]}, W {@code [n, k]} and b {@code [n]}, giving {@code [m, n]}: a dense
   * layer in one op and one output array (the same bits as MATMUL with transB then ADD).
   */
  AFFINE(3, 0, 0, StructuralOps.AFFINE),
  /** Transpose of a 2-D input. */
  TRANSPOSE(1, 0, 0, StructuralOps.TRANSPOSE),
  /** The same values in {@link Op#shape()} (fully resolved, no −1). */
  RESHAPE(1, -1, 0, StructuralOps.RESHAPE),
  /** Indices [{@link Op#start()}, {@link Op#end()}) along {@link Op#axis()}; attributes (axis, start, end). */
  SLICE(1, 3, 0, StructuralOps.SLICE),
  /** Concatenation of n ≥ 1 inputs along {@link Op#axis()}; attribute (axis). */
  CONCAT(-1, 1, 0, StructuralOps.CONCAT),
  /**
   * 2-D convolution (cross-correlation, as PyTorch's {@code conv2d}) of x {@code [N, C, H, W]} by
   * weights {@code [Co, C, kh, kw]} with zero padding, giving {@code [N, Co, OH, OW]}, OH =
   * ⌊(H + 2p − kh)/s⌋ + 1; attributes ({@link Op#stride()}, {@link Op#padding()}).
   */
  CONV2D(2, 2, 0, ConvOps.CONV2D),
  /**
   * The transposed convolution (CONV2D's input gradient) of g {@code [N, Co, OH, OW]} by weights
   * {@code [Co, C, kh, kw]}, giving {@code [N, C, H, W]}; attributes (stride, padding, H, W), see
   * {@link Op#outputExtent()}.
   */
  CONV2D_TRANSPOSE(2, 4, 0, ConvOps.CONV2D_TRANSPOSE),
  /**
   * CONV2D's weight gradient from x {@code [N, C, H, W]} and g {@code [N, Co, OH, OW]}, giving
   * {@code [Co, C, kh, kw]}; attributes (stride, padding, kh, kw), see {@link Op#kernelExtent()}.
   */
  CONV2D_WEIGHT_GRAD(2, 4, 0, ConvOps.CONV2D_WEIGHT_GRAD),
  /**
   * Average pooling of {@code [N, C, H, W]} over k×k windows with stride s, no padding, giving
   * {@code [N, C, ⌊(H − k)/s⌋ + 1, ⌊(W − k)/s⌋ + 1]}; attributes ({@link Op#poolSize()}, {@link Op#stride()}).
   */
  AVG_POOL2D(1, 2, 0, ConvOps.AVG_POOL2D),
  /** AVG_POOL2D's adjoint: spreads g over the windows of an input of extent (H, W); attributes (k, s, H, W). */
  AVG_POOL2D_TRANSPOSE(1, 4, 0, ConvOps.AVG_POOL2D_TRANSPOSE),
  /**
   * Group normalisation without the affine part (Wu &amp; He 2018): x {@code [N, C, ...]} standardised per
   * image over each of G groups of C/G channels, (x − μ)/√(σ² + ε); attributes ({@link Op#groups()},
   * {@link Op#epsilon()}); same shape.
   */
  GROUP_NORM(1, 1, 1, NormOps.GROUP_NORM),
  /**
   * Softmax cross-entropy of logits {@code [N, K]} with integer labels ({@link Op#labels()}, one per row):
   * per-row loss log Σ_j e^{z_j} − z_label, computed with log-sum-exp; output {@code [N]}.
   */
  SOFTMAX_CROSS_ENTROPY(1, -1, 0, NormOps.SOFTMAX_CROSS_ENTROPY),
  /**
   * A custom op recorded by {@link Autograd#custom}: its VJP is a closure, not data, and it has no
   * forward kernel; a graph containing one cannot be replayed from its description.
   */
  CUSTOM(-1, 0, 0, null);

  private final int arity;
  private final int intAttributes;
  private final int realAttributes;
  private final OpRule rule;
  /** The one attribute-free op of this kind (shared: ops are immutable), or null if it has attributes. */
  private final Op plain;

  OpKind(int arity, int intAttributes, int realAttributes, OpRule rule) {
    this.arity = arity;
    this.intAttributes = intAttributes;
    this.realAttributes = realAttributes;
    this.rule = rule;
    this.plain = intAttributes == 0 && realAttributes == 0 ? new Op(this, new int[0], new double[0]) : null;
  }

  /**
   * The number of inputs.
   *
   * @return the input count, or −1 for a variable number (at least one)
   */
  public int arity() {
    return arity;
  }

  /**
   * The number of integer attributes ({@link Op#ints()}).
   *
   * @return the count, or −1 for a variable number (a shape)
   */
  public int intAttributes() {
    return intAttributes;
  }

  /**
   * The number of real attributes ({@link Op#reals()}).
   *
   * @return the count, or −1 for one per input (coefficients)
   */
  public int realAttributes() {
    return realAttributes;
  }

  /**
   * Whether the op has a VJP: false for the constant masks, which are never recorded, and true for
   * {@link #CUSTOM}, whose VJP is its closure.
   *
   * @return whether gradients flow through the op
   */
  public boolean differentiable() {
    return this == CUSTOM || rule.vjp() != null;
  }

  /** The shared attribute-free op of this kind; null if the kind has attributes. */
  Op plain() {
    return plain;
  }

  /** The table entry; null for {@link #CUSTOM}. */
  OpRule rule() {
    return rule;
  }
}
