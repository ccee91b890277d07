package dev.neuralode.ode;

/**
 * The classic integral ("I") step-size controller (Hairer, Nørsett &amp; Wanner I, II.4, eq. 4.13), as
 * torchdiffeq implements it in {@code _optimal_step_size}.
 *
 * <p>With error ratio r and order p, a step is accepted when r ≤ 1, and the next step is h·factor with
 * <pre>
 *   factor = ifactor                                             if r = 0
 *   factor = min(ifactor, max(safety · r^(−1/p), lower))         otherwise
 *   lower  = 1 if r &lt; 1 (an accepted step never shrinks the next one), dfactor if r ≥ 1
 * </pre>
 * A non-finite r (NaN or +∞) rejects the step and gives factor = dfactor.
 *
 * @param safety the safety factor, in (0, 1]
 * @param ifactor the largest growth per step, ≥ 1
 * @param dfactor the largest shrink per rejected step, in (0, 1]
 */
public record IController(double safety, double ifactor, double dfactor) implements StepSizeRule {
  /** torchdiffeq's defaults: safety 0.9, ifactor 10, dfactor 0.2. */
  public static final IController TORCHDIFFEQ = new IController(0.9, 10.0, 0.2);

  /**
   * Validates the factors.
   *
   * @param safety see the record's description
   * @param ifactor see the record's description
   * @param dfactor see the record's description
   * @throws IllegalArgumentException if a factor is out of its range
   */
  public IController {
    if (!(safety > 0.0 && safety <= 1.0)) {
      throw new IllegalArgumentException("safety=" + safety + " must be in (0, 1]; torchdiffeq uses 0.9");
    }
    if (!(ifactor >= 1.0 && Double.isFinite(ifactor))) {
      throw new IllegalArgumentException("ifactor=" + ifactor + " must be finite and >= 1; torchdiffeq uses 10");
    }
    if (!(dfactor > 0.0 && dfactor <= 1.0)) {
      throw new IllegalArgumentException("dfactor=" + dfactor + " must be in (0, 1]; torchdiffeq uses 0.2");
    }
  }

  /**
   * Accepts the step when {@code errorRatio <= 1} and proposes the next step by the formula above.
   *
   * @param h the signed size of the step just attempted
   * @param errorRatio the scaled RMS error; NaN or +∞ for a non-finite step
   * @param order the order p ≥ 1 of the method
   * @return the decision; {@code nextStep} has the sign of {@code h}
   */
  @Override
  public Decision decide(double h, double errorRatio, int order) {
    boolean accepted = errorRatio <= 1.0;
    if (!(errorRatio < Double.POSITIVE_INFINITY)) {
      return new Decision(false, h * dfactor);
    }
    if (errorRatio == 0.0) {
      return new Decision(true, h * ifactor);
    }
    double lower = errorRatio < 1.0 ? 1.0 : dfactor;
    double factor = Math.min(ifactor, Math.max(safety * Math.pow(errorRatio, -1.0 / order), lower));
    return new Decision(accepted, h * factor);
  }
}
