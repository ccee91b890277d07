package dev.neuralode.tensor;

import static dev.neuralode.tensor.OpTableTest.bits;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.tensor.Kernels.Binary;
import dev.neuralode.tensor.Kernels.Unary;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The out-parameter kernels equal the allocating ones bit for bit, whatever the output buffer held
 * before (it is filled with NaN); and the transposed matrix products equal materialising the
 * transpose and multiplying, bit for bit, forward and through first and second derivatives.
 */
class KernelsTest {
  private static double[] values(long seed, int n) {
    double[] x = new Rng(seed).normal(n).toArray();
    if (n > 3) {
      x[0] = -0.0; // signed zeros and exact zeros must come through unchanged
      x[1] = 0.0;
    }
    return x;
  }

  private static double[] nan(int n) {
    double[] y = new double[n];
    Arrays.fill(y, Double.NaN);
    return y;
  }

  @ParameterizedTest
  @EnumSource(Unary.class)
  void unaryIntoABufferEqualsAllocating(Unary op) {
    double[] x = values(1, 37);
    assertThat(bits(Kernels.unary(op, x, nan(37)))).containsExactly(bits(Kernels.unary(op, x)));
  }

  @ParameterizedTest
  @EnumSource(Binary.class)
  void binaryIntoABufferEqualsAllocating(Binary op) {
    int[][][] cases = {{{3, 4}, {3, 4}}, {{3, 4}, {4}}, {{3, 1}, {1, 4}}, {{2, 3, 4}, {3, 1}}, {{3, 4}, {}}, {{}, {2, 2}}};
    for (int[][] c : cases) {
      double[] a = values(2, Shape.size(c[0]));
      double[] b = values(3, Shape.size(c[1]));
      int[] out = Shape.broadcast(c[0], c[1]);
      double[] fresh = Kernels.binary(op, a, c[0], b, c[1], out);
      assertThat(bits(Kernels.binary(op, a, c[0], b, c[1], out, nan(fresh.length)))).containsExactly(bits(fresh));
    }
  }

  /**
   * tanh's fused VJP g·(1 − y²) equals the four ops it replaces (square, negate, add 1, multiply) bit
   * for bit: on tanh outputs, on values near and at ±1, on signed zeros, on long (parallel) arrays
   * under two threads, and through a recorded tanh's backward pass.
   */
  @ParameterizedTest
  @CsvSource({"37, 1", "20000, 1", "20000, 2"})
  void tanhVjpEqualsTheFourOpsItReplacesBitForBit(int n, int threads) {
    double[] g = values(3, n);
    double[] y = Kernels.unary(Unary.TANH, values(4, n).clone());
    y[2] = 1.0;
    y[3] = -1.0;
    y[4] = Math.nextDown(1.0);
    y[5] = -0.0;
    Tensor gt = Tensor.of(g.clone(), n);
    Tensor yt = Tensor.of(y.clone(), n);
    double[] fourOps = gt.mul(yt.square().neg().add(1.0)).toArray();
    try (Parallelism p = Parallelism.threads(threads)) {
      assertThat(bits(Kernels.tanhVjp(g, y, nan(n)))).containsExactly(bits(fourOps));
    }
    Tensor x = Tensor.of(values(4, n), n).requireGrad();
    double[] viaTanh = Autograd.grad(List.of(x.tanh()), List.of(x), List.of(gt), false).get(0).toArray();
    Tensor tx = x.detach().tanh();
    assertThat(bits(viaTanh)).containsExactly(bits(gt.mul(tx.square().neg().add(1.0)).toArray()));
  }

