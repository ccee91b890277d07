package dev.neuralode.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Tableau validation, the library's tableaux, and the dense output built from them. */
class ButcherTableauTest {

  @Test
  void rejectsARowWhoseCouplingsDoNotSumToItsNode() {
    assertThatThrownBy(() -> new ButcherTableau(new double[] {0, 0.5, 1}, new double[][] {{}, {0.5}, {0.5, 0.4}},
        new double[] {0.25, 0.5, 0.25}, null, null, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 2")
        .hasMessageContaining("c[2]=1.0");
  }

  @Test
  void rejectsWeightsNotSummingToOneAndErrorWeightsNotSummingToZero() {
    double[] c = {0, 0.5};
    double[][] a = {{}, {0.5}};
    assertThatThrownBy(() -> new ButcherTableau(c, a, new double[] {0.5, 0.4}, null, null, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to 1");
    assertThatThrownBy(() -> new ButcherTableau(c, a, new double[] {0, 1}, new double[] {0.1, 0.1}, null, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bError");
    assertThatThrownBy(() -> new ButcherTableau(new double[] {0.1}, new double[][] {{}}, new double[] {1}, null,
        null, 1)).hasMessageContaining("row 0");
    assertThatThrownBy(() -> new ButcherTableau(c, new double[][] {{0.3}, {0.5}}, new double[] {0, 1}, null,
        null, 2)).hasMessageContaining("strictly lower-triangular");
    assertThatThrownBy(() -> new ButcherTableau(c, a, new double[] {0, 1}, null, new double[][] {{1}, {0}}, 2)).hasMessageContaining("row 0").hasMessageContaining("theta=1");
    // FSAL is derived from the coefficients: the midpoint rule's last stage is not at (t + h, y_new).
    assertThat(new ButcherTableau(c, a, new double[] {0, 1}, null, null, 2).fsal()).isFalse();
    assertThat(Methods.BOSH3.fsal()).isTrue();
    assertThat(Methods.RK4.fsal()).isFalse();
  }

  @Test
  void acceptsASquareCouplingMatrixAndIsImmutable() {
    ButcherTableau t = new ButcherTableau(new double[] {0, 0.5}, new double[][] {{0, 0}, {0.5, 0}},
        new double[] {0, 1}, null, null, 2);
    assertThat(t).isEqualTo(Methods.MIDPOINT);
    t.a()[1][0] = 99;
    t.b()[0] = 99;
    assertThat(t.a()[1][0]).isEqualTo(0.5);
    assertThat(t.b()[0]).isEqualTo(0.0);
  }

  @Test
  void libraryTableauxAreNamedAndConsistent() {
    assertThat(Methods.explicitNames()).containsExactly("euler", "midpoint", "heun2", "heun3", "ralston", "rk4", "rk38",
        "fehlberg2", "adaptive_heun", "bosh3", "dopri5", "tsit5", "dopri8");
    assertThat(Methods.tableau("DOPRI5")).isSameAs(Methods.DOPRI5);
    assertThatThrownBy(() -> Methods.tableau("rk45")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("euler, midpoint, heun2, heun3, ralston, rk4, rk38, fehlberg2, adaptive_heun,"
            + " bosh3, dopri5, tsit5, dopri8");
    ButcherTableau d = Methods.DOPRI5;
    assertThat(d.stages()).isEqualTo(7);
    assertThat(d.fsal()).isTrue();
    assertThat(d.adaptive()).isTrue();
    assertThat(d.order()).isEqualTo(5);
    assertThat(d.bError()[6]).isCloseTo(-1.0 / 40, within(1e-16));
    assertThat(Methods.RK4.adaptive()).isFalse();
  }

  /**
   * Our dense output expands Hairer's CONTD5 form; torchdiffeq instead fits a quartic through y0, y1,
   * y(t0 + h/2) = y0 + h·Σ m_i k_i and both end slopes. The two published coefficient sets must agree:
   * b_i(1/2) = m_i, b_i'(0) = δ_i0, b_i'(1) = δ_i6.
   */
  @Test
  void dopri5DenseOutputIsTorchdiffeqsQuartic() {
    double[] mid = {6025192743.0 / 30085553152.0 / 2, 0, 51252292925.0 / 65400821598.0 / 2,
        -2691868925.0 / 45128329728.0 / 2, 187940372067.0 / 1594534317056.0 / 2,
        -1776094331.0 / 19743644256.0 / 2, 11237099.0 / 235043384 / 2};
    double[][] p = Methods.DOPRI5.dense();
    for (int i = 0; i < 7; i++) {
      double atHalf = 0;
      double slope0 = p[i][0];
      double slope1 = 0;
      for (int q = 0; q < p[i].length; q++) {
        atHalf += p[i][q] * Math.pow(0.5, q + 1);
        slope1 += (q + 1) * p[i][q];
      }
      assertThat(atHalf).as("b_%d(1/2)", i).isCloseTo(mid[i], within(1e-15));
      assertThat(slope0).as("b_%d'(0)", i).isCloseTo(i == 0 ? 1 : 0, within(1e-15));
      assertThat(slope1).as("b_%d'(1)", i).isCloseTo(i == 6 ? 1 : 0, within(1e-13));
    }
  }

  @Test
  void interpolantIsAccurateInsideAStepAndHermiteFallbackIsCloseBehind() {
    ButcherTableau d = Methods.DOPRI5;
    ButcherTableau noDense = new ButcherTableau(d.c(), d.a(), d.b(), d.bError(), null, d.order());
    ExplicitRungeKutta rk = new ExplicitRungeKutta(d);
    double h = 0.2;
    double[] z0 = {0.6, 0.3};
    Evaluator ev = new Evaluator(LinearSpiral.tensorFunction(), Tensor.of(z0, 1, 2));
    ExplicitRungeKutta.Step step = rk.step(ev, 0.0, h, h, Tensor.of(z0, 1, 2), null);
    assertThat(ev.count()).isEqualTo(7);
    Interpolant quartic = new Interpolant(d);
    Interpolant hermite = new Interpolant(noDense);
    assertThat(quartic.hermite()).isFalse();
    assertThat(hermite.hermite()).isTrue();
    assertThat(quartic.at(step, h)).isSameAs(step.y1());
    for (double theta : new double[] {0.1, 0.37, 0.5, 0.9}) {
      double[] exact = LinearSpiral.exact(z0, theta * h);
      Tensor q = quartic.at(step, theta * h);
      Tensor c = hermite.at(step, theta * h);
      for (int j = 0; j < 2; j++) {
        // local errors O(h^5) for the quartic, O(h^4) for the cubic Hermite interpolant
        assertThat(q.getFlat(j)).isCloseTo(exact[j], within(2e-6 * Math.pow(h, 5) / 3.2e-4));
        assertThat(c.getFlat(j)).isCloseTo(exact[j], within(1e-4 * Math.pow(h, 4) / 1.6e-3));
      }
    }
    assertThat(new Interpolant(Methods.RK4).hermite()).isTrue(); // Hermite with an evaluated end slope
  }

  @Test
  void dop853DataChecksItsExtraStagesAndSecondEstimate() {
    ButcherTableau d = Methods.DOPRI8;
    assertThat(d.totalStages()).isEqualTo(16);
    assertThat(d.stages()).isEqualTo(13);
    assertThat(d.fsal()).isTrue();
    assertThat(d.bErrorLow()).hasSize(13);
    assertThat(d.extension().dense()[0]).hasSize(7);
    assertThat(d.dense()).isNull();
    assertThat(Methods.denseOrder(d)).isEqualTo(7);
    assertThat(Methods.denseOrder(Methods.TSIT5)).isEqualTo(4);
    assertThat(Methods.denseOrder(Methods.BOSH3)).isEqualTo(3);
    double[] c = {0.0, 1.0};
    double[][] a = {{}, {1.0}};
    double[] b = {0.5, 0.5};
    double[] e = {-0.5, 0.5};
    assertThatThrownBy(() -> new ButcherTableau(c, a, b, e, null, 2, new ButcherTableau.Extension(
        new double[] {0.5}, new double[][] {{0.5}}, null, null))).hasMessageContaining("row 0 of extension.a has 1"
        + " entries but needs 2");
    assertThatThrownBy(() -> new ButcherTableau(c, a, b, e, null, 2, new ButcherTableau.Extension(
        new double[] {0.5}, new double[][] {{0.25, 0.25}}, null, new double[][] {{0.5}, {0.5}, {0.5}})))
        .hasMessageContaining("row 2").hasMessageContaining("theta=1");
    assertThatThrownBy(() -> new ButcherTableau(c, a, b, null, null, 2, new ButcherTableau.Extension(
        new double[0], new double[0][], e, null))).hasMessageContaining("bErrorLow needs bError");
    assertThatThrownBy(() -> new ButcherTableau(c, a, b, e, null, 2, new ButcherTableau.Extension(
        new double[0], new double[0][], new double[] {0.5, 0.6}, null))).hasMessageContaining("bErrorLow sums to");
  }

  @Test
  void dop853DenseStagesAreEvaluatedOnlyWhenNeeded() {
    Tensor z0 = Tensor.of(new double[] {0.6, 0.3}, 1, 2);
    Evaluator ev = new Evaluator(LinearSpiral.tensorFunction(), z0);
    ExplicitRungeKutta rk = new ExplicitRungeKutta(Methods.DOPRI8);
    ExplicitRungeKutta.Step step = rk.step(ev, 0.0, 0.5, 0.5, z0, null);
    assertThat(ev.count()).isEqualTo(13);
    rk.prepareDense(ev, step, false);
    rk.prepareDense(ev, step, false);
    assertThat(ev.count()).isEqualTo(16);
    Interpolant dense = new Interpolant(Methods.DOPRI8);
    double[] exact = LinearSpiral.exact(new double[] {0.6, 0.3}, 0.2);
    assertThat(dense.at(step, 0.2).getFlat(0)).isCloseTo(exact[0], within(1e-9));
  }
}
