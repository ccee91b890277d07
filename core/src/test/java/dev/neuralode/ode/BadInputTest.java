package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuralode.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalogue of bad (or degenerate) inputs of issue 3, each with its message. */
class BadInputTest {
  private static final OdeFunction F = LinearSpiral.tensorFunction();
  private static final Tensor Z0 = Tensor.matrix(new double[][] {{0.6, 0.3}, {0.1, -0.2}});
  private static final Solver O = Solver.defaults();

  @Test
  void tOfLengthOneReturnsY0WithoutEvaluatingF() {
    int[] calls = {0};
    OdeResult r = Odeint.solve((t, y) -> {
      calls[0]++;
      return y;
    }, Z0, new double[] {3.0}, O);
    assertThat(r.ys().shape()).containsExactly(1, 2, 2);
    assertThat(r.at(0).toArray()).containsExactly(Z0.toArray());
    assertThat(calls[0]).isZero();
    assertThat(r.stats()).isEqualTo(SolverStats.zero());
  }

  @Test
  void t0EqualToT1ReturnsY0WithNoNaN() {
    for (String method : List.of("dopri5", "rk4", "dopri8")) {
      OdeResult r = Odeint.solve(F, Z0, new double[] {1.5, 1.5}, O.toBuilder().method(method).build());
      assertThat(r.ys().shape()).containsExactly(2, 2, 2);
      assertThat(r.ys().isFinite()).isTrue();
      assertThat(r.last().toArray()).containsExactly(Z0.toArray());
      Solution s = Odeint.solveDense(F, Z0, 1.5, 1.5, O.toBuilder().method(method).build());
      assertThat(s.at(1.5).toArray()).containsExactly(Z0.toArray());
      assertThat(s.stats().nfe()).isZero();
    }
  }

  @Test
  void duplicateOrUnsortedTimesAreRejected() {
    assertThatThrownBy(() -> Odeint.solve(F, Z0, new double[] {0, 1, 1, 2}, O))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strictly increasing or decreasing; t[2]=1.0 after t[1]=1.0")
        .hasMessageContaining("Remove repeated times and sort t");
    assertThatThrownBy(() -> Odeint.solve(F, Z0, new double[] {0, 2, 1}, O))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t[2]=1.0 after t[1]=2.0");
    assertThatThrownBy(() -> Odeint.solve(F, Z0, new double[] {0, Double.NaN}, O))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t[1]=NaN");
  }

  @Test
  void nanInY0IsRejected() {
    Tensor bad = Tensor.matrix(new double[][] {{1, Double.NaN}});
    assertThatThrownBy(() -> Odeint.solve(F, bad, new double[] {0, 1}, O))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("y0 must be finite; y0[1]=NaN");
    assertThatThrownBy(() -> Odeint.solveDense(F, bad, 0, 1, O))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("y0[1]=NaN");
  }

  @Test
  void fReturningTheWrongShapeIsRejected() {
    OdeFunction wide = (t, y) -> Tensor.zeros(2, 3);
    for (String method : List.of("dopri5", "euler", "dopri8")) {
      assertThatThrownBy(() -> Odeint.solve(wide, Z0, new double[] {0, 1}, O.toBuilder().method(method).build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("f returned shape [2, 3] but y has shape [2, 2]");
    }
  }

  @Test
  void rtolMustBePositiveAndAtolNonNegative() {
    assertThatThrownBy(() -> O.toBuilder().rtol(0).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rtol=0.0 must be finite and > 0");
    assertThatThrownBy(() -> O.toBuilder().rtol(-1e-6).build()).hasMessageContaining("rtol=-1.0E-6 must be finite and > 0");
    assertThatThrownBy(() -> O.toBuilder().rtol(new double[] {1e-6, 0}).build()).hasMessageContaining("rtol[1]=0.0");
    assertThatThrownBy(() -> O.toBuilder().atol(-1).build()).hasMessageContaining("atol=-1.0 must be finite and >= 0");
    assertThatThrownBy(() -> O.toBuilder().atol(new double[] {1e-9, Double.NaN}).build()).hasMessageContaining("atol[1]=NaN");
    assertThat(O.toBuilder().atol(0).build().tolerances().atol()).isZero();
  }

  @Test
  void aToleranceArrayOfTheWrongLengthIsRejected() {
    assertThatThrownBy(() -> Odeint.solve(F, Z0, new double[] {0, 1}, O.toBuilder().atol(new double[] {1e-9, 1e-9, 1e-9}).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("atol has 3 values but the state has shape [2, 2]")
        .hasMessageContaining("one per entry of the last axis (2) or one per state entry (4)");
    assertThatThrownBy(() -> Odeint.solveDense(F, Z0, 0, 1, O.toBuilder().rtol(new double[] {1e-6}).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rtol has 1 values");
  }

  @Test
  void anUnknownMethodNameListsTheValidOnes() {
    assertThatThrownBy(() -> O.toBuilder().method("rk46").build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("method \"rk46\" is unknown; use one of " + String.join(", ", Methods.names()));
  }

  @Test
  void scipysNamesOfTheSharedPairsNameOursInTheMessage() {
    // walkthrough 20: 'solve --method RK45' was refused without a word on the equivalent
    assertThatThrownBy(() -> Methods.byName("RK45")).hasMessageEndingWith("(scipy's RK45 is dopri5 here)");
    // scipy's own spelling, whatever the case typed (walkthrough 22)
    assertThatThrownBy(() -> Methods.byName(" rk23 ")).hasMessageEndingWith("(scipy's RK23 is bosh3 here)");
    assertThatThrownBy(() -> O.toBuilder().method("DOP853").build()).hasMessageContaining("is dopri8 here");
    // scipy's implicit methods are not these solvers: the implicit one here is named
    assertThatThrownBy(() -> Methods.byName("Radau")).hasMessage("method \"Radau\" is unknown; use one of "
        + String.join(", ", Methods.names()) + " (for a stiff problem, as scipy's Radau is meant for, use kvaerno5)");
    assertThatThrownBy(() -> Methods.byName("rk5")).hasMessage("method \"rk5\" is unknown; use one of "
        + String.join(", ", Methods.names()));
  }

  @Test
  void otherBadArgumentsNameTheArgument() {
    assertThatThrownBy(() -> Odeint.solve(F, Z0, new double[] {0, 1}, O,
        Arrays.asList((Event) null), StepCallbacks.NONE)).hasMessageContaining("events[0] is null");
    assertThatThrownBy(() -> Odeint.solve(F, Z0, new double[] {0, 1}, O, null,
        StepCallbacks.NONE)).hasMessageContaining("events and callbacks must not be null");
    assertThatThrownBy(() -> O.toBuilder().stepLimits(0.5, 0.1).build()).hasMessageContaining("maxStep=0.1 must be > 0 and >= minStep=0.5");
    assertThatThrownBy(() -> O.toBuilder().jumpTimes(1.0, Double.POSITIVE_INFINITY).build()).hasMessageContaining("jumpTimes[1]=Infinity");
    assertThatThrownBy(() -> Event.of(null)).hasMessageContaining("an event needs a function g");
    assertThatThrownBy(() -> Event.of((t, y) -> 0).withTolerance(0)).hasMessageContaining("event tolerance=0.0");
    Solution s = Odeint.solveDense(F, Z0, 0, 1, O);
    assertThatThrownBy(() -> s.at(1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t=1.5 is outside the solved range [0.0, 1.0]");
    assertThatThrownBy(() -> new PidController(0, 0, 0, 0.9, 0.2, 10)).hasMessageContaining("icoeff=0.0");
  }
}
