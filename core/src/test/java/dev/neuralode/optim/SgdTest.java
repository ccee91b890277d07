package dev.neuralode.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.nn.Linear;
import dev.neuralode.nn.Parameter;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SgdTest {
  @Test
  void plainStepIsThetaMinusLrTimesGrad() {
    Parameter p = new Parameter("w", Tensor.matrix(new double[][] {{1, 2}, {3, 4}}));
    Sgd sgd = new Sgd(0.5);
    ParameterSteps.step(sgd, List.of(p), List.of(Tensor.matrix(new double[][] {{2, 0}, {-2, 4}})));
    assertThat(p.value().toArray()).containsExactly(0, 2, 4, 2);
    assertThat(p.value().shape()).containsExactly(2, 2);
    assertThat(sgd.steps()).isEqualTo(1);
  }

  @Test
  void momentumFollowsPyTorchBuffer() {
    // b1 = g1 = 1; b2 = 0.9·1 + 2 = 2.9; b3 = 0.9·2.9 − 1 = 1.61
    Parameter p = new Parameter("w", Tensor.vector(10));
    Sgd sgd = new Sgd(0.1, 0.9);
    ParameterSteps.step(sgd, List.of(p), List.of(Tensor.vector(1)));
    assertThat(p.value().item()).isCloseTo(9.9, within(1e-14));
    ParameterSteps.step(sgd, List.of(p), List.of(Tensor.vector(2)));
    assertThat(p.value().item()).isCloseTo(9.9 - 0.29, within(1e-14));
    ParameterSteps.step(sgd, List.of(p), List.of(Tensor.vector(-1)));
    assertThat(p.value().item()).isCloseTo(9.9 - 0.29 - 0.161, within(1e-14));
    assertThat(sgd.steps()).isEqualTo(3);
  }

  @Test
  void drivesLinearRegressionToLeastSquaresSolution() {
    LeastSquares problem = new LeastSquares(31);
    Linear model = new Linear(LeastSquares.D, 1, true, new Rng(32));
    Sgd sgd = new Sgd(0.1, 0.9);
    for (int i = 0; i < 500; i++) {
      ParameterSteps.step(sgd, model.parameters(), problem.grads(model));
    }
    assertThat(LeastSquares.coefficients(model)).containsExactly(problem.solution, within(1e-9));
  }

  @Test
  void rejectsMismatchedGradsAndLeavesParametersUnchanged() {
    Parameter a = new Parameter("a", Tensor.vector(1, 2));
    Parameter b = new Parameter("b", Tensor.zeros(2, 2));
    Sgd sgd = new Sgd(0.1, 0.9);
    List<Tensor> values = List.of(a.value(), b.value());
    assertThatThrownBy(() -> sgd.step(values, List.of(Tensor.zeros(2))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 entries").hasMessageContaining("2 parameters");
    // the parameter names ('b') are checked by dev.neuralode.train.ParameterSetTest
    assertThatThrownBy(() -> sgd.step(values, List.of(Tensor.ones(2), Tensor.zeros(4))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grads[1]")
        .hasMessageContaining("params[1]").hasMessageContaining("[4]").hasMessageContaining("[2, 2]");
    assertThatThrownBy(() -> sgd.step(values, List.of(Tensor.ones(2), Tensor.full(Double.NaN, 2, 2))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    assertThat(a.value().toArray()).containsExactly(1, 2);
    assertThat(sgd.steps()).isZero();
    // a rejected step leaves the momentum state unbuilt: the next valid step is a first step
    List<Tensor> next = sgd.step(values, List.of(Tensor.ones(2), Tensor.ones(2, 2)));
    assertThat(next.get(0).toArray()).containsExactly(0.9, 1.9);
  }

  @Test
  void rejectsBadConstruction() {
    Parameter a = new Parameter("a", Tensor.zeros(1));
    assertThatThrownBy(() -> new Sgd(-0.1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lr=-0.1");
    assertThatThrownBy(() -> new Sgd(0.1, 1.0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("momentum=1.0");
    // duplicate parameters are rejected by dev.neuralode.train.ParameterSet (ParameterSetTest)
    assertThatThrownBy(() -> new Sgd(0.1).step(null, List.of(a.value())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("params");
  }
}
