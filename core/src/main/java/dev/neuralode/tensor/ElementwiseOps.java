package dev.neuralode.tensor;

import dev.neuralode.tensor.Kernels.Binary;
import dev.neuralode.tensor.Kernels.Unary;
import java.util.Arrays;

/**
 * The op table's elementwise entries: each is its forward kernel and its VJP in tensor operations,
 * side by side. Referenced by the {@link OpKind} constants.
 */
final class ElementwiseOps {
  private ElementwiseOps() {}

  // ------------------------------------------------------------------ binary, broadcasting

  static final OpRule ADD = binary(Binary.ADD,
      (op, x, y, g) -> new Tensor[] {g.sumTo(x[0].shapeRef()), g.sumTo(x[1].shapeRef())});
  static final OpRule SUB = binary(Binary.SUB, (op, x, y, g) -> new Tensor[] {
      g.sumTo(x[0].shapeRef()), x[1].requiresGrad() ? g.neg().sumTo(x[1].shapeRef()) : null});
  static final OpRule MUL = binary(Binary.MUL, (op, x, y, g) -> new Tensor[] {
      x[0].requiresGrad() ? g.mul(x[1]).sumTo(x[0].shapeRef()) : null,
      x[1].requiresGrad() ? g.mul(x[0]).sumTo(x[1].shapeRef()) : null});
  static final OpRule DIV = binary(Binary.DIV, (op, x, y, g) -> new Tensor[] {
      x[0].requiresGrad() ? g.div(x[1]).sumTo(x[0].shapeRef()) : null,
      x[1].requiresGrad() ? g.mul(x[0]).div(x[1].square()).neg().sumTo(x[1].shapeRef()) : null});
  /** Ties send the gradient to the first operand. */
  static final OpRule MAXIMUM = binary(Binary.MAX, (op, x, y, g) -> {
    Tensor mask = mask(OpKind.NON_NEGATIVE, x[0].sub(x[1])); // 1 where a >= b
    return new Tensor[] {
        x[0].requiresGrad() ? g.mul(mask).sumTo(x[0].shapeRef()) : null,
        x[1].requiresGrad() ? g.mul(mask.neg().add(1.0)).sumTo(x[1].shapeRef()) : null};
  });

  private static OpRule binary(Binary k, OpRule.VjpFn vjp) {
    return new OpRule((op, s) -> Arrays.equals(s[0], s[1]) ? s[0] : Shape.broadcast(s[0], s[1]),
        (op, in, s, out) -> Kernels.binary(k, in[0], s[0], in[1], s[1], Arrays.equals(s[0], s[1]) ? s[0]
            : Shape.broadcast(s[0], s[1]), out), vjp);
  }

  // ------------------------------------------------------------------ with a scalar attribute

  static final OpRule ADD_SCALAR = new OpRule((op, s) -> s[0],
      (op, in, s, out) -> Kernels.addScalar(in[0], op.scalar(), out), (op, x, y, g) -> new Tensor[] {g});
  static final OpRule MUL_SCALAR = new OpRule((op, s) -> s[0],
      (op, in, s, out) -> Kernels.scale(in[0], op.scalar(), out),
      (op, x, y, g) -> new Tensor[] {g.mul(op.scalar())});
  static final OpRule POW = new OpRule((op, s) -> s[0],
      (op, in, s, out) -> Kernels.pow(in[0], op.scalar(), out),
      (op, x, y, g) -> new Tensor[] {g.mul(x[0].pow(op.scalar() - 1)).mul(op.scalar())});

  /** Σ c_i·x_i of equally shaped inputs; a term with c_i exactly 0 is skipped and gets no cotangent. */
  static final OpRule LINEAR_COMBINATION = new OpRule(ElementwiseOps::linearCombinationShape,
      (op, in, s, out) -> Kernels.linearCombination(op.coefficientsRef(), in, out), (op, x, y, g) -> {
        double[] c = op.coefficientsRef();
        Tensor[] gs = new Tensor[x.length];
        for (int i = 0; i < x.length; i++) {
          gs[i] = x[i].requiresGrad() && c[i] != 0.0 ? g.mul(c[i]) : null;
        }
        return gs;
      });

  private static int[] linearCombinationShape(Op op, int[][] s) {
    int n = op.coefficientsRef().length;
    if (s.length == 0 || n != s.length) {
      throw new IllegalArgumentException("linearCombination needs one coefficient per term and at least"
          + " one term; got " + n + " coefficients and " + s.length + " terms");
    }
    for (int i = 0; i < s.length; i++) {
      if (!Arrays.equals(s[0], s[i])) {
        throw new IllegalArgumentException("linearCombination terms must share one shape; terms[" + i
            + "] has " + Shape.str(s[i]) + ", terms[0] has " + Shape.str(s[0]));
      }
    }
    return s[0];
  }

