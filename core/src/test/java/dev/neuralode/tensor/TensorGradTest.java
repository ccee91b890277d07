package dev.neuralode.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every op's reverse-mode gradient against central finite differences. */
class TensorGradTest {

  private static Arguments op(String name, Function<List<Tensor>, Tensor> f, int[]... shapes) {
    return Arguments.of(name, f, shapes);
  }

  static Stream<Arguments> ops() {
    return Stream.of(
        op("add", x -> x.get(0).add(x.get(1)), new int[] {3, 4}, new int[] {3, 4}),
        op("add broadcast row", x -> x.get(0).add(x.get(1)), new int[] {3, 4}, new int[] {4}),
        op("add broadcast col", x -> x.get(0).add(x.get(1)), new int[] {3, 1}, new int[] {1, 4}),
        op("sub broadcast", x -> x.get(0).sub(x.get(1)), new int[] {2, 3, 4}, new int[] {3, 1}),
        op("mul broadcast", x -> x.get(0).mul(x.get(1)), new int[] {3, 4}, new int[] {1, 4}),
        op("mul scalar tensor", x -> x.get(0).mul(x.get(1)), new int[] {3, 4}, new int[] {}),
        op("div", x -> x.get(0).div(x.get(1).square().add(0.5)), new int[] {3, 4}, new int[] {3, 4}),
        op("neg", x -> x.get(0).neg(), new int[] {5}),
        op("addScalar mulScalar", x -> x.get(0).add(2.0).mul(-3.0), new int[] {5}),
        op("pow", x -> x.get(0).square().add(1.0).pow(1.5), new int[] {4}),
        op("exp", x -> x.get(0).exp(), new int[] {2, 3}),
        op("log", x -> x.get(0).square().add(0.1).log(), new int[] {2, 3}),
        op("sqrt", x -> x.get(0).square().add(0.1).sqrt(), new int[] {6}),
        op("tanh", x -> x.get(0).tanh(), new int[] {2, 3}),
        op("sigmoid", x -> x.get(0).sigmoid(), new int[] {2, 3}),
        op("softplus", x -> x.get(0).softplus(), new int[] {2, 3}),
        op("elu", x -> x.get(0).elu(), new int[] {3, 5}),
        op("relu", x -> x.get(0).relu(), new int[] {3, 5}),
        op("sin cos", x -> x.get(0).sin().mul(x.get(0).cos()), new int[] {4}),
        op("abs", x -> x.get(0).abs(), new int[] {4}),
        op("maximum", x -> x.get(0).maximum(x.get(1)), new int[] {3, 3}, new int[] {3, 3}),
        op("sum", x -> x.get(0).sum(), new int[] {3, 4}),
        op("mean", x -> x.get(0).mean(), new int[] {3, 4}),
        op("sum axis 0", x -> x.get(0).sum(0, false), new int[] {3, 4}),
        op("sum axis 1 keep", x -> x.get(0).sum(1, true), new int[] {3, 4}),
        op("mean axis -1", x -> x.get(0).mean(-1, false), new int[] {2, 3, 4}),
        op("matmul", x -> x.get(0).matmul(x.get(1)), new int[] {3, 4}, new int[] {4, 2}),
        op("matmul vector", x -> x.get(0).matmul(x.get(1)), new int[] {3, 4}, new int[] {4}),
        op("matmul A·B flags", x -> x.get(0).matmul(x.get(1), false, false), new int[] {3, 4}, new int[] {4, 2}),
        op("matmul A·Bᵀ", x -> x.get(0).matmul(x.get(1), false, true), new int[] {3, 4}, new int[] {2, 4}),
        op("matmul Aᵀ·B", x -> x.get(0).matmul(x.get(1), true, false), new int[] {4, 3}, new int[] {4, 2}),
        op("matmul Aᵀ·Bᵀ", x -> x.get(0).matmul(x.get(1), true, true), new int[] {4, 3}, new int[] {2, 4}),
        op("transpose", x -> x.get(0).transpose(), new int[] {3, 4}),
        op("reshape", x -> x.get(0).reshape(4, -1), new int[] {2, 6}),
        op("slice rows", x -> x.get(0).slice(0, 1, 3), new int[] {4, 3}),
        op("slice cols", x -> x.get(0).slice(1, 1, 2), new int[] {4, 3}),
        op("concat", x -> Tensor.concat(1, x.get(0), x.get(1)), new int[] {2, 3}, new int[] {2, 1}),
        op("stack index", x -> Tensor.stack(List.of(x.get(0), x.get(1))).index(1), new int[] {2, 3}, new int[] {2, 3}),
        op("expand sumTo", x -> x.get(0).expand(3, 4).mul(x.get(1)).sumTo(1, 4), new int[] {4}, new int[] {3, 4}),
        op("linearCombination", x -> Tensor.linearCombination(new double[] {0.5, -2.0, 0.0}, x.get(0), x.get(1), x.get(2)),
            new int[] {2, 2}, new int[] {2, 2}, new int[] {2, 2}),
        op("conv2d stride 1 pad 1", x -> NnOps.conv2d(x.get(0), x.get(1), 1, 1), new int[] {2, 2, 4, 4},
            new int[] {3, 2, 3, 3}),
        op("conv2d stride 2 pad 1 bias", x -> NnOps.conv2d(x.get(0), x.get(1), x.get(2), 2, 1),
            new int[] {1, 2, 5, 5}, new int[] {2, 2, 3, 3}, new int[] {2}),
        op("conv2d 2x3 kernel stride 2", x -> NnOps.conv2d(x.get(0), x.get(1), 2, 0), new int[] {1, 1, 5, 6},
            new int[] {2, 1, 2, 3}),
        op("conv2dTranspose", x -> NnOps.conv2dTranspose(x.get(0), x.get(1), 2, 1, 5, 5), new int[] {1, 3, 3, 3},
            new int[] {3, 2, 3, 3}),
        op("conv2dWeightGrad", x -> Ops.apply(Op.conv2dWeightGrad(2, 1, 3, 3), x.get(0), x.get(1)),
            new int[] {1, 2, 5, 5}, new int[] {1, 3, 3, 3}),
        op("avgPool2d", x -> NnOps.avgPool2d(x.get(0), 2, 2), new int[] {2, 2, 4, 5}),
        op("avgPool2d overlapping", x -> NnOps.avgPool2d(x.get(0), 3, 1), new int[] {1, 2, 4, 4}),
        op("avgPool2dTranspose", x -> Ops.apply(Op.avgPool2dTranspose(2, 1, 4, 3), x.get(0)), new int[] {1, 2, 3, 2}),
        op("globalAvgPool", x -> NnOps.globalAvgPool(x.get(0)), new int[] {2, 3, 2, 2}),
        op("groupNorm affine", x -> NnOps.groupNorm(x.get(0), 2, x.get(1), x.get(2), 1e-5), new int[] {2, 4, 2, 2},
            new int[] {4}, new int[] {4}),
        op("groupNorm 3-D one group", x -> NnOps.groupNorm(x.get(0), 1, null, null, 0.1), new int[] {2, 3, 4}),
        op("softmaxCrossEntropy", x -> NnOps.softmaxCrossEntropy(x.get(0), new int[] {0, 4, 2, 2}),
            new int[] {4, 5}),
        op("softmaxCrossEntropy large logits", x -> NnOps.softmaxCrossEntropy(x.get(0).add(800.0),
            new int[] {1, 0}), new int[] {2, 3}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ops")
  void gradientMatchesCentralDifferences(String name, Function<List<Tensor>, Tensor> f, int[][] shapes) {
    Rng rng = new Rng(name.hashCode());
    List<Tensor> inputs = Stream.of(shapes).map(rng::normal).toList();
    GradCheck.Result r = GradCheck.check(f, inputs, 1e-6, 7);
    assertThat(r.maxRelError()).as("%s relative error", name).isLessThan(1e-6);
    // the analytic gradient must not be trivially zero
    double norm = 0;
    for (Tensor g : r.analytic()) {
      norm += g.square().sum().item();
    }
    assertThat(norm).as("%s gradient norm", name).isGreaterThan(1e-8);
  }

  /** Second derivatives through createGraph: the gradient of Σ w ⊙ ∂φ/∂x, checked by differences. */
  @ParameterizedTest(name = "second order {0}")
  @MethodSource("ops")
  void secondDerivativeMatchesDifferencesOfGradient(String name, Function<List<Tensor>, Tensor> f, int[][] shapes) {
    Rng rng = new Rng(31L * name.hashCode());
    List<Tensor> inputs = Stream.of(shapes).map(rng::normal).toList();
    Tensor probe = new Rng(5).normal(f.apply(inputs).shape());
    // g(x) = Σ_k sum( gradient_k(x)^2 ), where gradient = VJP of f with cotangent probe, built with createGraph
    Function<List<Tensor>, Tensor> gradNormSq = xs -> {
      List<Tensor> leaves = xs.stream().map(t -> t.requiresGrad() ? t : t.requireGrad()).toList();
      Tensor y = f.apply(leaves);
      List<Tensor> gs = Autograd.grad(List.of(y), leaves, List.of(probe), true);
      Tensor acc = Tensor.scalar(0);
      for (Tensor g : gs) {
        acc = acc.add(g.square().sum());
      }
      return acc;
    };
    GradCheck.Result r = GradCheck.check(gradNormSq, inputs, 1e-5, 11);
    assertThat(r.maxRelError()).as("%s second-order relative error", name).isLessThan(1e-6);
  }
}
