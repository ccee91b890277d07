package dev.neuralode.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.tensor.GradCheck;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationLossesTest {

  @Test
  void binaryCrossEntropyIsMinusLogSigmoidOfTheMargin() {
    Tensor s = Tensor.of(new double[] {2.0, -1.0, 40.0}, 3, 1);
    double[] y = {1, 1, -1};
    double expected = (Math.log1p(Math.exp(-2.0)) + Math.log1p(Math.exp(1.0)) + 40.0) / 3;
    assertThat(ClassificationLosses.binaryCrossEntropy(s, y).item()).isCloseTo(expected, within(1e-12));
    assertThatThrownBy(() -> ClassificationLosses.binaryCrossEntropy(s, new double[] {1, 0, 1}))
        .hasMessageContaining("-1 or +1");
  }

  @Test
  void softmaxCrossEntropyMatchesTheDefinitionAndItsGradient() {
    Tensor s = new Rng(1).normal(4, 3).mul(3);
    int[] labels = {0, 2, 1, 2};
    double expected = 0;
    for (int i = 0; i < 4; i++) {
      double z = 0;
      for (int j = 0; j < 3; j++) {
        z += Math.exp(s.get(i, j));
      }
      expected += Math.log(z) - s.get(i, labels[i]);
    }
    assertThat(ClassificationLosses.softmaxCrossEntropy(s, labels).item()).isCloseTo(expected / 4, within(1e-12));
    GradCheck.Result r = GradCheck.check(in -> ClassificationLosses.softmaxCrossEntropy(in.get(0), labels),
        List.of(s), 1e-6, 2);
    assertThat(r.maxRelError()).isLessThan(1e-6);
    assertThatThrownBy(() -> ClassificationLosses.softmaxCrossEntropy(s, new int[] {0, 3, 1, 2}))
        .hasMessageContaining("[0, 3)");
  }
}
