package dev.neuralode.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossesTest {
  @Test
  void mseIsMeanOfSquaredDifferences() {
    Tensor pred = Tensor.matrix(new double[][] {{1, 2}, {3, 4}});
    Tensor target = Tensor.matrix(new double[][] {{0, 2}, {5, 1}});
    Tensor loss = Losses.mse(pred, target);
    assertThat(loss.shape()).isEmpty();
    assertThat(loss.item()).isEqualTo((1 + 0 + 4 + 9) / 4.0);
  }

  @Test
  void mseGradientIsTwoOverNTimesResidual() {
    Tensor pred = Tensor.vector(1, 2, 3).requireGrad();
    Tensor target = Tensor.vector(0, 0, 1);
    Tensor g = Autograd.grad(Losses.mse(pred, target), List.of(pred)).get(0);
    assertThat(g.toArray()).containsExactly(new double[] {2.0 / 3, 4.0 / 3, 4.0 / 3}, within(1e-15));
  }

  @Test
  void mseRejectsShapeMismatch() {
    assertThatThrownBy(() -> Losses.mse(Tensor.zeros(2, 3), Tensor.zeros(3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3]").hasMessageContaining("[3]");
    assertThatThrownBy(() -> Losses.mse(Tensor.zeros(2), null)).isInstanceOf(IllegalArgumentException.class);
  }
}
