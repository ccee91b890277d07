package dev.neuralode.tensor;

import java.util.Arrays;
import java.util.List;

/**
 * An immutable dense tensor of {@code double}s: a row-major array plus a shape, with reverse-mode
 * automatic differentiation.
 *
 * <p>Every operation returns a new tensor and never modifies its inputs. While recording is on (see
 * {@link Autograd#noGrad()}) and at least one input {@linkplain #requiresGrad() requires a gradient},
 * the operation also records a graph node holding its vector–Jacobian product (VJP). Every VJP is
 * written in tensor operations, so {@link Autograd#grad(List, List, List, boolean)} with {@code
 * createGraph=true} yields differentiable gradients and hence higher-order derivatives (the design
 * of tinygrad's gradient table and micrograd's paired forward/backward).
 *
 * <p>This class is a thin front: each operation is an {@link Op} (an {@link OpKind} of the op table,
 * with its attributes), whose forward kernel and VJP live in the table; the loops live in
 * package-private kernel classes that can write into caller-supplied arrays.
 *
 * <p>Binary operations broadcast by NumPy's rules ({@link Shape#broadcast(int[], int[])}). A scalar
 * has shape {@code []}. Unless stated otherwise, an operation returns a new tensor and leaves its
 * operands unmodified.
 */
public final class Tensor {
  private final double[] data;
  private final int[] shape;
  private final boolean requiresGrad;
  final Node node;

  Tensor(double[] data, int[] shape, boolean requiresGrad, Node node) {
    this.data = data;
    this.shape = shape;
    this.requiresGrad = requiresGrad;
    this.node = node;
    if (node != null) {
      node.output = this; // inside the constructor, so final-field semantics publish it with the node
    }
  }

  // ------------------------------------------------------------------ factories

  /**
   * A tensor holding a copy of {@code data} with the given shape.
   *
   * @param data values in row-major order, not modified
   * @param shape the shape; its element count must equal {@code data.length}
   * @return a new tensor that does not require a gradient
   * @throws IllegalArgumentException if the sizes disagree
   */
  public static Tensor of(double[] data, int... shape) {
    int n = Shape.size(shape);
    if (n != data.length) {
      throw new IllegalArgumentException("data has " + data.length + " values but shape "
          + Shape.str(shape) + " needs " + n + "; pass a shape whose product equals data.length");
    }
    return new Tensor(data.clone(), shape.clone(), false, null);
  }

  /** Wraps an array without copying; callers must never modify it afterwards. */
  static Tensor wrap(double[] data, int... shape) { return new Tensor(data, shape, false, null); }

  /**
   * {@return a new scalar (shape {@code []})}
   * @param value the value
   */
  public static Tensor scalar(double value) {
    return new Tensor(new double[] {value}, new int[0], false, null);
  }

  /**
   * {@return a new 1-D tensor of shape {@code [values.length]}}
   * @param values the values, not modified
   */
  public static Tensor vector(double... values) {
    return new Tensor(values.clone(), new int[] {values.length}, false, null);
  }

  /**
   * {@return a new 2-D tensor of shape {@code [rows.length, rows[0].length]}}
   * @param rows the rows, all of equal length, not modified
   * @throws IllegalArgumentException if the rows are ragged or there are none
   */
  public static Tensor matrix(double[][] rows) {
    double[] d = ShapeKernels.flatten(rows);
    return new Tensor(d, new int[] {rows.length, rows[0].length}, false, null);
  }

  /**
   * {@return a new tensor filled with {@code value}}
   * @param value the fill value
   * @param shape the shape
   */
  public static Tensor full(double value, int... shape) {
    double[] d = new double[Shape.size(shape)];
    if (value != 0.0) {
      Arrays.fill(d, value);
    }
    return new Tensor(d, shape.clone(), false, null);
  }

  /**
   * {@return a new tensor of zeros}
   * @param shape the shape
   */
  public static Tensor zeros(int... shape) { return full(0.0, shape); }

