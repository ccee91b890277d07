package dev.neuralode.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuralode.adjoint.AdjointOptions;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing the modes, and a {@link NeuralOde} giving the same gradients in every mode. */
class GradientModeTest {

  @Test
  void parseAcceptsTheOldAndNewNames() {
    assertThat(GradientMode.parse("direct")).isEqualTo(GradientMode.DIRECT);
    assertThat(GradientMode.parse(" Adjoint ")).isEqualTo(GradientMode.ADJOINT)
        .isEqualTo(GradientMode.BACKSOLVE_ADJOINT);
    assertThat(GradientMode.parse("backsolve")).isEqualTo(GradientMode.BACKSOLVE_ADJOINT);
    assertThat(GradientMode.parse("checkpointed")).isEqualTo(GradientMode.DIRECT_CHECKPOINTED);
    assertThat(GradientMode.parse("direct-checkpointed")).isEqualTo(GradientMode.DIRECT_CHECKPOINTED);
    assertThat(GradientMode.parse("interpolating")).isEqualTo(GradientMode.INTERPOLATING_ADJOINT);
    assertThat(GradientMode.parse("INTERPOLATING_ADJOINT")).isEqualTo(GradientMode.INTERPOLATING_ADJOINT);
    assertThatThrownBy(() -> GradientMode.parse("reverse")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("direct, checkpointed, backsolve (or adjoint), interpolating")
        .hasMessageContaining("'reverse'");
  }

  @Test
  void neuralOdeGradientsAgreeAcrossModes() {
    Solver o = Solver.builder().rtol(1e-9).atol(1e-9).build();
    double[] reference = null;
    for (GradientMode m : GradientMode.values()) {
      Mlp mlp = new Mlp(2, new int[] {6}, 2, Activation.TANH, true, new Rng(21));
      NeuralOde node = new NeuralOde(mlp, o, m, AdjointOptions.defaults().withSeminorm(true));
      Tensor z0 = new Rng(22).normal(2, 2).requireGrad();
      Tensor ys = node.forward(z0, new double[] {0.0, 0.6, 1.0});
      List<Tensor> wrt = new ArrayList<>(List.of(z0));
      wrt.addAll(node.parameterValues());
      List<Tensor> g = Autograd.grad(ys.square().sum(), wrt);
      List<Double> flat = new ArrayList<>();
      for (Tensor x : g) {
        for (double v : x.toArray()) {
          flat.add(v);
        }
      }
      double[] a = flat.stream().mapToDouble(Double::doubleValue).toArray();
      if (reference == null) {
        reference = a;
      } else {
        for (int i = 0; i < a.length; i++) {
          assertThat(Math.abs(a[i] - reference[i])).as("%s entry %d", m, i)
              .isLessThan(1e-6 * Math.max(1, Math.abs(reference[i])));
        }
      }
    }
  }
}
