package dev.neuralode.ode;

/**
 * Builds the per-stage dense-output polynomials b_i(θ) of {@link ButcherTableau#dense()} from the forms in
 * which continuous extensions are published. A polynomial is a {@code double[]} of coefficients by
 * increasing power, index 0 the constant term.
 */
final class DensePolynomials {
  private DensePolynomials() {}

  /**
   * Expands the nested form of Hairer's {@code CONTD8}/{@code CONTD5}:
   * y(θ) = y0 + θ(F0 + (1−θ)(F1 + θ(F2 + (1−θ)(F3 + …)))), where each F_r = h·Σ_i w[r][i]·k_i.
   *
   * @param w the weights of F0, F1, … per stage, {@code w[r][i]}
   * @return per stage i the coefficients of θ¹ … θ^R (R = w.length), as {@link ButcherTableau} wants
   */
  static double[][] nested(double[][] w) {
    int rows = w.length;
    int s = w[0].length;
    double[][] out = new double[s][];
    for (int i = 0; i < s; i++) {
      double[] p = {0.0};
      for (int r = rows - 1; r >= 0; r--) {
        p = add(p, new double[] {w[r][i]});
        p = (r % 2 == 0) ? multiply(p, new double[] {0.0, 1.0}) : multiply(p, new double[] {1.0, -1.0});
      }
      out[i] = dropConstant(p, rows);
    }
    return out;
  }

  /**
   * F0…F2 weights of the Hermite-style head shared by DOP853's and Dormand–Prince's extensions:
   * F0 = Δ, F1 = k_0 − Δ, F2 = 2Δ − k_0 − k_end (all per unit h), with Δ = Σ b_i k_i.
   *
   * @param b the solution weights, length s
   * @param end the index of the stage f(t + h, y_new)
   * @return three rows of length s
   */
  static double[][] head(double[] b, int end) {
    int s = b.length;
    double[][] f = new double[3][s];
    for (int i = 0; i < s; i++) {
      double first = i == 0 ? 1.0 : 0.0;
      double last = i == end ? 1.0 : 0.0;
      f[0][i] = b[i];
      f[1][i] = first - b[i];
      f[2][i] = 2.0 * b[i] - first - last;
    }
    return f;
  }

  /**
   * The product of a constant and linear factors: scale·Π_j (θ − root_j)·θ^pow.
   *
   * @param scale the leading factor
   * @param power the power of θ multiplying the product
   * @param roots the roots of the linear factors
   * @return the coefficients by increasing power
   */
  static double[] factored(double scale, int power, double... roots) {
    double[] p = {scale};
    for (double r : roots) {
      p = multiply(p, new double[] {-r, 1.0});
    }
    for (int k = 0; k < power; k++) {
      p = multiply(p, new double[] {0.0, 1.0});
    }
    return p;
  }

  /** p·q. */
  static double[] multiply(double[] p, double[] q) {
    double[] out = new double[p.length + q.length - 1];
    for (int i = 0; i < p.length; i++) {
      for (int j = 0; j < q.length; j++) {
        out[i + j] += p[i] * q[j];
      }
    }
    return out;
  }

  /** p + q. */
  static double[] add(double[] p, double[] q) {
    double[] out = new double[Math.max(p.length, q.length)];
    for (int i = 0; i < p.length; i++) {
      out[i] += p[i];
    }
    for (int i = 0; i < q.length; i++) {
      out[i] += q[i];
    }
    return out;
  }

  /**
   * The coefficients of θ¹ … θ^degree, dropping the constant term (which must vanish: b_i(0) = 0).
   *
   * @param p a polynomial of degree at most {@code degree}
   * @param degree the length of the result
   * @return the coefficients of θ¹ … θ^degree
   */
  static double[] dropConstant(double[] p, int degree) {
    if (Math.abs(p[0]) > 1e-14) {
      throw new IllegalStateException("a dense-output polynomial must vanish at θ = 0; constant " + p[0]);
    }
    double[] out = new double[degree];
    for (int k = 1; k < p.length && k <= degree; k++) {
      out[k - 1] = p[k];
    }
    return out;
  }
}
