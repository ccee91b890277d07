package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** dopri5 against the reference solutions of {@code shared/reference/ode_reference.json}. */
class ReferenceSolutionsTest {
  private static final String FILE = "reference/ode_reference.json";

  @ParameterizedTest
  @ValueSource(strings = {"exponential_decay", "linear_spiral", "gated_nonlinear_spiral", "van_der_pol_mu1",
      "lotka_volterra"})
  void dopri5MatchesReferenceAtEveryOutputTime(String name) {
    JsonNode p = ReferenceProblems.problem(SharedData.json(FILE), name);
    double[] t = SharedData.doubles(p.get("t_eval"));
    double[][] ref = SharedData.matrix(p.get("y_ref"));
    double[] y0 = SharedData.doubles(p.get("y0"));
    assertThat(t[0]).isEqualTo(p.get("t0").asDouble());

    Solver tight = Solver.builder().rtol(1e-10).atol(1e-10).build();
    OdeResult r = Odeint.solve(ReferenceProblems.function(p), Tensor.vector(y0), t, tight);

    assertThat(r.ys().shape()).containsExactly(t.length, y0.length);
    double maxErr = 0;
    for (int i = 0; i < t.length; i++) {
      for (int j = 0; j < y0.length; j++) {
        maxErr = Math.max(maxErr, Math.abs(r.ys().get(i, j) - ref[i][j]));
      }
    }
    System.out.printf("reference %-24s dopri5 rtol=atol=1e-10: max |y - y_ref| = %.3e over %d times, %s%n",
        name, maxErr, t.length, r.stats());
    assertThat(maxErr).isLessThanOrEqualTo(1e-7);
    assertThat(r.stats().nfe()).isEqualTo(2 + 6 * r.stats().steps());
  }

  @ParameterizedTest
  @ValueSource(strings = {"exponential_decay", "linear_spiral", "gated_nonlinear_spiral", "van_der_pol_mu1",
      "lotka_volterra"})
  void workIsComparableToScipyRk45(String name) {
    JsonNode p = ReferenceProblems.problem(SharedData.json(FILE), name);
    JsonNode peer = p.get("scipy_peer").get("RK45");
    double t0 = p.get("t0").asDouble();
    double t1 = p.get("t1").asDouble();
    double[] tEval = SharedData.doubles(p.get("t_eval"));
    Tensor y0 = Tensor.vector(SharedData.doubles(p.get("y0")));
    Solver scipyTolerances = Solver.builder().rtol(1e-6).atol(1e-9).build();
    OdeFunction f = ReferenceProblems.function(p);

    SolverStats endpoint = Odeint.solve(f, y0, new double[] {t0, t1}, scipyTolerances).stats();
    OdeResult dense = Odeint.solve(f, y0, tEval, scipyTolerances);
    int scipyNfe = peer.get("nfev_endpoint_only").asInt();
    System.out.printf("work %-24s rtol=1e-6 atol=1e-9: ours nfe=%d (acc %d, rej %d), with t_eval nfe=%d;"
        + " scipy RK45 nfev=%d (acc %d, rej %d)%n", name, endpoint.nfe(), endpoint.acceptedSteps(),
        endpoint.rejectedSteps(), dense.stats().nfe(), scipyNfe, peer.get("accepted_steps").asInt(),
        peer.get("rejected_steps").asInt());

    // Dense output costs nothing: asking for the t_eval states does not change the steps taken.
    assertThat(dense.stats()).isEqualTo(endpoint);
    // Same method, norm and controller as scipy's RK45: the work must be of the same size.
    assertThat(endpoint.nfe()).isLessThanOrEqualTo((int) Math.ceil(1.25 * scipyNfe));
  }

  /**
   * scipy's RK45 is the same method, error norm, first-step rule and final-step clamp; its controller
   * differs from torchdiffeq's only in that it may shrink after an accepted step and does not grow on the
   * step accepted right after a rejection. With that rule plugged in (a fresh, stateful controller per
   * solve), the step sequence must be scipy's exactly: same f-evaluations, accepted and rejected steps.
   */
  @ParameterizedTest
  @ValueSource(strings = {"exponential_decay", "linear_spiral", "gated_nonlinear_spiral", "van_der_pol_mu1",
      "lotka_volterra"})
  void withScipysControllerTheStepsAreScipyRk45s(String name) {
    JsonNode p = ReferenceProblems.problem(SharedData.json(FILE), name);
    JsonNode peer = p.get("scipy_peer").get("RK45");
    boolean[] lastRejected = {false};
    StepSizeRule scipy = (h, r, order) -> {
      double grow = 0.9 * Math.pow(r, -1.0 / order);
      if (r < 1) {
        double factor = r == 0 ? 10 : Math.min(10, grow);
        factor = lastRejected[0] ? Math.min(1, factor) : factor;
        lastRejected[0] = false;
        return new StepSizeRule.Decision(true, h * factor);
      }
      lastRejected[0] = true;
      return new StepSizeRule.Decision(false, h * Math.max(0.2, Double.isNaN(grow) ? 0 : grow));
    };
    OdeResult r = Odeint.solve(ReferenceProblems.function(p), Tensor.vector(SharedData.doubles(p.get("y0"))),
        new double[] {p.get("t0").asDouble(), p.get("t1").asDouble()},
        Solver.builder().rtol(1e-6).atol(1e-9).rule(scipy).build());

    assertThat(r.stats()).isEqualTo(new SolverStats(peer.get("nfev_endpoint_only").asInt(),
        peer.get("accepted_steps").asInt(), peer.get("rejected_steps").asInt()));
    double[] yT = SharedData.doubles(peer.get("y_t1"));
    for (int j = 0; j < yT.length; j++) {
      assertThat(r.last().getFlat(j)).isCloseTo(yT[j], within(1e-11));
    }
  }
}
