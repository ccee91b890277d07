package dev.neuralode.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.tensor.Rng;
import org.junit.jupiter.api.Test;

class GaussianMixtureTest {
  @Test
  void singleGaussianNllIsTheClosedForm() {
    Rng rng = new Rng(0);
    double[][] x = new double[5000][];
    for (int i = 0; i < x.length; i++) {
      double a = rng.normal();
      x[i] = new double[] {2 + 3 * a, -1 + 0.5 * rng.normal() + 0.2 * a};
    }
    GaussianMixture g = GaussianMixture.fitGaussian(x);
    // at the ML fit, the mean NLL is ½ log det(2πe Σ̂)
    double[][] c = new double[2][2];
    Standardizer s = Standardizer.fit(x);
    for (double[] p : x) {
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          c[i][j] += (p[i] - s.mean()[i]) * (p[j] - s.mean()[j]) / x.length;
        }
      }
    }
    double det = c[0][0] * c[1][1] - c[0][1] * c[1][0];
    assertThat(g.nll(x)).isCloseTo(0.5 * Math.log(Math.pow(2 * Math.PI * Math.E, 2) * det), within(1e-5));
  }

  @Test
  void emSeparatesTwoClustersAndBeatsOneGaussian() {
    Rng rng = new Rng(1);
    double[][] x = new double[2000][];
    for (int i = 0; i < x.length; i++) {
      double m = i % 4 == 0 ? 5 : -2;
      x[i] = new double[] {m + rng.normal(), rng.normal()};
    }
    GaussianMixture one = GaussianMixture.fitGaussian(x);
    GaussianMixture two = GaussianMixture.fitEm(x, 2, 0);
    assertThat(two.components()).isEqualTo(2);
    assertThat(two.nll(x)).isLessThan(one.nll(x) - 0.3);
    // the true mixture's entropy: log 2π + 1 + H(0.25, 0.75) − the overlap (negligible here)
    double h = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75));
    assertThat(two.nll(x)).isCloseTo(Math.log(2 * Math.PI) + 1 + h, within(0.1));
  }

  @Test
  void standardizerLogDeterminantShiftsTheDensity() {
    Standardizer s = new Standardizer(new double[] {1, 2}, new double[] {2, 4});
    assertThat(s.logAbsDet()).isCloseTo(-Math.log(8), within(1e-15));
    assertThat(s.toDataLogProb(new double[] {0.0})[0]).isCloseTo(-Math.log(8), within(1e-15));
    assertThat(s.invert(s.apply(new double[][] {{3, -5}}))[0]).containsExactly(3, -5);
  }
}
