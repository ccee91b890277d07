package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.testing.SharedData;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Kvaerno5: the Robertson reference, measured order, and the solver's contract. */
class KvaernoTest {

  /** Robertson's kinetics (Hairer &amp; Wanner II, IV.1) in tensor operations, so autodiff gives J. */
  static OdeFunction robertson(double k1, double k2, double k3) {
    return (t, y) -> {
      Tensor a = y.slice(0, 0, 1);
      Tensor b = y.slice(0, 1, 2);
      Tensor c = y.slice(0, 2, 3);
      Tensor bc = b.mul(c).mul(k3);
      Tensor bb = b.square().mul(k2);
      return Tensor.concat(0, a.mul(-k1).add(bc), a.mul(k1).sub(bc).sub(bb), bb);
    };
  }

  @Test
  void robertsonMatchesReferenceInFewerThan2000Steps() {
    JsonNode p = ReferenceProblems.problem(SharedData.json("reference/ode_reference.json"), "robertson");
    JsonNode k = p.get("params");
    double[] tEval = SharedData.doubles(p.get("t_eval"));
    double[][] ref = SharedData.matrix(p.get("y_ref"));
    double[] t = new double[tEval.length + 1];
    t[0] = p.get("t0").asDouble();
    System.arraycopy(tEval, 0, t, 1, tEval.length);
    Solver opts = Solver.builder().method("kvaerno5").rtol(1e-8).atol(1e-14).build();
    ImplicitResult r = Kvaerno5.solve(robertson(k.get("k1").asDouble(), k.get("k2").asDouble(),
        k.get("k3").asDouble()), Tensor.vector(SharedData.doubles(p.get("y0"))), t, opts);
    double maxRel = 0.0;
    for (int i = 0; i < tEval.length; i++) {
      for (int j = 0; j < 3; j++) {
        if (Math.abs(ref[i][j]) > 1e-12) {
          maxRel = Math.max(maxRel, Math.abs(r.result().ys().get(i + 1, j) - ref[i][j]) / Math.abs(ref[i][j]));
        }
      }
    }
    SolverStats s = r.result().stats();
    System.out.printf("robertson kvaerno5 rtol=1e-8 atol=1e-14: max rel err %.3e, steps %d (%d accepted,"
        + " %d rejected), nfe %d, %s%n", maxRel, s.steps(), s.acceptedSteps(), s.rejectedSteps(), s.nfe(),
        r.implicitStats());
    assertThat(maxRel).isLessThan(1e-6);
    assertThat(s.steps()).isLessThan(2000);
    // The same solve through Odeint.
    OdeResult viaOdeint = Odeint.solve(robertson(0.04, 3e7, 1e4), Tensor.vector(1, 0, 0), t, opts);
    assertThat(viaOdeint.stats()).isEqualTo(s);
  }

  @Test
  void perComponentToleranceSolvesRobertson() {
    double[] t = {0.0, 0.4, 4.0, 40.0, 400.0, 4000.0, 40000.0};
    Solver opts = Solver.builder().method("kvaerno5").rtol(1e-8).atol(new double[] {1e-12, 1e-16, 1e-12}).build();
    OdeResult r = Odeint.solve(robertson(0.04, 3e7, 1e4), Tensor.vector(1, 0, 0), t, opts);
    // The reference's y(4e4) (ode_reference.json, Radau at rtol 1e-13).
    double[] ref = {0.03898337708548338, 1.6217683159097018e-07, 0.9610164607376871};
    for (int j = 0; j < 3; j++) {
      assertThat(r.ys().get(6, j)).isCloseTo(ref[j], within(1e-6 * ref[j]));
    }
    System.out.printf("robertson kvaerno5 rtol=1e-8 atol=[1e-12,1e-16,1e-12]: %s%n", r.stats());
  }

