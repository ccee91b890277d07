package dev.neuralode.ode;

/**
 * A PID step-size controller (G. Söderlind, "Digital filters in adaptive time-stepping", ACM TOMS 29
 * (2003) 1–26; "Automatic control and adaptive time-stepping", Numer. Algorithms 31 (2002) 281–310), with
 * the coefficients and conventions of Diffrax's {@code PIDController}.
 *
 * <p>With r_n the error ratio of the attempt, r_{n−1} and r_{n−2} those of the two previous accepted steps
 * (1 when missing) and k the method's order,
 * <pre>
 *   β1 = (pcoeff + icoeff + dcoeff)/k,  β2 = −(pcoeff + 2·dcoeff)/k,  β3 = dcoeff/k
 *   factor = clip(safety · r_n^(−β1) · r_{n−1}^(−β2) · r_{n−2}^(−β3), lower, factormax)
 *   lower  = 1 when r_n &lt; 1 (an accepted step never shrinks the next), factormin otherwise
 * </pre>
 * so that pcoeff = dcoeff = 0, icoeff = 1 is exactly {@link IController}. Two rules of Hairer's codes
 * {@code DOPRI5}/{@code DOP853} (and scipy's {@code RK45}/{@code DOP853}) can be switched on:
 * {@code shrinkAfterAccept} lets an accepted step with r_n close to 1 shrink the next step (lower =
 * factormin always), and {@code holdAfterReject} forbids growth on the step right after a rejection
 * (factor ≤ 1). {@link #hairer(double, double)} is Hairer's {@code DOPRI5} controller with Lund's
 * stabilization (Hairer, Nørsett &amp; Wanner I, II.4 and its code: r_n^(−(0.2 − 0.75β))·r_{n−1}^β). Söderlind's recommended
 * H211PI filter is pcoeff = icoeff = 1/6 on the order used here; Diffrax suggests pcoeff 0.3, icoeff 0.3
 * (or 0.4, 0.3) for non-stiff problems. A non-finite ratio rejects the step with factor factormin, and a
 * ratio of 0 accepts it with factormax.
 *
 * @param pcoeff the proportional coefficient, finite
 * @param icoeff the integral coefficient, finite and &gt; 0
 * @param dcoeff the derivative coefficient, finite
 * @param safety the safety factor, in (0, 1]
 * @param factormin the largest shrink per rejected step, in (0, 1]
 * @param factormax the largest growth per step, finite and ≥ 1
 * @param shrinkAfterAccept whether an accepted step may shrink the next one (Hairer, scipy); false in
 *     torchdiffeq and Diffrax
 * @param holdAfterReject whether the step after a rejection may not grow (Hairer, scipy)
 */
