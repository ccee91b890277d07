package dev.neuralode.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.ode.OdeFunction;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.GradCheck;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MlpTest {
  @Test
  void parameterNamesAndCounts() {
    Mlp mlp = new Mlp(2, new int[] {16, 16}, 2, Activation.TANH, false, new Rng(0));
    assertThat(mlp.parameterCount()).isEqualTo(2 * 16 + 16 + 16 * 16 + 16 + 16 * 2 + 2).isEqualTo(354);
    assertThat(mlp.namedParameters().keySet()).containsExactly("layers.0.weight", "layers.0.bias",
        "layers.1.weight", "layers.1.bias", "layers.2.weight", "layers.2.bias");
    assertThat(mlp.namedParameters().get("layers.1.weight").shape()).containsExactly(16, 16);
    assertThat(mlp.namedParameters().get("layers.2.weight").shape()).containsExactly(2, 16);
    assertThat(mlp.parameters()).hasSize(6);
    assertThat(mlp.layers()).hasSize(3);
    assertThat(mlp.in()).isEqualTo(2);
    assertThat(mlp.out()).isEqualTo(2);
    assertThat(mlp.hidden()).containsExactly(16, 16);
    assertThat(mlp.activation()).isEqualTo(Activation.TANH);
    assertThat(mlp.timeDependent()).isFalse();

    Mlp timed = new Mlp(2, new int[] {16, 16}, 2, Activation.TANH, true, new Rng(0));
    assertThat(timed.parameterCount()).isEqualTo(354 + 16);
    assertThat(timed.namedParameters().get("layers.0.weight").shape()).containsExactly(16, 3);
  }

  @Test
  void forwardChainsLayersWithActivationBetweenOnly() {
    Mlp mlp = new Mlp(3, new int[] {5}, 2, Activation.TANH, false, new Rng(1));
    Tensor x = new Rng(2).normal(4, 3);
    List<Linear> layers = mlp.layers();
    Tensor expected = layers.get(1).forward(layers.get(0).forward(x).tanh());
    assertThat(mlp.forward(x).toArray()).containsExactly(expected.toArray());
    assertThat(mlp.apply(Tensor.scalar(123), x).toArray()).containsExactly(expected.toArray());
    assertThat(mlp.forward(Tensor.vector(x.index(0).toArray())).toArray())
        .containsExactly(expected.index(0).toArray());
  }

  @Test
  void timeIsConcatenatedLast() {
    Mlp mlp = new Mlp(2, new int[0], 1, Activation.IDENTITY, true, new Rng(0));
    Linear only = mlp.layers().get(0);
    only.bias().set(Tensor.vector(0));
    Tensor y = Tensor.matrix(new double[][] {{1, 2}, {3, 4}});
    only.weight().set(Tensor.matrix(new double[][] {{0, 0, 1}}));
    assertThat(mlp.apply(Tensor.scalar(0.25), y).toArray()).containsExactly(0.25, 0.25);
    only.weight().set(Tensor.matrix(new double[][] {{1, 10, 0}}));
    assertThat(mlp.apply(Tensor.scalar(0.25), y).toArray()).containsExactly(21, 43);
  }

  @Test
  void timeDependentMatchesManualConcatenation() {
    Mlp mlp = new Mlp(2, new int[] {8}, 2, Activation.ELU, true, new Rng(4));
    Tensor y = new Rng(5).normal(3, 2);
    Tensor t = Tensor.scalar(0.7);
    Tensor yt = Tensor.concat(1, y, Tensor.full(0.7, 3, 1));
    List<Linear> layers = mlp.layers();
    Tensor expected = layers.get(1).forward(layers.get(0).forward(yt).elu());
    assertThat(mlp.apply(t, y).toArray()).containsExactly(expected.toArray());
    Tensor single = mlp.apply(t, y.index(2));
    assertThat(single.shape()).containsExactly(2);
    assertThat(single.toArray()).containsExactly(expected.index(2).toArray());
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void gradientOfWholeMlpMatchesFiniteDifferences(Activation act) {
    Mlp mlp = new Mlp(2, new int[] {16, 16}, 2, act, true, new Rng(11));
    List<Tensor> inputs = new ArrayList<>();
    inputs.add(new Rng(12).normal(5, 2));
    inputs.add(Tensor.scalar(0.3));
    inputs.addAll(mlp.parameterValues());
    GradCheck.Result r = GradCheck.check(
        in -> mlp.applyWith(in.subList(2, in.size()), in.get(1), in.get(0)), inputs, 1e-6, 13);
    assertThat(r.maxRelError()).as("max relative error for " + act).isLessThanOrEqualTo(1e-6);
    assertThat(r.numeric().get(1).item()).as("dependence on t").isNotZero();

    // apply(t, y) differentiates with respect to the parameters' own leaves
    Tensor out = mlp.apply(inputs.get(1), inputs.get(0));
    Tensor w = new Rng(13).normal(out.shape());
    List<Tensor> g = Autograd.grad(List.of(out), mlp.parameterValues(), List.of(w), false);
    for (int i = 0; i < g.size(); i++) {
      assertThat(g.get(i).toArray()).containsExactly(r.analytic().get(i + 2).toArray(), within(1e-12));
    }
  }

  @Test
  void isAnOdeFunction() {
    OdeFunction f = new Mlp(3, new int[] {4}, 3, Activation.SOFTPLUS, false, new Rng(0));
    assertThat(f.apply(Tensor.scalar(0), Tensor.zeros(7, 3)).shape()).containsExactly(7, 3);
  }

  @Test
  void rejectsBadArguments() {
    Mlp timed = new Mlp(2, new int[] {4}, 2, Activation.TANH, true, new Rng(0));
    assertThatThrownBy(() -> timed.forward(Tensor.zeros(1, 2))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apply(t, y)");
    assertThatThrownBy(() -> timed.apply(Tensor.vector(1, 2), Tensor.zeros(1, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scalar");
    assertThatThrownBy(() -> timed.apply(Tensor.scalar(0), Tensor.zeros(1, 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 3]");
    assertThatThrownBy(() -> new Mlp(2, new int[] {4, 0}, 2, Activation.TANH, false, new Rng(0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hidden[1]=0");
    assertThatThrownBy(() -> new Mlp(2, null, 2, Activation.TANH, false, new Rng(0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hidden");
    assertThatThrownBy(() -> new Mlp(2, new int[0], 2, null, false, new Rng(0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("act");
  }
}
