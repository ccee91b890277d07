package dev.neuralode.ode;

import java.util.Arrays;

/**
 * A time-stepping method, as the {@link Solver} carries it: either an explicit Runge–Kutta method given by
 * its {@link ButcherTableau}, or an implicit ESDIRK method given by its coefficients. The registry
 * {@link Methods} names every method of the library; the drivers dispatch on the kind, never on the name.
 */
public sealed interface Method permits Method.ExplicitRk, Method.Esdirk {
  /**
   * The method's name in {@link Methods}.
   *
   * @return a lower-case name such as {@code dopri5}
   */
  String name();

  /**
   * The order p of the propagated solution.
   *
   * @return p ≥ 1
   */
  int order();

  /**
   * Whether the method has an error estimate, so that it runs with adaptive steps (an
   * {@link AdaptiveController}); otherwise it takes fixed steps ({@link ConstantStepSize}).
   *
   * @return whether the method is adaptive
   */
  boolean adaptive();

  /**
   * An explicit Runge–Kutta method, run by one generic stepper for every tableau.
   *
   * @param name the method's name, lower case, non-empty
   * @param tableau its coefficients
   * @param denseOrder the order of its dense output between steps: 4 for dopri5 and tsit5, 7 for dopri8,
   *     3 for the cubic Hermite interpolant used without dense coefficients
   */
  record ExplicitRk(String name, ButcherTableau tableau, int denseOrder) implements Method {
    /**
     * Validates the method.
     *
     * @param name see the record's description
     * @param tableau see the record's description
     * @param denseOrder see the record's description
     * @throws IllegalArgumentException if name or tableau is null or name is blank, or denseOrder &lt; 1
     */
    public ExplicitRk {
      if (name == null || name.isBlank() || tableau == null) {
        throw new IllegalArgumentException("an explicit method needs a name and a tableau; got name=" + name
            + ", tableau=" + tableau);
      }
      if (denseOrder < 1) {
        throw new IllegalArgumentException("denseOrder=" + denseOrder + " must be >= 1 (3 for Hermite)");
      }
    }

    @Override
    public int order() {
      return tableau.order();
    }

    @Override
    public boolean adaptive() {
      return tableau.adaptive();
    }
  }

  /**
   * An ESDIRK method (explicit first stage, singly diagonally implicit Runge–Kutta), stiffly accurate:
   * with Z_i = h·k_i, Z_1 = h·f(t_n, y_n) and Z_i = h·f(t_n + c_i h, y_n + Σ_{j&lt;i} a_ij Z_j + γ Z_i)
   * for i ≥ 2, y_{n+1} = Y_s and the embedded solution Y_{s−1} (so err = Y_s − Y_{s−1}). See
   * {@link Kvaerno5} for the method of this library and the Newton iteration.
   *
   * @param name the method's name, lower case
   * @param gamma the diagonal coefficient γ &gt; 0
   * @param a the coefficients left of the diagonal, row i holding i entries; not modified
   * @param predictor the stage predictors α_ij (Newton's initial guesses Z_i⁰ = Σ_j α_ij Z_j), row i
   *     holding i entries; not modified
   * @param order the order of the propagated solution
   */
  record Esdirk(String name, double gamma, double[][] a, double[][] predictor, int order) implements Method {
    /**
     * Validates and copies the coefficients.
     *
     * @param name see the record's description
     * @param gamma see the record's description
     * @param a see the record's description
     * @param predictor see the record's description
     * @param order see the record's description
     * @throws IllegalArgumentException if an argument is null, γ is not positive, the arrays have
     *     different row counts or a row has the wrong length, or order &lt; 1
     */
    public Esdirk {
      if (name == null || name.isBlank() || a == null || predictor == null || a.length != predictor.length) {
        throw new IllegalArgumentException("an ESDIRK method needs a name and coefficient rows a and predictor"
            + " of equal count; got name=" + name);
      }
      if (!(gamma > 0.0) || order < 1) {
        throw new IllegalArgumentException("gamma=" + gamma + " must be > 0 and order=" + order + " >= 1");
      }
      double[][] ac = new double[a.length][];
      double[][] pc = new double[a.length][];
      for (int i = 0; i < a.length; i++) {
        if (a[i] == null || a[i].length != i || predictor[i] == null || predictor[i].length != i) {
          throw new IllegalArgumentException("row " + i + " of a and predictor must hold " + i + " entries");
        }
        ac[i] = a[i].clone();
        pc[i] = predictor[i].clone();
      }
      a = ac;
      predictor = pc;
    }

    @Override
    public boolean adaptive() {
      return true;
    }

    /**
     * The coefficients left of the diagonal.
     *
     * @return a deep copy
     */
    @Override
    public double[][] a() {
      return copy(a);
    }

    /**
     * The stage predictors.
     *
     * @return a deep copy
     */
    @Override
    public double[][] predictor() {
      return copy(predictor);
    }

    /**
     * The nodes c_i = Σ_{j&lt;i} a_ij + γ (0 for the explicit first stage).
     *
     * @return the nodes, one per stage
     */
    public double[] c() {
      double[] c = new double[a.length];
      for (int i = 1; i < a.length; i++) {
        double s = gamma;
        for (double v : a[i]) {
          s += v;
        }
        c[i] = s;
      }
      return c;
    }

    private static double[][] copy(double[][] m) {
      double[][] out = new double[m.length][];
      for (int i = 0; i < m.length; i++) {
        out[i] = m[i].clone();
      }
      return out;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Esdirk e && name.equals(e.name) && Double.compare(gamma, e.gamma) == 0
          && order == e.order && Arrays.deepEquals(a, e.a) && Arrays.deepEquals(predictor, e.predictor);
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + Arrays.deepHashCode(a);
    }

    @Override
    public String toString() {
      return "Esdirk[" + name + ", stages=" + a.length + ", gamma=" + gamma + ", order=" + order + "]";
    }
  }
}
