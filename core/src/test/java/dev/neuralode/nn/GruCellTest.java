package dev.neuralode.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.tensor.GradCheck;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GruCellTest {

  @Test
  void gradientsInInputAndStateMatchFiniteDifferences() {
    Rng rng = new Rng(3);
    GruCell cell = new GruCell(3, 4, rng);
    Tensor x = rng.normal(5, 3);
    Tensor h = rng.normal(5, 4);
    GradCheck.Result r = GradCheck.check(in -> cell.forward(in.get(0), in.get(1)), List.of(x, h), 1e-6, 1);
    assertThat(r.maxRelError()).isLessThan(1e-6);
  }

  @Test
  void gradientsInParametersMatchFiniteDifferences() {
    Rng rng = new Rng(4);
    GruCell cell = new GruCell(2, 3, rng);
    Tensor x = rng.normal(4, 2);
    Tensor h = rng.normal(4, 3);
    Tensor w = rng.normal(4, 3);
    double err = ModuleGradients.maxRelError(cell, () -> cell.forward(x, h).mul(w).sum(), 1e-6, 1);
    assertThat(err).isLessThan(1e-6);
  }

  @Test
  void followsTheGruEquationsForOneUnit() {
    GruCell cell = new GruCell(1, 1, new Rng(0));
    double[] p = {0.3, -0.2, 0.5, 0.1, 0.2, -0.4, 0.7, -0.6, 0.25, 0.05, -0.15, 0.35};
    cell.loadFlatParameters(p);
    double x = 0.8;
    double h = -0.3;
    double r = sig(p[0] * x + p[3] + p[6] * h + p[9]);
    double u = sig(p[1] * x + p[4] + p[7] * h + p[10]);
    double n = Math.tanh(p[2] * x + p[5] + r * (p[8] * h + p[11]));
    double expected = (1 - u) * n + u * h;
    double got = cell.forward(Tensor.of(new double[] {x}, 1, 1), Tensor.of(new double[] {h}, 1, 1)).item();
    assertThat(got).isCloseTo(expected, within(1e-14));
  }

  @Test
  void rejectsMismatchedShapes() {
    GruCell cell = new GruCell(2, 3, new Rng(0));
    assertThatThrownBy(() -> cell.forward(Tensor.zeros(4, 3), Tensor.zeros(4, 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[batch, 2]");
  }

  private static double sig(double v) {
    return 1 / (1 + Math.exp(-v));
  }
}