  /**
   * Second derivatives through tanh's fused VJP equal those through the four ops it replaced, bit for
   * bit, with respect to both the input and the cotangent: y = tanh(x) with a cotangent c that requires
   * a gradient, Σ g² of the recorded VJP g differentiated again, against the same chain with tanh's VJP
   * written out by hand (a custom op whose VJP is the four ops on the recorded y). One path per input,
   * so the comparison is of the VJP rules alone. (Against the previous build, 20 random MLP-shaped
   * graphs also gave the same bits for the value, first and second derivatives; third derivatives
   * differed in the last bits, as the graphs differ from there on.)
   */
  @Test
  void secondDerivativesThroughTanhEqualTheFourOpVjpBitForBit() {
    double[] fused = null;
    for (boolean byHand : new boolean[] {false, true}) {
      Tensor x = new Rng(8).normal(6, 5).requireGrad();
      Tensor c = new Rng(9).normal(6, 5).requireGrad();
      Tensor y = x.tanh();
      Tensor out = !byHand ? y : Autograd.custom("tanh by four ops", y.detach(), List.of(x),
          g -> List.of(g.mul(y.square().neg().add(1.0))));
      Tensor g = Autograd.grad(List.of(out), List.of(x), List.of(c), true).get(0);
      List<Tensor> h = Autograd.grad(List.of(g.square().sum()), List.of(x, c), null, false);
      double[] all = Tensor.concat(0, g.detach(), h.get(0), h.get(1)).toArray();
      if (fused == null) {
        fused = all;
      } else {
        assertThat(bits(fused)).containsExactly(bits(all));
      }
    }
  }

  @Test
  void scalarAndCombinationKernelsIntoABufferEqualAllocating() {
    double[] x = values(4, 29);
    assertThat(bits(Kernels.pow(x, 1.5, nan(29)))).containsExactly(bits(Kernels.pow(x, 1.5)));
    assertThat(bits(Kernels.scale(x, -0.3, nan(29)))).containsExactly(bits(Kernels.scale(x, -0.3)));
    assertThat(bits(Kernels.addScalar(x, 0.7, nan(29)))).containsExactly(bits(Kernels.addScalar(x, 0.7)));
    double[][] xs = {x, values(5, 29), values(6, 29)};
    double[] c = {0.25, 0.0, -1.5};
    assertThat(bits(Kernels.linearCombination(c, xs, nan(29)))).containsExactly(bits(Kernels.linearCombination(c, xs)));
  }

  /** The term-by-term definition: y = 0, then y += c_t·x_t for every nonzero c_t, in order. */
  private static double[] termByTerm(double[] c, double[][] xs) {
    double[] y = new double[xs[0].length];
    for (int t = 0; t < c.length; t++) {
      if (c[t] != 0.0) {
        for (int i = 0; i < y.length; i++) {
          y[i] += c[t] * xs[t][i];
        }
      }
    }
    return y;
  }

  /**
   * Linear combinations of 1 to 9 terms, some coefficients exactly 0 (first, last, adjacent), with
   * signed zeros, infinities and NaN among the values, equal the term-by-term sum bit for bit.
   */
  @ParameterizedTest
  @CsvSource({"1", "2", "3", "4", "5", "6", "7", "8", "9"})
  void linearCombinationsEqualTheTermByTermSum(int terms) {
    for (int pattern = 0; pattern < 1 << terms; pattern++) {
      double[][] xs = new double[terms][];
      double[] c = new double[terms];
      Rng rng = new Rng(31L * terms + pattern);
      for (int t = 0; t < terms; t++) {
        xs[t] = values(100 + t, 13);
        xs[t][2 + t % 5] = t % 3 == 0 ? Double.POSITIVE_INFINITY : t % 3 == 1 ? -0.0 : Double.NaN;
        c[t] = (pattern >> t & 1) == 0 ? 0.0 : rng.uniform(-2.0, 2.0, 1).getFlat(0);
      }
      assertThat(bits(Kernels.linearCombination(c, xs, nan(13)))).as("pattern %s", pattern)
          .containsExactly(bits(termByTerm(c, xs)));
    }
  }

  @Test
  void shapeKernelsIntoABufferEqualAllocating() {
    int[] s = {2, 3, 4};
    double[] x = values(7, 24);
    assertThat(bits(ShapeKernels.expand(values(8, 3), new int[] {3, 1}, s, nan(24))))
        .containsExactly(bits(ShapeKernels.expand(values(8, 3), new int[] {3, 1}, s)));
    assertThat(bits(ShapeKernels.sumTo(x, s, new int[] {3, 1}, nan(3))))
        .containsExactly(bits(ShapeKernels.sumTo(x, s, new int[] {3, 1})));
    assertThat(bits(ShapeKernels.sumAxis(x, 2, 3, 4, nan(8)))).containsExactly(bits(ShapeKernels.sumAxis(x, 2, 3, 4)));
    assertThat(bits(MatmulKernels.transpose(x, 4, 6, nan(24)))).containsExactly(bits(MatmulKernels.transpose(x, 4, 6)));
    // slice then concatenate the pieces back: the original, bit for bit
    double[] head = ShapeKernels.slice(x, 2, 3, 4, 0, 1, nan(8));
    double[] tail = ShapeKernels.slice(x, 2, 3, 4, 1, 2, nan(16));
    assertThat(bits(ShapeKernels.concat(new double[][] {head, tail}, new int[] {1, 2}, 2, 4, nan(24))))
        .containsExactly(bits(x));
  }

