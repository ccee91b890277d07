package dev.neuralode.ode;

import java.util.Arrays;

/**
 * The per-entry tolerances of one solve: rtol_i and atol_i for every flat entry of the state, resolved
 * from the scalars or arrays of {@link Tolerances}. An array has either one value per entry of the whole
 * state (length = y0.size(), row-major) or one per component of the last axis (length = y0's last
 * extent, then repeated for every row of a batch {@code [batch, dim]}).
 */
final class EntryTolerances {
  private final double[] rtol;
  private final double[] atol;
  private final double rtolScalar;
  private final double atolScalar;
  private final int period;

  private EntryTolerances(double[] rtol, double[] atol, double rtolScalar, double atolScalar, int period) {
    this.rtol = rtol;
    this.atol = atol;
    this.rtolScalar = rtolScalar;
    this.atolScalar = atolScalar;
    this.period = period;
  }

  /** The same scalar tolerances for every entry. */
  static EntryTolerances scalar(double rtol, double atol) {
    return new EntryTolerances(null, null, rtol, atol, 1);
  }

  /**
   * Resolves the tolerances against the state's shape.
   *
   * @throws IllegalArgumentException if an array's length is neither the state's size nor its last extent
   */
  static EntryTolerances of(Tolerances o, int[] shape) {
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    int last = shape.length == 0 ? 1 : shape[shape.length - 1];
    double[] r = o.rtolVector();
    double[] a = o.atolVector();
    check("rtol", r, size, last, shape);
    check("atol", a, size, last, shape);
    int period = size;
    if ((r != null && r.length != size) || (a != null && a.length != size)) {
      period = last;
    }
    return new EntryTolerances(r, a, o.rtol(), o.atol(), Math.max(period, 1));
  }

  private static void check(String name, double[] v, int size, int last, int[] shape) {
    if (v != null && v.length != size && v.length != last) {
      throw new IllegalArgumentException(name + " has " + v.length + " values but the state has shape "
          + Arrays.toString(shape) + ": give one value, one per entry of the last axis (" + last
          + ") or one per state entry (" + size + ")");
    }
  }

  /** Whether every entry has the same (scalar) tolerances. */
  boolean scalar() {
    return rtol == null && atol == null;
  }

  /** The relative tolerance of flat entry i. */
  double rtol(int i) {
    return rtol == null ? rtolScalar : rtol[rtol.length == period ? i % period : i];
  }

  /** The absolute tolerance of flat entry i. */
  double atol(int i) {
    return atol == null ? atolScalar : atol[atol.length == period ? i % period : i];
  }
}
