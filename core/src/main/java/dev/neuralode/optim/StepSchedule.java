package dev.neuralode.optim;

/**
 * Step decay (PyTorch's {@code StepLR}): lr(k) = lr₀ · γ^⌊k / stepSize⌋.
 *
 * @param baseLr lr₀, positive and finite
 * @param stepSize steps between decays, at least 1
 * @param gamma the decay factor, in (0, 1]
 */
public record StepSchedule(double baseLr, long stepSize, double gamma) implements LrSchedule {
  /**
   * Checks the arguments.
   *
   * @param baseLr lr₀, positive and finite
   * @param stepSize steps between decays, at least 1
   * @param gamma the decay factor, in (0, 1]
   * @throws IllegalArgumentException naming the bad argument
   */
  public StepSchedule {
    Checks.lr(baseLr);
    if (stepSize < 1 || !(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException("need stepSize >= 1 and 0 < gamma <= 1, e.g. 1000 and 0.5; got stepSize="
          + stepSize + ", gamma=" + gamma);
    }
  }

  @Override
  public double lr(long step) {
    return baseLr * Math.pow(gamma, Math.max(step, 0) / stepSize);
  }
}
