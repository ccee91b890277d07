package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Semantics of {@link Odeint#solve}: directions, outputs, accounting and failures. */
class OdeintTest {
  private static final double[] Z0 = {0.6, 0.3};

  /** Records every time at which f is evaluated. */
  private static final class Recording implements OdeFunction {
    final OdeFunction f;
    final List<Double> times = new ArrayList<>();

    Recording(OdeFunction f) {
      this.f = f;
    }

    @Override
    public Tensor apply(Tensor t, Tensor y) {
      assertThat(t.shape()).isEmpty();
      times.add(t.item());
      return f.apply(t, y);
    }
  }

  private static double maxAbsDiff(Tensor a, double[] b) {
    double m = 0;
    for (int i = 0; i < b.length; i++) {
      m = Math.max(m, Math.abs(a.getFlat(i) - b[i]));
    }
    return m;
  }

  @ParameterizedTest
  @ValueSource(strings = {"dopri5", "rk4"})
  void backwardSolveReturnsToY0(String method) {
    Solver o = Solver.builder().method(method).rtol(1e-10).atol(1e-12).stepSize(0.01).build();
    Tensor z0 = Tensor.matrix(new double[][] {Z0});
    OdeResult forward = Odeint.solve(LinearSpiral.tensorFunction(), z0, new double[] {0, 2.5, 5}, o);
    double[] back = {5, 3.7, 1.2, 0};
    OdeResult backward = Odeint.solve(LinearSpiral.tensorFunction(), forward.last(), back, o);

    assertThat(maxAbsDiff(backward.last(), Z0)).isLessThan(1e-8);
    for (int i = 0; i < back.length; i++) {
      // z(t) = expm(A(t - 5)) z(5), compared with the exact flow from z0.
      assertThat(maxAbsDiff(backward.at(i), LinearSpiral.exact(Z0, back[i]))).isLessThan(1e-8);
    }
  }

  @Test
  void outputsHaveShapeTByY0ShapeAndStartAtY0() {
    Tensor z0 = Tensor.matrix(new double[][] {{0.6, 0.3}, {-1, 2}, {0, 0}});
    double[] t = {0, 0.5, 1, 4};
    OdeResult r = Odeint.solve(LinearSpiral.tensorFunction(), z0, t, Solver.defaults());
    assertThat(r.ys().shape()).containsExactly(4, 3, 2);
    assertThat(r.at(0).toArray()).containsExactly(z0.toArray());
    assertThat(r.t()).containsExactly(t);
    for (int i = 0; i < t.length; i++) {
      for (int b = 0; b < 3; b++) {
        double[] row = {z0.get(b, 0), z0.get(b, 1)};
        double[] exact = LinearSpiral.exact(row, t[i]);
        assertThat(r.ys().get(i, b, 0)).isCloseTo(exact[0], within(1e-6));
        assertThat(r.ys().get(i, b, 1)).isCloseTo(exact[1], within(1e-6));
      }
    }
  }

  @Test
  void singleTimeReturnsY0WithoutEvaluatingF() {
    Recording f = new Recording(LinearSpiral.tensorFunction());
    OdeResult r = Odeint.solve(f, Tensor.matrix(new double[][] {Z0}), new double[] {3.0}, Solver.defaults());
    assertThat(r.ys().shape()).containsExactly(1, 1, 2);
    assertThat(r.stats()).isEqualTo(SolverStats.zero());
    assertThat(f.times).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void dopri5CountsEveryEvaluationAndNeverPassesTheFinalTime(boolean forward) {
    Recording f = new Recording(ReferenceProblems.map(y -> new double[] {-0.5 * y[0]}));
    double[] t = forward ? new double[] {0, 0.7, 3.0} : new double[] {3.0, 1.1, 0};
    OdeResult r = Odeint.solve(f, Tensor.vector(1.0), t, Solver.builder().rtol(1e-6).build());
    SolverStats s = r.stats();

    assertThat(s.nfe()).isEqualTo(f.times.size());
    assertThat(s.nfe()).isEqualTo(2 + 6 * (s.acceptedSteps() + s.rejectedSteps()));
    double tEnd = t[2];
    assertThat(f.times).allSatisfy(ti -> assertThat(forward ? ti <= tEnd : ti >= tEnd).isTrue());
    assertThat(f.times).contains(tEnd);
    double exact = Math.exp(-0.5 * (tEnd - t[0]));
    assertThat(r.last().item()).isCloseTo(exact, within(1e-5 * exact));

    OdeResult given = Odeint.solve(f, Tensor.vector(1.0), t, Solver.builder().firstStep(0.1).build());
    assertThat(given.stats().nfe()).isEqualTo(1 + 6 * given.stats().steps());
  }

  @Test
  void dopri5NfeOnASmallProblemIsExact() {
    // y' = -0.5 y on [0, 5] at scipy's tolerances: the same steps as scipy RK45 (13 accepted, 80 f-evals).
    OdeResult r = Odeint.solve(ReferenceProblems.map(y -> new double[] {-0.5 * y[0]}), Tensor.vector(1.0),
        new double[] {0, 5}, Solver.builder().rtol(1e-6).atol(1e-9).build());
    assertThat(r.stats()).isEqualTo(new SolverStats(80, 13, 0));
  }

  @Test
  void fixedStepGridLandsOnEveryTime() {
    Recording f = new Recording(LinearSpiral.tensorFunction());
    double[] t = {0, 0.3, 1.0};
    OdeResult r = Odeint.solve(f, Tensor.matrix(new double[][] {Z0}), t,
        Solver.builder().method("euler").stepSize(0.1).build());
    // 0.3/0.1 = 2.9999999999999996 and 0.7/0.1 = 6.999999999999999: 3 + 7 steps, never 4 + 8.
    assertThat(r.stats()).isEqualTo(new SolverStats(10, 10, 0));
    assertThat(f.times).contains(0.0, 0.3).doesNotContain(1.0);
    assertThat(f.times.get(3)).isEqualTo(0.3);

    OdeResult oneStep = Odeint.solve(f, Tensor.matrix(new double[][] {Z0}), t,
        Solver.of("rk4"));
    assertThat(oneStep.stats()).isEqualTo(new SolverStats(8, 2, 0));
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void blowUpUnderflowsNearTheSingularityWithoutHanging() {
    OdeFunction square = (t, y) -> y.mul(y);
    assertThatThrownBy(() -> Odeint.solve(square, Tensor.vector(1.0), new double[] {0, 2}, Solver.defaults()))
        .isInstanceOf(StepSizeUnderflowException.class)
        .hasMessageContaining("underflowed")
        .satisfies(e -> {
          System.out.println("y' = y^2 from y(0)=1: " + e.getMessage());
          assertThat(((OdeSolverException) e).time()).isCloseTo(1.0, within(1e-6));
        });
  }

  @Test
  void fixedStepBlowUpRaisesNonFiniteState() {
    OdeFunction square = (t, y) -> y.mul(y);
    // Euler's y_n+1 = y_n + 0.1 y_n² passes 1e300 after about 23 steps and overflows soon after.
    assertThatThrownBy(() -> Odeint.solve(square, Tensor.vector(1.0), new double[] {0, 3},
        Solver.builder().method("euler").stepSize(0.1).build()))
        .isInstanceOf(NonFiniteStateException.class)
        .hasMessageContaining("non-finite state")
        .satisfies(e -> assertThat(((OdeSolverException) e).time()).isBetween(1.0, 3.0));
  }

  @Test
  void nonFiniteInitialDerivativeIsReported() {
    OdeFunction bad = (t, y) -> y.log();
    assertThatThrownBy(() -> Odeint.solve(bad, Tensor.vector(0.0), new double[] {0, 1}, Solver.defaults()))
        .isInstanceOf(NonFiniteStateException.class)
        .hasMessageContaining("f(t0, y0) is not finite");
  }

  @Test
  void maxStepsExceededCarriesTheTimeReached() {
    JsonLessVanDerPol vdp = new JsonLessVanDerPol();
    assertThatThrownBy(() -> Odeint.solve(vdp, Tensor.vector(2.0, 0.0), new double[] {0, 20},
        Solver.builder().maxSteps(25).build()))
        .isInstanceOf(MaxStepsExceededException.class)
        .hasMessageContaining("maxSteps=25")
        .satisfies(e -> {
          MaxStepsExceededException m = (MaxStepsExceededException) e;
          assertThat(m.maxSteps()).isEqualTo(25);
          assertThat(m.time()).isGreaterThan(0.0).isLessThan(20.0);
        });
    assertThatThrownBy(() -> Odeint.solve(vdp, Tensor.vector(2.0, 0.0), new double[] {0, 1000},
        Solver.builder().method("rk4").stepSize(1e-3).maxSteps(100).build()))
        .isInstanceOf(MaxStepsExceededException.class)
        .hasMessageContaining("more than 100 steps")
        .satisfies(e -> assertThat(((OdeSolverException) e).time()).isEqualTo(0.0));
  }

  private static final class JsonLessVanDerPol implements OdeFunction {
    @Override
    public Tensor apply(Tensor t, Tensor y) {
      double a = y.getFlat(0);
      double b = y.getFlat(1);
      return Tensor.vector(b, (1 - a * a) * b - a);
    }
  }

  @Test
  void badTimesAreRejectedWithTheirPosition() {
    OdeFunction f = LinearSpiral.tensorFunction();
    Tensor z0 = Tensor.matrix(new double[][] {Z0});
    Solver o = Solver.defaults();
    assertThatThrownBy(() -> Odeint.solve(f, z0, new double[] {0, 1, 2, 2.0}, o))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t must be strictly increasing or decreasing; t[3]=2.0 after t[2]=2.0");
    assertThatThrownBy(() -> Odeint.solve(f, z0, new double[] {3, 2, 2.5}, o))
        .hasMessageContaining("t[2]=2.5 after t[1]=2.0");
    assertThatThrownBy(() -> Odeint.solve(f, z0, new double[] {0, Double.NaN}, o))
        .hasMessageContaining("t must be finite; t[1]=NaN");
    assertThatThrownBy(() -> Odeint.solve(f, z0, new double[0], o))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one time");
  }

  @Test
  void badStateAndFunctionAreRejected() {
    Solver o = Solver.defaults();
    assertThatThrownBy(() -> Odeint.solve(LinearSpiral.tensorFunction(),
        Tensor.matrix(new double[][] {{1, 2}, {3, Double.NaN}}), new double[] {0, 1}, o))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("y0 must be finite; y0[3]=NaN");
    Tensor z0 = Tensor.matrix(new double[][] {{1, 2}, {3, 4}});
    OdeFunction wide = (t, y) -> Tensor.zeros(2, 3);
    assertThatThrownBy(() -> Odeint.solve(wide, z0, new double[] {0, 1}, o))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("f returned shape [2, 3] but y has shape [2, 2]");
    assertThatThrownBy(() -> Odeint.solve(null, z0, new double[] {0, 1}, o))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("f must not be null");
    assertThatThrownBy(() -> Odeint.solve(wide, z0, new double[] {0, 1}, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Solver.defaults()");
    assertThatThrownBy(() -> Odeint.solve(LinearSpiral.tensorFunction(), z0, new double[] {0, 1},
        o.toBuilder().rtol(0).atol(0).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rtol=0.0 must be finite and > 0");
  }
}
