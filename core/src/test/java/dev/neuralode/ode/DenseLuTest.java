package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The dense LU solves random systems to rounding and flags singular matrices. */
class DenseLuTest {

  @Test
  void solvesRandomSystemsToRounding() {
    Random rnd = new Random(3);
    for (int n : new int[] {1, 2, 5, 17}) {
      double[] a = new double[n * n];
      double[] x = new double[n];
      for (int i = 0; i < a.length; i++) {
        a[i] = rnd.nextGaussian();
      }
      for (int i = 0; i < n; i++) {
        x[i] = rnd.nextGaussian();
      }
      double[] b = new double[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          b[i] += a[i * n + j] * x[j];
        }
      }
      DenseLu lu = new DenseLu(a, n);
      assertThat(lu.singular()).isFalse();
      double[] solved = lu.solve(b);
      for (int i = 0; i < n; i++) {
        assertThat(solved[i]).isCloseTo(x[i], within(1e-10));
      }
      double[] bt = new double[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          bt[i] += a[j * n + i] * x[j];
        }
      }
      double[] solvedT = lu.solveTransposed(bt);
      for (int i = 0; i < n; i++) {
        assertThat(solvedT[i]).isCloseTo(x[i], within(1e-10));
      }
    }
  }

  @Test
  void pivotsAroundAZeroLeadingEntry() {
    DenseLu lu = new DenseLu(new double[] {0, 1, 1, 0}, 2);
    assertThat(lu.solve(new double[] {3, 4})).containsExactly(4, 3);
  }

  @Test
  void flagsSingularMatrices() {
    assertThat(new DenseLu(new double[] {1, 2, 2, 4}, 2).singular()).isTrue();
    assertThat(new DenseLu(new double[] {Double.NaN, 1, 0, 1}, 2).singular()).isTrue();
  }
}
