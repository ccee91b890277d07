package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;
import java.util.List;

/**
 * A dense solution: the state at any time of the solved range, from the per-step interpolants of
 * {@link Odeint#solveDense} (Hairer, Nørsett &amp; Wanner I, II.6). Every accepted step is kept with its
 * stages, so memory grows with the number of steps (about {@code stages × size(y0)} doubles a step).
 * Evaluating does not call f. Immutable after construction and safe to share between threads.
 *
 * <p>The range is [tStart, tEnd] (or [tEnd, tStart] for a backward solve); after a terminal event
 * tEnd is the event time.
 */
public final class Solution {
  private final double tStart;
  private final double tEnd;
  private final Tensor yStart;
  private final Tensor yEnd;
  private final List<ExplicitRungeKutta.Step> steps;
  private final Interpolant interpolant;
  private final SolverStats stats;
  private final OdeResult.Status status;
  private final List<EventRecord> events;
  private final double direction;

  Solution(double tStart, double tEnd, Tensor yStart, Tensor yEnd, List<ExplicitRungeKutta.Step> steps,
      Interpolant interpolant, SolverStats stats, OdeResult.Status status, List<EventRecord> events) {
    this.tStart = tStart;
    this.tEnd = tEnd;
    this.yStart = yStart;
    this.yEnd = yEnd;
    this.steps = List.copyOf(steps);
    this.interpolant = interpolant;
    this.stats = stats;
    this.status = status;
    this.events = List.copyOf(events);
    this.direction = tEnd >= tStart ? 1.0 : -1.0;
  }

  /**
   * The state at time t.
   *
   * @param t a time in the solved range (either end included)
   * @return y(t) of y0's shape: y0 at tStart, the final state at tEnd, the step's interpolant in between
   *     (order 4 for dopri5 and tsit5, 7 for dopri8, cubic Hermite otherwise)
   * @throws IllegalArgumentException if t is NaN or outside the range
   */
  public Tensor at(double t) {
    checkInRange(t);
    if (t == tStart) {
      return yStart;
    }
    if (t == tEnd) {
      return yEnd;
    }
    return interpolant.at(steps.get(stepIndex(t)), t);
  }

  private void checkInRange(double t) {
    if (!(direction * (t - tStart) >= 0.0 && direction * (tEnd - t) >= 0.0)) {
      throw new IllegalArgumentException("t=" + t + " is outside the solved range [" + Math.min(tStart, tEnd)
          + ", " + Math.max(tStart, tEnd) + "]; evaluate a Solution only where it was solved");
    }
  }

  /** The index of the step whose range holds t (strictly inside the solved range). */
  private int stepIndex(double t) {
    int lo = 0;
    int hi = steps.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (direction * (steps.get(mid).end() - t) >= 0.0) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /**
   * The state at time t written into a caller's array: the same values, bit for bit, as
   * {@link #at(double)}, with no tensor allocated (each step's data is copied to arrays once, on the
   * first call that reads it). For loops that read the solution many times, such as the interpolating
   * adjoint's backward pass.
   *
   * @param t a time in the solved range (either end included)
   * @param out receives y(t), flattened row-major; length {@code size(y0)}
   * @throws IllegalArgumentException if t is NaN or outside the range, or out has the wrong length
   */
  public void at(double t, double[] out) {
    if (out == null || out.length != yStart.size()) {
      throw new IllegalArgumentException("out must have length " + yStart.size() + " (the state's size); got "
          + (out == null ? "null" : String.valueOf(out.length)));
    }
    checkInRange(t);
    if (t == tStart) {
      System.arraycopy(startArray(), 0, out, 0, out.length);
      return;
    }
    if (t == tEnd) {
      System.arraycopy(endArray(), 0, out, 0, out.length);
      return;
    }
    interpolant.at(steps.get(stepIndex(t)), t, out);
  }

  private volatile double[] startArray;
  private volatile double[] endArray;

  private double[] startArray() {
    double[] a = startArray;
    if (a == null) {
      a = yStart.toArray();
      startArray = a;
    }
    return a;
  }

  private double[] endArray() {
    double[] a = endArray;
    if (a == null) {
      a = yEnd.toArray();
      endArray = a;
    }
    return a;
  }

  /**
   * The states at several times.
   *
   * @param times times in the solved range, any order; not modified
   * @return a tensor of shape {@code [times.length, ...y0.shape]}
   * @throws IllegalArgumentException if a time is outside the range or {@code times} is empty
   */
  public Tensor at(double[] times) {
    if (times == null || times.length == 0) {
      throw new IllegalArgumentException("times must hold at least one time");
    }
    Tensor[] out = new Tensor[times.length];
    for (int i = 0; i < times.length; i++) {
      out[i] = at(times[i]);
    }
    return Tensor.stack(List.of(out));
  }

  /**
   * The initial time.
   *
   * @return t0
   */
  public double tStart() {
    return tStart;
  }

  /**
   * The last time solved: the final time, or the time of a terminal event.
   *
   * @return the end of the range
   */
  public double tEnd() {
    return tEnd;
  }

  /**
   * The ends of the accepted steps, in integration order (the first step starts at tStart).
   *
   * @return a new array, one entry per kept step
   */
  public double[] stepTimes() {
    double[] out = new double[steps.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = steps.get(i).t1();
    }
    return out;
  }

  /**
   * The work done.
   *
   * @return NFE and accepted/rejected steps (including any evaluations for dense-output stages)
   */
  public SolverStats stats() {
    return stats;
  }

  /**
   * How the solve ended.
   *
   * @return SUCCESS, or TERMINATED_BY_EVENT
   */
  public OdeResult.Status status() {
    return status;
  }

  /**
   * The events that occurred, in time order.
   *
   * @return an unmodifiable list
   */
  public List<EventRecord> events() {
    return events;
  }
}
