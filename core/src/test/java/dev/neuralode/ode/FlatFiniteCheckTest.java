package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The flat engine's branch-free finiteness check ({@link Finite#all}) against {@link Double#isFinite}. */
class FlatFiniteCheckTest {
  private static final double[] EDGES = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
      Double.MAX_VALUE, -Double.MAX_VALUE, Math.nextDown(Double.MAX_VALUE), 1.0, -1.0, 1e308, -1e-308,
      Double.NaN, -Double.NaN, Double.longBitsToDouble(0x7ff0000000000001L),
      Double.longBitsToDouble(0xfff8000000000001L), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 64, 359, 1000})
  void agreesWithIsFiniteOnEveryEdgeValueAtEveryPosition(int n) {
    Random r = new Random(31L * n);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextGaussian() * Math.pow(10, r.nextInt(600) - 300);
    }
    assertThat(Finite.all(x, 0, n)).isTrue();
    for (double v : EDGES) {
      for (int at : new int[] {0, n / 2, n - 1}) {
        double[] y = x.clone();
        y[at] = v;
        assertThat(Finite.all(y, 0, n)).as("%s at %d of %d", v, at, n).isEqualTo(Double.isFinite(v));
        // a range that leaves the value out ignores it
        if (at > 0) {
          assertThat(Finite.all(y, 0, at)).isTrue();
        }
      }
    }
  }
}