  /**
   * {@return a new tensor of ones}
   * @param shape the shape
   */
  public static Tensor ones(int... shape) { return full(1.0, shape); }

  /** {@return zeros with this tensor's shape, not requiring a gradient} */
  public Tensor zerosLike() { return new Tensor(new double[data.length], shape, false, null); }

  /** {@return ones with this tensor's shape, not requiring a gradient} */
  public Tensor onesLike() { return full(1.0, shape); }

  // ------------------------------------------------------------------ accessors

  /** {@return a copy of the shape} */
  public int[] shape() { return shape.clone(); }

  /** {@return the rank (number of axes); 0 for a scalar} */
  public int rank() { return shape.length; }

  /**
   * {@return the extent of one axis}
   * @param axis the axis; negative counts from the end
   * @throws IllegalArgumentException if the axis is out of range
   */
  public int dim(int axis) { return shape[normAxis(axis)]; }

  /** {@return the number of elements} */
  public int size() { return data.length; }

  /**
   * {@return whether gradients flow to or through this tensor: it is a leaf made with {@link
   * #requireGrad()}, or the result of a recorded operation}
   */
  public boolean requiresGrad() { return requiresGrad; }

  /** {@return whether this tensor is a leaf: not produced by a recorded operation} */
  public boolean isLeaf() { return node == null; }

  /** {@return a new leaf with the same values that requires a gradient} */
  public Tensor requireGrad() { return Tracer.aliased(this, new Tensor(data, shape, true, null)); }

  /** {@return a leaf with the same values, cut from the graph (this tensor if already one)} */
  public Tensor detach() {
    return requiresGrad || node != null ? Tracer.aliased(this, new Tensor(data, shape, false, null)) : this;
  }

  /**
   * {@return the single value of a one-element tensor}
   * @throws IllegalStateException if the tensor has more than one element
   */
  public double item() {
    Tracer.reading(this, data);
    if (data.length != 1) {
      throw new IllegalStateException(
          "item() needs a one-element tensor; this one has shape " + Shape.str(shape));
    }
    return data[0];
  }

  /**
   * {@return one element by its multi-index}
   * @param index one index per axis
   * @throws IllegalArgumentException if the index has the wrong length or is out of range
   */
  public double get(int... index) { return data[Tracer.reading(this, Shape.offset(shape, index))]; }

  /**
   * {@return one element by its flat row-major position}
   * @param i the position, in {@code [0, size())}
   */
  public double getFlat(int i) { return data[Tracer.reading(this, i)]; }

  /** {@return the values in row-major order, as a new array} */
  public double[] toArray() { return Tracer.reading(this, data).clone(); }

  /**
   * {@return the values of a 2-D tensor as a new {@code double[rows][cols]}}
   * @throws IllegalStateException if the tensor is not 2-D
   */
  public double[][] toMatrix() {
    Tracer.reading(this, data);
    if (shape.length != 2) {
      throw new IllegalStateException("toMatrix() needs a 2-D tensor; shape is " + Shape.str(shape));
    }
    return ShapeKernels.rows(data, shape[0], shape[1]);
  }

  /** {@return whether every element is finite (neither NaN nor infinite)} */
  public boolean isFinite() { return Kernels.allFinite(Tracer.reading(this, data)); }

  /** Direct access for this package's kernels; never modify the returned array. */
  double[] data() { return data; }

  int[] shapeRef() { return shape; }

  int normAxis(int axis) {
    int a = axis < 0 ? axis + shape.length : axis;
    if (a < 0 || a >= shape.length) {
      throw new IllegalArgumentException(
          "axis " + axis + " is out of range for shape " + Shape.str(shape) + " (rank " + shape.length + ")");
    }
    return a;
  }

  private Tensor apply(OpKind kind) { return Ops.apply(Op.of(kind), this); }

