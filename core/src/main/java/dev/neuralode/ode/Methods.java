package dev.neuralode.ode;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The registry of the library's methods: every {@link Method} under its name, as the {@link Solver}
 * builder, the CLI, the error messages and the docs read it. The explicit Runge–Kutta methods are each a
 * {@link ButcherTableau} (also available as constants here); the stiff method {@code kvaerno5} is an
 * {@link Method.Esdirk}. Names are matched ignoring case and reported in lower case.
 *
 * <p>Fixed step (no error estimate; dense output by the cubic Hermite interpolant):
 * <ul>
 *   <li>{@code euler}: forward Euler, order 1, one stage.
 *   <li>{@code midpoint}: the explicit midpoint rule, order 2, two stages.
 *   <li>{@code heun2}: Heun's second-order method (the explicit trapezoidal rule), two stages.
 *   <li>{@code heun3}: Heun's third-order method (c = 0, 1/3, 2/3; b = 1/4, 0, 3/4), three stages.
 *   <li>{@code ralston}: Ralston's second-order method of minimal error bound (c = 0, 2/3; b = 1/4, 3/4).
 *   <li>{@code rk4}: the classic fourth-order method of Kutta (1901), four stages.
 *   <li>{@code rk38}: Kutta's 3/8 rule, order 4, four stages.
 * </ul>
 * <p>Adaptive, embedded (error estimate of one order less; Hairer, Nørsett &amp; Wanner I, II.4):
 * <ul>
 *   <li>{@code fehlberg2}: Fehlberg's RK1(2) with the order-2 solution propagated, as torchdiffeq's
 *       {@code fehlberg2}; Hermite dense output.
 *   <li>{@code adaptive_heun}: Heun's method with the Euler step as embedded estimate, order 2; Hermite.
 *   <li>{@code bosh3}: Bogacki–Shampine 3(2) (Appl. Math. Lett. 2 (1989) 321–325), FSAL; Hermite.
 *   <li>{@code tsit5}: Tsitouras 5(4) (2011), FSAL, order-4 dense output from the paper.
 *   <li>{@code dopri8}: Dormand–Prince 8(5,3), Hairer's {@code DOP853} (Prince &amp; Dormand 1981): 12 stages
 *       plus FSAL, the combined 5th/3rd-order error estimate, and the order-7 dense output that needs three
 *       more stages per step (evaluated only when a dense value is needed).
 *   <li>{@code dopri5}: Dormand–Prince 5(4), seven stages with FSAL, an embedded order-4 error estimate
 *       and the order-4 continuous extension of Shampine (1986) as given by Hairer, Nørsett &amp; Wanner
 *       (<i>Solving ODEs I</i>, II.5 Table 5.2 and II.6 eq. 6.12; their code {@code DOPRI5}, {@code CONTD5}).
 *       It is the quartic that torchdiffeq fits through y0, y1, the step's midpoint and both end slopes.
 * </ul>
 * <p>Implicit (stiff): {@code kvaerno5}, Kværnø's L-stable ESDIRK 5(4) ({@link Kvaerno5}).
 */
public final class Methods {
  private Methods() {}

  /** Forward Euler: y_new = y + h·f(t, y). Order 1, fixed step. */
  public static final ButcherTableau EULER = new ButcherTableau(
      new double[] {0.0}, new double[][] {{}}, new double[] {1.0}, null, null, 1);

  /** Explicit midpoint: y_new = y + h·f(t + h/2, y + (h/2)·f(t, y)). Order 2, fixed step. */
  public static final ButcherTableau MIDPOINT = new ButcherTableau(
      new double[] {0.0, 0.5}, new double[][] {{}, {0.5}}, new double[] {0.0, 1.0}, null, null, 2);

