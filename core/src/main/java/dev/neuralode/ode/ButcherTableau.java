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
 * every row, Σ_i b_i = 1, Σ_i bError_i = 0 and b_i(1) = b_i. The arrays are copied on the way in and on
 * the way out, so a tableau is immutable.
 *
 * <p><b>FSAL</b> ("first same as last") is derived from the coefficients, not declared: a tableau is FSAL
 * when its last stage is evaluated at (t + h, y_new), i.e. c_{s−1} = 1, a_{s−1,j} = b_j (to 1e-12) and
 * b_{s−1} = 0; that stage is then reused as the next step's first ({@link #fsal()}).
 *
 * <p><b>Extension.</b> Parts that only one method needs live in an {@link Extension}: DOP853's three
 * stages evaluated only for its order-7 dense output, its dense coefficients over all 16 stages, and its
 * second, third-order error estimate (Hairer, Nørsett &amp; Wanner I, II.10, code {@code DOP853}).
 *
 * @param c the nodes, length s; not modified
 * @param a the strictly lower-triangular coupling matrix: s rows, row i holding at least i entries
 *     (entries at or right of the diagonal, if given, must be 0); not modified
 * @param b the weights of the propagated solution, length s; not modified
 * @param bError b − b̂ for the embedded error estimate, length s, or null for a fixed-step method; not
 *     modified
 * @param dense dense-output coefficients, s rows of equal length, row i the coefficients of θ¹, θ², …
 *     in b_i(θ); or null when the method has no continuous extension over its step stages (the
 *     extension may then carry one over all stages); not modified
 * @param order the order p of the propagated solution; for an embedded pair the error estimate is of
 *     order p−1 and the step-size exponent is 1/p
 * @param extension the method's extra stages, dense output and second error estimate, or null
 */
