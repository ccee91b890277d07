package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;

/**
 * What a solve does after an event, as an {@link EventHandler} decides (Hipparchus'
 * {@code Action}): stop there, continue unchanged, or continue from a new state.
 *
 * @param kind the action
 * @param state the state to continue from, for {@link Kind#RESET_STATE}; null otherwise
 */
public record EventAction(Kind kind, Tensor state) {
  /** The kinds of action. */
  public enum Kind {
    /** End the solve at the event time; the result holds the requested times up to the event. */
    STOP,
    /** Continue from the event time with the state the handler gives (a discontinuity in y). */
    RESET_STATE,
    /** Record the event and continue unchanged. */
    CONTINUE
  }

  /** End the solve at the event. */
  public static final EventAction STOP = new EventAction(Kind.STOP, null);

  /** Record the event and continue. */
  public static final EventAction CONTINUE = new EventAction(Kind.CONTINUE, null);

  /**
   * Validates the action.
   *
   * @param kind see the record's description
   * @param state see the record's description
   * @throws IllegalArgumentException if kind is null, or state is null exactly when kind is RESET_STATE
   */
  public EventAction {
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null; use STOP, RESET_STATE or CONTINUE");
    }
    if ((kind == Kind.RESET_STATE) != (state != null)) {
      throw new IllegalArgumentException("a " + kind + " action " + (state == null ? "needs" : "takes no")
          + " state; use EventAction.resetState(y) to continue from a new state");
    }
  }

  /**
   * Continue the solve from a new state at the event time.
   *
   * @param y the new state, of y0's shape and finite; it is used detached (not differentiated)
   * @return the action
   * @throws IllegalArgumentException if y is null
   */
  public static EventAction resetState(Tensor y) {
    if (y == null) {
      throw new IllegalArgumentException("the reset state must not be null; pass the new state of y0's shape");
    }
    return new EventAction(Kind.RESET_STATE, y);
  }
}
