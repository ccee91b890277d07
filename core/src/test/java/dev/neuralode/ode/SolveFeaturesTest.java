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

/** Tolerances, norms, step limits, jump times, non-finite steps, callbacks, PID and dense solutions. */
class SolveFeaturesTest {
  private static final OdeFunction SPIRAL = LinearSpiral.tensorFunction();
  private static final double[] Z0 = {0.6, 0.3};

  private static Tensor batch() {
    return Tensor.matrix(new double[][] {{0.6, 0.3}, {-0.4, 0.8}});
  }

  @Test
  void perComponentTolerancesPerLastAxisOrPerEntry() {
    Solver scalar = Solver.builder().rtol(1e-6).atol(1e-9).build();
    OdeResult a = Odeint.solve(SPIRAL, batch(), new double[] {0, 5}, scalar);
    OdeResult b = Odeint.solve(SPIRAL, batch(), new double[] {0, 5},
        scalar.toBuilder().atol(new double[] {1e-9, 1e-9}).rtol(new double[] {1e-6, 1e-6}).build());
    OdeResult c = Odeint.solve(SPIRAL, batch(), new double[] {0, 5}, scalar.toBuilder().atol(new double[] {1e-9, 1e-9, 1e-9, 1e-9}).build());
    assertThat(b.stats()).isEqualTo(a.stats());
    assertThat(b.ys().toArray()).containsExactly(a.ys().toArray());
    assertThat(c.stats()).isEqualTo(a.stats());
    assertThat(c.ys().toArray()).containsExactly(a.ys().toArray());
    // loosening one component of every row lets the solver take fewer steps
    OdeResult loose = Odeint.solve(SPIRAL, batch(), new double[] {0, 5},
        scalar.toBuilder().rtol(new double[] {1e-6, 1e-2}).atol(new double[] {1e-9, 1e-2}).build());
    assertThat(loose.stats().nfe()).isLessThan(a.stats().nfe());
  }

  @Test
  void maxNormIsStricterAndASeminormIgnoresTheOtherEntries() {
    Solver o = Solver.builder().rtol(1e-6).atol(1e-9).build();
    SolverStats rms = Odeint.solve(SPIRAL, batch(), new double[] {0, 5}, o).stats();
    SolverStats max = Odeint.solve(SPIRAL, batch(), new double[] {0, 5}, o.toBuilder().norm(ErrorNorm.MAX).build()).stats();
    assertThat(max.nfe()).isGreaterThanOrEqualTo(rms.nfe());
    // [z, w] with w' = 50·cos(50 t) (fast, large): the seminorm over z alone takes z's own steps
    OdeFunction coupled = (t, y) -> {
      double[] v = y.toArray();
      double[] zdot = LinearSpiral.exact(new double[] {0, 0}, 0);
      zdot[0] = -0.1 * v[0] - v[1];
      zdot[1] = v[0] - 0.1 * v[1];
      return Tensor.of(new double[] {zdot[0], zdot[1], 50 * Math.cos(50 * t.item())}, 3);
    };
    OdeResult alone = Odeint.solve((t, y) -> {
      double[] v = y.toArray();
      return Tensor.of(new double[] {-0.1 * v[0] - v[1], v[0] - 0.1 * v[1]}, 2);
    }, Tensor.of(Z0.clone(), 2), new double[] {0, 5}, o);
    OdeResult semi = Odeint.solve(coupled, Tensor.of(new double[] {0.6, 0.3, 0.0}, 3), new double[] {0, 5},
        o.toBuilder().norm(ErrorNorm.rmsOver(0, 2)).build());
    OdeResult full = Odeint.solve(coupled, Tensor.of(new double[] {0.6, 0.3, 0.0}, 3), new double[] {0, 5}, o);
    assertThat(semi.stats().steps()).isEqualTo(alone.stats().steps());
    assertThat(semi.last().getFlat(0)).isEqualTo(alone.last().getFlat(0));
    assertThat(full.stats().steps()).isGreaterThan(2 * semi.stats().steps());
  }

  @Test
  void stepLimitsAreRespectedAndMinStepRejectionUnderflows() {
    List<Double> sizes = new ArrayList<>();
    OdeResult r = Odeint.solve(SPIRAL, batch(), new double[] {0, 5}, Solver.builder().stepLimits(0, 0.1).build(), List.of(), StepCallbacks.onAccepted(s -> sizes.add(s.t1() - s.t0())));
    assertThat(sizes).allSatisfy(h -> assertThat(h).isLessThanOrEqualTo(0.1 + 1e-15));
    assertThat(r.stats().acceptedSteps()).isGreaterThanOrEqualTo(50);
    OdeFunction blowUp = (t, y) -> y.square();
    assertThatThrownBy(() -> Odeint.solve(blowUp, Tensor.ones(1), new double[] {0, 2},
        Solver.builder().stepLimits(1e-3, Double.POSITIVE_INFINITY).build()))
        .isInstanceOf(StepSizeUnderflowException.class).hasMessageContaining("minStep=0.001")
        .satisfies(e -> assertThat(((OdeSolverException) e).time()).isBetween(0.95, 1.0));
  }

