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
    StepSizeController.Decision d = c.decide(0.1, 0.8, 5);
    assertThat(d.accepted()).isTrue();
    assertThat(d.nextStep()).isEqualTo(0.1); // 0.9·0.8^(-1/5) = 0.94 < 1 → factor 1
    d = c.decide(0.1, 1e-3, 5);
    assertThat(d.nextStep()).isCloseTo(0.1 * 0.9 * Math.pow(1e-3, -0.2), within(1e-15));
    assertThat(c.decide(0.1, 1e-9, 5).nextStep()).isCloseTo(1.0, within(1e-15)); // capped at ifactor 10
    assertThat(c.decide(0.1, 0.0, 5)).isEqualTo(new StepSizeController.Decision(true, 0.1 * 10));
    d = c.decide(0.1, 1.0, 5);
    assertThat(d.accepted()).isTrue();
    assertThat(d.nextStep()).isCloseTo(0.09, within(1e-15)); // r = 1 is not < 1: torchdiffeq lets it shrink
  }

  @Test
  void rejectsAboveToleranceAndNonFiniteSteps() {
    StepSizeController.Decision d = c.decide(-0.1, 32.0, 5);
    assertThat(d.accepted()).isFalse();
    assertThat(d.nextStep()).isCloseTo(-0.1 * 0.9 / 2, within(1e-15)); // 32^(-1/5) = 1/2, sign kept
    assertThat(c.decide(0.1, 1e12, 5).nextStep()).isCloseTo(0.02, within(1e-15)); // floored at dfactor
    assertThat(c.decide(0.1, Double.NaN, 5)).isEqualTo(new StepSizeController.Decision(false, 0.1 * 0.2));
    assertThat(c.decide(0.1, Double.POSITIVE_INFINITY, 5).accepted()).isFalse();
    assertThatThrownBy(() -> new IController(1.5, 10, 0.2)).hasMessageContaining("safety=1.5");
    assertThatThrownBy(() -> new IController(0.9, 0.5, 0.2)).hasMessageContaining("ifactor=0.5");
    assertThatThrownBy(() -> new IController(0.9, 10, 0)).hasMessageContaining("dfactor=0.0");
  }

  @Test
  void optionsDefaultsAndWithers() {
    SolveOptions d = SolveOptions.defaults();
    assertThat(d.method()).isEqualTo("dopri5");
    assertThat(d.rtol()).isEqualTo(1e-7);
    assertThat(d.atol()).isEqualTo(1e-9);
    assertThat(d.stepSize()).isNaN();
    assertThat(d.firstStep()).isNaN();
    assertThat(d.maxSteps()).isEqualTo(100_000);
    SolveOptions o = d.withMethod("RK4").withStepSize(0.1).withRtol(1e-3).withAtol(0).withFirstStep(0.5)
        .withMaxSteps(7);
    assertThat(o).isEqualTo(new SolveOptions("rk4", 1e-3, 0, 0.1, 0.5, 7));
    assertThat(d.withStepSize(0.1).withStepSize(Double.NaN)).isEqualTo(d);
  }

  @Test
  void optionsRejectBadValuesNamingArgumentValueAndFix() {
    SolveOptions d = SolveOptions.defaults();
    assertThatThrownBy(() -> d.withMethod("rk45")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("method \"rk45\" is unknown; use one of euler, midpoint, heun2");
    assertThatThrownBy(() -> d.withMethod(null)).hasMessageContaining("method must not be null");
    assertThatThrownBy(() -> d.withRtol(-1)).hasMessageContaining("rtol=-1.0 must be finite and > 0");
    assertThatThrownBy(() -> d.withAtol(Double.NaN)).hasMessageContaining("atol=NaN");
    assertThatThrownBy(() -> d.withAtol(Double.POSITIVE_INFINITY)).hasMessageContaining("atol=Infinity");
    assertThatThrownBy(() -> d.withStepSize(0)).hasMessageContaining("stepSize=0.0 must be finite and > 0, or NaN");
    assertThatThrownBy(() -> d.withStepSize(-0.1)).hasMessageContaining("stepSize=-0.1");
    assertThatThrownBy(() -> d.withFirstStep(Double.POSITIVE_INFINITY)).hasMessageContaining("firstStep=Infinity");
    assertThatThrownBy(() -> d.withMaxSteps(0)).hasMessageContaining("maxSteps=0 must be > 0");
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
