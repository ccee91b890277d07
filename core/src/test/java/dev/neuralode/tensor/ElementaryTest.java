package dev.neuralode.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Elementary} against exact values (mpmath at 250 bits, in {@code elementary-reference.csv}),
 * its special values, symmetry and monotonicity across the branch boundaries, and the wiring: every
 * tanh and ELU in the library computes these bits.
 */
class ElementaryTest {

  /** One reference row: x and the exact tanh(x) and expm1(x) as hi + lo (NaN where absent). */
  private record Row(double x, double tanhHi, double tanhLo, double expm1Hi, double expm1Lo) {}

  private static List<Row> reference() throws IOException {
    List<Row> rows = new ArrayList<>();
    try (InputStream in = ElementaryTest.class.getResourceAsStream("elementary-reference.csv");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("#") || line.startsWith("x,")) {
          continue;
        }
        String[] f = line.split(",", -1);
        rows.add(new Row(hex(f[0]), hex(f[1]), hex(f[2]), hex(f[3]), hex(f[4])));
      }
    }
    return rows;
  }

  private static double hex(String s) {
    return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
  }

  /** |v − (hi + lo)| in units of the last place of hi (v − hi is exact when v is within a few ulp). */
  private static double ulpError(double v, double hi, double lo) {
    return Math.abs((v - hi) - lo) / Math.ulp(hi);
  }

  @Test
  void tanhIsWithinOneUlpOfTheExactValue() throws IOException {
    List<Row> rows = reference();
    assertThat(rows).hasSizeGreaterThan(2500);
    double worst = 0;
    double worstStrict = 0;
    for (Row row : rows) {
      double e = ulpError(Elementary.tanh(row.x()), row.tanhHi(), row.tanhLo());
      assertThat(e).as("tanh(%s)", row.x()).isLessThanOrEqualTo(1.0);
      worst = Math.max(worst, e);
      worstStrict = Math.max(worstStrict, ulpError(StrictMath.tanh(row.x()), row.tanhHi(), row.tanhLo()));
    }
    // fdlibm's tanh is less accurate on this sample (documented in the class comment)
    assertThat(worst).isLessThan(worstStrict);
  }

  @Test
  void expm1IsWithinOneUlpOfTheExactValue() throws IOException {
    int checked = 0;
    for (Row row : reference()) {
      if (Double.isNaN(row.expm1Hi())) {
        continue;
      }
      double e = ulpError(Elementary.expm1(row.x()), row.expm1Hi(), row.expm1Lo());
      assertThat(e).as("expm1(%s)", row.x()).isLessThanOrEqualTo(1.0);
      checked++;
    }
    assertThat(checked).isGreaterThan(2500);
  }

  @Test
  void specialValues() {
    assertThat(Elementary.tanh(Double.NaN)).isNaN();
    assertThat(Elementary.expm1(Double.NaN)).isNaN();
    assertThat(Double.doubleToRawLongBits(Elementary.tanh(-0.0))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(Double.doubleToRawLongBits(Elementary.expm1(-0.0))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(Double.doubleToRawLongBits(Elementary.tanh(0.0))).isZero();
    assertThat(Double.doubleToRawLongBits(Elementary.expm1(0.0))).isZero();
    assertThat(Elementary.tanh(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
    assertThat(Elementary.tanh(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
    assertThat(Elementary.expm1(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
    assertThat(Elementary.expm1(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(Elementary.expm1(710.0)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(Elementary.expm1(709.78)).isFinite().isEqualTo(Math.expm1(709.78), org.assertj.core.data.Offset.offset(Math.ulp(Math.expm1(709.78)) * 2));
    assertThat(Elementary.tanh(Double.MIN_VALUE)).isEqualTo(Double.MIN_VALUE);
    assertThat(Elementary.expm1(-Double.MIN_VALUE)).isEqualTo(-Double.MIN_VALUE);
    assertThat(Elementary.tanh(1e-300)).isEqualTo(1e-300);
    assertThat(Elementary.expm1(-100.0)).isEqualTo(-1.0);
  }

  @Test
  void tanhIsOddExactly() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int i = 0; i < 100_000; i++) {
      double x = rnd.nextDouble(-30, 30);
      assertThat(Elementary.tanh(-x)).isEqualTo(-Elementary.tanh(x));
    }
  }

  /** Across each branch boundary, 2000 consecutive doubles on either side give non-decreasing values. */
  @ParameterizedTest
  @ValueSource(doubles = {0.8, -0.8, 22.0, -22.0})
  void tanhIsMonotoneAcrossBranches(double boundary) {
    assertMonotoneNear(Elementary::tanh, boundary);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.5, -0.5, -38.0, 0.34657359027997264, 1.0397207708399179, -1.0397207708399179})
  void expm1IsMonotoneAcrossBranches(double boundary) {
    assertMonotoneNear(Elementary::expm1, boundary);
  }

  private static void assertMonotoneNear(DoubleUnaryOperator f, double boundary) {
    double x = boundary;
    for (int i = 0; i < 2000; i++) {
      x = Math.nextDown(x);
    }
    double previous = f.applyAsDouble(x);
    for (int i = 0; i < 4000; i++) {
      x = Math.nextUp(x);
      double y = f.applyAsDouble(x);
      assertThat(y).as("f(%s) after f(%s)", x, Math.nextDown(x)).isGreaterThanOrEqualTo(previous);
      previous = y;
    }
  }

  /** A broad seeded sweep: never more than 3 ulp from fdlibm (each is within about 2 ulp of exact). */
  @Test
  void closeToTheJdkEverywhere() {
    SplittableRandom rnd = new SplittableRandom(5);
    for (int i = 0; i < 200_000; i++) {
      double x = rnd.nextDouble(-1, 1) * Math.pow(10, rnd.nextInt(-12, 3));
      double t = StrictMath.tanh(x);
      assertThat(Math.abs(Elementary.tanh(x) - t)).as("tanh(%s)", x).isLessThanOrEqualTo(3 * Math.ulp(t));
      double e = StrictMath.expm1(x);
      assertThat(Math.abs(Elementary.expm1(x) - e)).as("expm1(%s)", x).isLessThanOrEqualTo(3 * Math.ulp(e));
    }
  }

  /** Tensor.tanh and ELU compute these bits, so no result depends on the code path. */
  @Test
  void tensorOpsUseTheseFunctions() {
    SplittableRandom rnd = new SplittableRandom(2);
    double[] x = new double[5000]; // long enough for the parallel chunked kernel
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextDouble(-4, 4);
    }
    Tensor t = Tensor.of(x, x.length);
    double[] th = t.tanh().toArray();
    double[] elu = t.elu().toArray();
    for (int i = 0; i < x.length; i++) {
      assertThat(th[i]).isEqualTo(Elementary.tanh(x[i]));
      assertThat(elu[i]).isEqualTo(x[i] > 0 ? x[i] : Elementary.expm1(x[i]));
    }
  }
}
