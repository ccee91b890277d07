package dev.neuralode.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuralode.nn.Parameter;
import dev.neuralode.optim.Sgd;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parameter-side checks that the optimizers made while they held {@link Parameter}s. */
class ParameterSetTest {
  @Test
  void stepWritesTheOptimizersValuesIntoTheParameters() {
    Parameter p = new Parameter("w", Tensor.matrix(new double[][] {{1, 2}, {3, 4}}));
    ParameterSet set = new ParameterSet(List.of(p));
    set.step(new Sgd(0.5), List.of(Tensor.matrix(new double[][] {{2, 0}, {-2, 4}})), 0.5);
    assertThat(p.value().toArray()).containsExactly(0, 2, 4, 2);
    assertThat(p.value().shape()).containsExactly(2, 2);
    assertThat(p.value().requiresGrad()).isTrue();
    assertThat(set.parameters()).containsExactly(p);
    assertThat(set.values()).containsExactly(p.value());
  }

  @Test
  void rejectsMismatchedGradsNamingTheParameterAndLeavesParametersUnchanged() {
    Parameter a = new Parameter("a", Tensor.vector(1, 2));
    Parameter b = new Parameter("b", Tensor.zeros(2, 2));
    ParameterSet set = new ParameterSet(List.of(a, b));
    Sgd sgd = new Sgd(0.1);
    assertThatThrownBy(() -> set.step(sgd, List.of(Tensor.zeros(2)), 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 entries").hasMessageContaining("2 parameters");
    assertThatThrownBy(() -> set.step(sgd, List.of(Tensor.ones(2), Tensor.zeros(4)), 0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grads[1]")
        .hasMessageContaining("'b'").hasMessageContaining("[4]").hasMessageContaining("[2, 2]");
    assertThatThrownBy(() -> set.step(sgd, List.of(Tensor.ones(2), Tensor.full(Double.NaN, 2, 2)), 0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN").hasMessageContaining("'b'");
    assertThat(a.value().toArray()).containsExactly(1, 2);
    assertThat(sgd.steps()).isZero();
  }

  @Test
  void snapshotAndRestoreRoundTripAndRestoreRefusesAMismatchBeforeChangingAnything() {
    Parameter a = new Parameter("a", Tensor.vector(1, 2));
    Parameter b = new Parameter("b", Tensor.matrix(new double[][] {{3, 4}, {5, 6}}));
    ParameterSet set = new ParameterSet(List.of(a, b));
    double[][] saved = set.snapshot();
    saved[0][0] = 9; // a copy: the parameter keeps its value
    assertThat(a.value().toArray()).containsExactly(1, 2);
    set.restore(new double[][] {{7, 8}, {1, 2, 3, 4}});
    assertThat(a.value().toArray()).containsExactly(7, 8);
    assertThat(b.value().shape()).containsExactly(2, 2);
    assertThat(b.value().toArray()).containsExactly(1, 2, 3, 4);
    assertThatThrownBy(() -> set.restore(new double[][] {{0, 0}, {1, 2, 3}}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tensor b")
        .hasMessageContaining("3 values").hasMessageContaining("needs 4");
    assertThatThrownBy(() -> set.restore(new double[][] {{0, 0}}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 tensors")
        .hasMessageContaining("has 2");
    assertThat(a.value().toArray()).containsExactly(7, 8);
  }

  @Test
  void rejectsBadParameterLists() {
    Parameter a = new Parameter("a", Tensor.zeros(1));
    assertThatThrownBy(() -> new ParameterSet(List.of(a, a))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than once").hasMessageContaining("'a'");
    assertThatThrownBy(() -> new ParameterSet(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("params");
    assertThatThrownBy(() -> new ParameterSet(List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }
}
