package dev.neuralode.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.nn.Linear;
import dev.neuralode.nn.Parameter;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamTest {
  /** Gradient of the quadratic (x₀ − 3)² + 10·x₁² at the parameter's value, through autograd. */
  private static List<Tensor> quadraticGrad(Parameter p) {
    Tensor x = p.value();
    Tensor loss = x.index(0).sub(3.0).square().add(x.index(1).square().mul(10.0));
    return Autograd.grad(loss, List.of(x));
  }

  /**
   * Expected iterates, computed independently in Python with torch.optim.Adam's formulas
   * (m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²; x −= lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε)).
   */
  private static final double[][] DEFAULTS_LR_01 = {
      {1.09999999975, -1.900000000025},
      {1.199833513884299, -1.8001664856608486},
      {1.299376607953535, -1.7006233913573814},
      {1.3984951047105791, -1.60150489436232},
      {1.4970442187049882, -1.5029557801268354}};

  /** As above with lr 0.05, β = (0.8, 0.99), ε = 1e-6, weight decay 0.1 (g += 0.1·x). */
  private static final double[][] CUSTOM = {
      {1.0499999871794905, -1.950000001243781},
      {1.0999229429737438, -1.9000711501155163},
      {1.1497155252062135, -1.850262513868706},
      {1.1993235574718155, -1.8006237751726122},
      {1.2486925614736635, -1.751204741546845}};

  @Test
  void matchesPyTorchFormulaOnQuadratic() {
    Parameter p = new Parameter("x", Tensor.vector(1.0, -2.0));
    Adam adam = new Adam(0.1);
    for (double[] expected : DEFAULTS_LR_01) {
      ParameterSteps.step(adam, List.of(p), quadraticGrad(p));
      assertThat(p.value().toArray()).containsExactly(expected, within(1e-12));
    }
    assertThat(adam.steps()).isEqualTo(5);
  }

  @Test
  void matchesPyTorchFormulaWithCustomHyperparametersAndWeightDecay() {
    Parameter p = new Parameter("x", Tensor.vector(1.0, -2.0));
    Adam adam = new Adam(0.05, 0.8, 0.99, 1e-6, 0.1);
    for (double[] expected : CUSTOM) {
      ParameterSteps.step(adam, List.of(p), quadraticGrad(p));
      assertThat(p.value().toArray()).containsExactly(expected, within(1e-12));
    }
  }

  @Test
  void firstStepMovesEachCoordinateByLrAgainstTheGradientSign() {
    // after bias correction m̂ = g and v̂ = g², so the step is lr·g/(|g| + ε)
    Parameter p = new Parameter("x", Tensor.vector(1e-3, -50, 7));
    ParameterSteps.step(new Adam(0.01, 0.9, 0.999, 0.0, 0.0), List.of(p),
        List.of(Tensor.vector(4, -0.002, 1e5)));
    assertThat(p.value().toArray()).containsExactly(new double[] {1e-3 - 0.01, -50 + 0.01, 7 - 0.01},
        within(1e-15));
  }

  @Test
  void drivesLinearRegressionToLeastSquaresSolution() {
    LeastSquares problem = new LeastSquares(21);
    Linear model = new Linear(LeastSquares.D, 1, true, new Rng(22));
    Adam adam = new Adam(0.02);
    for (int i = 0; i < 3000; i++) {
      ParameterSteps.step(adam, model.parameters(), problem.grads(model));
    }
    assertThat(LeastSquares.coefficients(model)).containsExactly(problem.solution, within(1e-6));
  }

  @Test
  void rejectsBadHyperparameters() {
    assertThatThrownBy(() -> new Adam(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lr=0.0");
    assertThatThrownBy(() -> new Adam(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lr=NaN");
    assertThatThrownBy(() -> new Adam(1e-3, 1.0, 0.999, 1e-8, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("beta1=1.0");
    assertThatThrownBy(() -> new Adam(1e-3, 0.9, -0.1, 1e-8, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("beta2=-0.1");
    assertThatThrownBy(() -> new Adam(1e-3, 0.9, 0.999, -1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eps=-1.0");
    assertThatThrownBy(() -> new Adam(1e-3, 0.9, 0.999, 1e-8, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weightDecay=-1.0");
    assertThatThrownBy(() -> new Adam(1e-3).step(List.of(), List.of(), 1e-3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> new Adam(1e-3).step(List.of(Tensor.zeros(2)), List.of(Tensor.zeros(2)), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lr=0.0");
  }
}
