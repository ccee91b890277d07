package dev.neuralode.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every eager op's data description (kind, inputs, attributes, output shape) agrees with what the
 * eager op produced, and running the description's forward kernel into a fresh buffer reproduces the
 * eager result bit for bit; so a captured graph of these descriptions can be replayed.
 */
class OpTableTest {
  private static Arguments op(String name, OpKind kind, Function<List<Tensor>, Tensor> f, Consumer<Op> attributes,
      int[]... shapes) {
    return Arguments.of(name, kind, f, attributes, shapes);
  }

  private static Consumer<Op> none() {
    return op -> assertThat(op.ints()).isEmpty();
  }

  static Stream<Arguments> ops() {
    int[] m34 = {3, 4};
    return Stream.of(
        op("add", OpKind.ADD, x -> x.get(0).add(x.get(1)), none(), m34, new int[] {4}),
        op("sub", OpKind.SUB, x -> x.get(0).sub(x.get(1)), none(), new int[] {3, 1}, new int[] {1, 4}),
        op("mul", OpKind.MUL, x -> x.get(0).mul(x.get(1)), none(), m34, m34),
        op("div", OpKind.DIV, x -> x.get(0).div(x.get(1)), none(), m34, new int[] {}),
        op("maximum", OpKind.MAXIMUM, x -> x.get(0).maximum(x.get(1)), none(), m34, m34),
        op("addScalar", OpKind.ADD_SCALAR, x -> x.get(0).add(2.5),
            op -> assertThat(op.scalar()).isEqualTo(2.5), m34),
        op("subScalar", OpKind.ADD_SCALAR, x -> x.get(0).sub(2.5),
            op -> assertThat(op.scalar()).isEqualTo(-2.5), m34),
        op("mulScalar", OpKind.MUL_SCALAR, x -> x.get(0).mul(-3.0),
            op -> assertThat(op.scalar()).isEqualTo(-3.0), m34),
        op("divScalar", OpKind.MUL_SCALAR, x -> x.get(0).div(4.0),
            op -> assertThat(op.scalar()).isEqualTo(0.25), m34),
        op("pow", OpKind.POW, x -> x.get(0).pow(3.0), op -> assertThat(op.scalar()).isEqualTo(3.0), m34),
        op("linearCombination", OpKind.LINEAR_COMBINATION,
            x -> Tensor.linearCombination(new double[] {0.5, 0.0, -2.0}, x.get(0), x.get(1), x.get(2)),
            op -> assertThat(op.coefficients()).containsExactly(0.5, 0.0, -2.0), m34, m34, m34),
        op("neg", OpKind.NEG, x -> x.get(0).neg(), none(), m34),
        op("exp", OpKind.EXP, x -> x.get(0).exp(), none(), m34),
        op("log", OpKind.LOG, x -> x.get(0).log(), none(), m34),
        op("sqrt", OpKind.SQRT, x -> x.get(0).sqrt(), none(), m34),
        op("square", OpKind.SQUARE, x -> x.get(0).square(), none(), m34),
        op("abs", OpKind.ABS, x -> x.get(0).abs(), none(), m34),
        op("sin", OpKind.SIN, x -> x.get(0).sin(), none(), m34),
        op("cos", OpKind.COS, x -> x.get(0).cos(), none(), m34),
        op("tanh", OpKind.TANH, x -> x.get(0).tanh(), none(), m34),
        op("tanhVjp", OpKind.TANH_VJP, x -> Ops.apply(Op.of(OpKind.TANH_VJP), x.get(0), x.get(1)), none(), m34, m34),
        op("sigmoid", OpKind.SIGMOID, x -> x.get(0).sigmoid(), none(), m34),
        op("softplus", OpKind.SOFTPLUS, x -> x.get(0).softplus(), none(), m34),
        op("elu", OpKind.ELU, x -> x.get(0).elu(), none(), m34),
        op("eluDerivative", OpKind.ELU_DERIVATIVE, x -> Ops.apply(Op.of(OpKind.ELU_DERIVATIVE), x.get(0)), none(), m34),
        op("relu", OpKind.RELU, x -> x.get(0).relu(), none(), m34),
        op("sum", OpKind.SUM, x -> x.get(0).sum(), none(), m34),
        op("sum axis", OpKind.SUM_AXIS, x -> x.get(0).sum(-2, false), op -> {
          assertThat(op.axis()).isEqualTo(1);
          assertThat(op.keepDim()).isFalse();
        }, new int[] {2, 3, 4}),
        op("sum axis keep", OpKind.SUM_AXIS, x -> x.get(0).sum(0, true), op -> {
          assertThat(op.axis()).isZero();
          assertThat(op.keepDim()).isTrue();
        }, m34),
        op("expand", OpKind.EXPAND, x -> x.get(0).expand(2, 3, 4),
            op -> assertThat(op.shape()).containsExactly(2, 3, 4), new int[] {3, 1}),
        op("sumTo", OpKind.SUM_TO, x -> x.get(0).sumTo(3, 1), op -> assertThat(op.shape()).containsExactly(3, 1),
            new int[] {2, 3, 4}),
        op("matmul", OpKind.MATMUL, x -> x.get(0).matmul(x.get(1)), op -> {
          assertThat(op.transA()).isFalse();
          assertThat(op.transB()).isFalse();
        }, m34, new int[] {4, 2}),
        op("matmul A·Bᵀ", OpKind.MATMUL, x -> x.get(0).matmul(x.get(1), false, true), op -> {
          assertThat(op.transA()).isFalse();
          assertThat(op.transB()).isTrue();
        }, m34, new int[] {5, 4}),
        op("matmul Aᵀ·B", OpKind.MATMUL, x -> x.get(0).matmul(x.get(1), true, false), op -> {
          assertThat(op.transA()).isTrue();
          assertThat(op.transB()).isFalse();
        }, m34, new int[] {3, 2}),
        op("matmul Aᵀ·Bᵀ", OpKind.MATMUL, x -> x.get(0).matmul(x.get(1), true, true), op -> {
          assertThat(op.transA()).isTrue();
          assertThat(op.transB()).isTrue();
        }, m34, new int[] {2, 3}),
        op("linear", OpKind.AFFINE, x -> NnOps.linear(x.get(0), x.get(1), x.get(2)), none(), m34,
            new int[] {5, 4}, new int[] {5}),
        op("transpose", OpKind.TRANSPOSE, x -> x.get(0).transpose(), none(), m34),
        op("reshape", OpKind.RESHAPE, x -> x.get(0).reshape(2, -1),
            op -> assertThat(op.shape()).containsExactly(2, 6), m34),
        op("slice", OpKind.SLICE, x -> x.get(0).slice(-1, 1, 3), op -> {
          assertThat(op.axis()).isEqualTo(1);
          assertThat(op.start()).isEqualTo(1);
          assertThat(op.end()).isEqualTo(3);
        }, m34),
        op("concat", OpKind.CONCAT, x -> Tensor.concat(-1, x.get(0), x.get(1)),
            op -> assertThat(op.axis()).isEqualTo(1), m34, new int[] {3, 2}),
        op("conv2d", OpKind.CONV2D, x -> NnOps.conv2d(x.get(0), x.get(1), 2, 1), op -> {
          assertThat(op.stride()).isEqualTo(2);
          assertThat(op.padding()).isEqualTo(1);
        }, new int[] {2, 3, 5, 6}, new int[] {4, 3, 3, 3}),
        op("conv2dTranspose", OpKind.CONV2D_TRANSPOSE, x -> NnOps.conv2dTranspose(x.get(0), x.get(1), 2, 1, 5, 6),
            op -> assertThat(op.outputExtent()).containsExactly(5, 6), new int[] {2, 4, 3, 3}, new int[] {4, 3, 3, 3}),
        op("conv2dWeightGrad", OpKind.CONV2D_WEIGHT_GRAD,
            x -> Ops.apply(Op.conv2dWeightGrad(2, 1, 3, 3), x.get(0), x.get(1)),
            op -> assertThat(op.kernelExtent()).containsExactly(3, 3), new int[] {2, 3, 5, 6}, new int[] {2, 4, 3, 3}),
        op("avgPool2d", OpKind.AVG_POOL2D, x -> NnOps.avgPool2d(x.get(0), 2, 2), op -> {
          assertThat(op.poolSize()).isEqualTo(2);
          assertThat(op.stride()).isEqualTo(2);
        }, new int[] {2, 3, 4, 5}),
        op("avgPool2dTranspose", OpKind.AVG_POOL2D_TRANSPOSE, x -> Ops.apply(Op.avgPool2dTranspose(2, 2, 4, 5),
            x.get(0)), op -> assertThat(op.outputExtent()).containsExactly(4, 5), new int[] {2, 3, 2, 2}),
        op("groupNorm", OpKind.GROUP_NORM, x -> Ops.apply(Op.groupNorm(2, 1e-5), x.get(0)), op -> {
          assertThat(op.groups()).isEqualTo(2);
          assertThat(op.epsilon()).isEqualTo(1e-5);
        }, new int[] {2, 4, 3, 3}),
        op("softmaxCrossEntropy", OpKind.SOFTMAX_CROSS_ENTROPY,
            x -> NnOps.softmaxCrossEntropy(x.get(0), new int[] {2, 0, 1}),
            op -> assertThat(op.labels()).containsExactly(2, 0, 1), new int[] {3, 4}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ops")
  void descriptionMatchesTheEagerResult(String name, OpKind kind, Function<List<Tensor>, Tensor> f,
      Consumer<Op> attributes, int[][] shapes) {
    Rng rng = new Rng(name.hashCode());
    // positive inputs keep log and sqrt finite
    List<Tensor> in = Stream.of(shapes).map(s -> rng.uniform(0.1, 2.0, s).requireGrad()).toList();
    Tensor y = f.apply(in);
    assertThat(y.node).as("recorded").isNotNull();
    Op op = y.node.op;
    assertThat(op.kind()).isEqualTo(kind);
    assertThat(op.kind().differentiable()).isTrue();
    assertThat(y.node.inputs).as("inputs").containsExactly(in.toArray(new Tensor[0]));
    assertThat(y.node.output).as("output back-reference").isSameAs(y);
    attributes.accept(op);
    int[][] inShapes = in.stream().map(Tensor::shape).toArray(int[][]::new);
    assertThat(op.outputShape(inShapes)).as("output shape").containsExactly(y.shape());
    double[] out = new double[y.size()];
    Arrays.fill(out, Double.NaN);
    op.forward(in.stream().map(Tensor::toArray).toArray(double[][]::new), inShapes, out);
    assertThat(bits(out)).as("forward into a caller buffer").containsExactly(bits(y.toArray()));
    // the description's VJP gives one cotangent of each input's shape
    Tensor[] gs = op.vjp(in.toArray(new Tensor[0]), y, y.onesLike());
    for (int i = 0; i < in.size(); i++) {
      if (gs[i] != null) {
        assertThat(gs[i].shape()).as("cotangent %d", i).containsExactly(in.get(i).shape());
      }
    }
    // the same op built from the description's data is equal to it
    assertThat(new Op(op.kind(), op.ints(), op.reals())).isEqualTo(op).hasSameHashCodeAs(op);
  }

  @Test
  void everyRecordedKindIsCovered() {
    Set<OpKind> covered = EnumSet.noneOf(OpKind.class);
    ops().forEach(a -> covered.add((OpKind) a.get()[1]));
    Set<OpKind> recorded = EnumSet.allOf(OpKind.class);
    recorded.removeAll(EnumSet.of(OpKind.STEP, OpKind.SIGN, OpKind.NON_NEGATIVE, OpKind.CUSTOM));
    assertThat(covered).containsExactlyInAnyOrderElementsOf(recorded);
  }

  @Test
  void masksAreConstantsThatAreNeverRecorded() {
    Tensor x = Tensor.vector(-2.0, -0.0, 0.0, 3.0).requireGrad();
    assertThat(Ops.apply(Op.of(OpKind.STEP), x).toArray()).containsExactly(0, 0, 0, 1);
    assertThat(Ops.apply(Op.of(OpKind.NON_NEGATIVE), x).toArray()).containsExactly(0, 1, 1, 1);
    assertThat(Ops.apply(Op.of(OpKind.SIGN), x).toArray()).containsExactly(-1, -0.0, 0, 1);
    for (OpKind k : List.of(OpKind.STEP, OpKind.SIGN, OpKind.NON_NEGATIVE)) {
      assertThat(k.differentiable()).isFalse();
      Tensor m = Ops.apply(Op.of(k), x);
      assertThat(m.requiresGrad()).as("%s", k).isFalse();
      assertThat(m.isLeaf()).isTrue();
      assertThatThrownBy(() -> Op.of(k).vjp(new Tensor[] {x}, m, m))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void customOpsAreDescribedButHaveNoKernel() {
    Tensor x = Tensor.vector(1, 2).requireGrad();
    Tensor y = Autograd.custom("twice", x.detach().mul(2.0), List.of(x), g -> List.of(g.mul(2.0)));
    assertThat(y.node.op.kind()).isEqualTo(OpKind.CUSTOM);
    assertThat(y.node.name).isEqualTo("twice");
    assertThat(OpKind.CUSTOM.differentiable()).isTrue();
    assertThatThrownBy(() -> y.node.op.forward(new double[][] {{1, 2}}, new int[][] {{2}}, new double[2]))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(Autograd.grad(y.sum(), List.of(x)).get(0).toArray()).containsExactly(2, 2);
  }

  @Test
  void descriptionsRejectBadAttributesAndInputs() {
    assertThatThrownBy(() -> new Op(OpKind.SLICE, new int[] {0, 1}, new double[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SLICE takes 3 integer");
    assertThatThrownBy(() -> Op.of(OpKind.POW)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Op.of(OpKind.EXP).axis())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("EXP has no attribute 'axis'");
    assertThatThrownBy(() -> Op.of(OpKind.ADD).outputShape(new int[] {2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ADD takes 2 inputs; got 1");
    assertThatThrownBy(() -> Op.matmul(true, false).outputShape(new int[] {2, 3}, new int[] {3, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inner extents");
    assertThat(Op.matmul(false, true).outputShape(new int[] {2, 3}, new int[] {5, 3})).containsExactly(2, 5);
    assertThat(Op.matmul(false, true)).hasToString("MATMUL[0, 1][]");
    assertThat(Op.matmul(false, true)).isNotEqualTo(Op.matmul(true, false));
  }

  static long[] bits(double[] x) {
    return Arrays.stream(x).mapToLong(Double::doubleToRawLongBits).toArray();
  }
}
