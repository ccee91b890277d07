package dev.neuralode.ode;

import java.util.Arrays;

/**
 * The error tolerances and norm of an {@link AdaptiveController}. A step is accepted when the norm of
 * q_i = err_i / (atol_i + rtol_i·max(|y_i|, |y_new,i|)) is at most 1 (torchdiffeq's and scipy's error
 * test; Hairer, Nørsett &amp; Wanner I, II.4 eq. 4.11, with the RMS norm by default).
 *
 * <p><b>Per-component tolerances.</b> {@code rtolVector}/{@code atolVector}, when not null, replace the
 * scalars: either one value per entry of the whole state (length y0.size(), row-major) or one per
 * component of the last axis (length = y0's last extent, shared by every row of a {@code [batch, dim]}
 * state). A wrong length is rejected when the solve starts, naming both admissible lengths.
 *
 * @param rtol relative tolerance, finite and &gt; 0
 * @param atol absolute tolerance, finite and ≥ 0
 * @param rtolVector per-component relative tolerances, each finite and &gt; 0, or null for {@code rtol}
 * @param atolVector per-component absolute tolerances, each finite and ≥ 0, or null for {@code atol}
 * @param norm the error norm; null is read as {@link ErrorNorm#RMS}
 */
public record Tolerances(double rtol, double atol, double[] rtolVector, double[] atolVector, ErrorNorm norm) {
  /** rtol 1e-7, atol 1e-9, RMS norm. */
  public static final Tolerances DEFAULTS = of(1e-7, 1e-9);

  /**
   * Validates and copies the tolerances.
   *
   * @param rtol see the record's description
   * @param atol see the record's description
   * @param rtolVector see the record's description
   * @param atolVector see the record's description
   * @param norm see the record's description
   * @throws IllegalArgumentException naming the tolerance, its value and the fix if rtol is ≤ 0 or atol
   *     &lt; 0 or either is not finite (also entry-wise for the vectors)
   */
  public Tolerances {
    requireRtol("rtol", rtol);
    requireAtol("atol", atol);
    if (rtolVector != null) {
      rtolVector = rtolVector.clone();
      for (int i = 0; i < rtolVector.length; i++) {
        requireRtol("rtol[" + i + "]", rtolVector[i]);
      }
    }
    if (atolVector != null) {
      atolVector = atolVector.clone();
      for (int i = 0; i < atolVector.length; i++) {
        requireAtol("atol[" + i + "]", atolVector[i]);
      }
    }
    norm = norm == null ? ErrorNorm.RMS : norm;
  }

  /**
   * Scalar tolerances with the RMS norm.
   *
   * @param rtol finite and &gt; 0
   * @param atol finite and ≥ 0
   * @return the tolerances
   * @throws IllegalArgumentException if a tolerance is out of range
   */
  public static Tolerances of(double rtol, double atol) {
    return new Tolerances(rtol, atol, null, null, ErrorNorm.RMS);
  }

  private static void requireRtol(String name, double value) {
    if (!(value > 0.0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + "=" + value + " must be finite and > 0; pass a relative"
          + " tolerance such as 1e-7 (for a purely absolute test use a tiny rtol such as 1e-15 with atol)");
    }
  }

  private static void requireAtol(String name, double value) {
    if (!(value >= 0.0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + "=" + value + " must be finite and >= 0; pass a tolerance"
          + " such as 1e-9");
    }
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
   * The smallest relative tolerance (the scalar, or the least entry of the vector).
   *
   * @return min rtol_i
   */
  public double minRtol() {
    return rtolVector == null ? rtol : Arrays.stream(rtolVector).min().orElse(rtol);
  }

  /**
   * The smallest absolute tolerance (the scalar, or the least entry of the vector).
   *
   * @return min atol_i
   */
  public double minAtol() {
    return atolVector == null ? atol : Arrays.stream(atolVector).min().orElse(atol);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tolerances t && Double.compare(rtol, t.rtol) == 0 && Double.compare(atol, t.atol) == 0
        && Arrays.equals(rtolVector, t.rtolVector) && Arrays.equals(atolVector, t.atolVector)
        && norm.equals(t.norm);
  }

  @Override
  public int hashCode() {
    return Double.hashCode(rtol) * 31 + Double.hashCode(atol) + 7 * Arrays.hashCode(rtolVector)
        + 17 * Arrays.hashCode(atolVector);
  }

  @Override
  public String toString() {
    return "Tolerances[rtol=" + (rtolVector == null ? rtol : Arrays.toString(rtolVector)) + ", atol="
        + (atolVector == null ? atol : Arrays.toString(atolVector)) + (norm == ErrorNorm.RMS ? "" : ", norm="
        + (norm == ErrorNorm.MAX ? "MAX" : "custom")) + "]";
  }
}
