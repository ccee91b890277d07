package dev.neuralode.ode;

import java.util.Locale;

/**
 * How {@link Odeint#solve} integrates: the method, its tolerances and its limits. Immutable; the
 * {@code with…} methods return modified copies.
 *
 * <p>Adaptive methods ({@code dopri5}) accept a step when the RMS norm of
 * err_i / (atol + rtol·max(|y_i|, |y_new,i|)) is at most 1 (torchdiffeq's and scipy's error norm; Hairer,
 * Nørsett &amp; Wanner I, II.4 eq. 4.11); they ignore {@code stepSize}. Fixed-step methods ({@code euler},
 * {@code midpoint}, {@code rk4}) split each interval [t_i, t_i+1] into n = ⌈|Δt| / stepSize⌉ equal
 * steps, so every requested time is hit exactly; they ignore {@code rtol}, {@code atol} and
 * {@code firstStep}.
 *
 * @param method the method, one of {@link Tableaus#names()} (case-insensitive, stored in lower case)
 * @param rtol relative tolerance, finite and ≥ 0
 * @param atol absolute tolerance, finite and ≥ 0 (an adaptive solve needs rtol or atol &gt; 0)
 * @param stepSize the largest fixed step, finite and &gt; 0, or NaN for one step per interval
 * @param firstStep the first adaptive step (its magnitude), finite and &gt; 0, or NaN to choose it by the
 *     algorithm of Hairer, Nørsett &amp; Wanner I, II.4
 * @param maxSteps the most steps (accepted plus rejected) one solve may take, &gt; 0
 */
public record SolveOptions(String method, double rtol, double atol, double stepSize, double firstStep,
    int maxSteps) {
  private static final SolveOptions DEFAULTS =
      new SolveOptions("dopri5", 1e-7, 1e-9, Double.NaN, Double.NaN, 100_000);

  /**
   * Validates the options.
   *
   * @param method see the record's description
   * @param rtol see the record's description
   * @param atol see the record's description
   * @param stepSize see the record's description
   * @param firstStep see the record's description
   * @param maxSteps see the record's description
   * @throws IllegalArgumentException naming the argument, its value and the fix, if the method is
   *     unknown, a tolerance is negative or not finite, a step is neither NaN nor a finite positive
   *     number, or {@code maxSteps <= 0}
   */
  public SolveOptions {
    if (method == null) {
      throw new IllegalArgumentException("method must not be null; use one of "
          + String.join(", ", Tableaus.names()));
    }
    Tableaus.byName(method);
    method = method.toLowerCase(Locale.ROOT);
    requireTolerance("rtol", rtol, "1e-7");
    requireTolerance("atol", atol, "1e-9");
    requireStep("stepSize", stepSize, "one step per interval");
    requireStep("firstStep", firstStep, "an automatic first step");
    if (maxSteps <= 0) {
      throw new IllegalArgumentException("maxSteps=" + maxSteps + " must be > 0; pass a step budget such as"
          + " 100000");
    }
  }

  private static void requireTolerance(String name, double value, String example) {
    if (!(value >= 0.0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + "=" + value + " must be finite and >= 0; pass a tolerance"
          + " such as " + example);
    }
  }

  private static void requireStep(String name, double value, String nanMeaning) {
    if (!Double.isNaN(value) && !(value > 0.0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(name + "=" + value + " must be finite and > 0, or NaN for "
          + nanMeaning);
    }
  }

  /**
   * The defaults: {@code dopri5}, rtol 1e-7, atol 1e-9, no fixed step, automatic first step, at most
   * 100 000 steps per solve.
   *
   * @return the default options
   */
  public static SolveOptions defaults() {
    return DEFAULTS;
  }

  /**
   * A copy with another method.
   *
   * @param m one of {@link Tableaus#names()}
   * @return the new options
   * @throws IllegalArgumentException if the name is unknown
   */
  public SolveOptions withMethod(String m) {
    return new SolveOptions(m, rtol, atol, stepSize, firstStep, maxSteps);
  }

  /**
   * A copy with another relative tolerance.
   *
   * @param r finite and ≥ 0
   * @return the new options
   * @throws IllegalArgumentException if {@code r} is negative or not finite
   */
  public SolveOptions withRtol(double r) {
    return new SolveOptions(method, r, atol, stepSize, firstStep, maxSteps);
  }

  /**
   * A copy with another absolute tolerance.
   *
   * @param a finite and ≥ 0
   * @return the new options
   * @throws IllegalArgumentException if {@code a} is negative or not finite
   */
  public SolveOptions withAtol(double a) {
    return new SolveOptions(method, rtol, a, stepSize, firstStep, maxSteps);
  }

  /**
   * A copy with another fixed step size (for euler, midpoint and rk4).
   *
   * @param h finite and &gt; 0, or NaN for one step per interval
   * @return the new options
   * @throws IllegalArgumentException if {@code h} is neither NaN nor finite and positive
   */
  public SolveOptions withStepSize(double h) {
    return new SolveOptions(method, rtol, atol, h, firstStep, maxSteps);
  }

  /**
   * A copy with another first adaptive step.
   *
   * @param h finite and &gt; 0 (its sign follows the direction of t), or NaN for automatic
   * @return the new options
   * @throws IllegalArgumentException if {@code h} is neither NaN nor finite and positive
   */
  public SolveOptions withFirstStep(double h) {
    return new SolveOptions(method, rtol, atol, stepSize, h, maxSteps);
  }

  /**
   * A copy with another step budget.
   *
   * @param n the most steps (accepted plus rejected) per solve, &gt; 0
   * @return the new options
   * @throws IllegalArgumentException if {@code n <= 0}
   */
  public SolveOptions withMaxSteps(int n) {
    return new SolveOptions(method, rtol, atol, stepSize, firstStep, n);
  }

  /**
   * The method's tableau.
   *
   * @return {@code Tableaus.byName(method())}
   */
  public ButcherTableau tableau() {
    return Tableaus.byName(method);
  }
}
