package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuralode.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The Solver value: builder, factories, kinds of controller, the method registry. */
class SolverTest {
  @Test
  void defaultsAreDopri5WithTorchdiffeqsIControllerAndTolerances() {
    Solver d = Solver.defaults();
    assertThat(d.method()).isSameAs(Methods.byName("dopri5"));
    assertThat(d.controller()).isEqualTo(AdaptiveController.of(1e-7, 1e-9));
    assertThat(d.adaptiveController().rule()).isSameAs(IController.TORCHDIFFEQ);
    assertThat(d.jumpTimes()).isEmpty();
    assertThat(d.toBuilder().build()).isEqualTo(d);
    assertThat(Solver.of("DOPRI5")).isEqualTo(d);
  }

  @Test
  void fixedStepMethodsGetAConstantStepSize() {
    Solver rk4 = Solver.fixed("rk4", 0.1);
    assertThat(rk4.controller()).isEqualTo(new ConstantStepSize(0.1));
    assertThat(rk4.stepSize()).isEqualTo(0.1);
    assertThat(Solver.of("euler").controller()).isEqualTo(ConstantStepSize.PER_INTERVAL);
    assertThatThrownBy(() -> Solver.fixed("dopri5", 0.1)).hasMessageContaining("dopri5 is adaptive")
        .hasMessageContaining("rk4");
    assertThatThrownBy(() -> new Solver(Methods.byName("rk4"), AdaptiveController.defaults(), 10))
        .hasMessageContaining("rk4 takes fixed steps and needs a ConstantStepSize");
    assertThatThrownBy(() -> new Solver(Methods.byName("tsit5"), new ConstantStepSize(0.1), 10))
        .hasMessageContaining("tsit5 is adaptive and needs an AdaptiveController");
    assertThatThrownBy(() -> rk4.tolerances()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theBuilderAssemblesTheControllerWithRuleToleranceLimitsAndJumps() {
    PidController pid = PidController.of(0.3, 0.3, 0.0);
    Solver s = Solver.builder().method("tsit5").rule(pid).rtol(new double[] {1e-6, 1e-5}).atol(1e-8)
        .norm(ErrorNorm.MAX).firstStep(0.01).stepLimits(1e-6, 0.5).jumpTimes(2.0, 1.0, 2.0).maxSteps(500).build();
    assertThat(s.controller()).isInstanceOf(JumpTimes.class);
    assertThat(s.jumpTimes()).containsExactly(1.0, 2.0);
    AdaptiveController a = s.adaptiveController();
    assertThat(a.rule()).isSameAs(pid);
    assertThat(a.tolerances().rtolVector()).containsExactly(1e-6, 1e-5);
    assertThat(a.tolerances().minRtol()).isEqualTo(1e-6);
    assertThat(a.tolerances().norm()).isSameAs(ErrorNorm.MAX);
    assertThat(a.firstStep()).isEqualTo(0.01);
    assertThat(a.maxStep()).isEqualTo(0.5);
    assertThat(s.maxSteps()).isEqualTo(500);
    assertThat(s.toBuilder().build()).isEqualTo(s);
    assertThat(s.toBuilder().jumpTimes().build().controller()).isEqualTo(a);
    assertThat(JumpTimes.wrap(JumpTimes.wrap(a, 3.0), 1.0).jumpTimes()).containsExactly(1.0, 3.0);
    assertThatThrownBy(() -> JumpTimes.wrap(new ConstantStepSize(0.1), 1.0)).hasMessageContaining("adaptive");
    // Switching to a fixed-step method keeps the rest; back to adaptive restores the controller.
    Solver fixed = s.toBuilder().method("rk4").stepSize(0.25).build();
    assertThat(fixed.controller()).isEqualTo(new ConstantStepSize(0.25));
  }

  @Test
  void aPidRuleOnTheSolverIsTheOneTheSolveUses() {
    OdeFunction f = (t, y) -> y.neg().mul(y);
    double[] t = {0, 10};
    OdeResult i = Odeint.solve(f, Tensor.vector(1.0), t, Solver.defaults());
    OdeResult pid = Odeint.solve(f, Tensor.vector(1.0), t,
        Solver.builder().rule(PidController.hairer(0.04, 5)).build());
    assertThat(pid.stats()).isNotEqualTo(i.stats());
  }

  @Test
  void theRegistryNamesEveryMethodAndDispatchesOnKind() {
    assertThat(Methods.names()).containsExactly("euler", "midpoint", "heun2", "heun3", "ralston", "rk4", "rk38",
        "fehlberg2", "adaptive_heun", "bosh3", "dopri5", "tsit5", "dopri8", "kvaerno5");
    assertThat(Methods.names(false)).containsExactly("euler", "midpoint", "heun2", "heun3", "ralston", "rk4",
        "rk38");
    assertThat(Methods.byName("kvaerno5")).isSameAs(Methods.KVAERNO5).isInstanceOf(Method.Esdirk.class);
    assertThat(Methods.byName("dopri8")).isInstanceOf(Method.ExplicitRk.class);
    assertThat(((Method.ExplicitRk) Methods.byName("dopri8")).denseOrder()).isEqualTo(7);
    assertThatThrownBy(() -> Methods.byName("rk45")).hasMessageContaining("dopri8, kvaerno5");
    assertThatThrownBy(() -> Methods.tableau("kvaerno5")).hasMessageContaining("implicit");
    assertThat(Methods.KVAERNO5.c()[6]).isEqualTo(Methods.KVAERNO5.c()[5]);
  }
}
