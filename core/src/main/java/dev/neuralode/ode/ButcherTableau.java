package dev.neuralode.ode;

import java.util.Arrays;

/**
 * The coefficients of an explicit Runge–Kutta method with s stages, optionally with an embedded error
 * estimate and a continuous extension (dense output).
 *
 * <p>One step of size h from (t, y) computes, for i = 0 … s−1,
 * <pre>
 *   k_i = f(t + c_i·h,  y + h·Σ_{j&lt;i} a_ij·k_j)
 *   y_new = y + h·Σ_i b_i·k_i
 *   err   = h·Σ_i bError_i·k_i                  (bError = b − b̂, b̂ the embedded weights)
 *   y(t + θh) ≈ y + h·Σ_i b_i(θ)·k_i,  b_i(θ) = Σ_p dense[i][p]·θ^(p+1),  0 ≤ θ ≤ 1
 * </pre>
 * (Hairer, Nørsett &amp; Wanner, <i>Solving ODEs I</i>, II.1 for the scheme, II.4 for embedded pairs,
 * II.6 for continuous extensions.)
 *
 * <p>The compact constructor checks the consistency conditions to 1e-12: c_0 = 0, Σ_j a_ij = c_i for
 * every row, Σ_i b_i = 1, Σ_i bError_i = 0, b_i(1) = b_i, and for FSAL ("first same as last") that the
 * last stage is evaluated at (t + h, y_new), i.e. c_{s−1} = 1, a_{s−1,j} = b_j and b_{s−1} = 0. The
 * arrays are copied on the way in and on the way out, so a tableau is immutable.
 *
 * @param c the nodes, length s; not modified
 * @param a the strictly lower-triangular coupling matrix: s rows, row i holding at least i entries
 *     (entries at or right of the diagonal, if given, must be 0); not modified
 * @param b the weights of the propagated solution, length s; not modified
 * @param bError b − b̂ for the embedded error estimate, length s, or null for a fixed-step method; not
 *     modified
 * @param dense dense-output coefficients, s rows of equal length, row i the coefficients of θ¹, θ², …
 *     in b_i(θ); or null when the method has no continuous extension; not modified
 * @param order the order p of the propagated solution; for an embedded pair the error estimate is of
 *     order p−1 and the step-size exponent is 1/p
 * @param fsal whether the last step stage (stage {@code stepStages − 1}) equals f(t + h, y_new) and can be
 *     reused as the next step's first
 * @param bErrorLow a second, lower-order error estimate b − b̃ (length s), or null. When present the
 *     error ratio is DOP853's combination r = e₅²/√(e₅² + 0.01·e₃²) of the norms e₅ of the bError estimate
 *     and e₃ of this one (Hairer, Nørsett &amp; Wanner I, II.10, code {@code DOP853}); not modified
 * @param stepStages the number of stages a step evaluates, 1 ≤ stepStages ≤ s; stages from
 *     {@code stepStages} on have b_i = 0 and bError_i = 0 and are evaluated only when the dense output is
 *     needed (DOP853's three extra stages for its order-7 interpolant)
 */
