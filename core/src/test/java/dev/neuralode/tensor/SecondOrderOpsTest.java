package dev.neuralode.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * createGraph through every differentiable op: for a scalar function built around one op, the
 * Hessian–vector product (a VJP of a VJP recorded with createGraph) must match central differences
 * of the gradient, (∇L(x + εv) − ∇L(x − εv)) / 2ε with ε = 1e-5, to 1e-6 (absolute, on O(1)
 * values). Each function is non-linear around the op so that a backward rule written outside
 * tensor ops (a constant second derivative) would be caught.
 */
class SecondOrderOpsTest {
  private static Function<Tensor, Tensor> op(String name) {
    switch (name) {
      case "add": return x -> x.add(x.square()).square().sum();
      case "sub": return x -> x.sub(x.sin()).square().sum();
      case "mul": return x -> x.mul(x.cos()).sum();
      case "div": return x -> x.div(x.square().add(2.0)).sum();
      case "maximum": return x -> x.maximum(x.mul(0.5).add(0.1)).square().sum();
      case "pow": return x -> x.abs().add(0.5).pow(2.5).sum();
      case "exp": return x -> x.exp().sum();
      case "log": return x -> x.square().add(1.0).log().sum();
      case "sqrt": return x -> x.square().add(1.0).sqrt().sum();
      case "abs": return x -> x.abs().mul(x).sum();
      case "sin": return x -> x.sin().sum();
      case "cos": return x -> x.cos().sum();
      case "tanh": return x -> x.tanh().sum();
      case "tanhSquared": return x -> x.tanh().square().sum(); // tanh's cotangent depends on x
      case "tanhVjp": return x -> Ops.apply(Op.of(OpKind.TANH_VJP), x.sin(), x.tanh()).square().sum();
      case "sigmoid": return x -> x.sigmoid().sum();
      case "softplus": return x -> x.softplus().sum();
      case "elu": return x -> x.elu().square().sum();
      case "relu": return x -> x.relu().square().sum();
      case "mean": return x -> x.square().mean().square();
      case "sumAxis": return x -> x.reshape(2, 2).sum(0, false).square().sum();
      case "meanAxis": return x -> x.reshape(2, 2).mean(1, true).tanh().sum();
      case "expand": return x -> x.reshape(1, 4).expand(3, 4).sin().sum();
      case "sumTo": return x -> x.reshape(1, 4).expand(3, 4).mul(Tensor.vector(1, 2, 3).reshape(3, 1))
          .sumTo(1, 4).square().sum();
      case "matmul": return x -> x.reshape(2, 2).matmul(x.reshape(2, 2)).tanh().sum();
      case "linear": return x -> NnOps.linear(x.reshape(2, 2), x.reshape(2, 2).sin(), x.slice(0, 1, 3).cos())
          .tanh().sum();
      case "transpose": return x -> x.reshape(2, 2).transpose().mul(x.reshape(2, 2)).square().sum();
      case "slice": return x -> x.slice(0, 1, 3).square().mul(x.slice(0, 0, 2)).sum();
      case "pad": return x -> x.pad(0, 1, 2).sin().square().sum();
      case "index": return x -> x.reshape(2, 2).index(1).exp().sum();
      case "concat": return x -> Tensor.concat(0, x, x.square()).tanh().sum();
      case "stack": return x -> Tensor.stack(List.of(x, x.sin())).square().sum();
      case "linearCombination": return x -> Tensor.linearCombination(new double[] {2.0, -1.0}, x, x.square())
          .square().sum();
      case "matmulMatrix": return x -> x.reshape(2, 2).matmul(Tensor.matrix(new double[][] {{1, 2}, {3, 4}}))
          .exp().sum();
      case "matmulAtB": return x -> x.reshape(2, 2).matmul(x.reshape(2, 2).sin(), true, false).tanh().sum();
      case "matmulABt": return x -> x.reshape(2, 2).matmul(x.reshape(2, 2).sin(), false, true).tanh().sum();
      case "matmulAtBt": return x -> x.reshape(2, 2).matmul(x.reshape(2, 2).sin(), true, true).tanh().sum();
      case "matmulTransposedMatrix": return x -> Tensor.matrix(new double[][] {{1, 2}, {3, 4}})
          .matmul(x.reshape(2, 2), true, true).exp().sum();
      case "conv2d": return x -> NnOps.conv2d(x.reshape(1, 1, 2, 2), x.sin().reshape(1, 1, 2, 2), 1, 1).tanh().sum();
      case "conv2dTranspose": return x -> NnOps.conv2dTranspose(x.reshape(1, 1, 2, 2), x.cos().reshape(1, 1, 2, 2),
          2, 1, 3, 3).tanh().sum();
      case "conv2dWeightGrad": return x -> Ops.apply(Op.conv2dWeightGrad(1, 1, 2, 2), x.reshape(1, 1, 2, 2),
          x.sin().reshape(1, 1, 2, 2).pad(2, 0, 1).pad(3, 1, 0)).tanh().sum();
      case "avgPool2d": return x -> NnOps.avgPool2d(x.square().reshape(1, 1, 2, 2), 1, 1).sin().sum();
      case "avgPool2dTranspose": return x -> Ops.apply(Op.avgPool2dTranspose(2, 1, 3, 3), x.reshape(1, 1, 2, 2))
          .mul(Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3)).tanh().sum();
      case "globalAvgPool": return x -> NnOps.globalAvgPool(x.reshape(1, 2, 2)).exp().sum();
      case "groupNorm": return x -> NnOps.groupNorm(x.reshape(1, 2, 2), 1, null, null, 0.1)
          .mul(Tensor.of(new double[] {1, -2, 3, 0.5}, 1, 2, 2)).sum().square();
      case "softmaxCrossEntropy": return x -> NnOps.softmaxCrossEntropy(x.reshape(2, 2).mul(x.reshape(2, 2)),
          new int[] {1, 0}).sum();
      default: throw new IllegalArgumentException(name);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"add", "sub", "mul", "div", "maximum", "pow", "exp", "log", "sqrt", "abs",
      "sin", "cos", "tanh", "tanhSquared", "tanhVjp", "sigmoid", "softplus", "elu", "relu", "mean", "sumAxis", "meanAxis",
      "expand", "sumTo", "matmul", "linear", "transpose", "slice", "pad", "index", "concat", "stack",
      "linearCombination", "matmulMatrix", "matmulAtB", "matmulABt", "matmulAtBt", "matmulTransposedMatrix",
      "conv2d", "conv2dTranspose", "conv2dWeightGrad", "avgPool2d", "avgPool2dTranspose", "globalAvgPool", "groupNorm",
      "softmaxCrossEntropy"})
  void hessianVectorProductMatchesDifferencesOfTheGradient(String name) {
    Function<Tensor, Tensor> f = op(name);
    Tensor x = Tensor.vector(0.37, -0.81, 1.13, -0.26);
    Tensor v = Tensor.vector(0.6, -0.3, 0.9, 0.4);
    Tensor hv = Functional.hvp(f, x, v);
    double eps = 1e-5;
    Tensor fd = Functional.gradient(f, x.add(v.mul(eps))).sub(Functional.gradient(f, x.sub(v.mul(eps))))
        .div(2 * eps);
    for (int i = 0; i < 4; i++) {
      assertThat(hv.getFlat(i)).as("%s [%d]", name, i).isCloseTo(fd.getFlat(i), within(1e-6));
    }
  }
}