  // ------------------------------------------------------------------ elementwise binary, broadcasting

  /**
   * {@return this + other, of the broadcast shape}
   * @param other the other operand
   * @throws IllegalArgumentException if the shapes cannot be broadcast
   */
  public Tensor add(Tensor other) { return Ops.apply(Op.of(OpKind.ADD), this, other); }

  /**
   * {@return this − other, of the broadcast shape}
   * @param other the other operand
   * @throws IllegalArgumentException if the shapes cannot be broadcast
   */
  public Tensor sub(Tensor other) { return Ops.apply(Op.of(OpKind.SUB), this, other); }

  /**
   * {@return this · other elementwise, of the broadcast shape}
   * @param other the other operand
   * @throws IllegalArgumentException if the shapes cannot be broadcast
   */
  public Tensor mul(Tensor other) { return Ops.apply(Op.of(OpKind.MUL), this, other); }

  /**
   * {@return this / other elementwise, of the broadcast shape}
   * @param other the divisor
   * @throws IllegalArgumentException if the shapes cannot be broadcast
   */
  public Tensor div(Tensor other) { return Ops.apply(Op.of(OpKind.DIV), this, other); }

  /**
   * {@return the elementwise maximum, of the broadcast shape; where the operands tie, the gradient
   * goes to {@code this}}
   * @param other the other operand
   * @throws IllegalArgumentException if the shapes cannot be broadcast
   */
  public Tensor maximum(Tensor other) { return Ops.apply(Op.of(OpKind.MAXIMUM), this, other); }

  // ------------------------------------------------------------------ scalar arithmetic

  /**
   * {@return this + c elementwise}
   * @param c the constant
   */
  public Tensor add(double c) { return Ops.apply(Op.scalar(OpKind.ADD_SCALAR, c), this); }

  /**
   * {@return this · c elementwise}
   * @param c the constant
   */
  public Tensor mul(double c) { return Ops.apply(Op.scalar(OpKind.MUL_SCALAR, c), this); }

  /**
   * {@return this / c elementwise, computed as this · (1/c)}
   * @param c the constant
   */
  public Tensor div(double c) { return mul(1.0 / c); }

  /**
   * {@return this − c elementwise, computed as this + (−c)}
   * @param c the constant
   */
  public Tensor sub(double c) { return add(-c); }

  /**
   * {@return every element raised to the constant power {@code p}}
   * @param p the exponent
   */
  public Tensor pow(double p) { return Ops.apply(Op.scalar(OpKind.POW, p), this); }

  /**
   * Weighted sum {@code Σ coeffs[i] · terms[i]} of equally shaped tensors, in one pass. Terms whose
   * coefficient is exactly 0 are skipped (and get no gradient).
   *
   * @param coeffs one coefficient per term, not modified
   * @param terms tensors of one shape, not modified
   * @return a new tensor of that shape
   * @throws IllegalArgumentException if the counts differ, there are no terms or the shapes differ
   */
  public static Tensor linearCombination(double[] coeffs, Tensor... terms) {
    return Ops.apply(Op.linearCombination(coeffs), terms.clone());
  }

  // ------------------------------------------------------------------ elementwise unary

  /** {@return −x elementwise} */
  public Tensor neg() { return apply(OpKind.NEG); }

  /** {@return e^x elementwise} */
  public Tensor exp() { return apply(OpKind.EXP); }

  /** {@return the natural logarithm elementwise} */
  public Tensor log() { return apply(OpKind.LOG); }

  /** {@return the square root elementwise} */
  public Tensor sqrt() { return apply(OpKind.SQRT); }

  /** {@return x² elementwise} */
  public Tensor square() { return apply(OpKind.SQUARE); }

  /** {@return |x| elementwise; its derivative at 0 is taken as 0} */
  public Tensor abs() { return apply(OpKind.ABS); }

  /** {@return sin x elementwise} */
  public Tensor sin() { return apply(OpKind.SIN); }