public record PidController(double pcoeff, double icoeff, double dcoeff, double safety, double factormin,
    double factormax, boolean shrinkAfterAccept, boolean holdAfterReject) implements StepSizeRule {

  /**
   * A controller with Diffrax's rules (no shrink after an accepted step, growth allowed after a
   * rejection).
   *
   * @param pcoeff see the record's description
   * @param icoeff see the record's description
   * @param dcoeff see the record's description
   * @param safety see the record's description
   * @param factormin see the record's description
   * @param factormax see the record's description
   * @throws IllegalArgumentException as the canonical constructor
   */
  public PidController(double pcoeff, double icoeff, double dcoeff, double safety, double factormin,
      double factormax) {
    this(pcoeff, icoeff, dcoeff, safety, factormin, factormax, false, false);
  }

  /**
   * Hairer's PI controller of {@code DOPRI5} for a method of order k: exponents α = 1/k − 0.75β on the
   * current ratio and β on the previous one, safety 0.9, factors in [0.2, 10], shrinking allowed after
   * an accepted step and no growth after a rejection. β = 0.04 is Hairer's choice for DOPRI5 (k = 5);
   * β = 0 is scipy's pure I-controller with the same rules. The coefficients depend on the order the
   * solve passes: use it with the method of order {@code order}.
   *
   * @param beta the stabilization exponent β ≥ 0 (0.04 in DOPRI5)
   * @param order the method's order k ≥ 1
   * @return the controller, pcoeff = k·β and icoeff = 1 − 0.75·k·β − k·β (as PID coefficients over k)
   * @throws IllegalArgumentException if the coefficients are out of range
   */
  public static PidController hairer(double beta, double order) {
    double p = order * beta;
    double i = 1.0 - 0.75 * order * beta - p;
    return new PidController(p, i, 0.0, 0.9, 0.2, 10.0, true, true);
  }

  /**
   * Validates the coefficients.
   *
   * @param pcoeff see the record's description
   * @param icoeff see the record's description
   * @param dcoeff see the record's description
   * @param safety see the record's description
   * @param factormin see the record's description
   * @param factormax see the record's description
   * @param shrinkAfterAccept see the record's description
   * @param holdAfterReject see the record's description
   * @throws IllegalArgumentException naming a coefficient out of its range
   */
  public PidController {
    if (!Double.isFinite(pcoeff) || !Double.isFinite(dcoeff)) {
      throw new IllegalArgumentException("pcoeff=" + pcoeff + " and dcoeff=" + dcoeff + " must be finite");
    }
    if (!(icoeff > 0.0 && Double.isFinite(icoeff))) {
      throw new IllegalArgumentException("icoeff=" + icoeff + " must be finite and > 0 (1 for an I-controller)");
    }
    if (!(safety > 0.0 && safety <= 1.0)) {
      throw new IllegalArgumentException("safety=" + safety + " must be in (0, 1]; Diffrax uses 0.9");
    }
    if (!(factormin > 0.0 && factormin <= 1.0)) {
      throw new IllegalArgumentException("factormin=" + factormin + " must be in (0, 1]; Diffrax uses 0.2");
    }
    if (!(factormax >= 1.0 && Double.isFinite(factormax))) {
      throw new IllegalArgumentException("factormax=" + factormax + " must be finite and >= 1; Diffrax uses 10");
    }
  }

  /**
   * A PID controller with Diffrax's safety 0.9, factormin 0.2 and factormax 10.
   *
   * @param pcoeff the proportional coefficient
   * @param icoeff the integral coefficient, &gt; 0
   * @param dcoeff the derivative coefficient
   * @return the controller
   * @throws IllegalArgumentException if a coefficient is out of range
   */
  public static PidController of(double pcoeff, double icoeff, double dcoeff) {
    return new PidController(pcoeff, icoeff, dcoeff, 0.9, 0.2, 10.0);
  }

  @Override
  public Decision decide(double h, double errorRatio, int order) {
    return decide(h, errorRatio, order, History.NONE);
  }

  @Override
  public Decision decide(double h, double errorRatio, int order, History history) {
    if (!(errorRatio < Double.POSITIVE_INFINITY)) {
      return new Decision(false, h * factormin);
    }
    boolean accepted = errorRatio <= 1.0;
    if (errorRatio == 0.0) {
      return new Decision(true, h * factormax);
    }
    double k = order;
    double b1 = (pcoeff + icoeff + dcoeff) / k;
    double b2 = -(pcoeff + 2.0 * dcoeff) / k;
    double b3 = dcoeff / k;
    double factor = safety * Math.pow(errorRatio, -b1) * Math.pow(ratio(history.previous()), -b2)
        * Math.pow(ratio(history.beforePrevious()), -b3);
    double lower = errorRatio < 1.0 && !shrinkAfterAccept ? 1.0 : factormin;
    factor = Math.min(factormax, Math.max(lower, factor));
    if (holdAfterReject && history.lastRejected()) {
      factor = Math.min(1.0, factor);
    }
    return new Decision(accepted, h * factor);
  }

  /** A missing or zero ratio counts as 1 (no information), as Diffrax's initial state does. */
  private static double ratio(double r) {
    return Double.isNaN(r) || r <= 0.0 || r == Double.POSITIVE_INFINITY ? 1.0 : r;
  }
}
