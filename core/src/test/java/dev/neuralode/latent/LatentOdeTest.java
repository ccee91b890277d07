package dev.neuralode.latent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.nn.ModuleGradients;
import dev.neuralode.ode.Solver;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LatentOdeTest {
  private static final double[] TIMES = {0.0, 0.3, 0.45, 0.9, 1.2};

  /** Two series of two components; some entries and one whole time of series 1 are missing. */
  private static IrregularBatch batch(double fill) {
    double[] v = new double[5 * 2 * 2];
    double[] m = new double[v.length];
    Rng rng = new Rng(21);
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.normal();
      m[i] = 1;
    }
    int[] missing = {1, 6, 7, 13, 18};
    for (int i : missing) {
      m[i] = 0;
      v[i] = fill;
    }
    return new IrregularBatch(TIMES, Tensor.of(v, 5, 2, 2), Tensor.of(m, 5, 2, 2));
  }

  private static LatentOde model(Sensitivity s) {
    LatentOde.Sizes sizes = new LatentOde.Sizes(2, 3, 4, new int[] {5}, new int[] {6}, new int[] {5});
    return new LatentOde(sizes, Solver.fixed("rk4", 0.1), Solver.fixed("rk4", 0.1), s, new Rng(5));
  }

  @Test
  void encoderGradientsMatchFiniteDifferences() {
    OdeRnnEncoder enc = model(Sensitivity.direct()).encoder();
    IrregularBatch b = batch(0.0);
    Tensor w = new Rng(2).normal(2, 3);
    double err = ModuleGradients.maxRelError(enc, () -> {
      OdeRnnEncoder.Posterior q = enc.encode(b);
      return q.mean().mul(w).sum().add(q.logVar().mul(w).square().sum());
    }, 1e-6, 1);
    assertThat(err).isLessThan(1e-6);
  }

  @Test
  void encoderGradientsAgreeUnderTheAdjoint() {
    OdeRnnEncoder enc = model(Sensitivity.interpolatingAdjoint()).encoder();
    IrregularBatch b = batch(0.0);
    double err = ModuleGradients.maxRelError(enc, () -> enc.encode(b).mean().square().sum(), 1e-6, 3);
    assertThat(err).isLessThan(1e-6);
  }

  @Test
  void elboGradientsMatchFiniteDifferencesWithAFixedSample() {
    LatentOde m = model(Sensitivity.direct());
    IrregularBatch b = batch(0.0);
    double err = ModuleGradients.maxRelError(m,
        () -> Elbo.loss(m.forward(b, TIMES, new Rng(9)), b, 0.3, 1.0), 1e-6, 7);
    assertThat(err).isLessThan(1e-5);
  }

  @Test
  void maskedEntriesAreIgnoredExactly() {
    LatentOde m = model(Sensitivity.direct());
    IrregularBatch zero = batch(0.0);
    IrregularBatch nan = batch(Double.NaN);
    IrregularBatch huge = batch(1e6);
    double a = Elbo.loss(m.forward(zero, TIMES, new Rng(9)), zero, 0.3, 1.0).item();
    double c = Elbo.loss(m.forward(nan, TIMES, new Rng(9)), nan, 0.3, 1.0).item();
    double d = Elbo.loss(m.forward(huge, TIMES, new Rng(9)), huge, 0.3, 1.0).item();
    assertThat(Double.doubleToRawLongBits(c)).isEqualTo(Double.doubleToRawLongBits(a));
    assertThat(Double.doubleToRawLongBits(d)).isEqualTo(Double.doubleToRawLongBits(a));
    assertThat(IrregularBatch.fromNaN(TIMES, nan.values()).mask().sum().item()).isEqualTo(20.0);
  }

  @Test
  void logLikelihoodSumsOnlyObservedEntries() {
    IrregularBatch b = batch(0.0);
    Tensor pred = new Rng(3).normal(5, 2, 2);
    double sigma = 0.5;
    double[] p = pred.toArray();
    double[] v = b.values().toArray();
    double[] mk = b.mask().toArray();
    double[] expected = new double[2];
    for (int i = 0; i < p.length; i++) {
      if (mk[i] == 1) {
        double r = (p[i] - v[i]) / sigma;
        expected[(i / 2) % 2] += -0.5 * r * r - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
      }
    }
    Tensor got = Elbo.logLikelihood(pred, b, sigma);
    assertThat(got.get(0)).isCloseTo(expected[0], within(1e-12));
    assertThat(got.get(1)).isCloseTo(expected[1], within(1e-12));
  }

  @Test
  void klHasTheClosedFormOfTwoGaussians() {
    // KL(N(mu, s^2) || N(0, 1)) by quadrature against the closed form, component by component.
    double[] mu = {0.0, 0.7, -1.3};
    double[] logVar = {0.0, Math.log(0.25), Math.log(2.5)};
    Tensor kl = Elbo.klToStandardNormal(Tensor.of(mu, 1, 3), Tensor.of(logVar, 1, 3));
    double total = 0;
    for (int j = 0; j < 3; j++) {
      double s = Math.exp(0.5 * logVar[j]);
      double sum = 0;
      double h = 1e-3;
      for (double x = mu[j] - 12 * s; x <= mu[j] + 12 * s; x += h) {
        double lq = -0.5 * Math.pow((x - mu[j]) / s, 2) - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
        double lp = -0.5 * x * x - 0.5 * Math.log(2 * Math.PI);
        sum += Math.exp(lq) * (lq - lp) * h;
      }
      total += sum;
    }
    assertThat(kl.item()).isCloseTo(total, within(1e-6));
    assertThat(Elbo.klToStandardNormal(Tensor.zeros(2, 3), Tensor.zeros(2, 3)).toArray()).containsOnly(0.0);
  }

  @Test
  void sameSeedSameBitsAndMeanPrediction() {
    IrregularBatch b = batch(0.0);
    double[] q = {0.0, 0.5, 1.0, 2.0};
    Tensor a = model(Sensitivity.direct()).forward(b, q, new Rng(4)).mean();
    Tensor c = model(Sensitivity.direct()).forward(b, q, new Rng(4)).mean();
    assertThat(a.toArray()).isEqualTo(c.toArray());
    assertThat(a.shape()).containsExactly(4, 2, 2);
    LatentOde m = model(Sensitivity.direct());
    try (Autograd.Scope g = Autograd.noGrad()) {
      LatentOde.Output mean = m.forward(b, q, null);
      assertThat(mean.z0().toArray()).isEqualTo(mean.posterior().mean().toArray());
      assertThat(mean.nfe()).isPositive();
    }
  }

  @Test
  void seriesWithoutObservationsKeepsTheirHiddenState() {
    // Series 1 observed nowhere: its posterior equals that of an all-zero input with mask zero.
    double[] v = new double[5 * 2 * 2];
    double[] mk = new double[v.length];
    for (int i = 0; i < 5; i++) {
      mk[i * 4] = 1;
      mk[i * 4 + 1] = 1;
      v[i * 4] = i;
    }
    IrregularBatch b = new IrregularBatch(TIMES, Tensor.of(v, 5, 2, 2), Tensor.of(mk, 5, 2, 2));
    OdeRnnEncoder enc = model(Sensitivity.direct()).encoder();
    OdeRnnEncoder.Posterior q = enc.encode(b);
    OdeRnnEncoder.Posterior alone = enc.encode(b.select(new int[] {1}));
    assertThat(q.mean().index(1).toArray()).isEqualTo(alone.mean().index(0).toArray());
  }

  @Test
  void batchChecksItsInput() {
    assertThatThrownBy(() -> new IrregularBatch(new double[] {0, 0}, Tensor.zeros(2, 1, 1), Tensor.ones(2, 1, 1)))
        .hasMessageContaining("strictly increasing");
    assertThatThrownBy(() -> new IrregularBatch(new double[] {0, 1}, Tensor.zeros(2, 1, 1), Tensor.full(0.5, 2, 1, 1)))
        .hasMessageContaining("0 or 1");
    assertThatThrownBy(() -> new IrregularBatch(new double[] {0, 1},
        Tensor.of(new double[] {Double.NaN, 0}, 2, 1, 1), Tensor.ones(2, 1, 1)))
        .hasMessageContaining("mask 0");
    assertThatThrownBy(() -> model(Sensitivity.direct()).forward(batch(0), new double[] {0.5, 1}, null))
        .hasMessageContaining("first time");
  }
}