  @Test
  void jumpTimesAndMaxStepAreHonoured() {
    // y' = 0 before t = 1 and 1 after it: y(3) = 2 exactly, and no stage may sample f across the jump.
    OdeFunction f = (t, y) -> y.mul(0.0).add(t.item() < 1.0 ? 0.0 : 1.0);
    OdeResult r = Odeint.solve(f, Tensor.vector(0.0), new double[] {0.0, 3.0},
        Solver.builder().method("kvaerno5").jumpTimes(1.0).build());
    assertThat(r.ys().get(1, 0)).isCloseTo(2.0, within(1e-12));
    assertThat(r.stats().rejectedSteps()).isZero();
    // A jump time that is also an output time.
    OdeResult both = Odeint.solve(f, Tensor.vector(0.0), new double[] {0.0, 1.0, 3.0},
        Solver.builder().method("kvaerno5").jumpTimes(1.0).build());
    assertThat(both.ys().get(1, 0)).isCloseTo(0.0, within(1e-12));
    assertThat(both.ys().get(2, 0)).isCloseTo(2.0, within(1e-12));
    OdeResult limited = Odeint.solve((t, y) -> y.neg(), Tensor.vector(1.0), new double[] {0.0, 10.0},
        Solver.builder().method("kvaerno5").stepLimits(0.0, 0.5).build());
    assertThat(limited.stats().acceptedSteps()).isGreaterThanOrEqualTo(20);
  }

  @Test
  void newtonFailuresFromAHugeFirstStepAreRecovered() {
    double[] t = {0.0, 0.4, 40.0};
    ImplicitResult r = Kvaerno5.solve(robertson(0.04, 3e7, 1e4), Tensor.vector(1, 0, 0), t,
        Solver.builder().method("kvaerno5").rtol(1e-8).atol(1e-14).firstStep(30.0).build());
    assertThat(r.result().stats().rejectedSteps()).isPositive();
    // Hairer & Wanner's y(40) (Solving ODEs II, IV.1): 0.7158270687, 9.185534764e-6, 0.2841637457.
    assertThat(r.result().ys().get(2, 0)).isCloseTo(0.7158270687, within(1e-7));
    assertThat(r.result().ys().get(2, 1)).isCloseTo(9.185534764e-6, within(1e-11));
    assertThat(r.result().ys().get(2, 2)).isCloseTo(0.2841637457, within(1e-7));
  }

  /** Fixed-step global error at t = 2 of a problem with a known solution, for step 2/m. */
  private static double fixedError(OdeFunction f, double y0, DoubleUnaryOperator exact, int m) {
    double[] t = {0.0, 2.0};
    ImplicitResult r = ImplicitSolver.fixed(f, Tensor.vector(y0), t, 2.0 / m);
    assertThat(r.result().stats().acceptedSteps()).isEqualTo(m);
    return Math.abs(r.result().ys().get(1, 0) - exact.applyAsDouble(2.0));
  }

  private static double measuredOrder(OdeFunction f, double y0, DoubleUnaryOperator exact) {
    int[] ms = {4, 8, 16, 32};
    double[] err = new double[ms.length];
    for (int i = 0; i < ms.length; i++) {
      err[i] = fixedError(f, y0, exact, ms[i]);
    }
    double order = Math.log(err[2] / err[3]) / Math.log(2.0);
    System.out.printf("kvaerno5 fixed-step errors %s, measured order %.3f%n", java.util.Arrays.toString(err),
        order);
    return order;
  }

  @Test
  void measuredOrderIsFiveOnANonlinearProblem() {
    // y' = −y², y(0) = 1: y(t) = 1/(1 + t).
    OdeFunction f = (t, y) -> y.square().neg();
    assertThat(measuredOrder(f, 1.0, t -> 1.0 / (1.0 + t))).isCloseTo(5.0, within(0.3));
  }

  @Test
  void measuredOrderIsFiveOnATimeDependentProblem() {
    // y' = −y + sin t + cos t... here y' = −(y − sin t) + cos t, y(0) = 1: y(t) = sin t + e^(−t).
    OdeFunction f = (t, y) -> y.sub(t.sin()).neg().add(t.cos());
    assertThat(measuredOrder(f, 1.0, t -> Math.sin(t) + Math.exp(-t))).isCloseTo(5.0, within(0.3));
  }