  @ParameterizedTest(name = "m={0} k={1} n={2}")
  @CsvSource({"1, 1, 1", "3, 4, 2", "5, 1, 3", "2, 7, 6", "4, 0, 3", "8, 16, 8", "1, 16, 16", "1, 50, 2",
      "1, 2, 50", "3, 5, 9", "2, 3, 7", "6, 13, 11", "1, 0, 5"})
  void transposedProductsEqualMaterialisedTransposesBitForBit(int m, int k, int n) {
    double[] a = values(10L * m + k, m * k);
    double[] b = values(20L * k + n, k * n);
    double[] at = MatmulKernels.transpose(a, m, k); // [k, m]
    double[] bt = MatmulKernels.transpose(b, k, n); // [n, k]
    long[] expected = bits(MatmulKernels.matmul(a, b, m, k, n));
    assertThat(bits(MatmulKernels.matmul(a, false, b, false, m, k, n, nan(m * n)))).containsExactly(expected);
    assertThat(bits(MatmulKernels.matmul(at, true, b, false, m, k, n, nan(m * n)))).containsExactly(expected);
    assertThat(bits(MatmulKernels.matmul(a, false, bt, true, m, k, n, nan(m * n)))).containsExactly(expected);
    assertThat(bits(MatmulKernels.matmul(at, true, bt, true, m, k, n, nan(m * n)))).containsExactly(expected);
  }

