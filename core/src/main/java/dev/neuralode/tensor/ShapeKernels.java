package dev.neuralode.tensor;

import java.util.Arrays;

/**
 * The loops of reductions and data movement: broadcast copies, sums over axes or down to a shape,
 * slices and concatenations. As in {@link Kernels}, each kernel writes a caller-supplied output
 * {@code y} (overwritten, not aliasing an input) and the allocating overloads are thin wrappers.
 */
final class ShapeKernels {
  private ShapeKernels() {}

  static double[] expand(double[] x, int[] shape, int[] outShape) {
    return expand(x, shape, outShape, new double[Shape.size(outShape)]);
  }

  /**
   * Materialises {@code x} broadcast to {@code outShape} as 0.0 + x (so −0.0 becomes +0.0, as the
   * allocating kernel always did).
   */
  static double[] expand(double[] x, int[] shape, int[] outShape, double[] y) {
    Arrays.fill(y, 0.0);
    return Kernels.binary(Kernels.Binary.ADD, y, outShape, x, shape, outShape, y);
  }

  static double[] sumTo(double[] x, int[] shape, int[] target) {
    return sumTo(x, shape, target, new double[Shape.size(target)]);
  }

  /** Sums {@code x} of shape {@code shape} down to {@code target}, which broadcasts to {@code shape}. */
  static double[] sumTo(double[] x, int[] shape, int[] target, double[] y) {
    Arrays.fill(y, 0.0);
    int rank = shape.length;
    int inner = leadingSumInner(shape, target);
    if (inner > 0) {
      // the common case (a bias gradient): leading axes summed away, the trailing ones kept; rows are
      // added in the same order as the general loop below, so the bits are the same
      // ranges of columns are independent tasks (each column still adds its rows in order)
      int len = x.length;
      Parallelism.forRanges(inner, Math.max(16, inner / 4), Parallelism.ELEMENT_WORK * len, (j0, j1) -> {
        for (int p = 0; p < len; p += inner) {
          for (int j = j0; j < j1; j++) {
            y[j] += x[p + j];
          }
        }
      });
      return y;
    }
    int[] st = Kernels.broadcastStrides(target, shape);
    int[] idx = new int[rank];
    int off = 0;
    for (int i = 0; i < x.length; i++) {
      y[off] += x[i];
      for (int ax = rank - 1; ax >= 0; ax--) {
        idx[ax]++;
        off += st[ax];
        if (idx[ax] < shape[ax]) {
          break;
        }
        off -= st[ax] * shape[ax];
        idx[ax] = 0;
      }
    }
    return y;
  }

  /**
   * If {@code target} keeps a trailing block of {@code shape}'s axes whole and has extent 1 (or no
   * axis) on all the others before it, the size of that block (1 when everything is summed); else 0.
   */
  private static int leadingSumInner(int[] shape, int[] target) {
    int rank = shape.length;
    int off = rank - target.length;
    int split = rank;
    while (split > 0 && split - 1 >= off && target[split - 1 - off] == shape[split - 1]) {
      split--;
    }
    int inner = 1;
    for (int ax = 0; ax < rank; ax++) {
      int t = ax < off ? 1 : target[ax - off];
      if (ax < split && t != 1) {
        return 0;
      }
      if (ax >= split) {
        inner *= shape[ax];
      }
    }
    return inner;
  }

  static double[] sumAxis(double[] x, int outer, int n, int inner) {
    return sumAxis(x, outer, n, inner, new double[outer * inner]);
  }

  /** Sum over one axis: {@code x} viewed as [outer, n, inner] gives y of [outer, inner]. */
  static double[] sumAxis(double[] x, int outer, int n, int inner, double[] y) {
    Arrays.fill(y, 0.0);
    for (int o = 0; o < outer; o++) {
      int base = o * n * inner;
      int yo = o * inner;
      for (int k = 0; k < n; k++) {
        int p = base + k * inner;
        for (int j = 0; j < inner; j++) {
          y[yo + j] += x[p + j];
        }
      }
    }
    return y;
  }

  /** {@code x} viewed as [outer, n, inner]: y = x[:, start:start+len, :], of [outer, len, inner]. */
  static double[] slice(double[] x, int outer, int n, int inner, int start, int len, double[] y) {
    for (int o = 0; o < outer; o++) {
      System.arraycopy(x, (o * n + start) * inner, y, o * len * inner, len * inner);
    }
    return y;
  }

  /**
   * Concatenation along a middle axis: part p viewed as [outer, lens[p], inner]; y is [outer, Σ lens,
   * inner].
   */
  static double[] concat(double[][] parts, int[] lens, int outer, int inner, double[] y) {
    int total = 0;
    for (int len : lens) {
      total += len;
    }
    int off = 0;
    for (int p = 0; p < parts.length; p++) {
      int len = lens[p];
      for (int o = 0; o < outer; o++) {
        System.arraycopy(parts[p], o * len * inner, y, (o * total + off) * inner, len * inner);
      }
      off += len;
    }
    return y;
  }

  /** Product of the extents before {@code axis}. */
  static int outer(int[] shape, int axis) {
    int outer = 1;
    for (int i = 0; i < axis; i++) {
      outer *= shape[i];
    }
    return outer;
  }

  /** Product of the extents after {@code axis}. */
  static int inner(int[] shape, int axis) {
    int inner = 1;
    for (int i = axis + 1; i < shape.length; i++) {
      inner *= shape[i];
    }
    return inner;
  }

  /** Rows of equal length flattened row-major; names the first ragged row. */
  static double[] flatten(double[][] rows) {
    if (rows.length == 0) {
      throw new IllegalArgumentException("rows must not be empty; pass at least one row");
    }
    int n = rows[0].length;
    double[] d = new double[rows.length * n];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != n) {
        throw new IllegalArgumentException("rows must have equal length; rows[" + i + "] has "
            + rows[i].length + " values, rows[0] has " + n);
      }
      System.arraycopy(rows[i], 0, d, i * n, n);
    }
    return d;
  }

  /** A [m, n] row-major array as m new rows. */
  static double[][] rows(double[] x, int m, int n) {
    double[][] r = new double[m][];
    for (int i = 0; i < m; i++) {
      r[i] = Arrays.copyOfRange(x, i * n, (i + 1) * n);
    }
    return r;
  }
}
