package dev.neuralode.ode;

import java.util.function.Consumer;

/**
 * Callbacks invoked by a solve for each accepted and each rejected step, for progress bars and logging.
 * They are passed to the solve call (solvers stay immutable) and run on the solving thread, after the
 * step's outputs and events are processed. An exception thrown by a callback aborts the solve.
 *
 * @param onAccepted called once per accepted step; not null
 * @param onRejected called once per rejected step; not null
 */
public record StepCallbacks(Consumer<StepInfo> onAccepted, Consumer<StepInfo> onRejected) {
  /** No callbacks. */
  public static final StepCallbacks NONE = new StepCallbacks(s -> { }, s -> { });

  /**
   * Validates the callbacks.
   *
   * @param onAccepted see the record's description
   * @param onRejected see the record's description
   * @throws IllegalArgumentException if one is null
   */
  public StepCallbacks {
    if (onAccepted == null || onRejected == null) {
      throw new IllegalArgumentException("step callbacks must not be null; use StepCallbacks.NONE or s -> { }");
    }
  }

  /**
   * Callbacks for accepted steps only.
   *
   * @param onAccepted called once per accepted step
   * @return the callbacks
   */
  public static StepCallbacks onAccepted(Consumer<StepInfo> onAccepted) {
    return new StepCallbacks(onAccepted, s -> { });
  }

  /**
   * A copy with a callback for rejected steps.
   *
   * @param r called once per rejected step
   * @return the new callbacks
   */
  public StepCallbacks withRejected(Consumer<StepInfo> r) {
    return new StepCallbacks(onAccepted, r);
  }
}
