package dev.neuralode.ode;

/**
 * An event to detect during a solve: a zero crossing of g(t, y) in a given direction, with a handler that
 * decides whether the solve stops, continues, or continues from a new state (as Hipparchus' event
 * detectors and handlers, and scipy's {@code solve_ivp} events).
 *
 * <p><b>Detection.</b> In every accepted step the solver samples g on the dense output at
 * {@code samples} equally spaced points (plus the step's end), so several sign changes inside one long
 * step are all found. It also samples at 4·samples − 1 points; unless both resolutions show the same
 * sign changes, in under a quarter of the intervals, the resolution is raised the same way, up to 4096
 * points a step. <b>Guarantee:</b> every sign change that the dense output shows at the resolution
 * reached is reported; a step whose g still changes sign too fast at 4096 points is named in
 * {@link OdeResult#warnings()} (the CLI prints it on stderr), so crossings are never missed silently
 * (short of g oscillating in step with both sample spacings). Each bracketed change is refined by the Illinois variant of regula falsi on the
 * interpolant until the bracket is at most {@code tolerance} wide, and the event time is the end of the
 * final bracket on the far side of the crossing. A crossing means g goes from &lt; 0 to ≥ 0 (rising) or from
 * &gt; 0 to ≤ 0 (falling) <i>in the direction of integration</i> (as scipy; in a backward solve "rising" is
 * along decreasing t). A zero exactly at a step's end is reported once, in that step; a zero at the
 * initial time is not an event. Events within one step are reported in time order whatever the order
 * of the list, and each one's handler is called in that order.
 *
 * <p><b>Actions.</b> {@link EventAction.Kind#STOP} ends the solve at the event; the result holds the
 * requested times up to it. {@link EventAction.Kind#CONTINUE} only records the event.
 * {@link EventAction.Kind#RESET_STATE} cuts the step at the event (later events found in that step are
 * dropped, and requested times after the event come from the new trajectory) and restarts the
 * integration at the event time from the handler's state, with a fresh f evaluation (no FSAL reuse), a
 * fresh step-size history and g re-evaluated at the new state; an adaptive solver keeps its step size,
 * a fixed-step solver finishes the cut grid step from the event time and then follows its grid.
 * A reset state is used detached: gradients do not flow through it.
 *
 * @param g the event function
 * @param direction which crossings count
 * @param handler decides the action at each crossing ({@link EventHandler#STOP} for a terminal event)
 * @param tolerance the width in time to which a root is located, &gt; 0 (default 1e-12)
 * @param samples the sub-intervals per step on which g is sampled, ≥ 1 (default 16)
 */
public record Event(EventFunction g, Direction direction, EventHandler handler, double tolerance, int samples) {
  /** Which sign changes of g count as events. */
  public enum Direction {
    /** From negative to non-negative. */
    RISING,
    /** From positive to non-positive. */
    FALLING,
    /** Either. */
    BOTH;

    /** Whether the change from ga to gb (in integration order) is a crossing of this direction. */
    boolean crosses(double ga, double gb) {
      boolean up = ga < 0.0 && gb >= 0.0;
      boolean down = ga > 0.0 && gb <= 0.0;
      return switch (this) {
        case RISING -> up;
        case FALLING -> down;
        case BOTH -> up || down;
      };
    }
  }

  /**
   * Validates the event.
   *
   * @param g see the record's description
   * @param direction see the record's description
   * @param handler see the record's description
   * @param tolerance see the record's description
   * @param samples see the record's description
   * @throws IllegalArgumentException if g, direction or handler is null, tolerance is not finite and &gt; 0, or
   *     samples &lt; 1
   */
  public Event {
    if (g == null || direction == null || handler == null) {
      throw new IllegalArgumentException("an event needs a function g, a direction and a handler; got g=" + g
          + ", direction=" + direction + ", handler=" + handler);
    }
    if (!(tolerance > 0.0 && Double.isFinite(tolerance))) {
      throw new IllegalArgumentException("event tolerance=" + tolerance + " must be finite and > 0, e.g. 1e-12");
    }
    if (samples < 1) {
      throw new IllegalArgumentException("event samples=" + samples + " must be >= 1, e.g. 16");
    }
  }

  /**
   * An event on crossings in both directions that only records them ({@link EventHandler#CONTINUE}),
   * located to 1e-12, sampled 16 times a step.
   *
   * @param g the event function
   * @return the event
   * @throws IllegalArgumentException if g is null
   */
  public static Event of(EventFunction g) {
    return new Event(g, Direction.BOTH, EventHandler.CONTINUE, 1e-12, 16);
  }

  /**
   * A copy that counts only rising crossings.
   *
   * @return the new event
   */
  public Event rising() {
    return withDirection(Direction.RISING);
  }

  /**
   * A copy that counts only falling crossings.
   *
   * @return the new event
   */
  public Event falling() {
    return withDirection(Direction.FALLING);
  }

  /**
   * A copy with another direction.
   *
   * @param d the direction
   * @return the new event
   */
  public Event withDirection(Direction d) {
    return new Event(g, d, handler, tolerance, samples);
  }

  /**
   * A terminal copy: the first crossing ends the solve ({@link EventHandler#STOP}).
   *
   * @return the new event
   */
  public Event asTerminal() {
    return withHandler(EventHandler.STOP);
  }

  /**
   * A copy with another handler.
   *
   * @param h the handler, e.g. one returning {@link EventAction#resetState(dev.neuralode.tensor.Tensor)}
   * @return the new event
   * @throws IllegalArgumentException if h is null
   */
  public Event withHandler(EventHandler h) {
    return new Event(g, direction, h, tolerance, samples);
  }

  /**
   * A copy with another root tolerance.
   *
   * @param tol the width in time, finite and &gt; 0
   * @return the new event
   */
  public Event withTolerance(double tol) {
    return new Event(g, direction, handler, tol, samples);
  }

  /**
   * A copy with another number of samples per step.
   *
   * @param n ≥ 1
   * @return the new event
   */
  public Event withSamples(int n) {
    return new Event(g, direction, handler, tolerance, n);
  }
}
