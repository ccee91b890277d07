package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every library tableau satisfies the order conditions of its declared order (rooted trees up to order
 * 5, and for dopri8 up to 8), its embedded solution those of one order less, and its dense output the
 * conditions Σ b_i(θ) Φ_i(τ) = θ^|τ|/γ(τ) of its dense order (Hairer, Nørsett &amp; Wanner I, II.2, II.6).
 */
class OrderConditionsTest {
  @Test
  void treeCountsAreButchers() {
    int[] expected = {0, 1, 1, 2, 4, 9, 20, 48, 115};
    List<RootedTrees.Tree> all = RootedTrees.upTo(8);
    for (int n = 1; n <= 8; n++) {
      final int order = n;
      assertThat(all.stream().filter(t -> t.order() == order).count()).as("trees of order %d", n)
          .isEqualTo(expected[n]);
    }
  }

  static List<String> methods() {
    return Methods.explicitNames();
  }

  @ParameterizedTest
  @MethodSource("methods")
  void solutionSatisfiesItsOrderConditionsAndNotTheNext(String name) {
    ButcherTableau tb = Methods.tableau(name);
    int p = tb.order();
    double[][] a = tb.a();
    double[] b = tb.b();
    int checked = 0;
    double worstNext = 0.0;
    for (RootedTrees.Tree t : RootedTrees.upTo(p + 1)) {
      double d = RootedTrees.defect(t, a, b, 1.0 / t.gamma());
      if (t.order() <= p) {
        assertThat(Math.abs(d)).as("%s tree %s (order %d)", name, t.name(), t.order()).isLessThan(1e-12);
        checked++;
      } else {
        worstNext = Math.max(worstNext, Math.abs(d));
      }
    }
    assertThat(worstNext).as("%s should not be of order %d", name, p + 1).isGreaterThan(1e-6);
    System.out.printf("order conditions %-13s order %d: %d trees hold to 1e-12%n", name, p, checked);
  }

  @ParameterizedTest
  @MethodSource("methods")
  void embeddedSolutionHasOneOrderLess(String name) {
    ButcherTableau tb = Methods.tableau(name);
    if (!tb.adaptive()) {
      return;
    }
    double[][] a = tb.a();
    double[] bHat = minus(tb.b(), tb.bError());
    int q = tb.order() - 1;
    if (tb.bErrorLow() != null) {
      q = 5; // DOP853's b̂ of the e₅ estimate is of order 5 (Hairer, Nørsett & Wanner I, II.10)
      double[] bHat3 = minus(tb.b(), tb.bErrorLow());
      for (RootedTrees.Tree t : RootedTrees.upTo(3)) {
        assertThat(Math.abs(RootedTrees.defect(t, a, bHat3, 1.0 / t.gamma()))).as("%s e3 tree %s", name, t.name())
            .isLessThan(1e-12);
      }
    }
    for (RootedTrees.Tree t : RootedTrees.upTo(q)) {
      assertThat(Math.abs(RootedTrees.defect(t, a, bHat, 1.0 / t.gamma()))).as("%s embedded tree %s", name,
          t.name()).isLessThan(1e-12);
    }
  }

  @ParameterizedTest
  @MethodSource("methods")
  void denseOutputSatisfiesContinuousOrderConditions(String name) {
    ButcherTableau tb = Methods.tableau(name);
    if (tb.dense() == null) {
      return;
    }
    int q = Methods.denseOrder(tb);
    double[][] a = tb.a();
    double[][] dense = tb.dense();
    for (double theta : new double[] {0.13, 0.5, 0.71, 1.0}) {
      double[] w = new double[dense.length];
      for (int i = 0; i < w.length; i++) {
        double v = 0.0;
        for (int k = dense[i].length - 1; k >= 0; k--) {
          v = (v + dense[i][k]) * theta;
        }
        w[i] = v / theta; // conditions for Σ b_i(θ)Φ_i = θ^|τ|/γ, divided by θ
      }
      for (RootedTrees.Tree t : RootedTrees.upTo(q)) {
        double target = Math.pow(theta, t.order() - 1) / t.gamma();
        assertThat(Math.abs(RootedTrees.defect(t, a, w, target))).as("%s dense θ=%s tree %s", name, theta,
            t.name()).isLessThan(1e-11);
      }
    }
  }

  private static double[] minus(double[] x, double[] y) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i] - y[i];
    }
    return d;
  }
}
