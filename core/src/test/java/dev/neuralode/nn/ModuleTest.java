package dev.neuralode.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ModuleTest {
  /** A module with an own parameter, a child, another own parameter and a shared grandchild. */
  static final class Block extends Module {
    final Parameter scale;
    final Linear inner;

    Block(Linear shared) {
      scale = register("scale", Tensor.vector(1, 2));
      inner = register("inner", new Linear(2, 3, true, new Rng(9)));
      register("offset", Tensor.scalar(5));
      if (shared != null) {
        register("shared", shared);
      }
    }
  }

  static final class Outer extends Module {
    Outer() {
      Linear shared = new Linear(1, 1, false, new Rng(0));
      register("head", shared);
      register("block", new Block(shared));
      register("tail", Tensor.zeros(2, 2));
    }
  }

  @Test
  void namesAreDottedDepthFirstInRegistrationOrderWithoutDuplicates() {
    Outer m = new Outer();
    assertThat(m.namedParameters().keySet()).containsExactly("head.weight", "block.scale",
        "block.inner.weight", "block.inner.bias", "block.offset", "tail");
    assertThat(m.parameterCount()).isEqualTo(1 + 2 + 6 + 3 + 1 + 4);
    assertThat(m.parameterValues()).hasSize(6);
    assertThat(m.parameterValues().get(1).toArray()).containsExactly(1, 2);
    assertThat(m.parameters().get(1).name()).isEqualTo("scale");
  }

  @Test
  void flatParametersRoundTrip() {
    Mlp a = new Mlp(2, new int[] {16, 16}, 2, Activation.TANH, true, new Rng(1));
    Mlp b = new Mlp(2, new int[] {16, 16}, 2, Activation.TANH, true, new Rng(2));
    double[] flat = a.flatParameters();
    assertThat(flat).hasSize(a.parameterCount());
    assertThat(Arrays.equals(flat, b.flatParameters())).isFalse();
    assertThat(flat[0]).isEqualTo(a.namedParameters().get("layers.0.weight").value().getFlat(0));
    assertThat(flat[flat.length - 1]).isEqualTo(a.namedParameters().get("layers.2.bias").value().getFlat(1));
    b.loadFlatParameters(flat);
    assertThat(Arrays.equals(flat, b.flatParameters())).isTrue();
    Tensor y = new Rng(3).normal(4, 2);
    Tensor t = Tensor.scalar(0.5);
    assertThat(b.apply(t, y).toArray()).containsExactly(a.apply(t, y).toArray());
    assertThat(b.parameterValues()).allSatisfy(v -> assertThat(v.requiresGrad() && v.isLeaf()).isTrue());
  }

  @Test
  void loadFlatParametersRejectsWrongLengthAndLeavesModelUnchanged() {
    Mlp m = new Mlp(2, new int[] {4}, 2, Activation.TANH, false, new Rng(1));
    double[] before = m.flatParameters();
    assertThatThrownBy(() -> m.loadFlatParameters(new double[before.length - 1]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(before.length))
        .hasMessageContaining(String.valueOf(before.length - 1));
    assertThat(Arrays.equals(before, m.flatParameters())).isTrue();
  }

  @Test
  void parameterSetChecksShapeAndDetaches() {
    Parameter p = new Parameter("w", Tensor.zeros(2, 3));
    assertThat(p.name()).isEqualTo("w");
    assertThat(p.size()).isEqualTo(6);
    assertThatThrownBy(() -> p.set(Tensor.zeros(3, 2))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'w'").hasMessageContaining("[2, 3]").hasMessageContaining("[3, 2]");
    Tensor computed = p.value().mul(2.0).add(1.0);
    assertThat(computed.isLeaf()).isFalse();
    p.set(computed);
    assertThat(p.value().isLeaf()).isTrue();
    assertThat(p.value().requiresGrad()).isTrue();
    assertThat(p.value().toArray()).containsOnly(1.0);
  }

  @Test
  void registrationRejectsDuplicateAndEmptyNames() {
    assertThatThrownBy(() -> new Module() {
      {
        register("w", Tensor.zeros(1));
        register("w", Tensor.zeros(1));
      }
    }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'w'");
    assertThatThrownBy(() -> new Module() {
      {
        register("", Tensor.zeros(1));
      }
    }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty");
  }
}