  @Test
  void jumpTimesAreSteppedToExactlyAndFIsEvaluatedOnTheirOneSide() {
    List<double[]> evals = new ArrayList<>();
    OdeFunction square = (t, y) -> {
      double tt = t.item();
      evals.add(new double[] {tt});
      return Tensor.full(tt < 1.0 ? 1.0 : -1.0, 1);
    };
    List<Double> ends = new ArrayList<>();
    Solver o = Solver.builder().rtol(1e-8).atol(1e-10).jumpTimes(1.0, 7.0, -3.0).build();
    OdeResult r = Odeint.solve(square, Tensor.zeros(1), new double[] {0, 2}, o,
        List.of(), StepCallbacks.onAccepted(s -> ends.add(s.t1())));
    assertThat(ends).contains(1.0);
    assertThat(r.last().getFlat(0)).isCloseTo(0.0, within(1e-12));
    assertThat(evals).allSatisfy(t -> assertThat(t[0]).isBetween(0.0, 2.0).isNotEqualTo(1.0));
    OdeResult without = Odeint.solve(square, Tensor.zeros(1), new double[] {0, 2}, o.toBuilder().jumpTimes().build());
    assertThat(r.stats().rejectedSteps()).isLessThan(without.stats().rejectedSteps());
  }

  @Test
  void aNonFiniteTrialStepIsRejectedAndShrunk() {
    // y' = −√y, y(0) = 1, y = (1 − t/2)²; a first step of 1.9 overshoots into y < 0 where f is NaN
    OdeFunction sqrt = (t, y) -> y.sqrt().neg();
    List<Double> rejectedRatios = new ArrayList<>();
    OdeResult r = Odeint.solve(sqrt, Tensor.ones(1), new double[] {0, 1.9},
        Solver.builder().firstStep(1.9).build(), List.of(),
        StepCallbacks.NONE.withRejected(s -> rejectedRatios.add(s.errorRatio())));
    assertThat(rejectedRatios).isNotEmpty();
    assertThat(rejectedRatios.get(0)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(r.last().getFlat(0)).isCloseTo(0.0025, within(1e-7));
  }

  @ParameterizedTest
  @ValueSource(strings = {"fehlberg2", "adaptive_heun", "bosh3", "dopri5", "tsit5", "dopri8", "rk4", "heun3"})
  void fIsNeverEvaluatedOutsideTheIntervalAndCallbacksCountTheSteps(String method) {
    for (double[] t : new double[][] {{0, 0.7, 2.5, 3}, {3, 1.1, 0}}) {
      double lo = Math.min(t[0], t[t.length - 1]);
      double hi = Math.max(t[0], t[t.length - 1]);
      List<Double> times = new ArrayList<>();
      OdeFunction rec = (tt, y) -> {
        times.add(tt.item());
        return SPIRAL.apply(tt, y);
      };
      int[] counts = new int[2];
      OdeResult r = Odeint.solve(rec, batch(), t, Solver.builder().method(method).stepSize(0.05).rtol(1e-5).build(), List.of(Event.of((tt, y) -> y.getFlat(0))),
          new StepCallbacks(s -> counts[0]++, s -> counts[1]++));
      assertThat(times).allSatisfy(x -> assertThat(x).isBetween(lo, hi));
      assertThat(times).hasSize(r.stats().nfe());
      assertThat(counts[0]).isEqualTo(r.stats().acceptedSteps());
      assertThat(counts[1]).isEqualTo(r.stats().rejectedSteps());
      for (int i = 0; i < t.length; i++) {
        double[] exact = LinearSpiral.exact(new double[] {0.6, 0.3}, t[i] - t[0]);
        assertThat(r.at(i).get(0, 0)).isCloseTo(exact[0], within(5e-3));
      }
    }
  }

  @Test
  void pidControllerReducesToTheIControllerAndSolvesAccurately() {
    PidController i = PidController.of(0, 1, 0);
    for (double ratio : new double[] {0.0, 1e-4, 0.5, 0.99, 1.0, 3.0, 1e9, Double.NaN}) {
      assertThat(i.decide(0.1, ratio, 5, new StepSizeRule.History(0.3, 0.2, false)))
          .isEqualTo(IController.TORCHDIFFEQ.decide(0.1, ratio, 5));
    }
    PidController pi = PidController.of(0.4, 0.3, 0.0);
    StepSizeRule.Decision d = pi.decide(0.1, 0.5, 5, new StepSizeRule.History(0.25, Double.NaN, false));
    double expected = 0.9 * Math.pow(0.5, -0.7 / 5) * Math.pow(0.25, 0.4 / 5);
    assertThat(d.nextStep()).isCloseTo(0.1 * Math.max(1.0, expected), within(1e-15));
    PidController hairer = PidController.hairer(0.04, 5);
    assertThat(hairer.decide(0.1, 0.99, 5, StepSizeRule.History.NONE).nextStep()).isLessThan(0.1);
    assertThat(hairer.decide(0.1, 1e-3, 5, new StepSizeRule.History(0.5, 0.5, true)).nextStep())
        .isEqualTo(0.1);
    double[] exact = LinearSpiral.exact(Z0, 10);
    for (StepSizeRule c : List.of(pi, hairer, PidController.of(0.3, 0.3, 0.1))) {
      OdeResult r = Odeint.solve(SPIRAL, Tensor.matrix(new double[][] {Z0}), new double[] {0, 10},
          Solver.builder().rtol(1e-8).atol(1e-10).rule(c).build());
      assertThat(r.last().get(0, 0)).isCloseTo(exact[0], within(1e-7));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dopri5", "tsit5", "dopri8", "bosh3", "rk4"})
  void aDenseSolutionAgreesWithOutputsAtRequestedTimes(String method) {
    double[] t = {0, 0.3, 1.7, 2.2, 4.0};
    Solver o = Solver.builder().method(method).stepSize(0.1).build();
    Solution s = Odeint.solveDense(SPIRAL, batch(), 0, 4.0, o);
    OdeResult r = Odeint.solve(SPIRAL, batch(), t, o);
    for (int i = 0; i < t.length; i++) {
      Tensor a = s.at(t[i]);
      for (int j = 0; j < 4; j++) {
        assertThat(a.getFlat(j)).isCloseTo(r.at(i).getFlat(j), within(method.equals("rk4") ? 1e-6 : 1e-15));
      }
    }
    assertThat(s.at(t).shape()).containsExactly(5, 2, 2);
    assertThat(s.stepTimes()[s.stepTimes().length - 1]).isEqualTo(4.0);
    Solution back = Odeint.solveDense(SPIRAL, batch(), 4.0, 0, o);
    double[] exact = LinearSpiral.exact(new double[] {0.6, 0.3}, 1.3 - 4.0);
    assertThat(back.at(1.3).get(0, 0)).isCloseTo(exact[0], within(1e-3));
  }

  /** Solution.at(t, out) gives the bits of at(t): every method's interpolant, both directions, both ends. */
  @ParameterizedTest
  @ValueSource(strings = {"dopri5", "tsit5", "dopri8", "bosh3", "rk4", "euler", "fehlberg2"})
  void theArrayFormOfAtGivesTheSameBits(String method) {
    Solver o = method.equals("rk4") || method.equals("euler") ? Solver.builder().method(method).stepSize(0.07).build()
        : Solver.builder().method(method).rtol(1e-7).atol(1e-9).build();
    for (double[] span : new double[][] {{0, 4.0}, {4.0, 0.5}}) {
      Solution s = Odeint.solveDense(SPIRAL, batch(), span[0], span[1], o);
      double[] out = new double[4];
      java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
      List<Double> times = new ArrayList<>(List.of(span[0], span[1]));
      for (double st : s.stepTimes()) {
        times.add(st);
      }
      for (int i = 0; i < 200; i++) {
        times.add(span[0] + (span[1] - span[0]) * rnd.nextDouble());
      }
      for (double t : times) {
        s.at(t, out);
        assertThat(out).as("%s at t=%s", method, t).containsExactly(s.at(t).toArray());
      }
    }
    Solution s = Odeint.solveDense(SPIRAL, batch(), 0, 1, o);
    assertThatThrownBy(() -> s.at(0.5, new double[3])).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("out must have length 4 (the state's size); got 3");
    assertThatThrownBy(() -> s.at(1.5, new double[4])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t=1.5 is outside the solved range [0.0, 1.0]");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void dopri5OnRobertsonStopsWithinItsStepBudget() {
    OdeFunction robertson = (t, y) -> {
      double[] v = y.toArray();
      double a = -0.04 * v[0] + 1e4 * v[1] * v[2];
      double c = 3e7 * v[1] * v[1];
      return Tensor.of(new double[] {a, -a - c, c}, 3);
    };
    assertThatThrownBy(() -> Odeint.solve(robertson, Tensor.of(new double[] {1, 0, 0}, 3),
        new double[] {0, 40000}, Solver.builder().rtol(1e-6).atol(1e-10).maxSteps(5000).build()))
        .isInstanceOf(MaxStepsExceededException.class).hasMessageContaining("maxSteps=5000")
        .hasMessageContaining("stiff");
  }
}
