package dev.neuralode.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Local quadratic regression: exact on quadratics, converging on smooth curves. */
class CollocationTest {

  private static double[] irregularTimes(long seed, int n, double end) {
    Random rng = new Random(seed);
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = end * rng.nextDouble();
    }
    Arrays.sort(t);
    return t;
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 5, 7, 9})
  void reproducesAQuadraticAndItsDerivativesExactly(int k) {
    double[] t = irregularTimes(k, 30, 3.0);
    double[] y = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      y[i] = 1.5 - 2 * t[i] + 0.75 * t[i] * t[i];
    }
    Collocation.Estimate e = Collocation.smooth(t, y, k);
    for (int i = 0; i < t.length; i++) {
      assertThat(e.value()[i]).isCloseTo(y[i], within(1e-9));
      assertThat(e.slope()[i]).isCloseTo(-2 + 1.5 * t[i], within(1e-8));
      assertThat(e.curvature()[i]).isCloseTo(1.5, within(1e-6));
    }
  }

  @Test
  void slopeErrorOfASineShrinksWithDenserSampling() {
    double coarse = maxSlopeError(40);
    double fine = maxSlopeError(160);
    // a local quadratic over a window of fixed count: the slope error is O(h²), h ~ 1/n
    assertThat(fine).isLessThan(coarse / 8);
    assertThat(fine).isLessThan(2e-3);
  }

  private static double maxSlopeError(int n) {
    double[] t = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = 2 * Math.PI * i / (n - 1) + 0.3 * Math.sin(7.0 * i) / n;
      y[i] = Math.sin(t[i]);
    }
    Collocation.Estimate e = Collocation.smooth(t, y, 7);
    double worst = 0;
    for (int i = 3; i < n - 3; i++) {
      worst = Math.max(worst, Math.abs(e.slope()[i] - Math.cos(t[i])));
    }
    return worst;
  }

  @Test
  void smoothsNoiseTowardsTheCurve() {
    Random rng = new Random(3);
    int n = 200;
    double[] t = new double[n];
    double[] y = new double[n];
    double raw = 0;
    for (int i = 0; i < n; i++) {
      t[i] = 4.0 * i / (n - 1);
      y[i] = Math.sin(t[i]) + 0.1 * rng.nextGaussian();
      raw += Math.pow(y[i] - Math.sin(t[i]), 2);
    }
    Collocation.Estimate e = Collocation.smooth(t, y, 9);
    double smoothed = 0;
    for (int i = 0; i < n; i++) {
      smoothed += Math.pow(e.value()[i] - Math.sin(t[i]), 2);
    }
    assertThat(smoothed).isLessThan(0.6 * raw);
  }

  @Test
  void refusesBadInput() {
    assertThatThrownBy(() -> Collocation.smooth(new double[] {0, 1}, new double[] {1}, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same size");
    assertThatThrownBy(() -> Collocation.smooth(new double[] {0, 0, 1}, new double[] {1, 2, 3}, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("times must increase");
    assertThatThrownBy(() -> Collocation.smooth(new double[] {0, 1}, new double[] {1, 2}, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neighbours");
    assertThat(Collocation.defaultNeighbours(21)).isEqualTo(5);
    assertThat(Collocation.defaultNeighbours(60)).isEqualTo(9);
    assertThat(Collocation.defaultNeighbours(3)).isEqualTo(3);
  }
}
