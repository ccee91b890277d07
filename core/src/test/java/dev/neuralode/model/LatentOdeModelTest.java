package dev.neuralode.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuralode.data.Standardizer;
import dev.neuralode.latent.LatentOde;
import dev.neuralode.ode.Solver;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.tensor.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatentOdeModelTest {
  private static final LatentOde.Sizes SIZES = new LatentOde.Sizes(2, 3, 4, new int[] {5}, new int[] {6},
      new int[] {5});

  private static LatentOdeModel model() {
    LatentOde m = new LatentOde(SIZES, Solver.of("rk4"), Solver.of("rk4"), Sensitivity.direct(), new Rng(8));
    return LatentOdeModel.from(List.of("x", "y"), new Standardizer(new double[] {1, 2}, new double[] {3, 4}), 0.5,
        2.0, SIZES, 0.1, SolverSpec.of(Solver.fixed("rk4", 0.04)), m);
  }

  @Test
  void rebuildsTheSameParametersAndLayout() {
    LatentOdeModel d = model();
    assertThat(d.kind()).isEqualTo("latent-ode");
    assertThat(d.build().flatParameters()).isEqualTo(d.parameters());
    assertThat(d.layout().size()).isEqualTo(d.parameters().length);
    assertThat(d.layout().names()).contains("encoder.gru.input.weight", "dynamics.f.layers.0.weight",
        "decoder.layers.1.bias");
    assertThat(d.toModelTime(new double[] {0.5, 2.5})).containsExactly(0.0, 1.0);
    assertThatThrownBy(() -> LatentOdeModel.withNamedParameters(d.columns(), d.scaling(), 0.5, 2.0, SIZES, 0.1,
        d.solver(), java.util.Map.of(), java.util.Map.of())).hasMessageContaining("parameters");
  }

  @Test
  void namesTheFieldAtFault() {
    LatentOdeModel d = model();
    assertThatThrownBy(() -> new LatentOdeModel(List.of("x"), d.scaling(), 0, 1, SIZES, 0.1, d.solver(),
        d.parameters())).isInstanceOf(InvalidModelException.class);
    assertThatThrownBy(() -> new LatentOdeModel(d.columns(), d.scaling(), 0, 0, SIZES, 0.1, d.solver(),
        d.parameters())).isInstanceOf(InvalidModelException.class).hasMessageContaining("timeScale");
    assertThatThrownBy(() -> new LatentOdeModel(d.columns(), d.scaling(), 0, 1, SIZES, -1, d.solver(),
        d.parameters())).hasMessageContaining("noiseStd");
    assertThatThrownBy(() -> new LatentOdeModel(d.columns(), d.scaling(), 0, 1, SIZES, 0.1, d.solver(),
        new double[3])).hasMessageContaining("parameters");
  }
}
