package dev.neuralode.tensor;

import java.util.Arrays;

/**
 * Static helpers for tensor shapes: element counts, row-major strides and NumPy-style broadcasting.
 *
 * <p>A shape is an {@code int[]} of non-negative extents; the empty array is the shape of a scalar
 * (rank 0). Broadcasting follows NumPy's rules: shapes are aligned at their trailing axes, and two
 * extents are compatible when they are equal or one of them is 1.
 */
public final class Shape {
  private Shape() {}

  /**
   * Number of elements of a shape: the product of its extents (1 for a scalar).
   *
   * @param shape the shape, not modified
   * @return the element count
   * @throws IllegalArgumentException if an extent is negative
   */
  public static int size(int... shape) {
    long n = 1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 0) {
        throw new IllegalArgumentException(
            "shape must have non-negative extents; shape[" + i + "]=" + shape[i] + " in " + str(shape));
      }
      n *= shape[i];
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("shape " + str(shape) + " has more than 2^31-1 elements");
      }
    }
    return (int) n;
  }

  /**
   * Row-major strides of a shape, in elements.
   *
   * @param shape the shape, not modified
   * @return a new array of strides, same length as {@code shape}
   */
  public static int[] strides(int[] shape) {
    int[] s = new int[shape.length];
    int acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= shape[i];
    }
    return s;
  }

  /**
   * The broadcast shape of two shapes, by NumPy's rules.
   *
   * @param a first shape, not modified
   * @param b second shape, not modified
   * @return the broadcast shape
   * @throws IllegalArgumentException if the shapes cannot be broadcast together
   */
  public static int[] broadcast(int[] a, int[] b) {
    int n = Math.max(a.length, b.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int da = i < n - a.length ? 1 : a[i - (n - a.length)];
      int db = i < n - b.length ? 1 : b[i - (n - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            "shapes " + str(a) + " and " + str(b) + " cannot be broadcast: axis " + i + " has "
                + da + " vs " + db + "; extents must match or one of them must be 1");
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /**
   * Whether shape {@code from} broadcasts to shape {@code to} without changing {@code to}.
   *
   * @param from the source shape, not modified
   * @param to the target shape, not modified
   * @return true if every aligned extent of {@code from} equals that of {@code to} or is 1
   */
  public static boolean broadcastsTo(int[] from, int[] to) {
    if (from.length > to.length) {
      return false;
    }
    int off = to.length - from.length;
    for (int i = 0; i < from.length; i++) {
      if (from[i] != 1 && from[i] != to[i + off]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Formats a shape as {@code [2, 3]}.
   *
   * @param shape the shape, not modified
   * @return its text form
   */
  public static String str(int[] shape) {
    return Arrays.toString(shape);
  }

  /** The row-major offset of a multi-index; names the bad entry. */
  static int offset(int[] shape, int[] index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException("index has " + index.length + " entries but tensor has rank "
          + shape.length + " (shape " + str(shape) + ")");
    }
    int off = 0;
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape[i]) {
        throw new IllegalArgumentException("index[" + i + "]=" + index[i] + " is out of range for shape "
            + str(shape));
      }
      off = off * shape[i] + index[i];
    }
    return off;
  }

  /** A reshape target with its one allowed −1 inferred, checked against the element count n. */
  static int[] resolve(int[] shape, int n, int[] newShape) {
    int[] s = newShape.clone();
    int infer = -1;
    int known = 1;
    for (int i = 0; i < s.length; i++) {
      if (s[i] == -1) {
        if (infer >= 0) {
          throw new IllegalArgumentException("reshape allows at most one -1; got " + str(newShape));
        }
        infer = i;
      } else {
        known *= s[i];
      }
    }
    if (infer >= 0) {
      if (known == 0 || n % known != 0) {
        throw new IllegalArgumentException("cannot reshape " + str(shape) + " to " + str(newShape));
      }
      s[infer] = n / known;
    }
    if (size(s) != n) {
      throw new IllegalArgumentException("cannot reshape " + str(shape) + " (" + n
          + " elements) to " + str(newShape) + "; element counts must match");
    }
    return s;
  }
}
