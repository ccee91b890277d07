package dev.neuralode.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.tensor.GradCheck;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearTest {
  private static final Tensor W = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
  private static final Tensor B = Tensor.vector(0.5, -1);

  @Test
  void forwardMatchesHandComputation() {
    Linear layer = new Linear(W, B);
    Tensor x = Tensor.matrix(new double[][] {{1, 0, -1}, {2, 1, 0}});
    // row 0: [1-3+0.5, 4-6-1]; row 1: [2+2+0.5, 8+5-1]
    Tensor y = layer.forward(x);
    assertThat(y.shape()).containsExactly(2, 2);
    assertThat(y.toArray()).containsExactly(-1.5, -3, 4.5, 12);
    assertThat(layer.inFeatures()).isEqualTo(3);
    assertThat(layer.outFeatures()).isEqualTo(2);
  }

  @Test
  void forwardAcceptsVectorsAndHigherRanks() {
    Linear layer = new Linear(W, B);
    Tensor v = layer.forward(Tensor.vector(1, 0, -1));
    assertThat(v.shape()).containsExactly(2);
    assertThat(v.toArray()).containsExactly(-1.5, -3);
    Tensor x3 = Tensor.of(new double[] {1, 0, -1, 2, 1, 0}, 2, 1, 3);
    Tensor y3 = layer.forward(x3);
    assertThat(y3.shape()).containsExactly(2, 1, 2);
    assertThat(y3.toArray()).containsExactly(-1.5, -3, 4.5, 12);
  }

  @Test
  void forwardWithoutBias() {
    Linear layer = new Linear(W, null);
    assertThat(layer.bias()).isNull();
    assertThat(layer.parameters()).hasSize(1);
    assertThat(layer.forward(Tensor.vector(1, 1, 1)).toArray()).containsExactly(6, 15);
    Linear random = new Linear(3, 2, false, new Rng(1));
    assertThat(random.bias()).isNull();
    assertThat(random.parameterCount()).isEqualTo(6);
  }

  @Test
  void initIsUniformWithinPyTorchBound() {
    int in = 400;
    int out = 300;
    Linear layer = new Linear(in, out, true, new Rng(7));
    double bound = 1 / Math.sqrt(in);
    double[] w = layer.weight().value().toArray();
    double[] b = layer.bias().value().toArray();
    assertThat(layer.weight().shape()).containsExactly(out, in);
    assertThat(layer.bias().shape()).containsExactly(out);
    double mean = Arrays.stream(w).average().orElseThrow();
    double var = Arrays.stream(w).map(x -> (x - mean) * (x - mean)).sum() / (w.length - 1);
    assertThat(Arrays.stream(w).map(Math::abs).max().orElseThrow()).isLessThanOrEqualTo(bound)
        .isGreaterThan(0.99 * bound);
    assertThat(Arrays.stream(b).map(Math::abs).max().orElseThrow()).isLessThanOrEqualTo(bound);
    assertThat(mean).isCloseTo(0, within(0.01 * bound));
    // variance of U(-c, c) is c²/3; the estimate's relative standard deviation here is about 0.3 %
    assertThat(var).isCloseTo(bound * bound / 3, within(0.02 * bound * bound / 3));
  }

  @Test
  void initIsDeterministicInTheSeed() {
    double[] a = new Linear(5, 4, true, new Rng(42)).flatParameters();
    double[] b = new Linear(5, 4, true, new Rng(42)).flatParameters();
    double[] c = new Linear(5, 4, true, new Rng(43)).flatParameters();
    assertThat(Arrays.equals(a, b)).isTrue();
    assertThat(Arrays.equals(a, c)).isFalse();
  }

  @Test
  void parametersAreNamedAndRequireGrad() {
    Linear layer = new Linear(3, 2, true, new Rng(0));
    assertThat(layer.namedParameters().keySet()).containsExactly("weight", "bias");
    assertThat(layer.weight().value().requiresGrad()).isTrue();
    assertThat(layer.weight().value().isLeaf()).isTrue();
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    Rng rng = new Rng(3);
    List<Tensor> inputs = List.of(rng.normal(4, 3), rng.normal(2, 3), rng.normal(2));
    GradCheck.Result r = GradCheck.check(in -> Linear.affine(in.get(0), in.get(1), in.get(2)), inputs, 1e-6, 5);
    assertThat(r.maxRelError()).isLessThan(1e-8);
  }

  @Test
  void rejectsBadArguments() {
    Linear layer = new Linear(W, B);
    assertThatThrownBy(() -> layer.forward(Tensor.zeros(4, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4, 2]").hasMessageContaining("3");
    assertThatThrownBy(() -> layer.forward(Tensor.scalar(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Linear(W, Tensor.vector(1, 2, 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bias");
    assertThatThrownBy(() -> new Linear(Tensor.vector(1, 2), null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2-D");
    assertThatThrownBy(() -> new Linear(0, 2, true, new Rng(0))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("in=0");
    assertThatThrownBy(() -> new Linear(2, 2, true, null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rng");
  }
}
