package dev.neuralode.tensor;

import java.util.Arrays;

/**
 * The op table's reductions, linear algebra and shape entries: each is its output-shape rule (which
 * validates the inputs), its forward kernel and its VJP in tensor operations. Referenced by the
 * {@link OpKind} constants. Axes in attributes are already normalised (non-negative).
 */
final class StructuralOps {
  private StructuralOps() {}

  // ------------------------------------------------------------------ reductions and broadcasting

  static final OpRule SUM = new OpRule((op, s) -> new int[0], (op, in, s, out) -> out[0] = Kernels.sum(in[0]),
      (op, x, y, g) -> new Tensor[] {g.expand(x[0].shapeRef())});

  static final OpRule SUM_AXIS = new OpRule(StructuralOps::sumAxisShape, (op, in, s, out) -> {
    int ax = op.axis();
    ShapeKernels.sumAxis(in[0], ShapeKernels.outer(s[0], ax), s[0][ax], ShapeKernels.inner(s[0], ax), out);
  }, (op, x, y, g) -> {
    int[] kept = x[0].shape();
    kept[op.axis()] = 1;
    return new Tensor[] {g.reshape(kept).expand(x[0].shapeRef())};
  });

  private static int[] sumAxisShape(Op op, int[][] s) {
    int ax = checkAxis(op.axis(), s[0]);
    int[] out = s[0].clone();
    if (op.keepDim()) {
      out[ax] = 1;
      return out;
    }
    int[] removed = new int[out.length - 1];
    for (int i = 0, j = 0; i < out.length; i++) {
      if (i != ax) {
        removed[j++] = out[i];
      }
    }
    return removed;
  }

  static final OpRule EXPAND = new OpRule((op, s) -> {
    int[] target = op.shapeRef();
    if (!Shape.broadcastsTo(s[0], target)) {
      throw new IllegalArgumentException("cannot expand shape " + Shape.str(s[0]) + " to " + Shape.str(target)
          + "; every extent must equal the target's or be 1");
    }
    return target;
  }, (op, in, s, out) -> ShapeKernels.expand(in[0], s[0], op.shapeRef(), out),
      (op, x, y, g) -> new Tensor[] {g.sumTo(x[0].shapeRef())});

  static final OpRule SUM_TO = new OpRule((op, s) -> {
    int[] target = op.shapeRef();
    if (!Shape.broadcastsTo(target, s[0])) {
      throw new IllegalArgumentException("cannot sum shape " + Shape.str(s[0]) + " to " + Shape.str(target)
          + "; the target must broadcast to this shape (each extent equal or 1)");
    }
    return target;
  }, (op, in, s, out) -> ShapeKernels.sumTo(in[0], s[0], op.shapeRef(), out),
      (op, x, y, g) -> new Tensor[] {g.expand(x[0].shapeRef())});

  // ------------------------------------------------------------------ linear algebra

  /** op(A)·op(B); the VJPs are transposed products themselves, so no transpose is materialised. */
  static final OpRule MATMUL = new OpRule(StructuralOps::matmulShape, (op, in, s, out) -> {
    boolean ta = op.transA();
    int m = s[0][ta ? 1 : 0];
    int k = s[0][ta ? 0 : 1];
    int n = s[1][op.transB() ? 0 : 1];
    MatmulKernels.matmul(in[0], ta, in[1], op.transB(), m, k, n, out);
  }, (op, x, y, g) -> {
    Tensor a = x[0];
    Tensor b = x[1];
    boolean ta = op.transA();
    boolean tb = op.transB();
    // C = op(A)·op(B): d op(A) = G·op(B)ᵀ and d op(B) = op(A)ᵀ·G, transposed back where stored so.
    Tensor da = !a.requiresGrad() ? null
        : ta ? (tb ? b.matmul(g, true, true) : b.matmul(g, false, true))
            : (tb ? g.matmul(b, false, false) : g.matmul(b, false, true));
    Tensor db = !b.requiresGrad() ? null
        : tb ? (ta ? g.matmul(a, true, true) : g.matmul(a, true, false))
            : (ta ? a.matmul(g, false, false) : a.matmul(g, true, false));
    return new Tensor[] {da, db};
  });

  private static int[] matmulShape(Op op, int[][] s) {
    boolean ta = op.transA();
    boolean tb = op.transB();
    if (s[0].length != 2 || s[1].length != 2) {
      throw new IllegalArgumentException("matmul " + form(ta, tb) + " needs two 2-D operands; got " + Shape.str(s[0])
          + " and " + Shape.str(s[1]) + "; reshape them to matrices");
    }
    int k = s[0][ta ? 0 : 1];
    if (s[1][tb ? 1 : 0] != k) {
      throw new IllegalArgumentException("matmul inner extents differ: " + Shape.str(s[0]) + " @ "
          + Shape.str(s[1]) + " as " + form(ta, tb) + "; the contracted extents of op(A) and op(B) must be equal"
          + " (op(A)'s columns equal op(B)'s rows)");
    }
    return new int[] {s[0][ta ? 1 : 0], s[1][tb ? 0 : 1]};
  }