  /** {@return cos x elementwise} */
  public Tensor cos() { return apply(OpKind.COS); }

  /** {@return tanh x elementwise} */
  public Tensor tanh() { return apply(OpKind.TANH); }

  /** {@return the logistic sigmoid σ(x) = 1 / (1 + e^{−x}) elementwise, computed stably for large |x|} */
  public Tensor sigmoid() { return apply(OpKind.SIGMOID); }

  /** {@return softplus log(1 + e^x) elementwise, computed stably; its derivative is σ(x)} */
  public Tensor softplus() { return apply(OpKind.SOFTPLUS); }

  /**
   * {@return ELU with α = 1 (Clevert et al. 2016) elementwise: x for x &gt; 0, e^x − 1 otherwise; as
   * PyTorch's {@code nn.ELU()}}
   */
  public Tensor elu() { return apply(OpKind.ELU); }

  /** {@return ReLU max(x, 0) elementwise; its derivative at 0 is taken as 0} */
  public Tensor relu() { return apply(OpKind.RELU); }

  // ------------------------------------------------------------------ reductions

  /** {@return the sum of all elements, a scalar} */
  public Tensor sum() { return apply(OpKind.SUM); }

  /** {@return the mean of all elements, a scalar} */
  public Tensor mean() { return sum().mul(1.0 / data.length); }

  /**
   * {@return the sum over one axis, which is removed (or kept with extent 1)}
   * @param axis the axis; negative counts from the end
   * @param keepDim keep the reduced axis with extent 1
   * @throws IllegalArgumentException if the axis is out of range
   */
  public Tensor sum(int axis, boolean keepDim) { return Ops.apply(Op.sumAxis(normAxis(axis), keepDim), this); }

  /**
   * {@return the mean over one axis, which is removed (or kept with extent 1)}
   * @param axis the axis; negative counts from the end
   * @param keepDim keep the reduced axis with extent 1
   * @throws IllegalArgumentException if the axis is out of range
   */
  public Tensor mean(int axis, boolean keepDim) { return sum(axis, keepDim).mul(1.0 / shape[normAxis(axis)]); }

  /**
   * {@return this tensor broadcast to a larger shape, the copies materialised (this if the shapes are equal)}
   * @param target a shape this one broadcasts to
   * @throws IllegalArgumentException if this shape does not broadcast to {@code target}
   */
  public Tensor expand(int... target) {
    return Arrays.equals(shape, target) ? this : Ops.apply(Op.shaped(OpKind.EXPAND, target), this);
  }

  /**
   * {@return this tensor summed down to a shape that broadcasts to it: the adjoint of {@link
   * #expand(int...)} (this if the shapes are equal)}
   * @param target a shape that broadcasts to this tensor's shape
   * @throws IllegalArgumentException if {@code target} does not broadcast to this shape
   */
  public Tensor sumTo(int... target) {
    return Arrays.equals(shape, target) ? this : Ops.apply(Op.shaped(OpKind.SUM_TO, target), this);
  }

  // ------------------------------------------------------------------ linear algebra

  /**
   * {@return the matrix product {@code this @ other} of {@code [m, k]} and {@code [k, n]}, of shape
   * {@code [m, n]}; a 1-D right operand {@code [k]} is treated as a column and gives {@code [m]}}
   * @param other the right operand
   * @throws IllegalArgumentException if the ranks or inner extents disagree
   */
  public Tensor matmul(Tensor other) {
    if (shape.length != 2 || (other.shape.length != 2 && other.shape.length != 1)) {
      throw new IllegalArgumentException("matmul needs [m, k] @ [k, n] (or [k]); got "
          + Shape.str(shape) + " @ " + Shape.str(other.shape));
    }
    if (other.shape.length == 1) {
      return matmul(other.reshape(other.shape[0], 1)).reshape(shape[0]);
    }
    return matmul(other, false, false);
  }

