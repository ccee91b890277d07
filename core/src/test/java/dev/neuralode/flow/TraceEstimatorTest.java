package dev.neuralode.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Hutchinson's estimator on a fixed non-symmetric Jacobian M: mean tr M, variance 2‖M_s‖²_F
 * (Gaussian) or 2(‖M_s‖²_F − Σ(M_s)ᵢᵢ²) (Rademacher) per probe, divided by K for K probes.
 */
class TraceEstimatorTest {
  private static final double[][] M = {{1.0, 2.0, -0.5}, {0.3, -1.5, 0.7}, {-0.8, 0.4, 0.6}};

  private static double[] moments(TraceEstimator est, int n) {
    Tensor x = new Rng(1).normal(n, 3).requireGrad();
    Tensor fz;
    TraceEstimator.Estimate e;
    try (Autograd.Scope s = Autograd.enableGrad()) {
      fz = x.matmul(Tensor.matrix(M).transpose());
      e = est.estimate(fz, x, est.drawProbes(n, 3, new Rng(7)), false, true);
    }
    double[] tr = e.trace().toArray();
    double[] fr = e.frobenius().toArray();
    double mean = 0;
    double frob = 0;
    for (int i = 0; i < n; i++) {
      mean += tr[i] / n;
      frob += fr[i] / n;
    }
    double var = 0;
    for (double v : tr) {
      var += (v - mean) * (v - mean) / (n - 1);
    }
    return new double[] {mean, var, frob};
  }

  private static double symFrobSq() {
    double s = 0;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double ms = 0.5 * (M[i][j] + M[j][i]);
        s += ms * ms;
      }
    }
    return s;
  }

  private static final double TRACE = 1.0 - 1.5 + 0.6;
  private static final double FROB = 1 + 4 + 0.25 + 0.09 + 2.25 + 0.49 + 0.64 + 0.16 + 0.36;

  @Test
  void exactTraceAndFrobeniusAreExact() {
    double[] m = moments(TraceEstimator.exact(), 10);
    assertThat(m[0]).isCloseTo(TRACE, within(1e-12));
    assertThat(m[1]).isCloseTo(0, within(1e-20));
    assertThat(m[2]).isCloseTo(FROB, within(1e-12));
  }

  @Test
  void gaussianProbesHaveTheKnownMeanAndVariance() {
    int n = 200_000;
    double expectedVar = 2 * symFrobSq();
    double[] one = moments(TraceEstimator.hutchinson(TraceEstimator.Noise.GAUSSIAN, 1), n);
    System.out.printf("gaussian K=1: mean %.5f (tr %.5f), variance %.5f (2||M_s||_F^2 = %.5f)%n", one[0], TRACE,
        one[1], expectedVar);
    assertThat(one[0]).isCloseTo(TRACE, within(5 * Math.sqrt(expectedVar / n)));
    assertThat(one[1]).isCloseTo(expectedVar, within(0.03 * expectedVar));
    assertThat(one[2]).isCloseTo(FROB, within(0.03 * FROB));
    double[] four = moments(TraceEstimator.hutchinson(TraceEstimator.Noise.GAUSSIAN, 4), n);
    System.out.printf("gaussian K=4: mean %.5f, variance %.5f (expected %.5f)%n", four[0], four[1], expectedVar / 4);
    assertThat(four[0]).isCloseTo(TRACE, within(5 * Math.sqrt(expectedVar / 4 / n)));
    assertThat(four[1]).isCloseTo(expectedVar / 4, within(0.03 * expectedVar / 4));
  }

  @Test
  void rademacherProbesHaveTheKnownMeanAndVariance() {
    int n = 200_000;
    double diag = M[0][0] * M[0][0] + M[1][1] * M[1][1] + M[2][2] * M[2][2];
    double expectedVar = 2 * (symFrobSq() - diag);
    double[] one = moments(TraceEstimator.hutchinson(TraceEstimator.Noise.RADEMACHER, 1), n);
    System.out.printf("rademacher K=1: mean %.5f (tr %.5f), variance %.5f (expected %.5f)%n", one[0], TRACE,
        one[1], expectedVar);
    assertThat(one[0]).isCloseTo(TRACE, within(5 * Math.sqrt(expectedVar / n)));
    assertThat(one[1]).isCloseTo(expectedVar, within(0.03 * expectedVar));
    double[] four = moments(TraceEstimator.hutchinson(TraceEstimator.Noise.RADEMACHER, 4), n);
    System.out.printf("rademacher K=4: mean %.5f, variance %.5f (expected %.5f)%n", four[0], four[1],
        expectedVar / 4);
    assertThat(four[0]).isCloseTo(TRACE, within(5 * Math.sqrt(expectedVar / 4 / n)));
    assertThat(four[1]).isCloseTo(expectedVar / 4, within(0.03 * expectedVar / 4));
  }

  @Test
  void probesAreReproducibleAndChecked() {
    TraceEstimator h = TraceEstimator.hutchinson(TraceEstimator.Noise.RADEMACHER, 2);
    assertThat(h.drawProbes(4, 3, new Rng(9)).toArray()).containsExactly(h.drawProbes(4, 3, new Rng(9)).toArray());
    assertThat(TraceEstimator.exact().drawProbes(4, 3, new Rng(9))).isNull();
    Tensor x = Tensor.zeros(4, 3).requireGrad();
    assertThatThrownBy(() -> h.estimate(x.mul(2.0), x, null, false, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probes must have shape");
    assertThatThrownBy(() -> TraceEstimator.parse("nope")).hasMessageContaining("exact, hutchinson");
  }
}
