package dev.neuralode.ode;

/**
 * Adaptive steps for a method with an error estimate: the tolerances and error norm that turn a step's
 * error estimate into an error ratio, the rule that accepts or rejects the step and proposes the next
 * one ({@link IController}, {@link PidController} or any {@link StepSizeRule}), the first step and the
 * step limits.
 *
 * <p><b>First step.</b> NaN chooses it by the algorithm of Hairer, Nørsett &amp; Wanner I, II.4
 * ({@code HINIT}, torchdiffeq's {@code _select_initial_step}); a value is used as the first step's
 * magnitude (its sign follows the direction of t).
 *
 * <p><b>Step limits.</b> Every step satisfies minStep ≤ |h| ≤ maxStep, except the last step before the
 * final time or a jump time, which may be shorter. A step rejected at |h| = minStep raises
 * {@link StepSizeUnderflowException}.
 *
 * @param rule decides acceptance and the next step
 * @param tolerances rtol, atol (scalar or per component) and the error norm
 * @param firstStep the first step's magnitude, finite and &gt; 0, or NaN for automatic
 * @param minStep the smallest step magnitude, finite and ≥ 0 (0: only the 16-ulp floor)
 * @param maxStep the largest step magnitude, ≥ minStep and &gt; 0, possibly +∞
 */
public record AdaptiveController(StepSizeRule rule, Tolerances tolerances, double firstStep, double minStep,
    double maxStep) implements StepSizeController {
  private static final AdaptiveController DEFAULTS = of(1e-7, 1e-9);

  /**
   * Validates the settings.
   *
   * @param rule see the record's description
   * @param tolerances see the record's description
   * @param firstStep see the record's description
   * @param minStep see the record's description
   * @param maxStep see the record's description
   * @throws IllegalArgumentException naming the setting, its value and the fix, if rule or tolerances is
   *     null, firstStep is neither NaN nor finite and positive, or the limits are out of range
   */
  public AdaptiveController {
    if (rule == null || tolerances == null) {
      throw new IllegalArgumentException("an adaptive controller needs a rule and tolerances; pass"
          + " IController.TORCHDIFFEQ and Tolerances.of(1e-7, 1e-9)");
    }
    if (!Double.isNaN(firstStep) && !(firstStep > 0.0 && Double.isFinite(firstStep))) {
      throw new IllegalArgumentException("firstStep=" + firstStep + " must be finite and > 0, or NaN for an"
          + " automatic first step");
    }
    if (!(minStep >= 0.0 && Double.isFinite(minStep))) {
      throw new IllegalArgumentException("minStep=" + minStep + " must be finite and >= 0; pass 0 for no limit");
    }
    if (!(maxStep > 0.0) || !(maxStep >= minStep)) {
      throw new IllegalArgumentException("maxStep=" + maxStep + " must be > 0 and >= minStep=" + minStep
          + "; pass Double.POSITIVE_INFINITY for no limit");
    }
  }

  /**
   * The I-controller with torchdiffeq's constants, scalar tolerances, RMS norm, automatic first step and
   * no step limits.
   *
   * @param rtol finite and &gt; 0
   * @param atol finite and ≥ 0
   * @return the controller
   * @throws IllegalArgumentException if a tolerance is out of range
   */
  public static AdaptiveController of(double rtol, double atol) {
    return of(IController.TORCHDIFFEQ, Tolerances.of(rtol, atol));
  }

  /**
   * A controller with the given rule and tolerances, an automatic first step and no step limits.
   *
   * @param rule the rule, e.g. {@link PidController#of(double, double, double)}
   * @param tolerances the tolerances and norm
   * @return the controller
   * @throws IllegalArgumentException if an argument is null
   */
  public static AdaptiveController of(StepSizeRule rule, Tolerances tolerances) {
    return new AdaptiveController(rule, tolerances, Double.NaN, 0.0, Double.POSITIVE_INFINITY);
  }

  /**
   * The default: {@code of(1e-7, 1e-9)}.
   *
   * @return the default controller
   */
  public static AdaptiveController defaults() {
    return DEFAULTS;
  }
}
