package dev.neuralode.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ActivationTest {
  private static final Tensor X = Tensor.vector(-2, 0, 1.5);

  private static double[] apply(Activation a) {
    return a.apply(X).toArray();
  }

  @Test
  void valuesMatchDefinitions() {
    assertThat(apply(Activation.IDENTITY)).containsExactly(-2, 0, 1.5);
    assertThat(apply(Activation.RELU)).containsExactly(0, 0, 1.5);
    assertThat(apply(Activation.TANH)).containsExactly(new double[] {Math.tanh(-2), 0, Math.tanh(1.5)},
        within(1e-15));
    assertThat(apply(Activation.ELU)).containsExactly(new double[] {Math.exp(-2) - 1, 0, 1.5}, within(1e-15));
    assertThat(apply(Activation.SOFTPLUS)).containsExactly(
        new double[] {Math.log1p(Math.exp(-2)), Math.log(2), Math.log1p(Math.exp(1.5))}, within(1e-15));
    assertThat(apply(Activation.SIGMOID)).containsExactly(
        new double[] {1 / (1 + Math.exp(2)), 0.5, 1 / (1 + Math.exp(-1.5))}, within(1e-15));
  }

  @Test
  void parseIgnoresCaseAndBlanks() {
    assertThat(Activation.parse("tanh")).isEqualTo(Activation.TANH);
    assertThat(Activation.parse(" Elu ")).isEqualTo(Activation.ELU);
    assertThat(Activation.parse("SOFTPLUS")).isEqualTo(Activation.SOFTPLUS);
    for (Activation a : Activation.values()) {
      assertThat(Activation.parse(a.name().toLowerCase())).isEqualTo(a);
    }
  }

  @Test
  void parseListsChoicesOnError() {
    assertThatThrownBy(() -> Activation.parse("swish")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'swish'").hasMessageContaining("tanh").hasMessageContaining("elu")
        .hasMessageContaining("sigmoid");
    assertThatThrownBy(() -> Activation.parse(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("identity");
  }
}
