package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.testing.SharedData;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-checks: Hipparchus' Dormand–Prince 5(4), the Arenstorf orbit (dopri8, one period), time
 * reversal of a harmonic oscillator, and batches (each row as if solved alone; permuted rows).
 */
class CrossCheckTest {
  private static final double RTOL = 1e-8;
  private static final double ATOL = 1e-10;

  @Test
  void dopri5AgreesWithHipparchusDormandPrince54OnVanDerPol() {
    OrdinaryDifferentialEquation vdp = new OrdinaryDifferentialEquation() {
      @Override
      public int getDimension() {
        return 2;
      }

      @Override
      public double[] computeDerivatives(double t, double[] y) {
        return new double[] {y[1], (1 - y[0] * y[0]) * y[1] - y[0]};
      }
    };
    OdeFunction f = ReferenceProblems.map(y -> new double[] {y[1], (1 - y[0] * y[0]) * y[1] - y[0]});
    JsonNode ref = ReferenceProblems.problem(SharedData.json("reference/ode_reference.json"), "van_der_pol_mu1");
    double[][] yRef = SharedData.matrix(ref.get("y_ref"));
    double[] times = SharedData.doubles(ref.get("t_eval"));
    OdeResult ours = Odeint.solve(f, Tensor.of(new double[] {2, 0}, 2), times,
        Solver.builder().rtol(RTOL).atol(ATOL).build());
    double worstVsHipparchus = 0;
    double worstOurs = 0;
    double worstHipparchus = 0;
    int hipparchusEvaluations = 0;
    for (int i = 1; i < times.length; i++) {
      DormandPrince54Integrator dp = new DormandPrince54Integrator(1e-12, 100.0, ATOL, RTOL);
      ODEStateAndDerivative end = dp.integrate(vdp, new ODEState(0.0, new double[] {2, 0}), times[i]);
      hipparchusEvaluations = dp.getEvaluations();
      double[] h = end.getPrimaryState();
      for (int j = 0; j < 2; j++) {
        double o = ours.at(i).getFlat(j);
        worstVsHipparchus = Math.max(worstVsHipparchus, Math.abs(o - h[j]));
        worstOurs = Math.max(worstOurs, Math.abs(o - yRef[i][j]));
        worstHipparchus = Math.max(worstHipparchus, Math.abs(h[j] - yRef[i][j]));
      }
    }
    System.out.printf("hipparchus VdP rtol=%g atol=%g: max|ours-hipparchus|=%.3e, max|ours-ref|=%.3e,"
        + " max|hipparchus-ref|=%.3e; nfe ours %d (to t=20), hipparchus %d%n", RTOL, ATOL, worstVsHipparchus,
        worstOurs, worstHipparchus, ours.stats().nfe(), hipparchusEvaluations);
    // both solvers hold the tolerance scale globally: within 100·(atol + rtol·|y|) of each other and of the
    // reference (|y| ≤ 2.7 on the limit cycle); Van der Pol amplifies local errors by O(10) over [0, 20]
    assertThat(worstVsHipparchus).isLessThan(100 * (ATOL + RTOL * 2.7));
    assertThat(worstOurs).isLessThan(100 * (ATOL + RTOL * 2.7));
  }

  @Test
  void arenstorfOrbitClosesWithDopri8() {
    JsonNode p = ReferenceProblems.problem(SharedData.json("reference/ode_reference.json"), "arenstorf_orbit");
    double mu = p.get("params").get("mu").asDouble();
    double mup = 1 - mu;
    OdeFunction f = ReferenceProblems.map(y -> {
      double d1 = Math.pow((y[0] + mu) * (y[0] + mu) + y[1] * y[1], 1.5);
      double d2 = Math.pow((y[0] - mup) * (y[0] - mup) + y[1] * y[1], 1.5);
      return new double[] {y[2], y[3], y[0] + 2 * y[3] - mup * (y[0] + mu) / d1 - mu * (y[0] - mup) / d2,
          y[1] - 2 * y[2] - mup * y[1] / d1 - mu * y[1] / d2};
    });
    double[] y0 = SharedData.doubles(p.get("y0"));
    double period = p.get("t1").asDouble();
    OdeResult r = Odeint.solve(f, Tensor.of(y0.clone(), 4), new double[] {0, period},
        Solver.builder().method("dopri8").rtol(1e-12).atol(1e-12).build());
    double gap = 0;
    for (int j = 0; j < 4; j++) {
      gap = Math.max(gap, Math.abs(r.last().getFlat(j) - y0[j]));
    }
    System.out.printf("arenstorf dopri8 rtol=atol=1e-12: max|y(T)-y0|=%.3e, %s%n", gap, r.stats());
    assertThat(gap).isLessThan(1e-8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dopri5", "tsit5", "dopri8"})
  void harmonicOscillatorForwardThenBackwardReturnsToItsStart(String method) {
    OdeFunction osc = ReferenceProblems.map(y -> new double[] {y[1], -y[0]});
    double[] y0 = {1.0, 0.5};
    Solver o = Solver.builder().method(method).rtol(RTOL).atol(ATOL).build();
    OdeResult fwd = Odeint.solve(osc, Tensor.of(y0.clone(), 2), new double[] {0, 10}, o);
    OdeResult back = Odeint.solve(osc, fwd.last(), new double[] {10, 0}, o);
    double tol = ATOL + RTOL * Math.hypot(y0[0], y0[1]);
    for (int j = 0; j < 2; j++) {
      assertThat(back.last().getFlat(j)).as("%s component %d", method, j).isCloseTo(y0[j], within(10 * tol));
    }
    assertThat(fwd.last().getFlat(0)).isCloseTo(Math.cos(10) + 0.5 * Math.sin(10), within(10 * tol));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dopri5", "dopri8", "rk4"})
  void batchRowsMatchSolvingAloneAndPermutingRowsPermutesResults(String method) {
    double[][] rows = {{0.6, 0.3}, {-1.0, 0.2}, {0.05, -2.0}};
    int[] perm = {2, 0, 1};
    Solver o = Solver.builder().method(method).rtol(RTOL).atol(ATOL).stepSize(0.05).build();
    double[] t = {0, 1.5, 4};
    OdeFunction f = LinearSpiral.tensorFunction();
    OdeResult all = Odeint.solve(f, Tensor.matrix(rows), t, o);
    double[][] permuted = new double[3][];
    for (int i = 0; i < 3; i++) {
      permuted[i] = rows[perm[i]];
    }
    OdeResult p = Odeint.solve(f, Tensor.matrix(permuted), t, o);
    for (int i = 0; i < 3; i++) {
      OdeResult alone = Odeint.solve(f, Tensor.matrix(new double[][] {rows[i]}), t, o);
      for (int k = 0; k < t.length; k++) {
        double[] exact = LinearSpiral.exact(rows[i], t[k]);
        for (int j = 0; j < 2; j++) {
          double v = all.ys().get(k, i, j);
          assertThat(v).isCloseTo(alone.ys().get(k, 0, j), within(1e-6));
          assertThat(v).isCloseTo(exact[j], within(1e-6));
          // the RMS norm is permutation-invariant, so the steps are the same: equal up to the rounding of
          // the norm's sum order
          assertThat(p.ys().get(k, inverse(perm, i), j)).isCloseTo(v, within(1e-14));
        }
      }
    }
  }

  private static int inverse(int[] perm, int i) {
    for (int k = 0; k < perm.length; k++) {
      if (perm[k] == i) {
        return k;
      }
    }
    throw new IllegalArgumentException();
  }
}
