package dev.neuralode.ode;

/**
 * Fixed steps for a method without error estimate (euler, midpoint, heun2, heun3, ralston, rk4, rk38):
 * each interval [t_i, t_i+1] is split into n = ⌈|Δt| / stepSize⌉ equal steps of h = Δt / n, so every
 * requested time is hit exactly (torchdiffeq's fixed-grid solvers); {@code nfe = stages · steps}.
 *
 * @param stepSize the largest step, finite and &gt; 0, or NaN for one step per interval
 */
public record ConstantStepSize(double stepSize) implements StepSizeController {
  /** One step per output interval. */
  public static final ConstantStepSize PER_INTERVAL = new ConstantStepSize(Double.NaN);

  /**
   * Validates the step.
   *
   * @param stepSize see the record's description
   * @throws IllegalArgumentException if the step is neither NaN nor finite and positive
   */
  public ConstantStepSize {
    if (!Double.isNaN(stepSize) && !(stepSize > 0.0 && Double.isFinite(stepSize))) {
      throw new IllegalArgumentException("stepSize=" + stepSize + " must be finite and > 0, or NaN for one"
          + " step per interval");
    }
  }
}