  /** The classic Runge–Kutta method (weights 1/6, 1/3, 1/3, 1/6). Order 4, fixed step. */
  public static final ButcherTableau RK4 = new ButcherTableau(
      new double[] {0.0, 0.5, 0.5, 1.0},
      new double[][] {{}, {0.5}, {0.0, 0.5}, {0.0, 0.0, 1.0}},
      new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6}, null, null, 4);

  /** Heun's second-order method. Order 2, fixed step. */
  public static final ButcherTableau HEUN2 = new ButcherTableau(
      new double[] {0.0, 1.0}, new double[][] {{}, {1.0}}, new double[] {0.5, 0.5}, null, null, 2);

  /** Heun's third-order method. Order 3, fixed step. */
  public static final ButcherTableau HEUN3 = new ButcherTableau(
      new double[] {0.0, 1.0 / 3, 2.0 / 3}, new double[][] {{}, {1.0 / 3}, {0.0, 2.0 / 3}},
      new double[] {0.25, 0.0, 0.75}, null, null, 3);

  /** Ralston's second-order method (A. Ralston, Math. Comp. 16 (1962) 431–437). Order 2, fixed step. */
  public static final ButcherTableau RALSTON = new ButcherTableau(
      new double[] {0.0, 2.0 / 3}, new double[][] {{}, {2.0 / 3}}, new double[] {0.25, 0.75}, null, null, 2);

  /** Kutta's 3/8 rule (weights 1/8, 3/8, 3/8, 1/8). Order 4, fixed step. */
  public static final ButcherTableau RK38 = new ButcherTableau(
      new double[] {0.0, 1.0 / 3, 2.0 / 3, 1.0},
      new double[][] {{}, {1.0 / 3}, {-1.0 / 3, 1.0}, {1.0, -1.0, 1.0}},
      new double[] {0.125, 0.375, 0.375, 0.125}, null, null, 4);

  /** Fehlberg's RK1(2): b = (1/512, 255/256, 1/512), b̂ = (1/256, 255/256, 0). Order 2, adaptive. */
  public static final ButcherTableau FEHLBERG2 = new ButcherTableau(
      new double[] {0.0, 0.5, 1.0}, new double[][] {{}, {0.5}, {1.0 / 256, 255.0 / 256}},
      new double[] {1.0 / 512, 255.0 / 256, 1.0 / 512}, new double[] {-1.0 / 512, 0.0, 1.0 / 512}, null, 2);

  /** Heun–Euler: b = (1/2, 1/2), b̂ = (1, 0). Order 2, adaptive. */
  public static final ButcherTableau ADAPTIVE_HEUN = new ButcherTableau(
      new double[] {0.0, 1.0}, new double[][] {{}, {1.0}}, new double[] {0.5, 0.5}, new double[] {-0.5, 0.5},
      null, 2);

  /** Bogacki–Shampine 3(2): b̂ = (7/24, 1/4, 1/3, 1/8). Order 3, FSAL, adaptive. */
  public static final ButcherTableau BOSH3 = new ButcherTableau(
      new double[] {0.0, 0.5, 0.75, 1.0},
      new double[][] {{}, {0.5}, {0.0, 0.75}, {2.0 / 9, 1.0 / 3, 4.0 / 9}},
      new double[] {2.0 / 9, 1.0 / 3, 4.0 / 9, 0.0},
      difference(new double[] {2.0 / 9, 1.0 / 3, 4.0 / 9, 0.0}, new double[] {7.0 / 24, 0.25, 1.0 / 3, 0.125}),
      null, 3);

  /** Tsitouras 5(4) (2011) with its order-4 dense output. Order 5, FSAL, adaptive. */
  public static final ButcherTableau TSIT5 = new ButcherTableau(Tsit5.C, Tsit5.A, Tsit5.B,
      difference(Tsit5.B, Tsit5.B_HAT), Tsit5.dense(), 5);

  /**
   * Dormand–Prince 8(5,3), Hairer's DOP853: order 8, FSAL (stage 12), error ratio
   * e₅²/√(e₅² + 0.01·e₃²), and stages 13–15 for the order-7 dense output.
   */
  public static final ButcherTableau DOPRI8 = new ButcherTableau(head(Dop853.C, 13), head(Dop853.A, 13),
      head(Dop853.B, 13), head(Dop853.E5, 13), null, 8, new ButcherTableau.Extension(tail(Dop853.C, 13),
          tail(Dop853.A, 13), head(Dop853.E3, 13),
          DensePolynomials.nested(concat(DensePolynomials.head(Dop853.B, 12), Dop853.D))));

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
      DOPRI5_B.clone(), difference(DOPRI5_B, DOPRI5_B_HAT), hermiteQuartic(DOPRI5_B, DOPRI5_D), 5);

  /** Kværnø's ESDIRK 5(4) for stiff problems ({@link Kvaerno5}). */
  public static final Method.Esdirk KVAERNO5 = new Method.Esdirk("kvaerno5", Kvaerno5.GAMMA, Kvaerno5.A,
      Kvaerno5.PREDICTOR, Kvaerno5.ORDER);

  private static final List<Method> ALL = List.of(
      new Method.ExplicitRk("euler", EULER, 3), new Method.ExplicitRk("midpoint", MIDPOINT, 3),
      new Method.ExplicitRk("heun2", HEUN2, 3), new Method.ExplicitRk("heun3", HEUN3, 3),
      new Method.ExplicitRk("ralston", RALSTON, 3), new Method.ExplicitRk("rk4", RK4, 3),
      new Method.ExplicitRk("rk38", RK38, 3), new Method.ExplicitRk("fehlberg2", FEHLBERG2, 3),
      new Method.ExplicitRk("adaptive_heun", ADAPTIVE_HEUN, 3), new Method.ExplicitRk("bosh3", BOSH3, 3),
      new Method.ExplicitRk("dopri5", DOPRI5, 4), new Method.ExplicitRk("tsit5", TSIT5, 4),
      new Method.ExplicitRk("dopri8", DOPRI8, 7), KVAERNO5);

  private static final List<String> NAMES = ALL.stream().map(Method::name).toList();

  private static final List<String> EXPLICIT_NAMES = ALL.stream()
      .filter(m -> m instanceof Method.ExplicitRk).map(Method::name).toList();

  /**
   * Every method name {@link #byName(String)} knows: the fixed-step explicit methods, the adaptive
   * explicit ones, then the implicit one.
   *
   * @return an immutable list: euler, midpoint, heun2, heun3, ralston, rk4, rk38, fehlberg2,
   *     adaptive_heun, bosh3, dopri5, tsit5, dopri8, kvaerno5
   */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * The names of the explicit Runge–Kutta methods (those with a {@link ButcherTableau}).
   *
   * @return an immutable list: {@link #names()} without kvaerno5
   */
  public static List<String> explicitNames() {
    return EXPLICIT_NAMES;
  }

  /**
   * The names of the adaptive or of the fixed-step methods, in registry order.
   *
   * @param adaptive true for the methods with an error estimate, false for the fixed-step ones
   * @return an immutable list
   */
  public static List<String> names(boolean adaptive) {
    return ALL.stream().filter(m -> m.adaptive() == adaptive).map(Method::name).toList();
  }

  /**
   * scipy's names ({@code scipy.integrate.solve_ivp}'s {@code method}) of the explicit pairs this
   * registry has too, lower-case, for the message that refuses them: RK45 is the Dormand–Prince 5(4)
   * pair, RK23 the Bogacki–Shampine 3(2) pair and DOP853 Hairer's DOP853. They are not accepted as
   * names (the registry's names follow torchdiffeq, and scipy's dense output differs).
   */
  private static final Map<String, String> SCIPY_NAMES = Map.of("rk45", "dopri5", "rk23", "bosh3", "dop853", "dopri8");

  /** scipy's implicit methods, lower-case to as scipy writes them, for which messages point to kvaerno5. */
  private static final Map<String, String> STIFF_NAMES = Map.of("radau", "Radau", "bdf", "BDF", "lsoda", "LSODA");

  /**
   * For an unknown method named as one of scipy's {@code solve_ivp} methods, the text that names
   * this registry's counterpart, e.g. {@code " (scipy's RK45 is dopri5 here)"}, or for scipy's
   * implicit methods {@code " (for a stiff problem, as scipy's Radau is meant for, use kvaerno5)"};
   * otherwise empty.
   *
   * @param name the name given (any case)
   * @return the hint, starting with a space, or empty
   */
  public static String scipyHint(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    String same = SCIPY_NAMES.get(key);
    if (same != null) {
      return " (scipy's " + key.toUpperCase(Locale.ROOT) + " is " + same + " here)";
    }
    String stiff = STIFF_NAMES.get(key);
    return stiff == null ? "" : " (for a stiff problem, as scipy's " + stiff + " is meant for, use kvaerno5)";
  }

  /**
   * Looks a method up by name, ignoring case.
   *
   * @param name one of {@link #names()}
   * @return the method
   * @throws IllegalArgumentException if the name is null or unknown, listing every known name (and,
   *     for scipy's RK45, RK23 or DOP853, naming the method here that is the same pair)
   */
  public static Method byName(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (Method m : ALL) {
      if (m.name().equals(key)) {
        return m;
      }
    }
    throw new IllegalArgumentException("method \"" + name + "\" is unknown; use one of "
        + String.join(", ", NAMES) + scipyHint(name));
  }

  /**
   * The tableau of an explicit method, looked up by name ignoring case.
   *
   * @param name one of {@link #explicitNames()}
   * @return the tableau
   * @throws IllegalArgumentException if the name is unknown (listing every name) or names the implicit
   *     method, which has no explicit tableau
   */
  public static ButcherTableau tableau(String name) {
    Method m = byName(name);
    if (m instanceof Method.ExplicitRk e) {
      return e.tableau();
    }
    throw new IllegalArgumentException("method " + m.name() + " is implicit and has no explicit tableau; use"
        + " one of " + String.join(", ", EXPLICIT_NAMES));
  }

  /**
   * The registered explicit method that has this tableau, or an unnamed one ({@code "custom"}) with
   * the Hermite dense order 3 (4 if it has dense coefficients).
   *
   * @param tableau a tableau
   * @return the method
   * @throws IllegalArgumentException if tableau is null
   */
  public static Method.ExplicitRk of(ButcherTableau tableau) {
    for (Method m : ALL) {
      if (m instanceof Method.ExplicitRk e && e.tableau().equals(tableau)) {
        return e;
      }
    }
    return new Method.ExplicitRk("custom", tableau, tableau == null || tableau.dense() == null ? 3 : 4);
  }

  /**
   * The order of the dense output: 4 for dopri5 and tsit5, 7 for dopri8, 3 (cubic Hermite) otherwise.
   * Between steps the interpolated values then converge with order min(order, denseOrder + 1).
   *
   * @param tableau a tableau
   * @return the order of its continuous extension
   */
  public static int denseOrder(ButcherTableau tableau) {
    return of(tableau).denseOrder();
  }

  private static double[] head(double[] v, int n) {
    return java.util.Arrays.copyOf(v, n);
  }

  private static double[][] head(double[][] v, int n) {
    return java.util.Arrays.copyOf(v, n);
  }

  private static double[] tail(double[] v, int n) {
    return java.util.Arrays.copyOfRange(v, n, v.length);
  }

  private static double[][] tail(double[][] v, int n) {
    return java.util.Arrays.copyOfRange(v, n, v.length);
  }

  private static double[][] concat(double[][] x, double[][] y) {
    double[][] out = new double[x.length + y.length][];
    System.arraycopy(x, 0, out, 0, x.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    return out;
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
