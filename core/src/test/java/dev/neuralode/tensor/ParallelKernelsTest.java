package dev.neuralode.tensor;

import static dev.neuralode.tensor.OpTableTest.bits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuralode.tensor.Kernels.Unary;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The blocked matrix product gives, for every transposition and for shapes on and off its block
 * sizes, the bits of the textbook sum Σ_p op(A)[i, p]·op(B)[p, j] accumulated from 0 in increasing p;
 * and the blocked product and the split elementwise kernels give the same bits on 1, 2 and 3 threads.
 */
class ParallelKernelsTest {
  private static double[] values(long seed, int n) {
    double[] x = new Rng(seed).normal(n).toArray();
    x[0] = -0.0;
    return x;
  }

  private static double[] textbook(double[] a, boolean ta, double[] b, boolean tb, int m, int k, int n) {
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0.0;
        for (int p = 0; p < k; p++) {
          s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
        }
        c[i * n + j] = s;
      }
    }
    return c;
  }

  @ParameterizedTest
  @CsvSource({"512, 64, 64", "33, 5, 300", "4, 1, 8", "17, 70, 513", "64, 257, 9", "3, 40, 40", "100, 2, 16",
      "512, 64, 2", "300, 3, 7", "600, 64, 1", "40, 9, 3", "2, 512, 256", "3, 300, 130", "1, 2000, 64", "2, 512, 64",
      "40, 130, 600", "8, 300, 257", "513, 64, 3", "258, 17, 4", "35, 130, 1", "600, 5, 2", "257, 64, 5",
      "20, 300, 5", "3, 7, 200", "1, 4099, 70"})
  void blockedProductEqualsTheTextbookSumOnAnyNumberOfThreads(int m, int k, int n) {
    double[] a = values(m * 31L + k, m * k);
    double[] b = values(n * 17L + k, k * n);
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        long[] expected = bits(textbook(a, ta, b, tb, m, k, n));
        for (int threads = 1; threads <= 3; threads++) {
          double[] c = new double[m * n];
          Arrays.fill(c, Double.NaN);
          try (Parallelism p = Parallelism.threads(threads)) {
            MatmulKernels.matmul(a, ta, b, tb, m, k, n, c);
          }
          assertThat(bits(c)).as("m=%d k=%d n=%d ta=%s tb=%s threads=%d", m, k, n, ta, tb, threads)
              .containsExactly(expected);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Unary.class)
  void longElementwiseKernelsGiveTheSameBitsOnTwoThreads(Unary op) {
    double[] x = values(7, 3 * Kernels.UNARY_CHUNK + 11);
    long[] one = bits(Kernels.unary(op, x));
    try (Parallelism p = Parallelism.threads(2)) {
      assertThat(Parallelism.current()).isEqualTo(2);
      assertThat(bits(Kernels.unary(op, x))).containsExactly(one);
    }
    assertThat(Parallelism.current()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({"512 64, 64", "512 64, 1 64", "3 4, ''", "2 1 4, 1 4", "5 3 4, 3 4", "5 3 4, 1 1 4", "3 4, 3 1",
      "2 3 4, 2 1 4", "6, 1"})
  void sumToEqualsAdditionInRowMajorOrder(String shapeText, String targetText) {
    int[] shape = ints(shapeText);
    int[] target = ints(targetText);
    double[] x = values(11, Shape.size(shape));
    double[] expected = new double[Shape.size(target)];
    int[] strides = Kernels.broadcastStrides(target, shape);
    for (int i = 0; i < x.length; i++) {
      int rest = i;
      int off = 0;
      for (int ax = shape.length - 1; ax >= 0; ax--) {
        off += (rest % shape[ax]) * strides[ax];
        rest /= shape[ax];
      }
      expected[off] += x[i];
    }
    double[] y = new double[expected.length];
    Arrays.fill(y, Double.NaN);
    assertThat(bits(ShapeKernels.sumTo(x, shape, target, y))).containsExactly(bits(expected));
  }

  private static int[] ints(String text) {
    return text.isBlank() ? new int[0] : Arrays.stream(text.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
  }

  @Test
  void tensorMatmulInsideAScopeEqualsOutside() {
    Tensor a = new Rng(3).normal(200, 48);
    Tensor w = new Rng(4).normal(40, 48);
    long[] one = bits(a.matmul(w, false, true).toArray());
    try (Parallelism p = Parallelism.threads(2)) {
      assertThat(bits(a.matmul(w, false, true).toArray())).containsExactly(one);
    }
  }

  @Test
  void scopesNestAndRejectBadCounts() {
    try (Parallelism outer = Parallelism.threads(3)) {
      try (Parallelism inner = Parallelism.threads(1)) {
        assertThat(Parallelism.current()).isEqualTo(1);
        assertThat(inner.threads()).isEqualTo(1);
      }
      assertThat(Parallelism.current()).isEqualTo(3);
    }
    assertThatThrownBy(() -> Parallelism.threads(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threads is 0");
  }

  /** The cheap elementwise kernels, split into ranges on two threads, give the bits of one thread. */
  @Test
  void splitElementwiseKernelsGiveTheSameBitsOnTwoThreads() {
    int rows = 300;
    int cols = 257;
    double[] a = values(21, rows * cols);
    double[] b = values(22, rows * cols);
    double[] row = values(23, cols);
    double[] col = values(24, rows);
    int[] full = {rows, cols};
    List<java.util.function.Supplier<double[]>> kernels = List.of(
        () -> Kernels.binarySame(Kernels.Binary.MUL, a, b),
        () -> Kernels.binarySame(Kernels.Binary.MAX, a, b),
        () -> Kernels.binary(Kernels.Binary.ADD, a, full, row, new int[] {cols}, full),
        () -> Kernels.binary(Kernels.Binary.SUB, col, new int[] {rows, 1}, a, full, full),
        () -> Kernels.binary(Kernels.Binary.DIV, a, full, new double[] {3.0}, new int[0], full),
        () -> Kernels.binaryRows(Kernels.Binary.ADD, a, row, false, cols, new double[rows * cols]),
        () -> Kernels.binaryRows(Kernels.Binary.SUB, a, row, true, cols, new double[rows * cols]),
        () -> Kernels.addScalar(a, 0.1),
        () -> Kernels.scale(a, -1.7),
        () -> Kernels.unary(Unary.SQUARE, a),
        () -> ShapeKernels.sumTo(a, full, new int[] {cols}),
        () -> ShapeKernels.sumTo(Arrays.copyOf(a, 1200 * 64), new int[] {1200, 64}, new int[] {64}),
        () -> ShapeKernels.sumTo(a, new int[] {rows * cols / 257, 257}, new int[] {1, 257}));
    for (int i = 0; i < kernels.size(); i++) {
      long[] one = bits(kernels.get(i).get());
      try (Parallelism p = Parallelism.threads(2)) {
        assertThat(bits(kernels.get(i).get())).as("kernel %d", i).containsExactly(one);
      }
    }
  }

  /** The tiled transpose puts every A[i, j] at T[j, i], on and off the tile size. */
  @ParameterizedTest
  @CsvSource({"1, 1", "1, 37", "37, 1", "16, 16", "17, 15", "256, 256", "33, 70", "512, 3"})
  void tiledTransposeMovesEveryValue(int m, int n) {
    double[] a = values(m * 7L + n, m * n);
    double[] t = MatmulKernels.transpose(a, m, n);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        assertThat(Double.doubleToRawLongBits(t[j * m + i])).isEqualTo(Double.doubleToRawLongBits(a[i * n + j]));
      }
    }
  }
}
