package dev.neuralode.tensor;

import dev.neuralode.tensor.Kernels.Binary;
import dev.neuralode.tensor.Kernels.Unary;
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
 * <p>Binary operations broadcast by NumPy's rules ({@link Shape#broadcast(int[], int[])}). A scalar
 * has shape {@code []}.
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
  static Tensor wrap(double[] data, int... shape) {
    return new Tensor(data, shape, false, null);
  }

  /**
   * A scalar (shape {@code []}).
   *
   * @param value the value
   * @return a new scalar tensor
   */
  public static Tensor scalar(double value) {
    return new Tensor(new double[] {value}, new int[0], false, null);
  }

  /**
   * A 1-D tensor of shape {@code [values.length]}.
   *
   * @param values the values, not modified
   * @return a new vector
   */
  public static Tensor vector(double... values) {
    return new Tensor(values.clone(), new int[] {values.length}, false, null);
  }

  /**
   * A 2-D tensor of shape {@code [rows.length, rows[0].length]}.
   *
   * @param rows the rows, all of equal length, not modified
   * @return a new matrix
   * @throws IllegalArgumentException if the rows are ragged or there are none
   */
  public static Tensor matrix(double[][] rows) {
    if (rows.length == 0) {
      throw new IllegalArgumentException("rows must not be empty; pass at least one row");
    }
    int m = rows.length;
    int n = rows[0].length;
    double[] d = new double[m * n];
    for (int i = 0; i < m; i++) {
      if (rows[i].length != n) {
        throw new IllegalArgumentException("rows must have equal length; rows[" + i + "] has "
            + rows[i].length + " values, rows[0] has " + n);
      }
      System.arraycopy(rows[i], 0, d, i * n, n);
    }
    return new Tensor(d, new int[] {m, n}, false, null);
  }

  /**
   * A tensor filled with {@code value}.
   *
   * @param value the fill value
   * @param shape the shape
   * @return a new tensor
   */
  public static Tensor full(double value, int... shape) {
    double[] d = new double[Shape.size(shape)];
    if (value != 0.0) {
      Arrays.fill(d, value);
    }
    return new Tensor(d, shape.clone(), false, null);
  }

  /**
   * A tensor of zeros.
   *
   * @param shape the shape
   * @return a new tensor
   */
  public static Tensor zeros(int... shape) {
    return full(0.0, shape);
  }

  /**
   * A tensor of ones.
   *
   * @param shape the shape
   * @return a new tensor
   */
  public static Tensor ones(int... shape) {
    return full(1.0, shape);
  }

  /**
   * Zeros with this tensor's shape.
   *
   * @return a new tensor that does not require a gradient
   */
  public Tensor zerosLike() {
    return new Tensor(new double[data.length], shape, false, null);
  }

  /**
   * Ones with this tensor's shape.
   *
   * @return a new tensor that does not require a gradient
   */
  public Tensor onesLike() {
    return full(1.0, shape);
  }

  // ------------------------------------------------------------------ accessors

  /**
   * The shape.
   *
   * @return a copy of the shape
   */
  public int[] shape() {
    return shape.clone();
  }

  /**
   * The rank (number of axes); 0 for a scalar.
   *
   * @return the rank
   */
  public int rank() {
    return shape.length;
  }

  /**
   * The extent of one axis; negative axes count from the end.
   *
   * @param axis the axis
   * @return its extent
   * @throws IllegalArgumentException if the axis is out of range
   */
  public int dim(int axis) {
    return shape[normAxis(axis)];
  }

  /**
   * The number of elements.
   *
   * @return the element count
   */
  public int size() {
    return data.length;
  }

  /**
   * Whether this tensor takes part in differentiation: it is a leaf made with {@link #requireGrad()},
   * or the result of a recorded operation.
   *
   * @return true if gradients flow to or through this tensor
   */
  public boolean requiresGrad() {
    return requiresGrad;
  }

  /**
   * Whether this tensor is a leaf: it was not produced by a recorded operation.
   *
   * @return true for leaves
   */
  public boolean isLeaf() {
    return node == null;
  }

  /**
   * A new leaf with the same values that requires a gradient.
   *
   * @return a leaf tensor with {@code requiresGrad() == true}
   */
  public Tensor requireGrad() {
    return new Tensor(data, shape, true, null);
  }

  /**
   * A new leaf with the same values, cut from the graph.
   *
   * @return a leaf tensor that does not require a gradient
   */
  public Tensor detach() {
    return requiresGrad || node != null ? new Tensor(data, shape, false, null) : this;
  }

  /**
   * The single value of a one-element tensor.
   *
   * @return the value
   * @throws IllegalStateException if the tensor has more than one element
   */
  public double item() {
    if (data.length != 1) {
      throw new IllegalStateException(
          "item() needs a one-element tensor; this one has shape " + Shape.str(shape));
    }
    return data[0];
  }

  /**
   * One element by its multi-index.
   *
   * @param index one index per axis
   * @return the element
   * @throws IllegalArgumentException if the index has the wrong length or is out of range
   */
  public double get(int... index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException("index has " + index.length + " entries but tensor has rank "
          + shape.length + " (shape " + Shape.str(shape) + ")");
    }
    int off = 0;
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape[i]) {
        throw new IllegalArgumentException("index[" + i + "]=" + index[i] + " is out of range for shape "
            + Shape.str(shape));
      }
      off = off * shape[i] + index[i];
    }
    return data[off];
  }

  /**
   * One element by its flat row-major position.
   *
   * @param i the position, in {@code [0, size())}
   * @return the element
   */
  public double getFlat(int i) {
    return data[i];
  }

  /**
   * The values in row-major order.
   *
   * @return a new array (a copy)
   */
  public double[] toArray() {
    return data.clone();
  }

  /**
   * The values of a 2-D tensor as rows.
   *
   * @return a new {@code double[rows][cols]}
   * @throws IllegalStateException if the tensor is not 2-D
   */
  public double[][] toMatrix() {
    if (shape.length != 2) {
      throw new IllegalStateException("toMatrix() needs a 2-D tensor; shape is " + Shape.str(shape));
    }
    double[][] m = new double[shape[0]][];
    for (int i = 0; i < shape[0]; i++) {
      m[i] = Arrays.copyOfRange(data, i * shape[1], (i + 1) * shape[1]);
    }
    return m;
  }

  /**
   * Whether every element is finite (neither NaN nor infinite).
   *
   * @return true if all values are finite
   */
  public boolean isFinite() {
    for (double v : data) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /** Direct access for this package's kernels; never modify the returned array. */
  double[] data() {
    return data;
  }

  int[] shapeRef() {
    return shape;
  }

  int normAxis(int axis) {
    int a = axis < 0 ? axis + shape.length : axis;
    if (a < 0 || a >= shape.length) {
      throw new IllegalArgumentException(
          "axis " + axis + " is out of range for shape " + Shape.str(shape) + " (rank " + shape.length + ")");
    }
    return a;
  }

  /** Builds the result of an op, recording a node when recording is on and an input needs a gradient. */
  static Tensor result(double[] data, int[] shape, String op, Node.Vjp vjp, Tensor... inputs) {
    if (Autograd.isRecording()) {
      for (Tensor in : inputs) {
        if (in.requiresGrad) {
          return new Tensor(data, shape, true, new Node(op, inputs, vjp));
        }
      }
    }
    return new Tensor(data, shape, false, null);
  }

  // ------------------------------------------------------------------ elementwise binary

  /**
   * Elementwise sum {@code this + other}, broadcasting.
   *
   * @param other the other operand, not modified
   * @return a new tensor of the broadcast shape
   * @throws IllegalArgumentException if the shapes cannot be broadcast
   */
  public Tensor add(Tensor other) {
    return binary(Binary.ADD, other, "add", (a, b, g) -> new Tensor[] {g.sumTo(a.shape), g.sumTo(b.shape)});
  }

  /**
   * Elementwise difference {@code this - other}, broadcasting.
   *
   * @param other the other operand, not modified
   * @return a new tensor of the broadcast shape
   * @throws IllegalArgumentException if the shapes cannot be broadcast
   */
  public Tensor sub(Tensor other) {
    return binary(Binary.SUB, other, "sub",
        (a, b, g) -> new Tensor[] {g.sumTo(a.shape), b.requiresGrad ? g.neg().sumTo(b.shape) : null});
  }

  /**
   * Elementwise product {@code this * other}, broadcasting.
   *
   * @param other the other operand, not modified
   * @return a new tensor of the broadcast shape
   * @throws IllegalArgumentException if the shapes cannot be broadcast
   */
  public Tensor mul(Tensor other) {
    return binary(Binary.MUL, other, "mul", (a, b, g) -> new Tensor[] {
        a.requiresGrad ? g.mul(b).sumTo(a.shape) : null,
        b.requiresGrad ? g.mul(a).sumTo(b.shape) : null});
  }

  /**
   * Elementwise quotient {@code this / other}, broadcasting.
   *
   * @param other the divisor, not modified
   * @return a new tensor of the broadcast shape
   * @throws IllegalArgumentException if the shapes cannot be broadcast
   */
  public Tensor div(Tensor other) {
    return binary(Binary.DIV, other, "div", (a, b, g) -> new Tensor[] {
        a.requiresGrad ? g.div(b).sumTo(a.shape) : null,
        b.requiresGrad ? g.mul(a).div(b.square()).neg().sumTo(b.shape) : null});
  }

  /**
   * Elementwise maximum, broadcasting; where the operands tie, the gradient goes to {@code this}.
   *
   * @param other the other operand, not modified
   * @return a new tensor of the broadcast shape
   */
  public Tensor maximum(Tensor other) {
    return binary(Binary.MAX, other, "maximum", (a, b, g) -> {
      Tensor mask = a.sub(b).stepNonNegative(); // 1 where a >= b
      return new Tensor[] {
          a.requiresGrad ? g.mul(mask).sumTo(a.shape) : null,
          b.requiresGrad ? g.mul(mask.neg().add(1.0)).sumTo(b.shape) : null};
    });
  }

  /** 1 where this >= 0, else 0; a constant (no gradient). */
  private Tensor stepNonNegative() {
    double[] y = new double[data.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = data[i] >= 0 ? 1.0 : 0.0;
    }
    return wrap(y, shape);
  }

  private interface BinaryVjp {
    Tensor[] apply(Tensor a, Tensor b, Tensor g);
  }

  private Tensor binary(Binary op, Tensor other, String name, BinaryVjp vjp) {
    int[] out = Arrays.equals(shape, other.shape) ? shape : Shape.broadcast(shape, other.shape);
    double[] y = Kernels.binary(op, data, shape, other.data, other.shape, out);
    Tensor a = this;
    return result(y, out, name, g -> vjp.apply(a, other, g), this, other);
  }

  // ------------------------------------------------------------------ scalar arithmetic

  /**
   * Adds a constant to every element.
   *
   * @param c the constant
   * @return a new tensor of the same shape
   */
  public Tensor add(double c) {
    return result(Kernels.addScalar(data, c), shape, "addScalar", g -> new Tensor[] {g}, this);
  }

  /**
   * Multiplies every element by a constant.
   *
   * @param c the constant
   * @return a new tensor of the same shape
   */
  public Tensor mul(double c) {
    return result(Kernels.scale(data, c), shape, "mulScalar", g -> new Tensor[] {g.mul(c)}, this);
  }

  /**
   * Divides every element by a constant.
   *
   * @param c the constant
   * @return a new tensor of the same shape
   */
  public Tensor div(double c) {
    return mul(1.0 / c);
  }

  /**
   * Subtracts a constant from every element.
   *
   * @param c the constant
   * @return a new tensor of the same shape
   */
  public Tensor sub(double c) {
    return add(-c);
  }

  /**
   * Raises every element to a constant power {@code p}.
   *
   * @param p the exponent
   * @return a new tensor of the same shape
   */
  public Tensor pow(double p) {
    Tensor x = this;
    return result(Kernels.pow(data, p), shape, "pow", g -> new Tensor[] {g.mul(x.pow(p - 1)).mul(p)}, this);
  }

  /**
   * Weighted sum {@code Σ coeffs[i] · terms[i]} of equally shaped tensors, in one pass. Terms whose
   * coefficient is exactly 0 are skipped, as zero entries of a Butcher tableau are. This is the
   * fused kernel behind every Runge–Kutta stage.
   *
   * @param coeffs one coefficient per term, not modified
   * @param terms the tensors, all of one shape, not modified
   * @return a new tensor of that shape
   * @throws IllegalArgumentException if the counts or shapes disagree, or there are no terms
   */
  public static Tensor linearCombination(double[] coeffs, Tensor... terms) {
    if (terms.length == 0 || coeffs.length != terms.length) {
      throw new IllegalArgumentException("linearCombination needs one coefficient per term and at least"
          + " one term; got " + coeffs.length + " coefficients and " + terms.length + " terms");
    }
    double[][] xs = new double[terms.length][];
    int[] s = terms[0].shape;
    for (int i = 0; i < terms.length; i++) {
      if (!Arrays.equals(s, terms[i].shape)) {
        throw new IllegalArgumentException("linearCombination terms must share one shape; terms[" + i
            + "] has " + Shape.str(terms[i].shape) + ", terms[0] has " + Shape.str(s));
      }
      xs[i] = terms[i].data;
    }
    double[] c = coeffs.clone();
    return result(Kernels.linearCombination(c, xs), s, "linearCombination", g -> {
      Tensor[] out = new Tensor[terms.length];
      for (int i = 0; i < terms.length; i++) {
        out[i] = terms[i].requiresGrad && c[i] != 0.0 ? g.mul(c[i]) : null;
      }
      return out;
    }, terms);
  }

  // ------------------------------------------------------------------ elementwise unary

  private Tensor unary(Unary op, String name, Node.Vjp vjp) {
    return result(Kernels.unary(op, data), shape, name, vjp, this);
  }

  /**
   * Elementwise negation.
   *
   * @return a new tensor of the same shape
   */
  public Tensor neg() {
    return unary(Unary.NEG, "neg", g -> new Tensor[] {g.neg()});
  }

  /**
   * Elementwise e^x.
   *
   * @return a new tensor of the same shape
   */
  public Tensor exp() {
    Tensor[] self = new Tensor[1];
    Tensor out = unary(Unary.EXP, "exp", g -> new Tensor[] {g.mul(self[0])});
    self[0] = out;
    return out;
  }

  /**
   * Elementwise natural logarithm.
   *
   * @return a new tensor of the same shape
   */
  public Tensor log() {
    Tensor x = this;
    return unary(Unary.LOG, "log", g -> new Tensor[] {g.div(x)});
  }

  /**
   * Elementwise square root.
   *
   * @return a new tensor of the same shape
   */
  public Tensor sqrt() {
    Tensor[] self = new Tensor[1];
    Tensor out = unary(Unary.SQRT, "sqrt", g -> new Tensor[] {g.div(self[0]).mul(0.5)});
    self[0] = out;
    return out;
  }

  /**
   * Elementwise square.
   *
   * @return a new tensor of the same shape
   */
  public Tensor square() {
    Tensor x = this;
    return unary(Unary.SQUARE, "square", g -> new Tensor[] {g.mul(x).mul(2.0)});
  }

  /**
   * Elementwise absolute value; its derivative at 0 is taken as 0.
   *
   * @return a new tensor of the same shape
   */
  public Tensor abs() {
    Tensor x = this;
    return unary(Unary.ABS, "abs", g -> new Tensor[] {g.mul(wrap(Kernels.unary(Unary.SIGN, x.data), x.shape))});
  }

  /**
   * Elementwise sine.
   *
   * @return a new tensor of the same shape
   */
  public Tensor sin() {
    Tensor x = this;
    return unary(Unary.SIN, "sin", g -> new Tensor[] {g.mul(x.cos())});
  }

  /**
   * Elementwise cosine.
   *
   * @return a new tensor of the same shape
   */
  public Tensor cos() {
    Tensor x = this;
    return unary(Unary.COS, "cos", g -> new Tensor[] {g.mul(x.sin()).neg()});
  }

  /**
   * Elementwise hyperbolic tangent.
   *
   * @return a new tensor of the same shape
   */
  public Tensor tanh() {
    Tensor[] self = new Tensor[1];
    Tensor out = unary(Unary.TANH, "tanh",
        g -> new Tensor[] {g.mul(self[0].square().neg().add(1.0))});
    self[0] = out;
    return out;
  }

  /**
   * Elementwise logistic sigmoid σ(x) = 1 / (1 + e^{−x}), computed stably for large |x|.
   *
   * @return a new tensor of the same shape
   */
  public Tensor sigmoid() {
    Tensor[] self = new Tensor[1];
    Tensor out = unary(Unary.SIGMOID, "sigmoid",
        g -> new Tensor[] {g.mul(self[0]).mul(self[0].neg().add(1.0))});
    self[0] = out;
    return out;
  }

  /**
   * Elementwise softplus log(1 + e^x), computed stably; its derivative is σ(x).
   *
   * @return a new tensor of the same shape
   */
  public Tensor softplus() {
    Tensor x = this;
    return unary(Unary.SOFTPLUS, "softplus", g -> new Tensor[] {g.mul(x.sigmoid())});
  }

  /**
   * Elementwise ELU with α = 1 (Clevert et al. 2016): x for x &gt; 0, e^x − 1 otherwise; as
   * PyTorch's {@code nn.ELU()}.
   *
   * @return a new tensor of the same shape
   */
  public Tensor elu() {
    Tensor x = this;
    return unary(Unary.ELU, "elu", g -> new Tensor[] {g.mul(x.eluDerivative())});
  }

  /** ELU'(x): 1 for x &gt; 0, e^x otherwise; differentiable again for higher orders. */
  private Tensor eluDerivative() {
    Tensor x = this;
    return unary(Unary.ELU_DERIV, "eluDerivative", g -> {
      Tensor negMask = wrap(Kernels.unary(Unary.STEP, x.data), x.shape).neg().add(1.0);
      return new Tensor[] {g.mul(x.eluDerivative()).mul(negMask)};
    });
  }

  /**
   * Elementwise ReLU max(x, 0); its derivative at 0 is taken as 0.
   *
   * @return a new tensor of the same shape
   */
  public Tensor relu() {
    Tensor x = this;
    return unary(Unary.RELU, "relu", g -> new Tensor[] {g.mul(wrap(Kernels.unary(Unary.STEP, x.data), x.shape))});
  }

  // ------------------------------------------------------------------ reductions

  /**
   * Sum of all elements.
   *
   * @return a scalar tensor
   */
  public Tensor sum() {
    int[] in = shape;
    return result(new double[] {Kernels.sum(data)}, new int[0], "sum", g -> new Tensor[] {g.expand(in)}, this);
  }

  /**
   * Mean of all elements.
   *
   * @return a scalar tensor
   */
  public Tensor mean() {
    return sum().mul(1.0 / data.length);
  }

  /**
   * Sum over one axis.
   *
   * @param axis the axis; negative counts from the end
   * @param keepDim keep the reduced axis with extent 1
   * @return a new tensor with that axis removed (or of extent 1)
   * @throws IllegalArgumentException if the axis is out of range
   */
  public Tensor sum(int axis, boolean keepDim) {
    int ax = normAxis(axis);
    int outer = 1;
    for (int i = 0; i < ax; i++) {
      outer *= shape[i];
    }
    int inner = 1;
    for (int i = ax + 1; i < shape.length; i++) {
      inner *= shape[i];
    }
    int[] kept = shape.clone();
    kept[ax] = 1;
    int[] out = keepDim ? kept : removeAxis(shape, ax);
    int[] in = shape;
    return result(Kernels.sumAxis(data, outer, shape[ax], inner), out, "sumAxis",
        g -> new Tensor[] {g.reshape(kept).expand(in)}, this);
  }

  /**
   * Mean over one axis.
   *
   * @param axis the axis; negative counts from the end
   * @param keepDim keep the reduced axis with extent 1
   * @return a new tensor with that axis removed (or of extent 1)
   */
  public Tensor mean(int axis, boolean keepDim) {
    return sum(axis, keepDim).mul(1.0 / shape[normAxis(axis)]);
  }

  /**
   * Broadcasts this tensor to a larger shape, materialising the copies.
   *
   * @param target a shape this one broadcasts to
   * @return a new tensor of shape {@code target}
   * @throws IllegalArgumentException if this shape does not broadcast to {@code target}
   */
  public Tensor expand(int... target) {
    if (Arrays.equals(shape, target)) {
      return this;
    }
    if (!Shape.broadcastsTo(shape, target)) {
      throw new IllegalArgumentException("cannot expand shape " + Shape.str(shape) + " to " + Shape.str(target)
          + "; every extent must equal the target's or be 1");
    }
    int[] in = shape;
    int[] t = target.clone();
    return result(Kernels.expand(data, shape, t), t, "expand", g -> new Tensor[] {g.sumTo(in)}, this);
  }

  /**
   * Sums this tensor down to a shape that broadcasts to it: the adjoint of {@link #expand(int...)}.
   *
   * @param target a shape that broadcasts to this tensor's shape
   * @return a new tensor of shape {@code target}
   * @throws IllegalArgumentException if {@code target} does not broadcast to this shape
   */
  public Tensor sumTo(int... target) {
    if (Arrays.equals(shape, target)) {
      return this;
    }
    if (!Shape.broadcastsTo(target, shape)) {
      throw new IllegalArgumentException("cannot sum shape " + Shape.str(shape) + " to " + Shape.str(target)
          + "; the target must broadcast to this shape (each extent equal or 1)");
    }
    int[] in = shape;
    int[] t = target.clone();
    return result(Kernels.sumTo(data, shape, t), t, "sumTo", g -> new Tensor[] {g.expand(in)}, this);
  }

  private static int[] removeAxis(int[] s, int ax) {
    int[] out = new int[s.length - 1];
    for (int i = 0, j = 0; i < s.length; i++) {
      if (i != ax) {
        out[j++] = s[i];
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ linear algebra

  /**
   * Matrix product {@code this @ other} of {@code [m, k]} and {@code [k, n]}, giving {@code [m, n]}.
   * A 1-D right operand {@code [k]} is treated as a column and gives {@code [m]}.
   *
   * @param other the right operand, not modified
   * @return a new tensor
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
    int m = shape[0];
    int k = shape[1];
    int n = other.shape[1];
    if (other.shape[0] != k) {
      throw new IllegalArgumentException("matmul inner extents differ: " + Shape.str(shape) + " @ "
          + Shape.str(other.shape) + "; the first operand's columns must equal the second's rows");
    }
    Tensor a = this;
    return result(Kernels.matmul(data, other.data, m, k, n), new int[] {m, n}, "matmul", g -> new Tensor[] {
        a.requiresGrad ? g.matmul(other.transpose()) : null,
        other.requiresGrad ? a.transpose().matmul(g) : null}, this, other);
  }

  /**
   * Transpose of a 2-D tensor.
   *
   * @return a new {@code [n, m]} tensor for a {@code [m, n]} one
   * @throws IllegalArgumentException if this tensor is not 2-D
   */
  public Tensor transpose() {
    if (shape.length != 2) {
      throw new IllegalArgumentException("transpose needs a 2-D tensor; shape is " + Shape.str(shape));
    }
    return result(Kernels.transpose(data, shape[0], shape[1]), new int[] {shape[1], shape[0]}, "transpose",
        g -> new Tensor[] {g.transpose()}, this);
  }

  // ------------------------------------------------------------------ shape operations

  /**
   * The same values with a new shape; one extent may be −1 and is then inferred.
   *
   * @param newShape the new shape
   * @return a tensor of that shape sharing no mutable state with this one
   * @throws IllegalArgumentException if the element counts differ
   */
  public Tensor reshape(int... newShape) {
    int[] s = newShape.clone();
    int infer = -1;
    int known = 1;
    for (int i = 0; i < s.length; i++) {
      if (s[i] == -1) {
        if (infer >= 0) {
          throw new IllegalArgumentException("reshape allows at most one -1; got " + Shape.str(newShape));
        }
        infer = i;
      } else {
        known *= s[i];
      }
    }
    if (infer >= 0) {
      if (known == 0 || data.length % known != 0) {
        throw new IllegalArgumentException("cannot reshape " + Shape.str(shape) + " to " + Shape.str(newShape));
      }
      s[infer] = data.length / known;
    }
    if (Shape.size(s) != data.length) {
      throw new IllegalArgumentException("cannot reshape " + Shape.str(shape) + " (" + data.length
          + " elements) to " + Shape.str(newShape) + "; element counts must match");
    }
    if (Arrays.equals(s, shape)) {
      return this;
    }
    int[] in = shape;
    return result(data, s, "reshape", g -> new Tensor[] {g.reshape(in)}, this);
  }

  /**
   * Elements {@code [start, end)} along one axis.
   *
   * @param axis the axis; negative counts from the end
   * @param start first index, inclusive
   * @param end last index, exclusive
   * @return a new tensor whose {@code axis} has extent {@code end - start}
   * @throws IllegalArgumentException if the range is empty or out of bounds
   */
  public Tensor slice(int axis, int start, int end) {
    int ax = normAxis(axis);
    if (start < 0 || end > shape[ax] || start >= end) {
      throw new IllegalArgumentException("slice [" + start + ", " + end + ") is out of range for axis "
          + ax + " of extent " + shape[ax] + " (shape " + Shape.str(shape) + ")");
    }
    if (start == 0 && end == shape[ax]) {
      return this;
    }
    int outer = 1;
    for (int i = 0; i < ax; i++) {
      outer *= shape[i];
    }
    int inner = 1;
    for (int i = ax + 1; i < shape.length; i++) {
      inner *= shape[i];
    }
    int len = end - start;
    double[] y = new double[outer * len * inner];
    for (int o = 0; o < outer; o++) {
      System.arraycopy(data, (o * shape[ax] + start) * inner, y, o * len * inner, len * inner);
    }
    int[] out = shape.clone();
    out[ax] = len;
    int[] in = shape;
    return result(y, out, "slice", g -> new Tensor[] {g.pad(ax, start, in[ax] - end)}, this);
  }

  /**
   * Zero-pads one axis: {@code before} zeros in front and {@code after} behind. The adjoint of
   * {@link #slice(int, int, int)}.
   *
   * @param axis the axis; negative counts from the end
   * @param before zeros before, at least 0
   * @param after zeros after, at least 0
   * @return a new, larger tensor
   */
  public Tensor pad(int axis, int before, int after) {
    int ax = normAxis(axis);
    if (before == 0 && after == 0) {
      return this;
    }
    List<Tensor> parts = new java.util.ArrayList<>(3);
    if (before > 0) {
      int[] s = shape.clone();
      s[ax] = before;
      parts.add(zeros(s));
    }
    parts.add(this);
    if (after > 0) {
      int[] s = shape.clone();
      s[ax] = after;
      parts.add(zeros(s));
    }
    return concat(ax, parts);
  }

  /**
   * Selects index {@code i} along axis 0, removing that axis: {@code [n, ...rest]} gives {@code [...rest]}.
   *
   * @param i the index
   * @return a new tensor
   */
  public Tensor index(int i) {
    int[] rest = Arrays.copyOfRange(shape, 1, shape.length);
    return slice(0, i, i + 1).reshape(rest);
  }

  /**
   * Concatenates tensors along an axis; all other extents must agree.
   *
   * @param axis the axis; negative counts from the end
   * @param parts the tensors, not modified
   * @return a new tensor
   * @throws IllegalArgumentException if there are no parts or the shapes disagree
   */
  public static Tensor concat(int axis, List<Tensor> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("concat needs at least one tensor; parts is empty");
    }
    Tensor first = parts.get(0);
    int ax = first.normAxis(axis);
    int total = 0;
    for (int p = 0; p < parts.size(); p++) {
      int[] s = parts.get(p).shape;
      if (s.length != first.shape.length) {
        throw new IllegalArgumentException("concat parts must share a rank; parts[" + p + "] has shape "
            + Shape.str(s) + ", parts[0] has " + Shape.str(first.shape));
      }
      for (int i = 0; i < s.length; i++) {
        if (i != ax && s[i] != first.shape[i]) {
          throw new IllegalArgumentException("concat parts must agree off axis " + ax + "; parts[" + p
              + "] has shape " + Shape.str(s) + ", parts[0] has " + Shape.str(first.shape));
        }
      }
      total += s[ax];
    }
    if (parts.size() == 1) {
      return first;
    }
    int outer = 1;
    for (int i = 0; i < ax; i++) {
      outer *= first.shape[i];
    }
    int inner = 1;
    for (int i = ax + 1; i < first.shape.length; i++) {
      inner *= first.shape[i];
    }
    double[] y = new double[outer * total * inner];
    int off = 0;
    int[] offsets = new int[parts.size()];
    for (int p = 0; p < parts.size(); p++) {
      Tensor t = parts.get(p);
      int len = t.shape[ax];
      offsets[p] = off;
      for (int o = 0; o < outer; o++) {
        System.arraycopy(t.data, o * len * inner, y, (o * total + off) * inner, len * inner);
      }
      off += len;
    }
    int[] out = first.shape.clone();
    out[ax] = total;
    Tensor[] ins = parts.toArray(new Tensor[0]);
    return result(y, out, "concat", g -> {
      Tensor[] gs = new Tensor[ins.length];
      for (int p = 0; p < ins.length; p++) {
        if (ins[p].requiresGrad) {
          gs[p] = g.slice(ax, offsets[p], offsets[p] + ins[p].shape[ax]);
        }
      }
      return gs;
    }, ins);
  }

  /**
   * Concatenates tensors along an axis.
   *
   * @param axis the axis
   * @param parts the tensors
   * @return a new tensor
   * @see #concat(int, List)
   */
  public static Tensor concat(int axis, Tensor... parts) {
    return concat(axis, Arrays.asList(parts));
  }

  /**
   * Stacks equally shaped tensors along a new leading axis: n tensors of shape {@code s} give {@code [n, ...s]}.
   *
   * @param parts the tensors, not modified
   * @return a new tensor
   * @throws IllegalArgumentException if there are no parts or their shapes differ
   */
  public static Tensor stack(List<Tensor> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("stack needs at least one tensor; parts is empty");
    }
    List<Tensor> lifted = new java.util.ArrayList<>(parts.size());
    for (Tensor t : parts) {
      int[] s = new int[t.shape.length + 1];
      s[0] = 1;
      System.arraycopy(t.shape, 0, s, 1, t.shape.length);
      lifted.add(t.reshape(s));
    }
    return concat(0, lifted);
  }

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