  /**
   * x·Wᵀ + b, a dense layer's affine map: the matrix product then the bias added to each row in place,
   * one output array instead of two and the same bits as {@code x.matmul(w, false, true).add(b)}. Its
   * VJP is that pair's: G·W, Gᵀ·x and G summed over rows.
   */
  static final OpRule AFFINE = new OpRule(StructuralOps::affineShape, (op, in, s, out) -> {
    int m = s[0][0];
    int k = s[0][1];
    int n = s[1][0];
    MatmulKernels.matmul(in[0], false, in[1], true, m, k, n, out);
    Kernels.binaryRows(Kernels.Binary.ADD, out, in[2], false, n, out);
  }, (op, x, y, g) -> new Tensor[] {
      x[0].requiresGrad() ? g.matmul(x[1], false, false) : null,
      x[1].requiresGrad() ? g.matmul(x[0], true, false) : null,
      x[2].requiresGrad() ? g.sumTo(x[2].shapeRef()) : null});

  private static int[] affineShape(Op op, int[][] s) {
    if (s[0].length != 2 || s[1].length != 2 || s[2].length != 1 || s[1][1] != s[0][1] || s[2][0] != s[1][0]) {
      throw new IllegalArgumentException("linear x·Wᵀ + b needs x [m, k], W [n, k] and b [n]; got x "
          + Shape.str(s[0]) + ", W " + Shape.str(s[1]) + ", b " + Shape.str(s[2]));
    }
    return new int[] {s[0][0], s[1][0]};
  }

  /** The product's form for messages, built only when one is thrown (not on every product). */
  private static String form(boolean ta, boolean tb) {
    return (ta ? "Aᵀ" : "A") + "·" + (tb ? "Bᵀ" : "B");
  }

  static final OpRule TRANSPOSE = new OpRule((op, s) -> {
    if (s[0].length != 2) {
      throw new IllegalArgumentException("transpose needs a 2-D tensor; shape is " + Shape.str(s[0]));
    }
    return new int[] {s[0][1], s[0][0]};
  }, (op, in, s, out) -> MatmulKernels.transpose(in[0], s[0][0], s[0][1], out),
      (op, x, y, g) -> new Tensor[] {g.transpose()});

  // ------------------------------------------------------------------ shape

  /** The data is unchanged; eagerly the result shares its input's array. */
  static final OpRule RESHAPE = new OpRule((op, s) -> {
    int[] target = op.shapeRef();
    if (Shape.size(target) != Shape.size(s[0])) {
      throw new IllegalArgumentException("cannot reshape " + Shape.str(s[0]) + " (" + Shape.size(s[0])
          + " elements) to " + Shape.str(target) + "; element counts must match");
    }
    return target;
  }, (op, in, s, out) -> System.arraycopy(in[0], 0, out, 0, out.length),
      (op, x, y, g) -> new Tensor[] {g.reshape(x[0].shapeRef())});

  static final OpRule SLICE = new OpRule((op, s) -> {
    int ax = checkAxis(op.axis(), s[0]);
    if (op.start() < 0 || op.end() > s[0][ax] || op.start() >= op.end()) {
      throw new IllegalArgumentException("slice [" + op.start() + ", " + op.end() + ") is out of range for axis "
          + ax + " of extent " + s[0][ax] + " (shape " + Shape.str(s[0]) + ")");
    }
    int[] out = s[0].clone();
    out[ax] = op.end() - op.start();
    return out;
  }, (op, in, s, out) -> {
    int ax = op.axis();
    ShapeKernels.slice(in[0], ShapeKernels.outer(s[0], ax), s[0][ax], ShapeKernels.inner(s[0], ax), op.start(),
        op.end() - op.start(), out);
  }, (op, x, y, g) -> new Tensor[] {g.pad(op.axis(), op.start(), x[0].shapeRef()[op.axis()] - op.end())});

  static final OpRule CONCAT = new OpRule(StructuralOps::concatShape, (op, in, s, out) -> {
    int ax = op.axis();
    int[] lens = new int[s.length];
    for (int p = 0; p < s.length; p++) {
      lens[p] = s[p][ax];
    }
    ShapeKernels.concat(in, lens, ShapeKernels.outer(s[0], ax), ShapeKernels.inner(s[0], ax), out);
  }, (op, x, y, g) -> {
    int ax = op.axis();
    Tensor[] gs = new Tensor[x.length];
    int off = 0;
    for (int p = 0; p < x.length; p++) {
      int len = x[p].shapeRef()[ax];
      if (x[p].requiresGrad()) {
        gs[p] = g.slice(ax, off, off + len);
      }
      off += len;
    }
    return gs;
  });

  private static int[] concatShape(Op op, int[][] s) {
    if (s.length == 0) {
      throw new IllegalArgumentException("concat needs at least one tensor; parts is empty");
    }
    int ax = checkAxis(op.axis(), s[0]);
    int total = 0;
    for (int p = 0; p < s.length; p++) {
      if (s[p].length != s[0].length) {
        throw new IllegalArgumentException("concat parts must share a rank; parts[" + p + "] has shape "
            + Shape.str(s[p]) + ", parts[0] has " + Shape.str(s[0]));
      }
      for (int i = 0; i < s[p].length; i++) {
        if (i != ax && s[p][i] != s[0][i]) {
          throw new IllegalArgumentException("concat parts must agree off axis " + ax + "; parts[" + p
              + "] has shape " + Shape.str(s[p]) + ", parts[0] has " + Shape.str(s[0]));
        }
      }
      total += s[p][ax];
    }
    int[] out = s[0].clone();
    out[ax] = total;
    return out;
  }

  /** Checks a normalised axis against a shape. */
  static int checkAxis(int axis, int[] shape) {
    if (axis < 0 || axis >= shape.length) {
      throw new IllegalArgumentException(
          "axis " + axis + " is out of range for shape " + Shape.str(shape) + " (rank " + shape.length + ")");
    }
    return axis;
  }
}
