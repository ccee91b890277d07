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
 * <p><b>Per-component tolerances.</b> {@code rtolVector}/{@code atolVector}, when not null, replace the
 * scalars: either one value per entry of the whole state (length y0.size(), row-major) or one per
 * component of the last axis (length = y0's last extent, shared by every row of a {@code [batch, dim]}
 * state). A wrong length is rejected when the solve starts, naming both admissible lengths.
 *
 * <p><b>Step limits.</b> Every adaptive step satisfies minStep ≤ |h| ≤ maxStep, except the last step
 * before the final time or a jump time, which may be shorter. A step rejected at |h| = minStep raises
 * {@link StepSizeUnderflowException}. {@code jumpTimes} are times where f may be discontinuous: the
 * solver ends a step exactly at each one inside the interval and restarts there, without reusing the
 * last stage (FSAL) across it, evaluating the stages before the jump just below it and the first stage
 * after it just above it (torchdiffeq's {@code jump_t} with perturbed evaluation times).
 *
 * @param method the method, one of {@link Tableaus#names()} (case-insensitive, stored in lower case)
 * @param rtol relative tolerance, finite and &gt; 0 (rtol ≤ 0 is rejected)
 * @param atol absolute tolerance, finite and ≥ 0
 * @param stepSize the largest fixed step, finite and &gt; 0, or NaN for one step per interval
 * @param firstStep the first adaptive step (its magnitude), finite and &gt; 0, or NaN to choose it by the
 *     algorithm of Hairer, Nørsett &amp; Wanner I, II.4
 * @param maxSteps the most steps (accepted plus rejected) one solve may take, &gt; 0
 * @param rtolVector per-component relative tolerances, each finite and &gt; 0, or null for {@code rtol}
 * @param atolVector per-component absolute tolerances, each finite and ≥ 0, or null for {@code atol}
 * @param norm the error norm; {@link ErrorNorm#RMS} by default (null is read as RMS)
 * @param minStep the smallest adaptive step magnitude, finite and ≥ 0 (0: only the 16-ulp floor)
 * @param maxStep the largest adaptive step magnitude, &gt; 0, possibly +∞ (the default)
 * @param jumpTimes times where f may jump, finite; any order, duplicates merged (empty by default)
 */
public record SolveOptions(String method, double rtol, double atol, double stepSize, double firstStep,
    int maxSteps, double[] rtolVector, double[] atolVector, ErrorNorm norm, double minStep, double maxStep,
    double[] jumpTimes) {
  private static final SolveOptions DEFAULTS =
      new SolveOptions("dopri5", 1e-7, 1e-9, Double.NaN, Double.NaN, 100_000);

  /**
   * Options with scalar tolerances, the RMS norm, no step limits and no jump times.
   *
   * @param method see the record's description
   * @param rtol see the record's description
   * @param atol see the record's description
   * @param stepSize see the record's description
   * @param firstStep see the record's description
   * @param maxSteps see the record's description
   * @throws IllegalArgumentException as the canonical constructor
   */
  public SolveOptions(String method, double rtol, double atol, double stepSize, double firstStep,
      int maxSteps) {
    this(method, rtol, atol, stepSize, firstStep, maxSteps, null, null, ErrorNorm.RMS, 0.0,
        Double.POSITIVE_INFINITY, new double[0]);
  }

  /**
   * Validates the options.
   *
   * @param method see the record's description
   * @param rtol see the record's description
   * @param atol see the record's description
   * @param stepSize see the record's description
   * @param firstStep see the record's description
   * @param maxSteps see the record's description
   * @param rtolVector see the record's description
   * @param atolVector see the record's description
   * @param norm see the record's description
   * @param minStep see the record's description
   * @param maxStep see the record's description
   * @param jumpTimes see the record's description
   * @throws IllegalArgumentException naming the argument, its value and the fix, if the method is
   *     unknown, rtol is ≤ 0 or atol &lt; 0 or either is not finite (also entry-wise for the vectors), a
   *     step is neither NaN nor a finite positive number, {@code maxSteps <= 0}, minStep &gt; maxStep, or
   *     a jump time is not finite
   */
  public SolveOptions {
    if (method == null) {
      throw new IllegalArgumentException("method must not be null; use one of "
          + String.join(", ", Tableaus.names()));
    }
    if (!Kvaerno5.NAME.equalsIgnoreCase(method)) {
      try {
        Tableaus.byName(method);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage() + ", or the stiff method " + Kvaerno5.NAME, e);
      }
    }
    method = method.toLowerCase(Locale.ROOT);
    requireRtol("rtol", rtol);
    requireTolerance("atol", atol, "1e-9");
    if (rtolVector != null) {
      rtolVector = rtolVector.clone();
      for (int i = 0; i < rtolVector.length; i++) {
        requireRtol("rtol[" + i + "]", rtolVector[i]);
      }
    }
    if (atolVector != null) {
      atolVector = atolVector.clone();
      for (int i = 0; i < atolVector.length; i++) {
        requireTolerance("atol[" + i + "]", atolVector[i], "1e-9");
      }
    }
    norm = norm == null ? ErrorNorm.RMS : norm;
    if (!(minStep >= 0.0 && Double.isFinite(minStep))) {
      throw new IllegalArgumentException("minStep=" + minStep + " must be finite and >= 0; pass 0 for no limit");
    }
    if (!(maxStep > 0.0) || !(maxStep >= minStep)) {
      throw new IllegalArgumentException("maxStep=" + maxStep + " must be > 0 and >= minStep=" + minStep
          + "; pass Double.POSITIVE_INFINITY for no limit");
    }
    jumpTimes = jumpTimes == null ? new double[0] : jumpTimes.clone();
    for (int i = 0; i < jumpTimes.length; i++) {
      if (!Double.isFinite(jumpTimes[i])) {
        throw new IllegalArgumentException("jumpTimes[" + i + "]=" + jumpTimes[i] + " must be finite");
      }
    }
    java.util.Arrays.sort(jumpTimes);
    requireStep("stepSize", stepSize, "one step per interval");
    requireStep("firstStep", firstStep, "an automatic first step");
    if (maxSteps <= 0) {
      throw new IllegalArgumentException("maxSteps=" + maxSteps + " must be > 0; pass a step budget such as"
          + " 100000");
    }
  }

  private static void requireRtol(String name, double value) {
    if (!(value > 0.0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + "=" + value + " must be finite and > 0; pass a relative"
          + " tolerance such as 1e-7 (for a purely absolute test use a tiny rtol such as 1e-15 with atol)");
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
    return new SolveOptions(m, rtol, atol, stepSize, firstStep, maxSteps, rtolVector, atolVector, norm,
        minStep, maxStep, jumpTimes);
  }

  /**
   * A copy with another relative tolerance.
   *
   * @param r finite and &gt; 0; replaces any per-component rtol
   * @return the new options
   * @throws IllegalArgumentException if {@code r <= 0} or not finite
   */
  public SolveOptions withRtol(double r) {
    return new SolveOptions(method, r, atol, stepSize, firstStep, maxSteps, null, atolVector, norm,
        minStep, maxStep, jumpTimes);
  }

  /**
   * A copy with another absolute tolerance.
   *
   * @param a finite and ≥ 0; replaces any per-component atol
   * @return the new options
   * @throws IllegalArgumentException if {@code a} is negative or not finite
   */
  public SolveOptions withAtol(double a) {
    return new SolveOptions(method, rtol, a, stepSize, firstStep, maxSteps, rtolVector, null, norm,
        minStep, maxStep, jumpTimes);
  }

  /**
   * A copy with another fixed step size (for euler, midpoint and rk4).
   *
   * @param h finite and &gt; 0, or NaN for one step per interval
   * @return the new options
   * @throws IllegalArgumentException if {@code h} is neither NaN nor finite and positive
   */
  public SolveOptions withStepSize(double h) {
    return new SolveOptions(method, rtol, atol, h, firstStep, maxSteps, rtolVector, atolVector, norm,
        minStep, maxStep, jumpTimes);
  }

  /**
   * A copy with another first adaptive step.
   *
   * @param h finite and &gt; 0 (its sign follows the direction of t), or NaN for automatic
   * @return the new options
   * @throws IllegalArgumentException if {@code h} is neither NaN nor finite and positive
   */
  public SolveOptions withFirstStep(double h) {
    return new SolveOptions(method, rtol, atol, stepSize, h, maxSteps, rtolVector, atolVector, norm,
        minStep, maxStep, jumpTimes);
  }

  /**
   * A copy with another step budget.
   *
   * @param n the most steps (accepted plus rejected) per solve, &gt; 0
   * @return the new options
   * @throws IllegalArgumentException if {@code n <= 0}
   */
  public SolveOptions withMaxSteps(int n) {
    return new SolveOptions(method, rtol, atol, stepSize, firstStep, n, rtolVector, atolVector, norm,
        minStep, maxStep, jumpTimes);
  }

  /**
   * A copy with per-component relative tolerances.
   *
   * @param r one value per state entry or per entry of the last axis, each finite and &gt; 0; copied
   * @return the new options
   * @throws IllegalArgumentException if an entry is ≤ 0 or not finite
   */
  public SolveOptions withRtol(double[] r) {
    return new SolveOptions(method, rtol, atol, stepSize, firstStep, maxSteps, r, atolVector, norm, minStep,
        maxStep, jumpTimes);
  }

  /**
   * A copy with per-component absolute tolerances.
   *
   * @param a one value per state entry or per entry of the last axis, each finite and ≥ 0; copied
   * @return the new options
   * @throws IllegalArgumentException if an entry is negative or not finite
   */
  public SolveOptions withAtol(double[] a) {
    return new SolveOptions(method, rtol, atol, stepSize, firstStep, maxSteps, rtolVector, a, norm, minStep,
        maxStep, jumpTimes);
  }

  /**
   * A copy with another error norm.
   *
   * @param n the norm, e.g. {@link ErrorNorm#MAX} or a seminorm; null means {@link ErrorNorm#RMS}
   * @return the new options
   */
  public SolveOptions withNorm(ErrorNorm n) {
    return new SolveOptions(method, rtol, atol, stepSize, firstStep, maxSteps, rtolVector, atolVector, n,
        minStep, maxStep, jumpTimes);
  }

  /**
   * A copy with other adaptive step limits.
   *
   * @param min the smallest step magnitude, finite and ≥ 0
   * @param max the largest step magnitude, ≥ min and &gt; 0, or +∞
   * @return the new options
   * @throws IllegalArgumentException if the limits are out of range
   */
  public SolveOptions withStepLimits(double min, double max) {
    return new SolveOptions(method, rtol, atol, stepSize, firstStep, maxSteps, rtolVector, atolVector, norm,
        min, max, jumpTimes);
  }

  /**
   * A copy with times where f may be discontinuous.
   *
   * @param times finite times, any order; copied and sorted
   * @return the new options
   * @throws IllegalArgumentException if a time is not finite
   */
  public SolveOptions withJumpTimes(double... times) {
    return new SolveOptions(method, rtol, atol, stepSize, firstStep, maxSteps, rtolVector, atolVector, norm,
        minStep, maxStep, times);
  }

  /**
   * The per-component relative tolerances.
   *
   * @return a copy, or null when the scalar {@link #rtol()} applies
   */
  @Override
  public double[] rtolVector() {
    return rtolVector == null ? null : rtolVector.clone();
  }

  /**
   * The per-component absolute tolerances.
   *
   * @return a copy, or null when the scalar {@link #atol()} applies
   */
  @Override
  public double[] atolVector() {
    return atolVector == null ? null : atolVector.clone();
  }

  /**
   * The jump times, sorted.
   *
   * @return a copy
   */
  @Override
  public double[] jumpTimes() {
    return jumpTimes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SolveOptions s && method.equals(s.method) && Double.compare(rtol, s.rtol) == 0
        && Double.compare(atol, s.atol) == 0 && Double.compare(stepSize, s.stepSize) == 0
        && Double.compare(firstStep, s.firstStep) == 0 && maxSteps == s.maxSteps
        && java.util.Arrays.equals(rtolVector, s.rtolVector) && java.util.Arrays.equals(atolVector, s.atolVector)
        && norm.equals(s.norm) && Double.compare(minStep, s.minStep) == 0
        && Double.compare(maxStep, s.maxStep) == 0 && java.util.Arrays.equals(jumpTimes, s.jumpTimes);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(method, rtol, atol, stepSize, firstStep, maxSteps, minStep, maxStep)
        + 31 * java.util.Arrays.hashCode(rtolVector) + 17 * java.util.Arrays.hashCode(atolVector)
        + 7 * java.util.Arrays.hashCode(jumpTimes);
  }

  @Override
  public String toString() {
    return "SolveOptions[method=" + method + ", rtol=" + (rtolVector == null ? rtol
        : java.util.Arrays.toString(rtolVector)) + ", atol=" + (atolVector == null ? atol
        : java.util.Arrays.toString(atolVector)) + ", stepSize=" + stepSize + ", firstStep=" + firstStep
        + ", maxSteps=" + maxSteps + ", minStep=" + minStep + ", maxStep=" + maxStep + ", jumpTimes="
        + java.util.Arrays.toString(jumpTimes) + "]";
  }

  /**
   * The method's tableau.
   *
   * @return {@code Tableaus.byName(method())}
   * @throws IllegalArgumentException for the implicit method {@code kvaerno5}, which has no explicit tableau
   */
  public ButcherTableau tableau() {
    return Tableaus.byName(method);
  }
}
