package dev.neuralode.ode;

import java.util.List;
import java.util.Locale;

/**
 * The explicit Runge–Kutta methods of this library, each a {@link ButcherTableau}, and their names as
 * used by {@link SolveOptions#method()}.
 *
 * <ul>
 *   <li>{@code euler}: forward Euler, order 1, one stage.
 *   <li>{@code midpoint}: the explicit midpoint rule, order 2, two stages.
 *   <li>{@code rk4}: the classic fourth-order method of Kutta (1901), four stages.
 *   <li>{@code dopri5}: Dormand–Prince 5(4), seven stages with FSAL, an embedded order-4 error estimate
 *       and the order-4 continuous extension of Shampine (1986) as given by Hairer, Nørsett &amp; Wanner
 *       (<i>Solving ODEs I</i>, II.5 Table 5.2 and II.6 eq. 6.12; their code {@code DOPRI5}, {@code CONTD5}).
 *       It is the quartic that torchdiffeq fits through y0, y1, the step's midpoint and both end slopes.
 * </ul>
 */
public final class Tableaus {
  private Tableaus() {}

  /** Forward Euler: y_new = y + h·f(t, y). Order 1, fixed step. */
  public static final ButcherTableau EULER = new ButcherTableau(
      new double[] {0.0}, new double[][] {{}}, new double[] {1.0}, null, null, 1, false);

  /** Explicit midpoint: y_new = y + h·f(t + h/2, y + (h/2)·f(t, y)). Order 2, fixed step. */
  public static final ButcherTableau MIDPOINT = new ButcherTableau(
      new double[] {0.0, 0.5}, new double[][] {{}, {0.5}}, new double[] {0.0, 1.0}, null, null, 2, false);

  /** The classic Runge–Kutta method (weights 1/6, 1/3, 1/3, 1/6). Order 4, fixed step. */
  public static final ButcherTableau RK4 = new ButcherTableau(
      new double[] {0.0, 0.5, 0.5, 1.0},
      new double[][] {{}, {0.5}, {0.0, 0.5}, {0.0, 0.0, 1.0}},
      new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6}, null, null, 4, false);

  private static final double[] DOPRI5_B = {
      35.0 / 384, 0.0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0.0};

  /** The embedded fourth-order weights b̂ of Dormand and Prince (1980). */
  private static final double[] DOPRI5_B_HAT = {
      5179.0 / 57600, 0.0, 7571.0 / 16695, 393.0 / 640, -92097.0 / 339200, 187.0 / 2100, 1.0 / 40};

  /** Shampine's coefficients d_i of the dense output (Hairer, Nørsett &amp; Wanner I, II.6; CONTD5). */
  private static final double[] DOPRI5_D = {
      -12715105075.0 / 11282082432.0, 0.0, 87487479700.0 / 32700410799.0, -10690763975.0 / 1880347072.0,
      701980252875.0 / 199316789632.0, -1453857185.0 / 822651844.0, 69997945.0 / 29380423.0};

  /**
   * Dormand–Prince 5(4) (J. R. Dormand and P. J. Prince, J. Comput. Appl. Math. 6 (1980) 19–26): order
   * 5 with an order-4 error estimate, FSAL, and an order-4 dense output. The method behind torchdiffeq's
   * default {@code dopri5}, scipy's {@code RK45} and MATLAB's {@code ode45}.
   */
  public static final ButcherTableau DOPRI5 = new ButcherTableau(
      new double[] {0.0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1.0, 1.0},
      new double[][] {
          {},
          {1.0 / 5},
          {3.0 / 40, 9.0 / 40},
          {44.0 / 45, -56.0 / 15, 32.0 / 9},
          {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
          {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
          DOPRI5_B.clone()},
      DOPRI5_B.clone(), difference(DOPRI5_B, DOPRI5_B_HAT), hermiteQuartic(DOPRI5_B, DOPRI5_D), 5, true);

  private static final List<String> NAMES = List.of("euler", "midpoint", "rk4", "dopri5");

  /**
   * The method names {@link #byName(String)} knows, in order of increasing order.
   *
   * @return an immutable list: euler, midpoint, rk4, dopri5
   */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * Looks a method up by name, ignoring case.
   *
   * @param name one of {@link #names()}
   * @return the tableau
   * @throws IllegalArgumentException if the name is null or unknown, listing the known names
   */
  public static ButcherTableau byName(String name) {
    String key = name == null ? "" : name.toLowerCase(Locale.ROOT);
    switch (key) {
      case "euler":
        return EULER;
      case "midpoint":
        return MIDPOINT;
      case "rk4":
        return RK4;
      case "dopri5":
        return DOPRI5;
      default:
        throw new IllegalArgumentException("method \"" + name + "\" is unknown; use one of "
            + String.join(", ", NAMES));
    }
  }

  private static double[] difference(double[] x, double[] y) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i] - y[i];
    }
    return d;
  }

  /**
   * Expands the Dormand–Prince continuous extension into polynomial coefficients. Hairer's form is
   * y(θ) = y0 + θ(Δ + (1−θ)(hk_0 − Δ + θ(2Δ − hk_0 − hk_last + (1−θ)·h·Σ d_i k_i))) with Δ = h·Σ b_i k_i;
   * per stage i this gives b_i(θ) = e0_i·θ + (r4_i − r3_i + d_i)·θ² − (r4_i + 2d_i)·θ³ + d_i·θ⁴, where
   * r3 = e0 − b, r4 = 2b − e0 − e_last and e0, e_last pick out the first and last stage.
   */
  private static double[][] hermiteQuartic(double[] b, double[] d) {
    int s = b.length;
    double[][] p = new double[s][4];
    for (int i = 0; i < s; i++) {
      double first = i == 0 ? 1.0 : 0.0;
      double last = i == s - 1 ? 1.0 : 0.0;
      double r3 = first - b[i];
      double r4 = 2.0 * b[i] - first - last;
      p[i][0] = first;
      p[i][1] = r4 - r3 + d[i];
      p[i][2] = -(r4 + 2.0 * d[i]);
      p[i][3] = d[i];
    }
    return p;
  }
}
