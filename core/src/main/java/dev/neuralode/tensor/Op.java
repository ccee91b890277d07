package dev.neuralode.tensor;

import java.util.Arrays;

/**
 * One tensor operation described as data: its {@link OpKind} and its attributes, flattened into
 * integers ({@code ints}: an axis, a start and end, flags as 0/1, or a target shape) and reals
 * ({@code reals}: a scalar or coefficients). Given the input shapes, the description fixes the output
 * shape ({@link #outputShape}) and computes the output into a caller-supplied array
 * ({@link #forward}), so a captured graph of ops can be replayed over preallocated buffers; its VJP
 * ({@link #vjp}) is written in tensor operations. The named accessors read the attributes that a kind
 * defines (see each {@link OpKind} constant) and throw {@link IllegalStateException} for others.
 *
 * <p>Immutable: the arrays are copied in and out. Axes are normalised (non-negative).
 *
 * @param kind the kind of operation
 * @param ints the integer attributes, as {@code kind} lays them out
 * @param reals the real attributes, as {@code kind} lays them out
 */
public record Op(OpKind kind, int[] ints, double[] reals) {

  /**
   * Checks the attribute counts against the kind and copies the arrays.
   *
   * @param kind the kind of operation
   * @param ints the integer attributes, as {@code kind} lays them out
   * @param reals the real attributes, as {@code kind} lays them out
   * @throws IllegalArgumentException if an argument is null or an attribute count is wrong for the kind
   */
  public Op {
    if (kind == null || ints == null || reals == null) {
      throw new IllegalArgumentException("kind, ints and reals must not be null; pass empty arrays for none");
    }
    if ((kind.intAttributes() >= 0 && ints.length != kind.intAttributes())
        || (kind.realAttributes() >= 0 && reals.length != kind.realAttributes())) {
      throw new IllegalArgumentException(kind + " takes " + kind.intAttributes() + " integer and "
          + kind.realAttributes() + " real attributes (−1: any number); got " + ints.length + " and " + reals.length);
    }
    ints = ints.clone();
    reals = reals.clone();
  }

  /**
   * An op without attributes.
   *
   * @param kind a kind without attributes, e.g. {@link OpKind#EXP}
   * @return the op
   * @throws IllegalArgumentException if the kind needs attributes
   */
  public static Op of(OpKind kind) {
    Op plain = kind == null ? null : kind.plain();
    return plain != null ? plain : new Op(kind, new int[0], new double[0]);
  }

  /**
   * An op with one scalar attribute.
   *
   * @param kind {@link OpKind#ADD_SCALAR}, {@link OpKind#MUL_SCALAR} or {@link OpKind#POW}
   * @param c the scalar
   * @return the op
   */
  public static Op scalar(OpKind kind, double c) {
    return new Op(kind, new int[0], new double[] {c});
  }

  /**
   * A {@link OpKind#LINEAR_COMBINATION}.
   *
   * @param coefficients one per input, not modified
   * @return the op
   */
  public static Op linearCombination(double... coefficients) {
    return new Op(OpKind.LINEAR_COMBINATION, new int[0], coefficients);
  }

  /**
   * An op with a target shape.
   *
   * @param kind {@link OpKind#RESHAPE}, {@link OpKind#EXPAND} or {@link OpKind#SUM_TO}
   * @param shape the output shape, not modified
   * @return the op
   */
  public static Op shaped(OpKind kind, int... shape) {
    return new Op(kind, shape, new double[0]);
  }

  /**
   * A {@link OpKind#SUM_AXIS}.
   *
   * @param axis the normalised axis
   * @param keepDim keep the axis with extent 1
   * @return the op
   */
  public static Op sumAxis(int axis, boolean keepDim) {
    return new Op(OpKind.SUM_AXIS, new int[] {axis, keepDim ? 1 : 0}, new double[0]);
  }

  /**
   * A {@link OpKind#MATMUL} op(A)·op(B).
   *
   * @param transA use Aᵀ
   * @param transB use Bᵀ
   * @return the op
   */
  public static Op matmul(boolean transA, boolean transB) {
    return new Op(OpKind.MATMUL, new int[] {transA ? 1 : 0, transB ? 1 : 0}, new double[0]);
  }

  /**
   * A {@link OpKind#SLICE}.
   *
   * @param axis the normalised axis
   * @param start first index, inclusive
   * @param end last index, exclusive
   * @return the op
   */
  public static Op slice(int axis, int start, int end) {
    return new Op(OpKind.SLICE, new int[] {axis, start, end}, new double[0]);
  }

  /**
   * A {@link OpKind#CONCAT}.
   *
   * @param axis the normalised axis
   * @return the op
   */
  public static Op concat(int axis) {
    return new Op(OpKind.CONCAT, new int[] {axis}, new double[0]);
  }

