package dev.neuralode.ode;

/**
 * An event to detect during a solve: a zero crossing of g(t, y) in a given direction, optionally ending
 * the solve (as scipy's {@code solve_ivp} events and Hipparchus' event detectors).
 *
 * <p><b>Detection.</b> In every accepted step the solver samples g on the dense output at
 * {@code samples} equally spaced points (plus the step's end), so several sign changes inside one long
 * step are all found; each bracketed change is refined by the Illinois variant of regula falsi on the
 * interpolant until the bracket is at most {@code tolerance} wide, and the event time is the end of the
 * final bracket on the far side of the crossing. A crossing means g goes from &lt; 0 to ≥ 0 (rising) or from
 * &gt; 0 to ≤ 0 (falling) <i>in the direction of integration</i> (as scipy; in a backward solve "rising" is
 * along decreasing t). A zero exactly at a step's end is reported once, in that step; a zero at the
 * initial time is not an event. Events within one step are reported in time order whatever the order
 * of the list, and the first terminal one ends the solve.
 *
 * @param g the event function
 * @param direction which crossings count
 * @param terminal whether the first such crossing ends the solve
 * @param tolerance the width in time to which a root is located, &gt; 0 (default 1e-12)
 * @param samples the sub-intervals per step on which g is sampled, ≥ 1 (default 16)
 */
public record Event(EventFunction g, Direction direction, boolean terminal, double tolerance, int samples) {
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
   * @param terminal see the record's description
   * @param tolerance see the record's description
   * @param samples see the record's description
   * @throws IllegalArgumentException if g or direction is null, tolerance is not finite and &gt; 0, or
   *     samples &lt; 1
   */
  public Event {
    if (g == null || direction == null) {
      throw new IllegalArgumentException("an event needs a function g and a direction; got g=" + g
          + ", direction=" + direction);
    }
    if (!(tolerance > 0.0 && Double.isFinite(tolerance))) {
      throw new IllegalArgumentException("event tolerance=" + tolerance + " must be finite and > 0, e.g. 1e-12");
    }
    if (samples < 1) {
      throw new IllegalArgumentException("event samples=" + samples + " must be >= 1, e.g. 16");
    }
  }

  /**
   * A non-terminal event on crossings in both directions, located to 1e-12, sampled 16 times a step.
   *
   * @param g the event function
   * @return the event
   * @throws IllegalArgumentException if g is null
   */
  public static Event of(EventFunction g) {
    return new Event(g, Direction.BOTH, false, 1e-12, 16);
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
    return new Event(g, d, terminal, tolerance, samples);
  }

  /**
   * A terminal copy: the first crossing ends the solve.
   *
   * @return the new event
   */
  public Event asTerminal() {
    return withTerminal(true);
  }

  /**
   * A copy with the terminal flag set as given.
   *
   * @param t whether the event ends the solve
   * @return the new event
   */
  public Event withTerminal(boolean t) {
    return new Event(g, direction, t, tolerance, samples);
  }

  /**
   * A copy with another root tolerance.
   *
   * @param tol the width in time, finite and &gt; 0
   * @return the new event
   */
  public Event withTolerance(double tol) {
    return new Event(g, direction, terminal, tol, samples);
  }

  /**
   * A copy with another number of samples per step.
   *
   * @param n ≥ 1
   * @return the new event
   */
  public Event withSamples(int n) {
    return new Event(g, direction, terminal, tolerance, n);
  }
}
