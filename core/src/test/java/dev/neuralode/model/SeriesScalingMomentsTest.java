package dev.neuralode.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SeriesScaling#columnMoments}: the two-pass mean and population standard deviation. */
class SeriesScalingMomentsTest {

  @Test
  void smallSpreadBesideALargeMeanKeepsItsDigits() {
    // 10⁶ + {−10⁻³, 0, 10⁻³}: std = 10⁻³·√(2/3) = 8.16496580927726e-4. The one-pass formula
    // Σx²/n − mean² cancels 10¹² against 10¹² and keeps nothing of the 10⁻⁶ between them.
    List<double[]> rows = List.of(new double[] {1e6 - 1e-3, 5}, new double[] {1e6, 7},
        new double[] {1e6 + 1e-3, 9});
    double[][] m = SeriesScaling.columnMoments(rows);
    // exact moments of the doubles as stored (1e6 ± 1e-3 is not representable exactly)
    java.math.MathContext mc = java.math.MathContext.DECIMAL128;
    java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
    for (double[] r : rows) {
      sum = sum.add(new java.math.BigDecimal(r[0]));
    }
    java.math.BigDecimal mean = sum.divide(java.math.BigDecimal.valueOf(3), mc);
    java.math.BigDecimal ss = java.math.BigDecimal.ZERO;
    for (double[] r : rows) {
      java.math.BigDecimal dv = new java.math.BigDecimal(r[0]).subtract(mean);
      ss = ss.add(dv.multiply(dv));
    }
    double exactStd = ss.divide(java.math.BigDecimal.valueOf(3), mc).sqrt(mc).doubleValue();
    assertThat(m[0][0]).isCloseTo(mean.doubleValue(), within(1.2e-10));
    assertThat(m[1][0]).isCloseTo(exactStd, within(1e-12 * exactStd));
    assertThat(m[0][1]).isEqualTo(7.0);
    assertThat(m[1][1]).isEqualTo(Math.sqrt(8.0 / 3.0));
    double sq = 0;
    for (double[] r : rows) {
      sq += r[0] * r[0];
    }
    double onePass = Math.sqrt(Math.max(0, sq / 3 - 1e12));
    assertThat(Math.abs(onePass - m[1][0])).as("the one-pass formula is far off").isGreaterThan(1e-5);
  }

  @Test
  void badRowsAreRefused() {
    assertThatThrownBy(() -> SeriesScaling.columnMoments(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one row");
    assertThatThrownBy(() -> SeriesScaling.columnMoments(List.of(new double[2], new double[3])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got one with 3");
  }
}
