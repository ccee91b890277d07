package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@link ErrorNorm#rms}: the RMS in its documented fixed order, and what the built-in norms make of it. */
class ErrorNormTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 63, 64, 2048, 2051})
  void rmsIsTheRootMeanSquareInItsFixedOrder(int n) {
    double[] q = new Random(n).doubles(n, -3, 3).toArray();
    // the documented order: four interleaved partial sums, the remainder added to the first
    double[] s = new double[4];
    int full = n - n % 4;
    for (int i = 0; i < full; i++) {
      s[i % 4] += q[i] * q[i];
    }
    for (int i = full; i < n; i++) {
      s[0] += q[i] * q[i];
    }
    double expected = Math.sqrt(((s[0] + s[1]) + (s[2] + s[3])) / n);
    assertThat(ErrorNorm.RMS.apply(q)).isEqualTo(expected);
    // and the textbook value up to rounding
    double plain = 0.0;
    for (double v : q) {
      plain += v * v;
    }
    assertThat(ErrorNorm.RMS.apply(q)).isCloseTo(Math.sqrt(plain / n), within(1e-14 * Math.sqrt(plain / n)));
    // under four entries the order is the running sum's: the same bits as before the partial sums
    if (n < 4) {
      assertThat(ErrorNorm.RMS.apply(q)).isEqualTo(Math.sqrt(plain / n));
    }
  }

  @Test
  void rangesAndTheSeminormAgreeWithTheWholeNorm() {
    double[] q = new Random(5).doubles(37, -1, 1).toArray();
    assertThat(ErrorNorm.rmsOver(0, 37).apply(q)).isEqualTo(ErrorNorm.RMS.apply(q));
    assertThat(ErrorNorm.rmsOver(0, 1000).apply(q)).isEqualTo(ErrorNorm.RMS.apply(q));
    double[] tail = java.util.Arrays.copyOfRange(q, 5, 30);
    assertThat(ErrorNorm.rms(q, 5, 30)).isEqualTo(ErrorNorm.RMS.apply(tail));
    assertThat(ErrorNorm.rms(q, 9, 9)).isZero();
    assertThat(ErrorNorm.RMS.apply(new double[0])).isZero();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ErrorNorm.rms(q, -1, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from=-1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ErrorNorm.rms(q, 0, 38))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("to=38").hasMessageContaining("(37)");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 5, 1000, 2047})
  void aNonFiniteEntryGivesANonFiniteNorm(int at) {
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      double[] q = new Random(at).doubles(2048, -1, 1).toArray();
      q[at] = bad;
      assertThat(Double.isFinite(ErrorNorm.RMS.apply(q))).as("entry %d = %s", at, bad).isFalse();
    }
  }

  /**
   * The flat stepper no longer checks the scaled error for finiteness in a pass of its own with the
   * RMS norm: a non-finite error estimate must still reject the step (ratio +∞) where the solution
   * is finite, as in dopri5 when only its FSAL stage (error weight ≠ 0, solution weight 0) is
   * non-finite. Narrow (2) and wide (80 entries) states, the RMS and a caller's norm.
   */
  @ParameterizedTest
  @ValueSource(ints = {2, 80})
  void aNonFiniteErrorInAStageTheSolutionDoesNotUseStillRejectsTheStep(int n) {
    FlatOde decay = (t, y, dy) -> {
      for (int i = 0; i < y.length; i++) {
        dy[i] = -y[i];
      }
    };
    EntryTolerances tol = EntryTolerances.scalar(1e-6, 1e-9);
    ErrorNorm custom = q -> ErrorNorm.rms(q, 0, q.length);
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
      for (ErrorNorm norm : new ErrorNorm[] {ErrorNorm.RMS, custom}) {
        double[] y0 = new double[n];
        java.util.Arrays.fill(y0, 1.0);
        FlatStepper st = new FlatStepper(Methods.DOPRI5, decay, y0);
        st.step(0.0, 0.1, 0.1, 0.1);
        assertThat(st.errorRatio(tol, norm)).isFinite();
        int unused = -1;
        for (int j : st.eIdx) {
          boolean inSolution = false;
          for (int b : st.bIdx) {
            inSolution |= b == j;
          }
          if (!inSolution) {
            unused = j;
          }
        }
        assertThat(unused).as("dopri5 has an error stage outside the solution (its FSAL stage)").isPositive();
        st.k[unused][n / 2] = bad;
        assertThat(Finite.all(st.y1, 0, n)).isTrue();
        assertThat(st.errorRatio(tol, norm)).as("%s in stage %d, %s", bad, unused, norm == ErrorNorm.RMS ? "RMS" : "custom")
            .isEqualTo(Double.POSITIVE_INFINITY);
      }
    }
  }
}