  @Test
  void adaptiveErrorFollowsTheTolerance() {
    OdeFunction f = (t, y) -> y.square().neg();
    double[] t = {0.0, 1.0, 5.0};
    double previous = Double.POSITIVE_INFINITY;
    for (double tol : new double[] {1e-4, 1e-7, 1e-10}) {
      OdeResult r = Odeint.solve(f, Tensor.vector(1.0), t,
          Solver.builder().method("KVAERNO5").rtol(tol).atol(tol).build());
      double err = Math.max(Math.abs(r.ys().get(1, 0) - 0.5), Math.abs(r.ys().get(2, 0) - 1.0 / 6.0));
      assertThat(err).isLessThan(100 * tol).isLessThan(previous);
      previous = err;
    }
  }

  @Test
  void backwardSolveAndBatchedStatesWork() {
    // y' = −y on a [2, 2] state, solved from t = 1 back to t = 0: y(0) = e·y(1).
    Tensor y1 = Tensor.of(new double[] {1.0, -2.0, 0.5, 3.0}, 2, 2);
    OdeResult r = Odeint.solve((t, y) -> y.neg(), y1, new double[] {1.0, 0.5, 0.0},
        Solver.builder().method("kvaerno5").rtol(1e-10).atol(1e-12).build());
    assertThat(r.ys().shape()).containsExactly(3, 2, 2);
    for (int i = 0; i < 4; i++) {
      assertThat(r.ys().index(2).getFlat(i)).isCloseTo(Math.E * y1.getFlat(i), within(1e-8));
    }
  }

  @Test
  void maxStepsIsHonoured() {
    assertThatThrownBy(() -> Odeint.solve(robertson(0.04, 3e7, 1e4), Tensor.vector(1, 0, 0),
        new double[] {0.0, 4e4}, Solver.builder().method("kvaerno5").maxSteps(10).build()))
        .isInstanceOf(MaxStepsExceededException.class).hasMessageContaining("maxSteps=10");
  }

  @Test
  void blowUpRaisesUnderflowInsteadOfHanging() {
    // y' = y², y(0) = 1 blows up at t = 1.
    assertThatThrownBy(() -> Odeint.solve((t, y) -> y.square(), Tensor.vector(1.0), new double[] {0.0, 2.0},
        Solver.of("kvaerno5")))
        .isInstanceOf(OdeSolverException.class)
        .satisfies(e -> assertThat(((OdeSolverException) e).time()).isCloseTo(1.0, within(1e-2)));
  }

  @Test
  void singleTimeReturnsY0AndUnknownNamesListKvaerno5() {
    OdeResult r = Odeint.solve((t, y) -> y, Tensor.vector(2.0), new double[] {0.0},
        Solver.of("kvaerno5"));
    assertThat(r.ys().get(0, 0)).isEqualTo(2.0);
    assertThatThrownBy(() -> Solver.of("radau"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kvaerno5");
  }

  @Test
  void tableauIsConsistent() {
    // Row sums give c; rows 6 and 7 end at c = 1; the method is stiffly accurate (b = last row).
    assertThat(Methods.KVAERNO5.c()[5]).isCloseTo(1.0, within(1e-15));
    assertThat(Methods.KVAERNO5.c()[6]).isCloseTo(1.0, within(1e-15));
    // Order conditions of the order-5 solution (b = row 7 with γ): Σb = 1, Σbc = 1/2, Σbc² = 1/3,
    // Σbc³ = 1/4, Σbc⁴ = 1/5.
    double[] b = new double[7];
    System.arraycopy(Kvaerno5.A[6], 0, b, 0, 6);
    b[6] = Kvaerno5.GAMMA;
    for (int q = 0; q <= 4; q++) {
      double s = 0.0;
      for (int i = 0; i < 7; i++) {
        s += b[i] * Math.pow(Methods.KVAERNO5.c()[i], q);
      }
      assertThat(s).as("sum b c^%d", q).isCloseTo(1.0 / (q + 1), within(1e-13));
    }
  }
}