  /**
   * The small product paths against the plain definition C[i, j] = ((0 + a₀b₀) + a₁b₁) + …, with signed
   * zeros among the values: the one- and two-term products of one state (weight gradients, a layer
   * with one or two inputs) have their own loops, which must give the same bits, −0.0 products
   * included (0 + −0.0 is +0.0).
   */
  @ParameterizedTest(name = "m={0} k={1} n={2}")
  @CsvSource({"50, 1, 2", "2, 1, 50", "1, 1, 7", "20, 1, 16", "1, 2, 50", "3, 2, 5", "1, 50, 2", "4, 3, 9"})
  void productsEqualThePlainSumFromZeroBitForBit(int m, int k, int n) {
    double[] a = values(30L * m + k, m * k);
    double[] b = values(40L * k + n, k * n);
    for (int i = 0; i < a.length; i += 3) {
      a[i] = i % 2 == 0 ? -0.0 : 0.0;
    }
    b[0] = -0.0;
    // the last row of A all zeros, of both signs: each of its entries is a sum of zero products only,
    // +0.0 from the leading 0 + whatever their signs
    for (int p = 0; p < k; p++) {
      a[(m - 1) * k + p] = p % 2 == 0 ? 0.0 : -0.0;
    }
    double[] plain = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0.0;
        for (int p = 0; p < k; p++) {
          s += a[i * k + p] * b[p * n + j];
        }
        plain[i * n + j] = s;
      }
    }
    long[] expected = bits(plain);
    double[] at = MatmulKernels.transpose(a, m, k);
    double[] bt = MatmulKernels.transpose(b, k, n);
    assertThat(bits(MatmulKernels.matmul(a, false, b, false, m, k, n, nan(m * n)))).containsExactly(expected);
    assertThat(bits(MatmulKernels.matmul(at, true, b, false, m, k, n, nan(m * n)))).containsExactly(expected);
    assertThat(bits(MatmulKernels.matmul(a, false, bt, true, m, k, n, nan(m * n)))).containsExactly(expected);
    assertThat(bits(MatmulKernels.matmul(at, true, bt, true, m, k, n, nan(m * n)))).containsExactly(expected);
  }

  /** x·Wᵀ (as Linear computes it now) against x·transpose(W) (as it did), through second order. */
  @Test
  void linearLayerProductIsBitIdenticalToTheTransposeItReplaces() {
    Tensor x = new Rng(1).normal(5, 3).requireGrad();
    Tensor w = new Rng(2).normal(4, 3).requireGrad();
    Tensor b = new Rng(3).normal(4).requireGrad();
    Tensor probe = new Rng(4).normal(5, 4);
    List<Tensor> viaFlags = derivatives(x.matmul(w, false, true).add(b).tanh(), probe, x, w, b);
    List<Tensor> viaTranspose = derivatives(x.matmul(w.transpose()).add(b).tanh(), probe, x, w, b);
    for (int i = 0; i < viaFlags.size(); i++) {
      assertThat(bits(viaFlags.get(i).toArray())).as("result %d", i).containsExactly(bits(viaTranspose.get(i).toArray()));
    }
  }

  /**
   * The fused affine op (NnOps.linear) against the matmul and broadcast add it replaces, through
   * second order, on a product large enough for the blocked kernel, with one and two threads.
   */
  @ParameterizedTest
  @CsvSource({"5, 3, 4, 1", "64, 40, 33, 1", "64, 40, 33, 2"})
  void fusedLinearIsBitIdenticalToMatmulThenAddThroughSecondOrder(int m, int k, int n, int threads) {
    Tensor x = new Rng(1).normal(m, k).requireGrad();
    Tensor w = new Rng(2).normal(n, k).requireGrad();
    Tensor b = new Rng(3).normal(n).requireGrad();
    Tensor probe = new Rng(4).normal(m, n);
    try (Parallelism p = Parallelism.threads(threads)) {
      List<Tensor> fused = derivatives(NnOps.linear(x, w, b).tanh(), probe, x, w, b);
      List<Tensor> apart = derivatives(x.matmul(w, false, true).add(b).tanh(), probe, x, w, b);
      for (int i = 0; i < fused.size(); i++) {
        assertThat(bits(fused.get(i).toArray())).as("result %d", i).containsExactly(bits(apart.get(i).toArray()));
      }
    }
    assertThat(x.matmul(w, false, true).add(b).node.op.kind()).isEqualTo(OpKind.ADD);
    assertThat(NnOps.linear(x, w, b).node.op.kind()).isEqualTo(OpKind.AFFINE);
  }

  @Test
  void everyTransposedFormIsBitIdenticalToTransposingFirstThroughSecondOrder() {
    Tensor a = new Rng(5).normal(3, 4).requireGrad();
    Tensor b = new Rng(6).normal(4, 2).requireGrad();
    Tensor at = a.detach().transpose().requireGrad();
    Tensor bt = b.detach().transpose().requireGrad();
    Tensor probe = new Rng(7).normal(3, 2);
    List<Tensor> plain = derivatives(a.matmul(b).sin(), probe, a, b);
    List<Tensor> ta = derivatives(at.matmul(b, true, false).sin(), probe, at, b);
    List<Tensor> tb = derivatives(a.matmul(bt, false, true).sin(), probe, a, bt);
    List<Tensor> tt = derivatives(at.matmul(bt, true, true).sin(), probe, at, bt);
    for (List<Tensor> other : List.of(ta, tb, tt)) {
      for (int i = 0; i < plain.size(); i++) {
        Tensor p = plain.get(i);
        Tensor o = other.get(i);
        if (!Arrays.equals(p.shape(), o.shape())) {
          o = o.transpose(); // a gradient with respect to a transposed operand
        }
        assertThat(bits(o.toArray())).as("result %d", i).containsExactly(bits(p.toArray()));
      }
    }
  }

  /** [y, ∂(probe·y)/∂inputs..., ∂(Σ gradients²)/∂inputs...] with createGraph. */
  private static List<Tensor> derivatives(Tensor y, Tensor probe, Tensor... inputs) {
    List<Tensor> in = List.of(inputs);
    List<Tensor> g = Autograd.grad(List.of(y), in, List.of(probe), true);
    Tensor acc = Tensor.scalar(0);
    for (Tensor gi : g) {
      acc = acc.add(gi.square().sum());
    }
    List<Tensor> h = Autograd.grad(List.of(acc), in, null, false);
    List<Tensor> all = new java.util.ArrayList<>();
    all.add(y);
    all.addAll(g);
    all.addAll(h);
    return all;
  }
}
