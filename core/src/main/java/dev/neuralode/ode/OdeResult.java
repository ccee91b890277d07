package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The states of a solve at the requested times, with the work it took.
 *
 * <p>When the solve was recorded by autograd (y0 or f's parameters require a gradient, and recording
 * is on), {@code ys} is connected to them through the solver's operations, so gradients of any loss on
 * {@code ys} reach y0 and the parameters ("direct" backpropagation through the solver).
 *
 * <p><b>Events.</b> A solve given {@link Event}s reports every event that occurred, in time order, in
 * {@link #events()}. When a terminal event ends the solve the status is
 * {@link Status#TERMINATED_BY_EVENT}, and {@code t} and {@code ys} hold only the requested times up to
 * and including the event time (the later ones are dropped, as scipy's {@code solve_ivp} does with
 * {@code t_eval}); the state at the event itself is the last event record's {@code y}.
 *
 * @param ys the states, shape {@code [T, ...y0.shape]}: {@code ys[i]} is the state at {@code t[i]}
 * @param t the requested times reached, length T (copied on the way in and out)
 * @param stats the number of function evaluations and of accepted and rejected steps
 * @param status how the solve ended
 * @param events the events that occurred, in time order (unmodifiable)
 * @param warnings what the caller should know about the result, one line each, e.g. that an event
 *     function changed sign faster than the event sampling resolves, so crossings may be missing
 *     (unmodifiable, usually empty)
 */
public record OdeResult(Tensor ys, double[] t, SolverStats stats, Status status, List<EventRecord> events,
    List<String> warnings) {
  /** How a solve ended. */
  public enum Status {
    /** The solve reached the last requested time. */
    SUCCESS,
    /** A terminal event ended the solve early. */
    TERMINATED_BY_EVENT
  }

  /**
   * A successful result without events.
   *
   * @param ys see the record's description
   * @param t see the record's description
   * @param stats see the record's description
   * @throws IllegalArgumentException as the canonical constructor
   */
  public OdeResult(Tensor ys, double[] t, SolverStats stats) {
    this(ys, t, stats, Status.SUCCESS, List.of());
  }

  /**
   * A result without warnings.
   *
   * @param ys see the record's description
   * @param t see the record's description
   * @param stats see the record's description
   * @param status see the record's description
   * @param events see the record's description
   * @throws IllegalArgumentException as the canonical constructor
   */
  public OdeResult(Tensor ys, double[] t, SolverStats stats, Status status, List<EventRecord> events) {
    this(ys, t, stats, status, events, List.of());
  }

  /**
   * Validates and copies.
   *
   * @param ys see the record's description
   * @param t see the record's description
   * @param stats see the record's description
   * @param status see the record's description
   * @param events see the record's description
   * @param warnings see the record's description
   * @throws IllegalArgumentException if an argument is null or ys's leading extent is not t.length
   */
  public OdeResult {
    if (ys == null || t == null || stats == null || status == null || events == null
        || warnings == null) {
      throw new IllegalArgumentException("ys, t, stats, status, events and warnings must not be null");
    }
    events = List.copyOf(events);
    warnings = List.copyOf(warnings);
    if (ys.rank() == 0 || ys.dim(0) != t.length) {
      throw new IllegalArgumentException("ys has shape " + Arrays.toString(ys.shape()) + " but t has "
          + t.length + " times; ys needs a leading axis of extent t.length");
    }
    t = t.clone();
  }

  /**
   * The requested times.
   *
   * @return a copy of t
   */
  @Override
  public double[] t() {
    return t.clone();
  }

  /**
   * The state at {@code t[i]}.
   *
   * @param i the index, in {@code [0, t.length)}
   * @return {@code ys.index(i)}, of y0's shape (recorded by autograd like any other op)
   * @throws IndexOutOfBoundsException if {@code i} is out of range
   */
  public Tensor at(int i) {
    if (i < 0 || i >= t.length) {
      throw new IndexOutOfBoundsException("index " + i + " is out of range for " + t.length + " times");
    }
    return ys.index(i);
  }

  /**
   * The state at the last requested time.
   *
   * @return {@code at(t.length - 1)}
   */
  public Tensor last() {
    return at(t.length - 1);
  }

  /**
   * The number of requested times T.
   *
   * @return {@code t.length}
   */
  public int size() {
    return t.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OdeResult r && ys.equals(r.ys) && Arrays.equals(t, r.t) && stats.equals(r.stats)
        && status == r.status && events.equals(r.events);
  }

  @Override
  public int hashCode() {
    return (ys.hashCode() * 31 + Arrays.hashCode(t)) * 31 + stats.hashCode();
  }

  @Override
  public String toString() {
    return "OdeResult[ys=" + ys + ", t=" + Arrays.toString(t) + ", stats=" + stats + ", status=" + status
        + ", events=" + events.size() + "]";
  }
}
