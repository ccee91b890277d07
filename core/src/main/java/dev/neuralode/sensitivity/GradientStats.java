package dev.neuralode.sensitivity;

import dev.neuralode.ode.SolverStats;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one differentiated solve cost: the work of its forward pass and the memory its gradient
 * computation retains, fixed when the solve returns, and the work of its backward pass, filled in each
 * time a gradient is taken through its states (the latest one is kept). Held by the
 * {@link SensitivityResult} of that solve: no global or per-thread state is involved, so concurrent
 * solves each see their own figures. Thread-safe.
 *
 * <p>"Retained" counts the doubles of state the recorded op keeps alive for its backward pass, beyond
 * its own output: the output states for the backsolve adjoint (T·n, independent of the number of
 * steps); the dense forward solution for the interpolating adjoint (about (stages + 2)·n per step); the
 * initial state for checkpointed mode, whose step records (t0, t1, h: 3 doubles per step) are counted
 * in {@code stepRecordDoubles} and whose checkpoints exist only during the backward pass
 * ({@link Backward#checkpoints()}). Direct mode keeps the whole recorded graph, not counted here.
 */
public final class GradientStats {
  /**
   * The backward pass of one gradient computation.
   *
   * @param stats the evaluations of f (including those for the time gradients) and the steps taken
   *     (checkpointed mode: the steps replayed)
   * @param peakRecordedNodes the most autograd nodes alive at once (checkpointed mode: one reversed
   *     step; 0 where no graph is recorded)
   * @param checkpoints the most states stored at once (checkpointed mode; 0 otherwise)
   * @param advancedSteps steps recomputed without recording to reach a checkpoint (checkpointed mode)
   * @param reversedSteps steps replayed with recording and differentiated (checkpointed mode)
   */
  public record Backward(SolverStats stats, long peakRecordedNodes, int checkpoints, long advancedSteps,
      long reversedSteps) {
    /** No backward pass yet. */
    public static final Backward NONE = new Backward(SolverStats.zero(), 0, 0, 0, 0);

    /**
     * A backward pass without checkpoints.
     *
     * @param stats the backward work
     * @return the backward figures
     */
    public static Backward of(SolverStats stats) {
      return new Backward(stats, 0, 0, 0, 0);
    }

    /**
     * The steps recomputed in the backward pass per forward step: (advanced + reversed) / steps.
     *
     * @param steps the forward solve's accepted steps, &gt; 0
     * @return the recompute factor (0 when steps is 0)
     */
    public double recomputeFactor(int steps) {
      return steps == 0 ? 0.0 : (double) (advancedSteps + reversedSteps) / steps;
    }
  }

  private final String mode;
  private final SolverStats forward;
  private final int steps;
  private final long retainedDoubles;
  private final long stepRecordDoubles;
  private final AtomicReference<Backward> backward = new AtomicReference<>(Backward.NONE);

  /**
   * Statistics of a forward pass, with no backward pass yet.
   *
   * @param mode the mode's name ({@link Sensitivity#name()}, or a variant such as
   *     {@code interpolating+checkpointing})
   * @param forward the forward solve's statistics
   * @param steps the forward solve's accepted steps
   * @param retainedDoubles the state doubles retained for the backward pass
   * @param stepRecordDoubles the doubles of recorded step times and sizes (checkpointed mode)
   */
  public GradientStats(String mode, SolverStats forward, int steps, long retainedDoubles,
      long stepRecordDoubles) {
    this.mode = mode;
    this.forward = forward;
    this.steps = steps;
    this.retainedDoubles = retainedDoubles;
    this.stepRecordDoubles = stepRecordDoubles;
  }

  /**
   * The mode's name.
   *
   * @return e.g. {@code backsolve}
   */
  public String mode() {
    return mode;
  }

  /**
   * The forward solve's statistics.
   *
   * @return NFE and steps
   */
  public SolverStats forward() {
    return forward;
  }

  /**
   * The forward solve's accepted steps.
   *
   * @return the count
   */
  public int steps() {
    return steps;
  }

  /**
   * The state doubles retained between the forward and the backward pass.
   *
   * @return the count (0 for direct mode, whose graph is not counted)
   */
  public long retainedDoubles() {
    return retainedDoubles;
  }

  /**
   * The doubles of recorded step times and sizes.
   *
   * @return 3 per step in checkpointed mode, else 0
   */
  public long stepRecordDoubles() {
    return stepRecordDoubles;
  }

  /**
   * The latest backward pass.
   *
   * @return its figures, {@link Backward#NONE} until a gradient has been taken
   */
  public Backward backwardPass() {
    return backward.get();
  }

  /**
   * The latest backward pass's work.
   *
   * @return NFE and steps, zero until a gradient has been taken
   */
  public SolverStats backward() {
    return backward.get().stats();
  }

  /** Records a backward pass (called by the recorded op's backward function). */
  void recordBackward(Backward b) {
    backward.set(b);
  }

  @Override
  public String toString() {
    return "GradientStats[mode=" + mode + ", forward=" + forward + ", steps=" + steps + ", retainedDoubles="
        + retainedDoubles + ", stepRecordDoubles=" + stepRecordDoubles + ", backward=" + backward.get() + "]";
  }
}
