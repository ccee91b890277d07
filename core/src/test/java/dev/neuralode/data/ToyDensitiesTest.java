package dev.neuralode.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ToyDensitiesTest {
  @Test
  void everyToyIsSeededFiniteAndTwoDimensional() {
    for (String name : ToyDensities.NAMES) {
      double[][] a = ToyDensities.sample(name, 400, 3);
      double[][] b = ToyDensities.sample(name, 400, 3);
      assertThat(a).hasNumberOfRows(400);
      for (int i = 0; i < a.length; i++) {
        assertThat(a[i]).hasSize(2).containsExactly(b[i]);
        assertThat(Double.isFinite(a[i][0]) && Double.isFinite(a[i][1])).isTrue();
        assertThat(Math.hypot(a[i][0], a[i][1])).as(name).isLessThan(8);
      }
      assertThat(ToyDensities.sample(name, 400, 4)[0]).isNotEqualTo(a[0]);
    }
  }

  @Test
  void eightGaussiansSitOnACircleOfRadiusTwoRootTwo() {
    double[][] x = ToyDensities.sample("8gaussians", 4000, 0);
    double r = 0;
    for (double[] p : x) {
      r += Math.hypot(p[0], p[1]) / x.length;
    }
    assertThat(r).isCloseTo(4 / Math.sqrt(2), within(0.1));
  }

  @Test
  void ringsHaveFourRadii() {
    double[][] x = ToyDensities.sample("rings", 4000, 0);
    int[] counts = new int[4];
    for (double[] p : x) {
      double r = Math.hypot(p[0], p[1]) / 3;
      counts[(int) Math.min(3, Math.round(r * 4) - 1)]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(900, 1100);
    }
  }

  @Test
  void unknownNamesAreRejected() {
    assertThatThrownBy(() -> ToyDensities.sample("bananas", 10, 0)).hasMessageContaining("pinwheel");
  }
}
