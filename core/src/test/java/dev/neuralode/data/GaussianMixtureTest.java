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

  /**
   * Two well-separated clusters, half of all rows one repeated point (Old Faithful repeats rows
   * too): random-row initial means started both components on that point for some seeds (6 and 9
   * here), where EM sits at the symmetric fixed point and returns exactly the single Gaussian's NLL.
   */
  @Test
  void emOnDuplicatedRowsBeatsOneGaussianForEverySeed() {
    Rng rng = new Rng(7);
    double[][] x = new double[320][];
    for (int i = 0; i < x.length; i++) {
      if (i < 160) {
        x[i] = new double[] {4, 0};
      } else {
        double m = i < 200 ? 4 : -4;
        x[i] = new double[] {m + 0.5 * rng.normal(), 0.5 * rng.normal()};
      }
    }
    double one = GaussianMixture.fitGaussian(x).nll(x);
    StringBuilder per = new StringBuilder();
    for (long seed = 0; seed < 10; seed++) {
      double two = GaussianMixture.fitEm(x, 2, seed).nll(x);
      per.append(String.format(" %d:%.4f", seed, two));
      assertThat(two).as("seed %d", seed).isLessThan(one - 1.0);
    }
    System.out.printf("GMM on duplicated rows: one Gaussian %.4f; 2-GMM per seed%s%n", one, per);
  }

  /** A component that would collapse (3 components on 2 identical blocks of rows) is re-seeded. */
  @Test
  void collapsingComponentsDoNotThrow() {
    double[][] x = new double[40][];
    for (int i = 0; i < 40; i++) {
      x[i] = i < 20 ? new double[] {0, 0} : new double[] {1e-3, 2e-3};
    }
    x[39] = new double[] {5e-4, 1e-3};
    for (long seed = 0; seed < 10; seed++) {
      GaussianMixture g = GaussianMixture.fitEm(x, 3, seed);
      assertThat(g.nll(x)).as("seed %d", seed).isFinite();
    }
  }

  /** The ridge scales with the data: small-unit data gets the same fit as its rescaled copy. */
  @Test
  void ridgeScalesWithTheUnits() {
    Rng rng = new Rng(3);
    double[][] x = new double[400][];
    double[][] small = new double[400][];
    for (int i = 0; i < x.length; i++) {
      x[i] = new double[] {(i % 2 == 0 ? 3 : -3) + rng.normal(), rng.normal()};
      small[i] = new double[] {1e-4 * x[i][0], 1e-4 * x[i][1]};
    }
    // log p scales by −d·log(1e-4) under the change of units
    double shift = 2 * Math.log(1e-4);
    assertThat(GaussianMixture.fitGaussian(small).nll(small))
        .isCloseTo(GaussianMixture.fitGaussian(x).nll(x) + shift, within(1e-9));
    assertThat(GaussianMixture.fitEm(small, 2, 0).nll(small))
        .isCloseTo(GaussianMixture.fitEm(x, 2, 0).nll(x) + shift, within(1e-6));
  }

  @Test
  void standardizerLogDeterminantShiftsTheDensity() {
    Standardizer s = new Standardizer(new double[] {1, 2}, new double[] {2, 4});
    assertThat(s.logAbsDet()).isCloseTo(-Math.log(8), within(1e-15));
    assertThat(s.toDataLogProb(new double[] {0.0})[0]).isCloseTo(-Math.log(8), within(1e-15));
    assertThat(s.invert(s.apply(new double[][] {{3, -5}}))[0]).containsExactly(3, -5);
  }
}
