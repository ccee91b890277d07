package dev.neuralode.optim;

/**
 * Cosine annealing without restarts (Loshchilov &amp; Hutter, "SGDR", ICLR 2017; PyTorch's
 * {@code CosineAnnealingLR}): lr(k) = lr_min + ½(lr₀ − lr_min)(1 + cos(π·min(k, K)/K)).
 *
 * @param baseLr lr₀, positive and finite
 * @param totalSteps K, at least 1; steps past K keep lr_min
 * @param minLr lr_min, positive, finite and at most lr₀
 */
public record CosineSchedule(double baseLr, long totalSteps, double minLr) implements LrSchedule {
  /**
   * Checks the arguments.
   *
   * @param baseLr lr₀, positive and finite
   * @param totalSteps K, at least 1; steps past K keep lr_min
   * @param minLr lr_min, positive, finite and at most lr₀
   * @throws IllegalArgumentException naming the bad argument
   */
  public CosineSchedule {
    Checks.lr(baseLr);
    Checks.lr(minLr);
    if (totalSteps < 1 || minLr > baseLr) {
      throw new IllegalArgumentException("need totalSteps >= 1 and minLr <= baseLr; got totalSteps="
          + totalSteps + ", baseLr=" + baseLr + ", minLr=" + minLr);
    }
  }

  @Override
  public double lr(long step) {
    double frac = Math.min(Math.max(step, 0), totalSteps) / (double) totalSteps;
    return minLr + 0.5 * (baseLr - minLr) * (1 + Math.cos(Math.PI * frac));
  }
}