public record ButcherTableau(double[] c, double[][] a, double[] b, double[] bError, double[][] dense,
    int order, boolean fsal, double[] bErrorLow, int stepStages) {
  /** Tolerance of the consistency checks. */
  static final double TOLERANCE = 1e-12;

  /**
   * A tableau whose every stage is a step stage and that has at most one error estimate.
   *
   * @param c see the record's description
   * @param a see the record's description
   * @param b see the record's description
   * @param bError see the record's description
   * @param dense see the record's description
   * @param order see the record's description
   * @param fsal see the record's description
   * @throws IllegalArgumentException as the canonical constructor
   */
  public ButcherTableau(double[] c, double[][] a, double[] b, double[] bError, double[][] dense, int order,
      boolean fsal) {
    this(c, a, b, bError, dense, order, fsal, null, c == null ? 0 : c.length);
  }

  /**
   * Validates and copies the coefficients.
   *
   * @param c see the record's description
   * @param a see the record's description
   * @param b see the record's description
   * @param bError see the record's description
   * @param dense see the record's description
   * @param order see the record's description
   * @param fsal see the record's description
   * @param bErrorLow see the record's description
   * @param stepStages see the record's description
   * @throws IllegalArgumentException naming the offending row or entry if a condition fails, an array
   *     has the wrong length, a coefficient is not finite, or {@code order < 1}
   */
  public ButcherTableau {
    if (c == null || a == null || b == null) {
      throw new IllegalArgumentException("c, a and b must not be null; pass the nodes, the coupling"
          + " matrix and the weights");
    }
    int s = c.length;
    if (s == 0) {
      throw new IllegalArgumentException("a tableau needs at least one stage; c is empty");
    }
    if (a.length != s || b.length != s) {
      throw new IllegalArgumentException("c has " + s + " stages but a has " + a.length + " rows and b has "
          + b.length + " entries; give one row of a and one weight per stage");
    }
    if (stepStages < 1 || stepStages > s) {
      throw new IllegalArgumentException("stepStages=" + stepStages + " must be in [1, " + s + "]");
    }
    if (bErrorLow != null && bError == null) {
      throw new IllegalArgumentException("bErrorLow needs bError: the low-order estimate only refines the"
          + " main error estimate");
    }
    if (order < 1) {
      throw new IllegalArgumentException("order=" + order + " must be >= 1");
    }
    requireFinite("c", c);
    requireFinite("b", b);
    if (c[0] != 0.0) {
      throw new IllegalArgumentException("row 0: c[0]=" + c[0] + " but an explicit method has c[0]=0");
    }
    double[][] lower = new double[s][];
    for (int i = 0; i < s; i++) {
      double[] row = a[i];
      if (row == null || row.length < i) {
        throw new IllegalArgumentException("row " + i + " of a has " + (row == null ? "no" : row.length)
            + " entries but needs " + i + " (the entries left of the diagonal)");
      }
      requireFinite("a[" + i + "]", row);
      for (int j = i; j < row.length; j++) {
        if (row[j] != 0.0) {
          throw new IllegalArgumentException("row " + i + ": a[" + i + "][" + j + "]=" + row[j]
              + " is on or above the diagonal; an explicit method needs a strictly lower-triangular a");
        }
      }
      lower[i] = Arrays.copyOf(row, i);
      double sum = sum(lower[i]);
      if (Math.abs(sum - c[i]) > TOLERANCE) {
        throw new IllegalArgumentException("row " + i + ": sum of a[" + i + "][j] is " + sum + " but c[" + i
            + "]=" + c[i] + "; each row of a must sum to its node (to 1e-12)");
      }
    }
    double bSum = sum(b);
    if (Math.abs(bSum - 1.0) > TOLERANCE) {
      throw new IllegalArgumentException("weights b sum to " + bSum + " but must sum to 1 (to 1e-12)");
    }
    if (bError != null) {
      if (bError.length != s) {
        throw new IllegalArgumentException("bError has " + bError.length + " entries but the tableau has "
            + s + " stages");
      }
      requireFinite("bError", bError);
      double eSum = sum(bError);
      if (Math.abs(eSum) > TOLERANCE) {
        throw new IllegalArgumentException("bError (b - bHat) sums to " + eSum + " but must sum to 0"
            + " (to 1e-12): both weight vectors must sum to 1");
      }
    }
    if (bErrorLow != null) {
      if (bErrorLow.length != s) {
        throw new IllegalArgumentException("bErrorLow has " + bErrorLow.length + " entries but the tableau has "
            + s + " stages");
      }
      requireFinite("bErrorLow", bErrorLow);
      double eSum = sum(bErrorLow);
      if (Math.abs(eSum) > TOLERANCE) {
        throw new IllegalArgumentException("bErrorLow sums to " + eSum + " but must sum to 0 (to 1e-12)");
      }
    }
    for (int i = stepStages; i < s; i++) {
      if (b[i] != 0.0 || (bError != null && bError[i] != 0.0) || (bErrorLow != null && bErrorLow[i] != 0.0)) {
        throw new IllegalArgumentException("stage " + i + " is a dense-output-only stage (stepStages="
            + stepStages + ") but has a nonzero solution or error weight");
      }
    }
    double[][] denseCopy = null;
    if (dense != null) {
      if (dense.length != s) {
        throw new IllegalArgumentException("dense has " + dense.length + " rows but the tableau has " + s
            + " stages");
      }
      denseCopy = new double[s][];
      for (int i = 0; i < s; i++) {
        if (dense[i] == null || dense[i].length != dense[0].length || dense[i].length == 0) {
          throw new IllegalArgumentException("row " + i + " of dense must be non-empty and as long as row 0");
        }
        requireFinite("dense[" + i + "]", dense[i]);
        denseCopy[i] = dense[i].clone();
        double atOne = sum(dense[i]);
        if (Math.abs(atOne - b[i]) > TOLERANCE) {
          throw new IllegalArgumentException("row " + i + ": dense output at theta=1 gives " + atOne
              + " but b[" + i + "]=" + b[i] + "; the interpolant must end at the step's solution");
        }
      }
    }
    if (fsal) {
      int f = stepStages - 1;
      boolean lastIsEnd = c[f] == 1.0 && b[f] == 0.0;
      for (int j = 0; j < f && lastIsEnd; j++) {
        lastIsEnd = Math.abs(lower[f][j] - b[j]) <= TOLERANCE;
      }
      if (!lastIsEnd) {
        throw new IllegalArgumentException("row " + f + ": fsal=true needs the last step stage at (t+h, y_new):"
            + " c[" + f + "]=1, a[" + f + "][j]=b[j] and b[" + f + "]=0; pass fsal=false");
      }
    }
    c = c.clone();
    a = lower;
    b = b.clone();
    bError = bError == null ? null : bError.clone();
    bErrorLow = bErrorLow == null ? null : bErrorLow.clone();
    dense = denseCopy;
  }

  private static void requireFinite(String name, double[] v) {
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException(name + "[" + i + "]=" + v[i] + " must be finite");
      }
    }
  }

  private static double sum(double[] v) {
    double s = 0.0;
    for (double x : v) {
      s += x;
    }
    return s;
  }

  /**
   * The number of stages s.
   *
   * @return s
   */
  public int stages() {
    return c.length;
  }

  /**
   * Whether the tableau has an embedded error estimate and so can be run with adaptive steps.
   *
   * @return {@code bError() != null}
   */
  public boolean adaptive() {
    return bError != null;
  }

  /**
   * The nodes.
   *
   * @return a copy of c
   */
  @Override
  public double[] c() {
    return c.clone();
  }

  /**
   * The coupling matrix, row i of length i.
   *
   * @return a deep copy of a
   */
  @Override
  public double[][] a() {
    return deepCopy(a);
  }

  /**
   * The weights.
   *
   * @return a copy of b
   */
  @Override
  public double[] b() {
    return b.clone();
  }

  /**
   * The error weights b − b̂.
   *
   * @return a copy, or null for a fixed-step method
   */
  @Override
  public double[] bError() {
    return bError == null ? null : bError.clone();
  }

  /**
   * The low-order error weights (DOP853's e₃ estimate).
   *
   * @return a copy, or null when the tableau has a single error estimate
   */
  @Override
  public double[] bErrorLow() {
    return bErrorLow == null ? null : bErrorLow.clone();
  }

  /**
   * The dense-output coefficients.
   *
   * @return a deep copy, or null when there is no continuous extension
   */
  @Override
  public double[][] dense() {
    return dense == null ? null : deepCopy(dense);
  }

  private static double[][] deepCopy(double[][] m) {
    double[][] out = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i].clone();
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ButcherTableau t && order == t.order && fsal == t.fsal && Arrays.equals(c, t.c)
        && Arrays.deepEquals(a, t.a) && Arrays.equals(b, t.b) && Arrays.equals(bError, t.bError)
        && Arrays.deepEquals(dense, t.dense) && Arrays.equals(bErrorLow, t.bErrorLow) && stepStages == t.stepStages;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(c) * 31 + Arrays.hashCode(b) * 7 + order;
  }

  @Override
  public String toString() {
    return "ButcherTableau[stages=" + c.length + ", order=" + order + ", adaptive=" + adaptive()
        + ", dense=" + (dense != null) + ", fsal=" + fsal + "]";
  }
}