public record ButcherTableau(double[] c, double[][] a, double[] b, double[] bError, double[][] dense,
    int order, Extension extension) {
  /** Tolerance of the consistency checks. */
  static final double TOLERANCE = 1e-12;

  /**
   * Extra stages evaluated only when a dense value is needed, a dense output over all stages, and a
   * second, lower-order error estimate: the parts of DOP853 beyond an ordinary embedded pair.
   *
   * <p>With the base tableau's s stages and e extra stages, extra stage j (0 ≤ j &lt; e) is
   * k_{s+j} = f(t + c_j·h, y + h·Σ_{i&lt;s+j} a[j][i]·k_i), its weights b and bError being 0. With
   * {@code bErrorLow}, the error ratio is r = e₅²/√(e₅² + 0.01·e₃²) of the norms e₅ of the base
   * estimate and e₃ of this one ({@code DOP853}).
   *
   * @param c the nodes of the extra stages, length e ≥ 0; not modified
   * @param a e rows, row j of length s + j (entries on or right of the diagonal, if given, must be 0);
   *     not modified
   * @param bErrorLow b − b̃ over the s base stages, summing to 0, or null; not modified
   * @param dense dense-output coefficients over all s + e stages (rows of equal length), or null; when
   *     given, the base tableau's own {@code dense} must be null; not modified
   */
  public record Extension(double[] c, double[][] a, double[] bErrorLow, double[][] dense) {
    /**
     * Copies the arrays; the checks against the base tableau are made by {@link ButcherTableau}.
     *
     * @param c see the record's description
     * @param a see the record's description
     * @param bErrorLow see the record's description
     * @param dense see the record's description
     * @throws IllegalArgumentException if c or a is null, or their lengths differ
     */
    public Extension {
      if (c == null || a == null || c.length != a.length) {
        throw new IllegalArgumentException("extension: c and a must be non-null with one row of a per extra"
            + " stage; got c=" + (c == null ? "null" : c.length + " nodes") + ", a="
            + (a == null ? "null" : a.length + " rows"));
      }
      c = c.clone();
      a = deepCopy(a);
      bErrorLow = bErrorLow == null ? null : bErrorLow.clone();
      dense = dense == null ? null : deepCopy(dense);
    }

    /**
     * The nodes of the extra stages.
     *
     * @return a copy
     */
    @Override
    public double[] c() {
      return c.clone();
    }

    /**
     * The coupling rows of the extra stages.
     *
     * @return a deep copy
     */
    @Override
    public double[][] a() {
      return deepCopy(a);
    }

    /**
     * The low-order error weights.
     *
     * @return a copy, or null
     */
    @Override
    public double[] bErrorLow() {
      return bErrorLow == null ? null : bErrorLow.clone();
    }

    /**
     * The dense-output coefficients over all stages.
     *
     * @return a deep copy, or null
     */
    @Override
    public double[][] dense() {
      return dense == null ? null : deepCopy(dense);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Extension x && Arrays.equals(c, x.c) && Arrays.deepEquals(a, x.a)
          && Arrays.equals(bErrorLow, x.bErrorLow) && Arrays.deepEquals(dense, x.dense);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(c) * 31 + Arrays.hashCode(bErrorLow);
    }

    @Override
    public String toString() {
      return "Extension[extraStages=" + c.length + ", bErrorLow=" + (bErrorLow != null) + ", dense="
          + (dense != null) + "]";
    }
  }

  /**
   * A tableau without extension.
   *
   * @param c see the record's description
   * @param a see the record's description
   * @param b see the record's description
   * @param bError see the record's description
   * @param dense see the record's description
   * @param order see the record's description
   * @throws IllegalArgumentException as the canonical constructor
   */
  public ButcherTableau(double[] c, double[][] a, double[] b, double[] bError, double[][] dense, int order) {
    this(c, a, b, bError, dense, order, null);
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
   * @param extension see the record's description
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
      lower[i] = lowerRow("a", i, a[i], i, c[i], "c[" + i + "]");
    }
    double bSum = sum(b);
    if (Math.abs(bSum - 1.0) > TOLERANCE) {
      throw new IllegalArgumentException("weights b sum to " + bSum + " but must sum to 1 (to 1e-12)");
    }
    requireErrorWeights("bError", bError, s);
    double[] full = b;
    if (extension != null) {
      if (extension.bErrorLow() != null && bError == null) {
        throw new IllegalArgumentException("extension.bErrorLow needs bError: the low-order estimate only"
            + " refines the main error estimate");
      }
      requireErrorWeights("bErrorLow", extension.bErrorLow(), s);
      if (extension.dense() != null && dense != null) {
        throw new IllegalArgumentException("both the tableau and its extension have dense coefficients; give"
            + " the dense output over all stages in the extension only");
      }
      double[][] xa = extension.a();
      double[] xc = extension.c();
      for (int j = 0; j < xc.length; j++) {
        lowerRow("extension.a", j, xa[j], s + j, xc[j], "extension.c[" + j + "]");
      }
      full = Arrays.copyOf(b, s + xc.length);
    }
    double[][] denseCopy = dense == null ? null : checkDense("dense", dense, b);
    if (extension != null && extension.dense() != null) {
      checkDense("extension.dense", extension.dense(), full);
    }
    c = c.clone();
    a = lower;
    b = b.clone();
    bError = bError == null ? null : bError.clone();
    dense = denseCopy;
  }

  /** Checks one row of a coupling matrix (row index i, needing n entries) and returns its first n. */
  private static double[] lowerRow(String name, int i, double[] row, int n, double node, String nodeName) {
    if (row == null || row.length < n) {
      throw new IllegalArgumentException("row " + i + " of " + name + " has " + (row == null ? "no"
          : row.length) + " entries but needs " + n + " (the entries left of the diagonal)");
    }
    requireFinite(name + "[" + i + "]", row);
    for (int j = n; j < row.length; j++) {
      if (row[j] != 0.0) {
        throw new IllegalArgumentException("row " + i + ": " + name + "[" + i + "][" + j + "]=" + row[j]
            + " is on or above the diagonal; an explicit method needs a strictly lower-triangular a");
      }
    }
    double[] out = Arrays.copyOf(row, n);
    double sum = sum(out);
    if (Math.abs(sum - node) > TOLERANCE) {
      throw new IllegalArgumentException("row " + i + ": sum of " + name + "[" + i + "][j] is " + sum
          + " but " + nodeName + "=" + node + "; each row of a must sum to its node (to 1e-12)");
    }
    return out;
  }

  private static void requireErrorWeights(String name, double[] w, int s) {
    if (w == null) {
      return;
    }
    if (w.length != s) {
      throw new IllegalArgumentException(name + " has " + w.length + " entries but the tableau has " + s
          + " stages");
    }
    requireFinite(name, w);
    double eSum = sum(w);
    if (Math.abs(eSum) > TOLERANCE) {
      throw new IllegalArgumentException(name + " sums to " + eSum + " but must sum to 0 (it is b - bHat)"
          + " (to 1e-12): both weight vectors must sum to 1");
    }
  }

  private static double[][] checkDense(String name, double[][] dense, double[] b) {
    int s = b.length;
    if (dense.length != s) {
      throw new IllegalArgumentException(name + " has " + dense.length + " rows but the tableau has " + s
          + " stages");
    }
    double[][] copy = new double[s][];
    for (int i = 0; i < s; i++) {
      if (dense[i] == null || dense[i].length != dense[0].length || dense[i].length == 0) {
        throw new IllegalArgumentException("row " + i + " of " + name + " must be non-empty and as long as"
            + " row 0");
      }
      requireFinite(name + "[" + i + "]", dense[i]);
      copy[i] = dense[i].clone();
      double atOne = sum(dense[i]);
      if (Math.abs(atOne - b[i]) > TOLERANCE) {
        throw new IllegalArgumentException("row " + i + ": dense output at theta=1 gives " + atOne
            + " but b[" + i + "]=" + b[i] + "; the interpolant must end at the step's solution");
      }
    }
    return copy;
  }

  /**
   * Whether the last stage is evaluated at (t + h, y_new) and can be reused as the next step's first:
   * c_{s−1} = 1, a_{s−1,j} = b_j to 1e-12 and b_{s−1} = 0 (derived from the coefficients).
   *
   * @return whether the tableau is FSAL
   */
  public boolean fsal() {
    int f = c.length - 1;
    if (f == 0 || c[f] != 1.0 || b[f] != 0.0) {
      return false;
    }
    for (int j = 0; j < f; j++) {
      if (Math.abs(a[f][j] - b[j]) > TOLERANCE) {
        return false;
      }
    }
    return true;
  }

  /**
   * The low-order error weights of the extension (DOP853's e₃ estimate).
   *
   * @return a copy, or null when the tableau has a single error estimate
   */
  public double[] bErrorLow() {
    return extension == null ? null : extension.bErrorLow();
  }

  /**
   * The number of stages including the extension's extra stages (16 for DOP853, whose steps evaluate 13).
   *
   * @return s + e
   */
  public int totalStages() {
    return c.length + (extension == null ? 0 : extension.c().length);
  }

  /** The nodes of all stages, the extension's extra stages included. */
  double[] allC() {
    if (extension == null) {
      return c.clone();
    }
    double[] xc = extension.c();
    double[] out = Arrays.copyOf(c, c.length + xc.length);
    System.arraycopy(xc, 0, out, c.length, xc.length);
    return out;
  }

  /** The coupling rows of all stages, the extension's extra stages included. */
  double[][] allA() {
    double[][] base = deepCopy(a);
    if (extension == null) {
      return base;
    }
    double[][] xa = extension.a();
    double[][] out = Arrays.copyOf(base, base.length + xa.length);
    for (int j = 0; j < xa.length; j++) {
      out[base.length + j] = Arrays.copyOf(xa[j], base.length + j);
    }
    return out;
  }

  /** The dense coefficients over all stages (the extension's, else the tableau's), or null. */
  double[][] allDense() {
    if (extension != null && extension.dense() != null) {
      return extension.dense();
    }
    return dense();
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
    return o instanceof ButcherTableau t && order == t.order && Arrays.equals(c, t.c)
        && Arrays.deepEquals(a, t.a) && Arrays.equals(b, t.b) && Arrays.equals(bError, t.bError)
        && Arrays.deepEquals(dense, t.dense) && java.util.Objects.equals(extension, t.extension);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(c) * 31 + Arrays.hashCode(b) * 7 + order;
  }

  @Override
  public String toString() {
    return "ButcherTableau[stages=" + c.length + ", order=" + order + ", adaptive=" + adaptive()
        + ", dense=" + (allDense() != null) + ", fsal=" + fsal() + ", extension=" + extension + "]";
  }
}
