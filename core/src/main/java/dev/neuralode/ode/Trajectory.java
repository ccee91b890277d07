package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What both drivers (adaptive and fixed-grid) do with each step: outputs at the requested times from
 * the dense output, event location, the kept steps of a dense {@link Solution}, and the step callbacks.
 * The drivers only produce steps; this class decides nothing about step sizes. One per solve; not
 * thread-safe.
 */
final class Trajectory {
  private final double[] times;
  private final double direction;
  private final EventLocator locator;
  private final StepCallbacks callbacks;
  private final boolean keepSteps;
  private final ExplicitRungeKutta rk;
  private final Interpolant interpolant;
  private final Evaluator ev;
  private final List<Tensor> outputs = new ArrayList<>();
  private final List<EventRecord> events = new ArrayList<>();
  private final List<ExplicitRungeKutta.Step> steps = new ArrayList<>();
  private int next = 1;
  private OdeResult.Status status = OdeResult.Status.SUCCESS;
  private double tEnd;
  private Tensor yEnd;
  private SolverStats stats = SolverStats.zero();
  private double resetTime = Double.NaN;
  private Tensor resetState;

  /**
   * @param times the requested output times, times[0] = t0 (outputs.get(0) is y0)
   * @param events the events, possibly empty
   * @param keepSteps whether to keep every step for a dense {@link Solution}
   */
  Trajectory(double[] times, Tensor y0, List<Event> events, StepCallbacks callbacks, boolean keepSteps,
      ExplicitRungeKutta rk, Evaluator ev) {
    this.times = times;
    this.direction = times.length > 1 ? Math.signum(times[times.length - 1] - times[0]) : 1.0;
    this.locator = new EventLocator(events, times[0], y0);
    this.callbacks = callbacks;
    this.keepSteps = keepSteps;
    this.rk = rk;
    this.interpolant = new Interpolant(rk.tableau());
    this.ev = ev;
    this.outputs.add(y0);
    this.tEnd = times[0];
    this.yEnd = y0;
  }

  /** What the driver does after an accepted step. */
  enum Outcome {
    /** Go on with the next step. */
    CONTINUE,
    /** An event's handler stopped the solve. */
    STOP,
    /** An event's handler reset the state: restart at {@link #resetTime()} from {@link #resetState()}. */
    RESET
  }

  /**
   * Processes an accepted step: locates its events and calls their handlers in time order (up to the
   * first STOP or RESET_STATE), then records the outputs up to the step's end or the event.
   *
   * @param st the step
   * @param ratio its error ratio (NaN for a fixed step)
   * @param stats the work so far, this step included
   * @return what the driver must do next
   * @throws IllegalArgumentException if a handler's reset state has the wrong shape or is not finite
   */
  Outcome accept(ExplicitRungeKutta.Step st, double ratio, SolverStats stats) {
    double cut = st.t1();
    Outcome outcome = Outcome.CONTINUE;
    Tensor yCut = null;
    if (!locator.isEmpty()) {
      prepare(st);
      for (EventLocator.Root root : locator.locate(st.t0(), st.h(), st.t1(), th -> at(st, th))) {
        Tensor y = root.theta() == 1.0 ? st.y1() : interpolant.at(st, root.t());
        events.add(new EventRecord(root.index(), root.t(), y));
        EventAction action = locator.event(root.index()).handler().onEvent(root.t(), y);
        EventAction.Kind kind = action == null ? EventAction.Kind.CONTINUE : action.kind();
        if (kind == EventAction.Kind.STOP) {
          cut = root.t();
          outcome = Outcome.STOP;
          yEnd = y;
          break;
        }
        if (kind == EventAction.Kind.RESET_STATE) {
          cut = root.t();
          outcome = Outcome.RESET;
          yCut = y;
          resetState = checkReset(action.state().detach(), y, root.t());
          break;
        }
      }
    }
    while (next < times.length && direction * (times[next] - cut) <= 0.0) {
      if (times[next] != st.t1() && times[next] != st.t0()) {
        prepare(st);
      }
      outputs.add(interpolant.at(st, times[next]));
      next++;
    }
    if (keepSteps) {
      prepare(st);
      steps.add(outcome == Outcome.RESET ? st.cutAt(cut, yCut) : st);
    }
    tEnd = cut;
    if (outcome == Outcome.STOP) {
      status = OdeResult.Status.TERMINATED_BY_EVENT;
    } else if (outcome == Outcome.RESET) {
      yEnd = resetState;
      resetTime = cut;
      locator.restart(cut, resetState);
    } else {
      yEnd = st.y1();
    }
    callbacks.onAccepted().accept(new StepInfo(st.t0(), st.t1(), st.y0(), st.y1(), ratio, true, stats, st.h()));
    return outcome;
  }

  private static Tensor checkReset(Tensor y, Tensor like, double t) {
    if (!java.util.Arrays.equals(y.shape(), like.shape()) || !y.isFinite()) {
      throw new IllegalArgumentException("an event handler reset the state at t=" + t + " to a tensor of shape "
          + java.util.Arrays.toString(y.shape()) + (y.isFinite() ? "" : " with non-finite entries")
          + "; return a finite state of shape " + java.util.Arrays.toString(like.shape()));
    }
    return y;
  }

  /** The time of the last RESET outcome. */
  double resetTime() {
    return resetTime;
  }

  /** The state of the last RESET outcome (detached). */
  Tensor resetState() {
    return resetState;
  }

  /** Reports a rejected step to the callbacks. */
  void reject(ExplicitRungeKutta.Step st, double ratio, SolverStats stats) {
    callbacks.onRejected().accept(new StepInfo(st.t0(), st.t1(), st.y0(), st.y1(), ratio, false, stats, st.h()));
  }

  private Tensor at(ExplicitRungeKutta.Step st, double theta) {
    if (theta == 1.0) {
      return st.y1();
    }
    return interpolant.at(st, st.t0() + theta * st.h());
  }

  private void prepare(ExplicitRungeKutta.Step st) {
    rk.prepareDense(ev, st, interpolant.hermite());
  }

  /** Sets the final statistics; returns this. */
  Trajectory withStats(SolverStats s) {
    this.stats = s;
    return this;
  }

  /** The result at the requested times reached. */
  OdeResult result() {
    double[] reached = Arrays.copyOf(times, outputs.size());
    double[] fast = locator.underResolvedAt();
    List<String> warnings = fast == null ? List.of() : List.of("an event function changed sign in"
        + " a quarter or more of " + EventLocator.MAX_SAMPLES + " samples of the step from t = "
        + fast[0] + " to " + fast[1] + ", faster than the event sampling resolves, so crossings may"
        + " be missing; limit the step size (max step) to see every crossing");
    return new OdeResult(Tensor.stack(outputs), reached, stats, status, events, warnings);
  }

  /** The dense solution over [t0, tEnd]. */
  Solution solution() {
    return new Solution(times[0], tEnd, outputs.get(0), yEnd, steps, interpolant, stats, status, events);
  }
}
