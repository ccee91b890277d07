package dev.neuralode.adjoint;

import dev.neuralode.ode.SolverStats;

/**
 * What one differentiated solve cost: the work of the forward and backward passes, and the memory
 * its gradient computation retains between them. Reported by {@link Adjoint},
 * {@link InterpolatingAdjoint} and {@link CheckpointedDirect} through {@link #last()}.
 *
 * <p>"Retained" counts the doubles the recorded op keeps alive for its backward pass, beyond its
 * own output: the output states for backsolve (T·n, independent of the number of steps); the dense
 * forward solution for the interpolating adjoint (about (stages + 2)·n per step); the checkpoint
 * states for checkpointed direct mode (O(√steps)·n), whose step records (t0, t1, h: 3 doubles per
 * step) are counted separately in {@code stepRecordDoubles}.
 *
 * @param mode the mode's name: {@code backsolve}, {@code interpolating} or {@code checkpointed}
 * @param forward the forward solve's statistics
 * @param backward the backward pass's statistics (zero until a gradient is taken)
 * @param steps the forward solve's accepted steps
 * @param retainedDoubles the state doubles retained for the backward pass
 * @param stepRecordDoubles the doubles of recorded step times and sizes (checkpointed mode only)
 * @param checkpoints the number of stored checkpoint states (checkpointed mode only)
 * @param peakRecordedNodes the most autograd nodes alive at once during the backward pass
 *     (checkpointed mode: one recomputed segment; 0 for the adjoints, which record none)
 */
public record GradientStats(String mode, SolverStats forward, SolverStats backward, int steps,
    long retainedDoubles, long stepRecordDoubles, int checkpoints, long peakRecordedNodes) {

  private static final ThreadLocal<GradientStats> LAST = new ThreadLocal<>();

  /**
   * The statistics of the most recent forward pass (and, once taken, its backward pass) of a
   * differentiated solve on this thread.
   *
   * @return the statistics, or null if none has run on this thread
   */
  public static GradientStats last() {
    return LAST.get();
  }

  static GradientStats record(GradientStats s) {
    LAST.set(s);
    return s;
  }

  GradientStats withBackward(SolverStats b, long peakNodes) {
    return new GradientStats(mode, forward, b, steps, retainedDoubles, stepRecordDoubles, checkpoints,
        peakNodes);
  }
}
