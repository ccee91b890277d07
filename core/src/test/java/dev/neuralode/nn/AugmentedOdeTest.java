package dev.neuralode.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuralode.ode.Solver;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.GradCheck;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AugmentedOdeTest {

  static Stream<Sensitivity> sensitivities() {
    return Stream.of(Sensitivity.direct(), Sensitivity.checkpointed(3), Sensitivity.backsolveAdjoint(),
        Sensitivity.interpolatingAdjoint());
  }

  private static Solver tight() {
    return Solver.builder().method("dopri5").rtol(1e-10).atol(1e-10).build();
  }

  private static AugmentedOde model(int k, boolean lift, Sensitivity s, Rng rng) {
    NeuralOde ode = new NeuralOde(new Mlp(2 + k, new int[] {6}, 2 + k, Activation.TANH, false, rng), tight(), s);
    return new AugmentedOde(ode, 2, k, lift ? new Linear(2, k, true, rng) : null);
  }

  @Test
  void padsWithZerosAndReadsOutTheDataComponents() {
    AugmentedOde m = model(3, false, Sensitivity.direct(), new Rng(1));
    Tensor x = new Rng(2).normal(5, 2);
    Tensor z0 = m.augment(x);
    assertThat(z0.shape()).containsExactly(5, 5);
    for (int i = 0; i < 5; i++) {
      assertThat(z0.get(i, 0)).isEqualTo(x.get(i, 0));
      assertThat(z0.get(i, 1)).isEqualTo(x.get(i, 1));
      assertThat(new double[] {z0.get(i, 2), z0.get(i, 3), z0.get(i, 4)}).containsOnly(0.0);
    }
    assertThat(m.forward(x, new double[] {0, 0.5, 1}).shape()).containsExactly(3, 5, 2);
    assertThat(m.solveAugmented(x, Tensor.vector(0, 1)).ys().shape()).containsExactly(2, 5, 5);
    assertThat(m.stateDim()).isEqualTo(5);
  }

  @Test
  void withoutExtraDimensionsItIsThePlainNeuralOde() {
    AugmentedOde m = model(0, false, Sensitivity.direct(), new Rng(1));
    Tensor x = new Rng(2).normal(4, 2);
    double[] t = {0, 0.5, 1};
    assertThat(m.forward(x, t).toArray()).isEqualTo(m.ode().forward(x, t).toArray());
  }

  @Test
  void learnedLiftFillsTheExtraComponents() {
    Rng rng = new Rng(5);
    AugmentedOde m = model(2, true, Sensitivity.direct(), rng);
    Tensor x = new Rng(2).normal(3, 2);
    Tensor z0 = m.augment(x);
    assertThat(z0.slice(1, 2, 4).abs().sum().item()).isGreaterThan(0);
    assertThat(m.namedParameters()).containsKeys("lift.weight", "lift.bias");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sensitivities")
  void gradientsMatchFiniteDifferencesInEverySensitivity(Sensitivity s) {
    Rng rng = new Rng(7);
    AugmentedOde m = model(2, true, s, rng);
    Tensor x = new Rng(8).normal(3, 2);
    Tensor w = new Rng(9).normal(3, 2);
    double err = ModuleGradients.maxRelError(m,
        () -> m.forward(x, new double[] {0, 0.7}).index(1).mul(w).sum(), 1e-6, 1);
    assertThat(err).as("parameters, " + s.name()).isLessThan(2e-5);
    GradCheck.Result r = GradCheck.check(in -> m.forward(in.get(0), new double[] {0, 0.7}).index(1),
        List.of(x), 1e-6, 3);
    assertThat(r.maxRelError()).as("input, " + s.name()).isLessThan(2e-5);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sensitivities")
  void classifierTrainsThroughEverySensitivity(Sensitivity s) {
    Rng rng = new Rng(11);
    OdeClassifier c = new OdeClassifier(model(1, false, s, rng), 1, 1.0, rng);
    Tensor x = new Rng(12).normal(6, 2);
    double[] y = {1, -1, 1, -1, 1, -1};
    double err = ModuleGradients.maxRelError(c,
        () -> ClassificationLosses.binaryCrossEntropy(c.forward(x).logits(), y), 1e-6, 3);
    assertThat(err).isLessThan(2e-5);
    try (Autograd.Scope g = Autograd.enableGrad()) {
      OdeClassifier.Output out = c.forward(x);
      assertThat(out.logits().shape()).containsExactly(6, 1);
      assertThat(out.solve().forward().nfe()).isPositive();
    }
  }

  @Test
  void rejectsBadSizes() {
    NeuralOde ode = new NeuralOde(new Mlp(3, new int[] {4}, 3, Activation.TANH, false, new Rng(0)),
        Solver.defaults(), Sensitivity.direct());
    assertThatThrownBy(() -> new AugmentedOde(ode, 0, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dataDim");
    assertThatThrownBy(() -> new AugmentedOde(ode, 2, 1, new Linear(2, 3, true, new Rng(0))))
        .hasMessageContaining("lift maps 2 -> 3");
    AugmentedOde m = new AugmentedOde(ode, 2, 1);
    assertThatThrownBy(() -> m.augment(Tensor.zeros(4, 3))).hasMessageContaining("[batch, 2]");
  }
}
