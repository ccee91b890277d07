package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The I-controller against torchdiffeq's {@code _optimal_step_size}, and the options' validation. */
class StepControlTest {
  private final IController c = IController.TORCHDIFFEQ;

  @Test
  void acceptsWithinToleranceAndNeverShrinksAfterAcceptance() {
    StepSizeRule.Decision d = c.decide(0.1, 0.8, 5);
    assertThat(d.accepted()).isTrue();
    assertThat(d.nextStep()).isEqualTo(0.1); // 0.9·0.8^(-1/5) = 0.94 < 1 → factor 1
    d = c.decide(0.1, 1e-3, 5);
    assertThat(d.nextStep()).isCloseTo(0.1 * 0.9 * Math.pow(1e-3, -0.2), within(1e-15));
    assertThat(c.decide(0.1, 1e-9, 5).nextStep()).isCloseTo(1.0, within(1e-15)); // capped at ifactor 10
    assertThat(c.decide(0.1, 0.0, 5)).isEqualTo(new StepSizeRule.Decision(true, 0.1 * 10));
    d = c.decide(0.1, 1.0, 5);
    assertThat(d.accepted()).isTrue();
    assertThat(d.nextStep()).isCloseTo(0.09, within(1e-15)); // r = 1 is not < 1: torchdiffeq lets it shrink
  }

  @Test
  void rejectsAboveToleranceAndNonFiniteSteps() {
    StepSizeRule.Decision d = c.decide(-0.1, 32.0, 5);
    assertThat(d.accepted()).isFalse();
    assertThat(d.nextStep()).isCloseTo(-0.1 * 0.9 / 2, within(1e-15)); // 32^(-1/5) = 1/2, sign kept
    assertThat(c.decide(0.1, 1e12, 5).nextStep()).isCloseTo(0.02, within(1e-15)); // floored at dfactor
    assertThat(c.decide(0.1, Double.NaN, 5)).isEqualTo(new StepSizeRule.Decision(false, 0.1 * 0.2));
    assertThat(c.decide(0.1, Double.POSITIVE_INFINITY, 5).accepted()).isFalse();
    assertThatThrownBy(() -> new IController(1.5, 10, 0.2)).hasMessageContaining("safety=1.5");
    assertThatThrownBy(() -> new IController(0.9, 0.5, 0.2)).hasMessageContaining("ifactor=0.5");
    assertThatThrownBy(() -> new IController(0.9, 10, 0)).hasMessageContaining("dfactor=0.0");
  }

  @Test
  void optionsDefaultsAndWithers() {
    Solver d = Solver.defaults();
    assertThat(d.method().name()).isEqualTo("dopri5");
    assertThat(d.tolerances().rtol()).isEqualTo(1e-7);
    assertThat(d.tolerances().atol()).isEqualTo(1e-9);
    assertThat(d.stepSize()).isNaN();
    assertThat(d.adaptiveController().firstStep()).isNaN();
    assertThat(d.maxSteps()).isEqualTo(100_000);
    Solver o = d.toBuilder().method("RK4").stepSize(0.1).rtol(1e-3).atol(0).firstStep(0.5).maxSteps(7).build();
    assertThat(o).isEqualTo(new Solver(Methods.byName("rk4"), new ConstantStepSize(0.1), 7));
    assertThat(d.toBuilder().stepSize(0.1).stepSize(Double.NaN).build()).isEqualTo(d);
  }

  @Test
  void optionsRejectBadValuesNamingArgumentValueAndFix() {
    Solver d = Solver.defaults();
    assertThatThrownBy(() -> d.toBuilder().method("rk46").build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("method \"rk46\" is unknown; use one of euler, midpoint, heun2");
    assertThatThrownBy(() -> d.toBuilder().method((String) null).build()).hasMessageContaining("method must not be null");
    assertThatThrownBy(() -> d.toBuilder().rtol(-1).build()).hasMessageContaining("rtol=-1.0 must be finite and > 0");
    assertThatThrownBy(() -> d.toBuilder().atol(Double.NaN).build()).hasMessageContaining("atol=NaN");
    assertThatThrownBy(() -> d.toBuilder().atol(Double.POSITIVE_INFINITY).build()).hasMessageContaining("atol=Infinity");
    assertThatThrownBy(() -> d.toBuilder().stepSize(0).build()).hasMessageContaining("stepSize=0.0 must be finite and > 0, or NaN");
    assertThatThrownBy(() -> d.toBuilder().stepSize(-0.1).build()).hasMessageContaining("stepSize=-0.1");
    assertThatThrownBy(() -> d.toBuilder().firstStep(Double.POSITIVE_INFINITY).build()).hasMessageContaining("firstStep=Infinity");
    assertThatThrownBy(() -> d.toBuilder().maxSteps(0).build()).hasMessageContaining("maxSteps=0 must be > 0");
  }

  @Test
  void statsAddUp() {
    SolverStats a = new SolverStats(14, 2, 0);
    assertThat(a.plus(new SolverStats(8, 1, 1))).isEqualTo(new SolverStats(22, 3, 1));
    assertThat(a.plus(SolverStats.zero())).isEqualTo(a);
    assertThat(a.steps()).isEqualTo(2);
    assertThatThrownBy(() -> new SolverStats(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
