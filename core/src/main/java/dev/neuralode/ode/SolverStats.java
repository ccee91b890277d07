package dev.neuralode.ode;

/**
 * Work done by a solve.
 *
 * <p>For Dormand–Prince with an automatic first step, {@code nfe = 2 + 6·(acceptedSteps + rejectedSteps)}:
 * one evaluation of f(t0, y0), one probe for the initial step (Hairer, Nørsett &amp; Wanner I, II.4), then
 * six new stages per attempted step thanks to FSAL. This is the accounting of torchdiffeq and of
 * scipy's {@code RK45}. With a given first step the leading 2 becomes 1. For a fixed-step method with
 * s stages, {@code nfe = s · acceptedSteps} and no step is rejected.
 *
 * @param nfe number of evaluations of f
 * @param acceptedSteps steps that were accepted
 * @param rejectedSteps steps that were rejected by the step-size controller
 */
public record SolverStats(int nfe, int acceptedSteps, int rejectedSteps) {
  private static final SolverStats ZERO = new SolverStats(0, 0, 0);

  /**
   * Validates the counts.
   *
   * @param nfe see the record's description
   * @param acceptedSteps see the record's description
   * @param rejectedSteps see the record's description
   * @throws IllegalArgumentException if a count is negative
   */
  public SolverStats {
    if (nfe < 0 || acceptedSteps < 0 || rejectedSteps < 0) {
      throw new IllegalArgumentException("SolverStats counts must be >= 0; got nfe=" + nfe
          + ", acceptedSteps=" + acceptedSteps + ", rejectedSteps=" + rejectedSteps);
    }
  }

  /**
   * The element-wise sum of two statistics, for totals over several solves (for example the forward
   * and backward passes of the adjoint method).
   *
   * @param o the other statistics, not modified
   * @return a new record holding the sums
   */
  public SolverStats plus(SolverStats o) {
    return new SolverStats(nfe + o.nfe, acceptedSteps + o.acceptedSteps, rejectedSteps + o.rejectedSteps);
  }

  /**
   * No work at all: the identity of {@link #plus(SolverStats)}.
   *
   * @return the zero statistics
   */
  public static SolverStats zero() {
    return ZERO;
  }

  /**
   * All attempted steps.
   *
   * @return {@code acceptedSteps + rejectedSteps}
   */
  public int steps() {
    return acceptedSteps + rejectedSteps;
  }
}