  /**
   * {@return op(this)·op(other) with op(X) = X or Xᵀ, of shape {@code [m, n]}, without materialising a
   * transpose, forward or backward (as BLAS {@code dgemm}); bit-identical to transposing first}
   * @param other the right operand, 2-D
   * @param transA use thisᵀ: this is then {@code [k, m]} instead of {@code [m, k]}
   * @param transB use otherᵀ: other is then {@code [n, k]} instead of {@code [k, n]}
   * @throws IllegalArgumentException if an operand is not 2-D or the contracted extents differ
   */
  public Tensor matmul(Tensor other, boolean transA, boolean transB) {
    return Ops.apply(Op.matmul(transA, transB), this, other);
  }

  /**
   * {@return the transpose {@code [n, m]} of a 2-D tensor {@code [m, n]}}
   * @throws IllegalArgumentException if this tensor is not 2-D
   */
  public Tensor transpose() { return apply(OpKind.TRANSPOSE); }

  // ------------------------------------------------------------------ shape operations

  /**
   * {@return the same values with a new shape (this if the shape is unchanged)}
   * @param newShape the new shape; one extent may be −1 and is then inferred
   * @throws IllegalArgumentException if the element counts differ
   */
  public Tensor reshape(int... newShape) {
    int[] s = Shape.resolve(shape, data.length, newShape);
    return Arrays.equals(s, shape) ? this : Ops.record(Op.shaped(OpKind.RESHAPE, s), data, s, this);
  }

  /**
   * {@return elements {@code [start, end)} along one axis (this if that is the whole axis)}
   * @param axis the axis; negative counts from the end
   * @param start first index, inclusive
   * @param end last index, exclusive
   * @throws IllegalArgumentException if the range is empty or out of bounds
   */
  public Tensor slice(int axis, int start, int end) { return Composites.slice(this, normAxis(axis), start, end); }

  /**
   * {@return this tensor zero-padded along one axis: the adjoint of {@link #slice(int, int, int)}}
   * @param axis the axis; negative counts from the end
   * @param before zeros before, at least 0
   * @param after zeros after, at least 0
   */
  public Tensor pad(int axis, int before, int after) { return Composites.pad(this, normAxis(axis), before, after); }

  /**
   * {@return index {@code i} along axis 0, removing that axis: {@code [n, ...rest]} gives {@code [...rest]}}
   * @param i the index
   */
  public Tensor index(int i) { return slice(0, i, i + 1).reshape(Arrays.copyOfRange(shape, 1, shape.length)); }

  /**
   * {@return the tensors concatenated along an axis; all other extents must agree}
   * @param axis the axis; negative counts from the end
   * @param parts the tensors, not modified
   * @throws IllegalArgumentException if there are no parts or the shapes disagree
   */
  public static Tensor concat(int axis, List<Tensor> parts) { return Composites.concat(axis, parts); }

  /**
   * {@return the tensors concatenated along an axis}
   * @param axis the axis
   * @param parts the tensors
   * @see #concat(int, List)
   */
  public static Tensor concat(int axis, Tensor... parts) { return concat(axis, Arrays.asList(parts)); }

  /**
   * {@return equally shaped tensors stacked along a new leading axis: n of shape {@code s} give
   * {@code [n, ...s]}}
   * @param parts the tensors, not modified
   * @throws IllegalArgumentException if there are no parts or their shapes differ
   */
  public static Tensor stack(List<Tensor> parts) { return Composites.stack(parts); }

  /** {@return the shape, up to 16 values and whether a gradient is required} */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Tensor(shape=").append(Shape.str(shape)).append(", ");
    if (data.length <= 16) {
      sb.append(Arrays.toString(data));
    } else {
      sb.append(Arrays.toString(Arrays.copyOf(data, 16))).append("...");
    }
    if (requiresGrad) {
      sb.append(", requiresGrad");
    }
    return sb.append(')').toString();
  }
}