  // ------------------------------------------------------------------ unary

  static final OpRule NEG = unary(Unary.NEG, (op, x, y, g) -> new Tensor[] {g.neg()});
  static final OpRule EXP = unary(Unary.EXP, (op, x, y, g) -> new Tensor[] {g.mul(y)});
  static final OpRule LOG = unary(Unary.LOG, (op, x, y, g) -> new Tensor[] {g.div(x[0])});
  static final OpRule SQRT = unary(Unary.SQRT, (op, x, y, g) -> new Tensor[] {g.div(y).mul(0.5)});
  static final OpRule SQUARE = unary(Unary.SQUARE, (op, x, y, g) -> new Tensor[] {g.mul(x[0]).mul(2.0)});
  /** The derivative at 0 is taken as 0 (sign(0) = 0). */
  static final OpRule ABS = unary(Unary.ABS,
      (op, x, y, g) -> new Tensor[] {g.mul(mask(OpKind.SIGN, x[0]))});
  static final OpRule SIN = unary(Unary.SIN, (op, x, y, g) -> new Tensor[] {g.mul(x[0].cos())});
  static final OpRule COS = unary(Unary.COS, (op, x, y, g) -> new Tensor[] {g.mul(x[0].sin()).neg()});
  static final OpRule TANH = unary(Unary.TANH, (op, x, y, g) -> new Tensor[] {tanhVjp(g, y)});
  /**
   * g·(1 − y²) in one kernel: one array instead of four (y², −y², 1 − y², the product) and the same
   * bits, since 1 + (−y²) rounds as 1 − y². Cotangent G: ∂/∂g = G·(1 − y²), ∂/∂y = −2·G·g·y.
   */
  static final OpRule TANH_VJP = new OpRule(ElementwiseOps::sameShape,
      (op, in, s, out) -> Kernels.tanhVjp(in[0], in[1], out), (op, x, y, g) -> new Tensor[] {
        x[0].requiresGrad() ? tanhVjp(g, x[1]) : null,
        x[1].requiresGrad() ? g.mul(x[0]).mul(x[1]).mul(-2.0) : null});

  /** tanh's VJP g·(1 − y²) for tanh's output y. */
  static Tensor tanhVjp(Tensor g, Tensor y) {
    return Ops.apply(Op.of(OpKind.TANH_VJP), g, y);
  }

  private static int[] sameShape(Op op, int[][] s) {
    if (!Arrays.equals(s[0], s[1])) {
      throw new IllegalArgumentException(op.kind() + " needs two inputs of one shape; got " + Shape.str(s[0])
          + " and " + Shape.str(s[1]));
    }
    return s[0];
  }
  static final OpRule SIGMOID = unary(Unary.SIGMOID,
      (op, x, y, g) -> new Tensor[] {g.mul(y).mul(y.neg().add(1.0))});
  static final OpRule SOFTPLUS = unary(Unary.SOFTPLUS, (op, x, y, g) -> new Tensor[] {g.mul(x[0].sigmoid())});
  static final OpRule ELU = unary(Unary.ELU,
      (op, x, y, g) -> new Tensor[] {g.mul(Ops.apply(Op.of(OpKind.ELU_DERIVATIVE), x[0]))});
  /** ELU'(x): 1 for x &gt; 0, e^x otherwise; its own derivative is e^x for x ≤ 0 and 0 otherwise. */
  static final OpRule ELU_DERIVATIVE = unary(Unary.ELU_DERIV, (op, x, y, g) -> {
    Tensor negMask = mask(OpKind.STEP, x[0]).neg().add(1.0);
    return new Tensor[] {g.mul(Ops.apply(Op.of(OpKind.ELU_DERIVATIVE), x[0])).mul(negMask)};
  });
  /** The derivative at 0 is taken as 0. */
  static final OpRule RELU = unary(Unary.RELU, (op, x, y, g) -> new Tensor[] {g.mul(mask(OpKind.STEP, x[0]))});

  // ------------------------------------------------------------------ constant masks (no VJP)

  static final OpRule STEP = unary(Unary.STEP, null);
  static final OpRule SIGN = unary(Unary.SIGN, null);
  static final OpRule NON_NEGATIVE = unary(Unary.NON_NEGATIVE, null);

  private static OpRule unary(Unary k, OpRule.VjpFn vjp) {
    return new OpRule((op, s) -> s[0], (op, in, s, out) -> Kernels.unary(k, in[0], out), vjp);
  }

  /** A mask op applied to x: a constant, never recorded. */
  private static Tensor mask(OpKind kind, Tensor x) {
    return Ops.apply(Op.of(kind), x);
  }
}
