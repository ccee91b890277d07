package dev.neuralode.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConcatSquashLinearTest {
  @Test
  void computesTheGatedAndShiftedLinearMap() {
    ConcatSquashLinear layer = new ConcatSquashLinear(2, 3, new Rng(4));
    Map<String, Parameter> p = layer.namedParameters();
    assertThat(p.keySet()).containsExactly("weight", "bias", "gate_weight", "gate_bias", "hyper_bias");
    double[][] w = p.get("weight").value().toMatrix();
    double[] b = p.get("bias").value().toArray();
    double[] gw = p.get("gate_weight").value().toArray();
    double[] gb = p.get("gate_bias").value().toArray();
    double[] hb = p.get("hyper_bias").value().toArray();
    double t = 0.37;
    double[] x = {0.5, -1.25};
    double[] y = layer.forward(Tensor.scalar(t), Tensor.matrix(new double[][] {x})).toArray();
    for (int o = 0; o < 3; o++) {
      double lin = w[o][0] * x[0] + w[o][1] * x[1] + b[o];
      double gate = 1 / (1 + Math.exp(-(gw[o] * t + gb[o])));
      assertThat(y[o]).isCloseTo(lin * gate + hb[o] * t, within(1e-14));
    }
    assertThatThrownBy(() -> layer.forward(Tensor.scalar(0), Tensor.zeros(1, 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[batch, 2]");
  }
}
