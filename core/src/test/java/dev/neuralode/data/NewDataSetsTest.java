package dev.neuralode.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NewDataSetsTest {

  @Test
  void annuliHaveTheirRadiiLabelsAndSeed() {
    NestedAnnuli a = NestedAnnuli.sample(500, 1500, 3);
    assertThat(a.size()).isEqualTo(2000);
    int inner = 0;
    for (int i = 0; i < a.size(); i++) {
      double r = Math.hypot(a.points()[i][0], a.points()[i][1]);
      if (a.labels()[i] < 0) {
        inner++;
        assertThat(r).isLessThan(0.5);
      } else {
        assertThat(r).isBetween(1.0, 1.5);
      }
    }
    assertThat(inner).isEqualTo(500);
    assertThat(NestedAnnuli.sample(500, 1500, 3).points()).isDeepEqualTo(a.points());
    assertThatThrownBy(() -> NestedAnnuli.sample(0, 5, 0)).hasMessageContaining("inner=0");
  }

  @Test
  void spiralsFollowTorchdiffeqsDefinition() {
    ArchimedeanSpirals s = ArchimedeanSpirals.generate(20, 250, 25, 6 * Math.PI, 0.0, 0.3, 5);
    assertThat(s.times()).hasSize(50);
    assertThat(s.times()[0]).isZero();
    assertThat(s.times()[1]).isCloseTo(6 * Math.PI / 249, within(1e-15));
    for (int k = 0; k < s.count(); k++) {
      for (double[] p : s.truth()[k]) {
        if (s.clockwise()[k]) {
          // r = 15 / z about (-5, 0): radius times z stays 15 with z in [1, 6π + 1]
          double r = Math.hypot(p[0] + 5, p[1]);
          assertThat(r).isBetween(15 / (6 * Math.PI + 1), 15.0);
        } else {
          double r = Math.hypot(p[0] - 5, p[1]);
          assertThat(r).isBetween(0.0, 0.3 * 6 * Math.PI);
        }
      }
    }
    assertThat(ArchimedeanSpirals.generate(20, 250, 25, 6 * Math.PI, 0.0, 0.3, 5).truth()).isDeepEqualTo(s.truth());
    assertThatThrownBy(() -> ArchimedeanSpirals.generate(5, 50, 25, 1, 0, 0.3, 0)).hasMessageContaining("total");
  }
}
