package dev.neuralode.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TensorTest {

  @Test
  void broadcastingAddMatchesHandComputation() {
    Tensor a = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
    Tensor b = Tensor.vector(10, 20, 30);
    assertThat(a.add(b).toArray()).containsExactly(11, 22, 33, 14, 25, 36);
    Tensor col = Tensor.of(new double[] {100, 200}, 2, 1);
    assertThat(a.add(col).toArray()).containsExactly(101, 102, 103, 204, 205, 206);
    assertThat(col.mul(b).shape()).containsExactly(2, 3);
    assertThat(col.mul(b).toArray()).containsExactly(1000, 2000, 3000, 2000, 4000, 6000);
  }

  @Test
  void matmulAndReductions() {
    Tensor a = Tensor.matrix(new double[][] {{1, 2}, {3, 4}, {5, 6}});
    Tensor b = Tensor.matrix(new double[][] {{1, 0, -1}, {2, 1, 0}});
    assertThat(a.matmul(b).toArray()).containsExactly(5, 2, -1, 11, 4, -3, 17, 6, -5);
    assertThat(a.sum(0, false).toArray()).containsExactly(9, 12);
    assertThat(a.sum(1, true).shape()).containsExactly(3, 1);
    assertThat(a.mean().item()).isEqualTo(3.5);
    assertThat(a.transpose().toArray()).containsExactly(1, 3, 5, 2, 4, 6);
    // transposed operands, read in place: bᵀ·aᵀ = (a·b)ᵀ, aᵀ·a, b·bᵀ
    assertThat(b.matmul(a, true, true).toArray()).containsExactly(5, 11, 17, 2, 4, 6, -1, -3, -5);
    assertThat(a.matmul(a, true, false).toArray()).containsExactly(35, 44, 44, 56);
    assertThat(b.matmul(b, false, true).toArray()).containsExactly(2, 2, 2, 5);
    assertThatThrownBy(() -> a.matmul(b, true, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inner extents");
    assertThatThrownBy(() -> a.matmul(Tensor.vector(1, 2), false, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two 2-D operands");
  }

  @Test
  void sliceConcatRoundTrip() {
    Tensor a = new Rng(1).normal(4, 5);
    Tensor back = Tensor.concat(1, a.slice(1, 0, 2), a.slice(1, 2, 5));
    assertThat(back.toArray()).containsExactly(a.toArray());
    Tensor rows = Tensor.concat(0, a.slice(0, 0, 1), a.slice(0, 1, 4));
    assertThat(rows.toArray()).containsExactly(a.toArray());
    assertThat(a.index(2).toArray()).containsExactly(a.slice(0, 2, 3).toArray());
  }

  @Test
  void activationsAgreeWithClosedForms() {
    Tensor x = Tensor.vector(-800, -2, 0, 2, 800);
    assertThat(x.sigmoid().toArray()).containsExactly(0.0, 1 / (1 + Math.exp(2)), 0.5, 1 / (1 + Math.exp(-2)), 1.0);
    assertThat(x.softplus().getFlat(3)).isCloseTo(Math.log1p(Math.exp(2)), within(1e-15));
    assertThat(x.softplus().getFlat(4)).isEqualTo(800.0);
    assertThat(x.elu().getFlat(1)).isCloseTo(Math.exp(-2) - 1, within(1e-15));
    assertThat(x.relu().toArray()).containsExactly(0, 0, 0, 2, 800);
  }

  @Test
  void noRecordingWhenNoInputNeedsGradientOrInsideNoGrad() {
    Tensor a = Tensor.vector(1, 2);
    assertThat(a.exp().requiresGrad()).isFalse();
    Tensor w = a.requireGrad();
    assertThat(w.exp().requiresGrad()).isTrue();
    try (Autograd.Scope s = Autograd.noGrad()) {
      assertThat(w.exp().requiresGrad()).isFalse();
      try (Autograd.Scope e = Autograd.enableGrad()) {
        assertThat(w.exp().requiresGrad()).isTrue();
      }
      assertThat(Autograd.isRecording()).isFalse();
    }
    assertThat(Autograd.isRecording()).isTrue();
  }

  @Test
  void unusedInputGetsZerosOfItsShape() {
    Tensor x = Tensor.vector(1, 2, 3).requireGrad();
    Tensor unused = Tensor.zeros(2, 2).requireGrad();
    List<Tensor> g = Autograd.grad(x.square().sum(), List.of(x, unused));
    assertThat(g.get(0).toArray()).containsExactly(2, 4, 6);
    assertThat(g.get(1).shape()).containsExactly(2, 2);
    assertThat(g.get(1).toArray()).containsOnly(0.0);
  }

  @Test
  void secondDerivativeOfCubic() {
    // d/dx x^3 = 3x^2, d2/dx2 = 6x
    Tensor x = Tensor.scalar(1.7).requireGrad();
    Tensor y = x.mul(x).mul(x);
    Tensor dy = Autograd.grad(List.of(y), List.of(x), null, true).get(0);
    assertThat(dy.item()).isCloseTo(3 * 1.7 * 1.7, within(1e-12));
    Tensor d2y = Autograd.grad(List.of(dy), List.of(x), null, false).get(0);
    assertThat(d2y.item()).isCloseTo(6 * 1.7, within(1e-12));
  }

  @Test
  void deepGraphDoesNotOverflowTheStack() {
    Tensor x = Tensor.scalar(1.0).requireGrad();
    Tensor y = x;
    for (int i = 0; i < 200_000; i++) {
      y = y.mul(1.0000001);
    }
    double g = Autograd.grad(y, List.of(x)).get(0).item();
    assertThat(g).isCloseTo(Math.pow(1.0000001, 200_000), within(1e-9));
  }

  @Test
  void badArgumentsHaveClearMessages() {
    assertThatThrownBy(() -> Tensor.of(new double[3], 2, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data has 3 values but shape [2, 2]");
    assertThatThrownBy(() -> Tensor.zeros(2, 3).add(Tensor.zeros(4)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be broadcast");
    assertThatThrownBy(() -> Tensor.zeros(2, 3).matmul(Tensor.zeros(2, 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inner extents");
    assertThatThrownBy(() -> Tensor.zeros(2, 3).slice(1, 2, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
  }

  @Test
  void rngIsDeterministicPerSeed() {
    assertThat(new Rng(42).normal(10).toArray()).containsExactly(new Rng(42).normal(10).toArray());
    assertThat(new Rng(42).normal(10).toArray()).isNotEqualTo(new Rng(43).normal(10).toArray());
    double[] z = new Rng(3).normal(200_000).toArray();
    double mean = 0;
    double var = 0;
    for (double v : z) {
      mean += v / z.length;
    }
    for (double v : z) {
      var += (v - mean) * (v - mean) / z.length;
    }
    assertThat(mean).isCloseTo(0, within(0.01));
    assertThat(var).isCloseTo(1, within(0.01));
  }
}
