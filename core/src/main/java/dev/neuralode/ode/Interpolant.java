package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;

/**
 * Dense output inside an accepted step: the state at any time between the step's ends, at the cost of
 * one linear combination and no evaluation of f.
 *
 * <p>With the tableau's continuous extension (Hairer, Nørsett &amp; Wanner I, II.6):
 * y(t0 + θh) = y0 + h·Σ_i b_i(θ)·k_i, θ = (t − t0)/h ∈ [0, 1]. For Dormand–Prince this is the order-4
 * quartic of Shampine that torchdiffeq's {@code _interp_fit} builds from y0, y1, y(t0 + h/2) and the end
 * slopes; for Tsitouras 5(4) the order-4 extension of his 2011 paper; for DOP853 the order-7 extension
 * of Hairer's {@code CONTD8} (using three extra stages). Any other tableau falls back to the cubic
 * Hermite interpolant (order 3) through (y0, k_0) and (y1, f(t1, y1)):
 * y(θ) = (2θ³−3θ²+1)·y0 + (3θ²−2θ³)·y1 + h(θ³−2θ²+θ)·k_0 + h(θ³−θ²)·f(t1, y1), where f(t1, y1) is the
 * FSAL stage or, without FSAL, one extra evaluation (which the next step reuses as its first stage).
 * The step must have been made ready by {@link ExplicitRungeKutta#prepareDense}.
 *
 * <p>The result is recorded by autograd like the step itself, so gradients flow through interpolated
 * outputs. Immutable and thread-safe.
 */
final class Interpolant {
  private final int[] idx;
  private final double[][] poly;

  /**
   * @param tableau any tableau; without dense-output coefficients the Hermite cubic is used
   */
  Interpolant(ButcherTableau tableau) {
    double[][] dense = tableau.allDense();
    if (dense == null) {
      idx = null;
      poly = null;
      return;
    }
    int count = 0;
    for (double[] row : dense) {
      if (!allZero(row)) {
        count++;
      }
    }
    idx = new int[count];
    poly = new double[count][];
    int p = 0;
    for (int i = 0; i < dense.length; i++) {
      if (!allZero(dense[i])) {
        idx[p] = i;
        poly[p++] = dense[i];
      }
    }
  }

  /** Whether this is the cubic Hermite fallback. */
  boolean hermite() {
    return idx == null;
  }

  /**
   * The state at {@code time}, which must lie between {@code step.t0()} and {@code step.t1()}.
   *
   * @param step an accepted step, not modified
   * @param time the time
   * @return the interpolated state, of y0's shape
   */
  Tensor at(ExplicitRungeKutta.Step step, double time) {
    if (time == step.end()) {
      return step.yEnd();
    }
    if (time == step.t0()) {
      return step.y0();
    }
    double h = step.h();
    double theta = (time - step.t0()) / h;
    Tensor[] k = step.k();
    if (idx == null) {
      double t2 = theta * theta;
      double t3 = t2 * theta;
      return Tensor.linearCombination(
          new double[] {2 * t3 - 3 * t2 + 1, 3 * t2 - 2 * t3, h * (t3 - 2 * t2 + theta), h * (t3 - t2)},
          step.y0(), step.y1(), k[0], step.endSlope());
    }
    double[] coeffs = new double[idx.length + 1];
    Tensor[] terms = new Tensor[idx.length + 1];
    coeffs[0] = 1.0;
    terms[0] = step.y0();
    for (int j = 0; j < idx.length; j++) {
      double[] p = poly[j];
      double v = 0.0;
      for (int q = p.length - 1; q >= 0; q--) {
        v = (v + p[q]) * theta;
      }
      coeffs[j + 1] = h * v;
      terms[j + 1] = k[idx[j]];
    }
    return Tensor.linearCombination(coeffs, terms);
  }

  /**
   * {@link #at(ExplicitRungeKutta.Step, double)} on arrays: the same terms with the same coefficients,
   * summed per entry in the same order as {@code Tensor.linearCombination} (((0 + c₀x₀) + c₁x₁) + …, terms
   * with a zero coefficient left out), so the values are the same bits. Allocates nothing after the
   * step's first flat use.
   */
  void at(ExplicitRungeKutta.Step step, double time, double[] out) {
    double[][] a = step.arrays();
    if (time == step.end()) {
      System.arraycopy(a[2], 0, out, 0, out.length);
      return;
    }
    if (time == step.t0()) {
      System.arraycopy(a[0], 0, out, 0, out.length);
      return;
    }
    double h = step.h();
    double theta = (time - step.t0()) / h;
    boolean first = true;
    if (idx == null) {
      double t2 = theta * theta;
      double t3 = t2 * theta;
      first = accumulate(2 * t3 - 3 * t2 + 1, a[0], out, first);
      first = accumulate(3 * t2 - 2 * t3, a[1], out, first);
      first = accumulate(h * (t3 - 2 * t2 + theta), a[4], out, first);
      first = accumulate(h * (t3 - t2), a[3], out, first);
    } else {
      first = accumulate(1.0, a[0], out, first);
      for (int j = 0; j < idx.length; j++) {
        double[] p = poly[j];
        double v = 0.0;
        for (int q = p.length - 1; q >= 0; q--) {
          v = (v + p[q]) * theta;
        }
        first = accumulate(h * v, a[4 + idx[j]], out, first);
      }
    }
    if (first) {
      java.util.Arrays.fill(out, 0.0);
    }
  }

  /** out = 0 + c·x (first term) or out + c·x; a zero coefficient is left out. Returns whether out is still unwritten. */
  private static boolean accumulate(double c, double[] x, double[] out, boolean first) {
    if (c == 0.0) {
      return first;
    }
    if (first) {
      for (int i = 0; i < out.length; i++) {
        out[i] = 0.0 + c * x[i];
      }
    } else {
      for (int i = 0; i < out.length; i++) {
        out[i] += c * x[i];
      }
    }
    return false;
  }

  private static boolean allZero(double[] row) {
    for (double v : row) {
      if (v != 0.0) {
        return false;
      }
    }
    return true;
  }
}
