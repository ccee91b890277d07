package dev.neuralode.flow;

import dev.neuralode.sensitivity.Sensitivity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.LinearOde;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The analytic linear flow dz/dt = A·z: log p(x) = log N(e^{−AT}x; 0, I) − tr(A)·T. */
class LinearCnfTest {
  private static final double[][] A = {{-0.3, 0.8}, {-0.5, 0.2}};
  private static final double T = 0.7;
  private static final Solver TIGHT = Solver.builder().rtol(1e-11).atol(1e-12).build();

  private static Cnf linear(TraceEstimator trace) {
    Cnf.FlowSettings s = new Cnf.FlowSettings(T, false, trace, 0, 0, TIGHT, Sensitivity.backsolveAdjoint());
    return new Cnf(new LinearOde(Tensor.matrix(A)), 2, s);
  }

  /** e^{M} by scaling and squaring of a Taylor series. */
  static double[][] expm(double[][] m) {
    int sq = 6;
    double f = Math.pow(2, -sq);
    double[][] a = {{m[0][0] * f, m[0][1] * f}, {m[1][0] * f, m[1][1] * f}};
    double[][] sum = {{1, 0}, {0, 1}};
    double[][] term = {{1, 0}, {0, 1}};
    for (int k = 1; k < 30; k++) {
      term = mul(term, a);
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          term[i][j] /= k;
          sum[i][j] += term[i][j];
        }
      }
    }
    for (int i = 0; i < sq; i++) {
      sum = mul(sum, sum);
    }
    return sum;
  }

  private static double[][] mul(double[][] a, double[][] b) {
    return new double[][] {{a[0][0] * b[0][0] + a[0][1] * b[1][0], a[0][0] * b[0][1] + a[0][1] * b[1][1]},
        {a[1][0] * b[0][0] + a[1][1] * b[1][0], a[1][0] * b[0][1] + a[1][1] * b[1][1]}};
  }

  private static double analytic(double[] x) {
    double[][] e = expm(new double[][] {{-A[0][0] * T, -A[0][1] * T}, {-A[1][0] * T, -A[1][1] * T}});
    double z0 = e[0][0] * x[0] + e[0][1] * x[1];
    double z1 = e[1][0] * x[0] + e[1][1] * x[1];
    return -0.5 * (z0 * z0 + z1 * z1) - StandardNormal.LOG_2PI - (A[0][0] + A[1][1]) * T;
  }

  private static final double[][] X = {{0.3, -1.2}, {2.0, 0.5}, {-1.1, -0.4}, {0, 0}, {1.5, 1.5}};

  @Test
  void exactTraceMatchesTheAnalyticLogDensity() {
    try (Autograd.Scope s = Autograd.noGrad()) {
      double[] lp = linear(TraceEstimator.exact()).logProb(Tensor.matrix(X), null).logProb().toArray();
      for (int i = 0; i < X.length; i++) {
        assertThat(lp[i]).isCloseTo(analytic(X[i]), within(1e-8));
      }
    }
  }

  @Test
  void hutchinsonIsExactPerProbeAndUnbiasedOverProbes() {
    for (TraceEstimator.Noise noise : TraceEstimator.Noise.values()) {
      TraceEstimator h = TraceEstimator.hutchinson(noise, 1);
      int m = 4000;
      double[][] xs = new double[m][];
      for (int i = 0; i < m; i++) {
        xs[i] = X[0];
      }
      Tensor probes = h.drawProbes(m, 2, new Rng(42));
      double[] lp;
      try (Autograd.Scope s = Autograd.noGrad()) {
        lp = linear(h).logProb(Tensor.matrix(xs), new Rng(42)).logProb().toArray();
      }
      double exact = analytic(X[0]);
      double mean = 0;
      double sumSq = 0;
      for (int i = 0; i < m; i++) {
        double e0 = probes.get(0, i, 0);
        double e1 = probes.get(0, i, 1);
        double quad = e0 * (A[0][0] * e0 + A[0][1] * e1) + e1 * (A[1][0] * e0 + A[1][1] * e1);
        // per probe: log N(e^{-AT}x) − T·εᵀAε, exactly
        assertThat(lp[i]).isCloseTo(exact + (A[0][0] + A[1][1]) * T - quad * T, within(1e-8));
        mean += lp[i] / m;
        sumSq += lp[i] * lp[i];
      }
      double sd = Math.sqrt(Math.max(sumSq / m - mean * mean, 0));
      assertThat(mean).as(noise.name()).isCloseTo(exact, within(4 * sd / Math.sqrt(m) + 1e-12));
    }
  }

  @Test
  void directAndAdjointGiveTheSameDensity() {
    Cnf.FlowSettings s = new Cnf.FlowSettings(T, false, TraceEstimator.exact(), 0, 0, TIGHT, Sensitivity.direct());
    Cnf direct = new Cnf(new LinearOde(Tensor.matrix(A)), 2, s);
    double[] lp = direct.logProb(Tensor.matrix(X), null).logProb().toArray();
    for (int i = 0; i < X.length; i++) {
      assertThat(lp[i]).isCloseTo(analytic(X[i]), within(1e-8));
    }
  }

  @Test
  void sampleThenLogProbRoundTrips() {
    Cnf.FlowSettings s = new Cnf.FlowSettings(0.8, false, TraceEstimator.exact(), 0, 0, TIGHT, Sensitivity.backsolveAdjoint());
    Cnf cnf = Cnf.create(2, new int[] {16, 16}, Activation.TANH, s, new Rng(3));
    Tensor z = StandardNormal.sample(6, 2, new Rng(5));
    Tensor x = cnf.transform(z);
    double[] back = cnf.inverse(x).toArray();
    double[] zs = z.toArray();
    for (int i = 0; i < zs.length; i++) {
      assertThat(back[i]).isCloseTo(zs[i], within(1e-7));
    }
    Cnf.Density d;
    try (Autograd.Scope sc = Autograd.noGrad()) {
      d = cnf.logProb(x, null);
    }
    double[] z0 = d.z0().toArray();
    for (int i = 0; i < zs.length; i++) {
      assertThat(z0[i]).isCloseTo(zs[i], within(1e-7));
    }
    assertThat(d.logProb().isFinite()).isTrue();
  }
}