  /**
   * The output shape for inputs of the given shapes.
   *
   * @param inputShapes one shape per input, not modified
   * @return a new array
   * @throws IllegalArgumentException if the input count or shapes do not suit this op
   * @throws UnsupportedOperationException for {@link OpKind#CUSTOM}
   */
  public int[] outputShape(int[]... inputShapes) {
    if (kind.arity() >= 0 ? inputShapes.length != kind.arity() : inputShapes.length == 0) {
      throw new IllegalArgumentException(kind + " takes " + (kind.arity() >= 0 ? kind.arity() : "at least 1")
          + " inputs; got " + inputShapes.length);
    }
    return rule().shape().apply(this, inputShapes).clone();
  }

  /**
   * Computes the output into {@code out} (the forward kernel); allocates nothing but small index
   * arrays. The shapes must be valid for this op ({@link #outputShape}) and {@code out} must have the
   * output's size and must not alias an input.
   *
   * @param inputs the input values, row-major, not modified
   * @param inputShapes their shapes, not modified
   * @param out the output, overwritten (modified)
   * @throws UnsupportedOperationException for {@link OpKind#CUSTOM}
   */
  public void forward(double[][] inputs, int[][] inputShapes, double[] out) {
    rule().forward().apply(this, inputs, inputShapes, out);
  }

  /**
   * The vector–Jacobian product, in tensor operations (so it records a graph when recording is on).
   *
   * @param inputs the op's inputs, not modified
   * @param output the op's recorded output (some VJPs reuse it, e.g. e^x's)
   * @param g the cotangent of the output, of its shape
   * @return one cotangent per input, of that input's shape; null for an input that needs none
   * @throws UnsupportedOperationException if the kind is not differentiable or is {@link OpKind#CUSTOM}
   */
  public Tensor[] vjp(Tensor[] inputs, Tensor output, Tensor g) {
    if (rule().vjp() == null) {
      throw new UnsupportedOperationException(kind + " is a constant mask and has no VJP");
    }
    return rule().vjp().apply(this, inputs, output, g);
  }

  private OpRule rule() {
    if (kind.rule() == null) {
      throw new UnsupportedOperationException("a CUSTOM op carries its VJP as a closure and has no kernel");
    }
    return kind.rule();
  }

  /** {@return a copy of the integer attributes} */
  @Override
  public int[] ints() {
    return ints.clone();
  }

  /** {@return a copy of the real attributes} */
  @Override
  public double[] reals() {
    return reals.clone();
  }

  /** {@return the axis of a SUM_AXIS, SLICE or CONCAT} */
  public int axis() {
    need(kind == OpKind.SUM_AXIS || kind == OpKind.SLICE || kind == OpKind.CONCAT, "axis");
    return ints[0];
  }

  /** {@return whether a SUM_AXIS keeps its axis} */
  public boolean keepDim() {
    need(kind == OpKind.SUM_AXIS, "keepDim");
    return ints[1] != 0;
  }

  /** {@return the first index of a SLICE, inclusive} */
  public int start() {
    need(kind == OpKind.SLICE, "start");
    return ints[1];
  }

  /** {@return the last index of a SLICE, exclusive} */
  public int end() {
    need(kind == OpKind.SLICE, "end");
    return ints[2];
  }

  /** {@return whether a MATMUL uses Aᵀ} */
  public boolean transA() {
    need(kind == OpKind.MATMUL, "transA");
    return ints[0] != 0;
  }

  /** {@return whether a MATMUL uses Bᵀ} */
  public boolean transB() {
    need(kind == OpKind.MATMUL, "transB");
    return ints[1] != 0;
  }

  /** {@return a copy of the target shape of a RESHAPE, EXPAND or SUM_TO} */
  public int[] shape() {
    return shapeRef().clone();
  }

  int[] shapeRef() {
    need(kind == OpKind.RESHAPE || kind == OpKind.EXPAND || kind == OpKind.SUM_TO, "shape");
    return ints;
  }

  /** {@return the scalar of an ADD_SCALAR, MUL_SCALAR or POW} */
  public double scalar() {
    need(kind == OpKind.ADD_SCALAR || kind == OpKind.MUL_SCALAR || kind == OpKind.POW, "scalar");
    return reals[0];
  }

  /** {@return a copy of the coefficients of a LINEAR_COMBINATION} */
  public double[] coefficients() {
    return coefficientsRef().clone();
  }

  double[] coefficientsRef() {
    need(kind == OpKind.LINEAR_COMBINATION, "coefficients");
    return reals;
  }

  private void need(boolean has, String attribute) {
    if (!has) {
      throw new IllegalStateException(kind + " has no attribute '" + attribute + "'");
    }
  }

  /** {@return whether {@code o} is an op of the same kind with equal attributes} */
  @Override
  public boolean equals(Object o) {
    return o instanceof Op op && kind == op.kind && Arrays.equals(ints, op.ints) && Arrays.equals(reals, op.reals);
  }

  /** {@return a hash of the kind and attributes} */
  @Override
  public int hashCode() {
    return (kind.hashCode() * 31 + Arrays.hashCode(ints)) * 31 + Arrays.hashCode(reals);
  }

  /** {@return the kind and attributes, e.g. {@code MATMUL[0, 1][]}} */
  @Override
  public String toString() {
    return kind + Arrays.toString(ints) + Arrays.toString(reals);
  }
}
