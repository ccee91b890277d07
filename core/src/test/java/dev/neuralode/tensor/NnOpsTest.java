package dev.neuralode.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Values of the convolutional-network ops against direct definitions, and their argument checks. */
class NnOpsTest {

  /** The definition, one output at a time. */
  private static double[] naiveConv(Tensor x, Tensor w, int s, int p) {
    int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
    int co = w.dim(0), kh = w.dim(2), kw = w.dim(3);
    int oh = (h + 2 * p - kh) / s + 1, ow = (wd + 2 * p - kw) / s + 1;
    double[] y = new double[n * co * oh * ow];
    int idx = 0;
    for (int b = 0; b < n; b++) {
      for (int o = 0; o < co; o++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            double sum = 0;
            for (int ci = 0; ci < c; ci++) {
              for (int a = 0; a < kh; a++) {
                for (int bb = 0; bb < kw; bb++) {
                  int ih = i * s + a - p, iw = j * s + bb - p;
                  if (ih >= 0 && ih < h && iw >= 0 && iw < wd) {
                    sum += w.get(o, ci, a, bb) * x.get(b, ci, ih, iw);
                  }
                }
              }
            }
            y[idx++] = sum;
          }
        }
      }
    }
    return y;
  }

  @Test
  void convolutionMatchesTheDefinition() {
    Rng rng = new Rng(3);
    for (int[] sp : new int[][] {{1, 0}, {1, 1}, {2, 1}, {3, 2}}) {
      Tensor x = rng.normal(2, 3, 7, 6);
      Tensor w = rng.normal(4, 3, 3, 2);
      Tensor y = NnOps.conv2d(x, w, sp[0], sp[1]);
      double[] ref = naiveConv(x, w, sp[0], sp[1]);
      assertThat(y.dim(1)).isEqualTo(4);
      assertThat(y.size()).isEqualTo(ref.length);
      for (int i = 0; i < ref.length; i++) {
        assertThat(y.getFlat(i)).isCloseTo(ref[i], within(1e-12));
      }
    }
  }

  @Test
  void transposedConvolutionIsTheAdjoint() {
    Rng rng = new Rng(4);
    Tensor x = rng.normal(2, 3, 7, 6);
    Tensor w = rng.normal(4, 3, 3, 3);
    Tensor y = NnOps.conv2d(x, w, 2, 1);
    Tensor g = rng.normal(y.shape());
    // <conv(x, w), g> = <x, convᵀ(g, w)>
    double lhs = y.mul(g).sum().item();
    double rhs = x.mul(NnOps.conv2dTranspose(g, w, 2, 1, 7, 6)).sum().item();
    assertThat(rhs).isCloseTo(lhs, within(1e-10));
  }

  @Test
  void largeBatchesRunInChunksWithTheSameBitsAsOneImageAtATime() {
    Rng rng = new Rng(6);
    Tensor x = rng.normal(32, 16, 14, 14); // 32·196·144·16 multiply–adds: above the parallel threshold
    Tensor w = rng.normal(16, 16, 3, 3);
    Tensor y = NnOps.conv2d(x, w, 1, 1);
    Tensor g = rng.normal(y.shape());
    Tensor dx = NnOps.conv2dTranspose(g, w, 1, 1, 14, 14);
    for (int n : new int[] {0, 7, 8, 31}) {
      Tensor xn = x.slice(0, n, n + 1);
      assertThat(OpTableTest.bits(NnOps.conv2d(xn, w, 1, 1).toArray()))
          .containsExactly(OpTableTest.bits(y.slice(0, n, n + 1).toArray()));
      assertThat(OpTableTest.bits(NnOps.conv2dTranspose(g.slice(0, n, n + 1), w, 1, 1, 14, 14).toArray()))
          .containsExactly(OpTableTest.bits(dx.slice(0, n, n + 1).toArray()));
    }
    Tensor dw1 = Ops.apply(Op.conv2dWeightGrad(1, 1, 3, 3), x, g);
    Tensor dw2 = Ops.apply(Op.conv2dWeightGrad(1, 1, 3, 3), x, g);
    assertThat(OpTableTest.bits(dw1.toArray())).containsExactly(OpTableTest.bits(dw2.toArray()));
    // the weight gradient is the sum over images of the one-image gradients
    Tensor sum = Tensor.zeros(16, 16, 3, 3);
    for (int n = 0; n < 32; n++) {
      sum = sum.add(Ops.apply(Op.conv2dWeightGrad(1, 1, 3, 3), x.slice(0, n, n + 1), g.slice(0, n, n + 1)));
    }
    assertThat(sum.sub(dw1).abs().sum().item()).isLessThan(1e-9);
  }

  @Test
  void poolingNormalisationAndCrossEntropyValues() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 1, 1, 4, 4);
    assertThat(NnOps.avgPool2d(x, 2, 2).toArray()).containsExactly(3.5, 5.5, 11.5, 13.5);
    assertThat(NnOps.globalAvgPool(x).toArray()).containsExactly(8.5);
    Tensor z = new Rng(5).normal(3, 4, 2, 2).mul(3.0).add(1.0);
    Tensor y = NnOps.groupNorm(z, 2, null, null, 1e-5);
    for (int b = 0; b < 3; b++) {
      Tensor group = y.index(b).reshape(2, 8);
      for (int gi = 0; gi < 2; gi++) {
        Tensor v = group.index(gi);
        assertThat(v.mean().item()).isCloseTo(0.0, within(1e-12));
        assertThat(v.square().mean().item()).isCloseTo(1.0, within(1e-5));
      }
    }
    Tensor gamma = Tensor.vector(1, 2, 3, 4);
    Tensor beta = Tensor.vector(0, 1, 0, -1);
    Tensor affine = NnOps.groupNorm(z, 2, gamma, beta, 1e-5);
    assertThat(affine.get(1, 3, 1, 0)).isCloseTo(4 * y.get(1, 3, 1, 0) - 1, within(1e-12));
    Tensor logits = Tensor.matrix(new double[][] {{1, 2, 3}, {1000, 0, -1000}});
    Tensor ce = NnOps.softmaxCrossEntropy(logits, new int[] {2, 1});
    double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    assertThat(ce.get(0)).isCloseTo(lse - 3, within(1e-14));
    assertThat(ce.get(1)).isCloseTo(1000.0, within(1e-9));
    assertThat(NnOps.argmaxRows(logits)).containsExactly(2, 0);
  }

  @Test
  void badArgumentsAreNamed() {
    Tensor x = Tensor.zeros(1, 3, 5, 5);
    assertThatThrownBy(() -> NnOps.conv2d(x, Tensor.zeros(2, 2, 3, 3), 1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 channels");
    assertThatThrownBy(() -> NnOps.conv2d(x, Tensor.zeros(2, 3, 3, 3), 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stride");
    assertThatThrownBy(() -> NnOps.conv2d(x, Tensor.zeros(2, 3, 7, 7), 1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
    assertThatThrownBy(() -> NnOps.conv2d(Tensor.zeros(3, 5, 5), Tensor.zeros(2, 3, 3, 3), 1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4-D");
    assertThatThrownBy(() -> NnOps.conv2d(x, Tensor.zeros(2, 3, 3, 3), Tensor.zeros(3), 1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bias");
    assertThatThrownBy(() -> NnOps.conv2dTranspose(Tensor.zeros(1, 2, 4, 4), Tensor.zeros(2, 3, 3, 3), 1, 0, 5, 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
    assertThatThrownBy(() -> NnOps.avgPool2d(x, 6, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
    assertThatThrownBy(() -> NnOps.groupNorm(x, 2, null, null, 1e-5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("divide");
    assertThatThrownBy(() -> NnOps.groupNorm(x, 3, Tensor.zeros(2), null, 1e-5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gamma");
    assertThatThrownBy(() -> NnOps.softmaxCrossEntropy(Tensor.zeros(2, 3), new int[] {0, 3}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels[1] = 3");
    assertThatThrownBy(() -> NnOps.softmaxCrossEntropy(Tensor.zeros(2, 3), new int[] {0}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one row per label");
  }

  @Test
  void linearIsXTimesWTransposedPlusBAndNamesAllShapesOnAMismatch() {
    Tensor x = Tensor.matrix(new double[][] {{1, 2}, {3, 4}, {5, 6}});
    Tensor w = Tensor.matrix(new double[][] {{1, 0}, {0, 1}, {1, -1}});
    Tensor b = Tensor.vector(0.5, -1, 2);
    assertThat(NnOps.linear(x, w, b).toArray()).containsExactly(1.5, 1, 1, 3.5, 3, 1, 5.5, 5, 1);
    assertThat(NnOps.linear(x, w, b).shape()).containsExactly(3, 3);
    assertThatThrownBy(() -> NnOps.linear(x, w.transpose(), b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x [3, 2], W [2, 3], b [3]");
    assertThatThrownBy(() -> NnOps.linear(x, w, Tensor.vector(1, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b [2]");
    assertThat(NnOps.linear(x, w, null).toArray()).containsExactly(1, 2, -1, 3, 4, -1, 5, 6, -1);
    assertThatThrownBy(() -> NnOps.linear(null, w, b))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x null");
  }
}
