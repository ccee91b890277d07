package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;
import java.util.List;

/**
 * Solves initial value problems dy/dt = f(t, y), y(t[0]) = y0, returning the states at every requested
 * time, with the semantics of torchdiffeq's {@code odeint}; {@link #solveDense} returns a
 * {@link Solution} evaluable at any time instead. Every form accepts, in its longest overload, a
 * {@link StepSizeController}, {@link Event}s and {@link StepCallbacks}; solvers keep no state between
 * calls.
 */
public final class Odeint {
  private Odeint() {}

  /**
   * Integrates from {@code t[0]} through every {@code t[i]}.
   *
   * <p><b>Times.</b> {@code t} is strictly increasing, or strictly decreasing for a backward solve
   * (negative steps). A single time returns y0 alone without evaluating f, and so does a t whose entries
   * are all equal (t0 == t1: y0 at every time, no NaN); otherwise repeated times are rejected.
   *
   * <p><b>Adaptive methods</b> ({@code fehlberg2}, {@code adaptive_heun}, {@code bosh3}, {@code dopri5}
   * (Dormand &amp; Prince 1980), {@code tsit5} (Tsitouras 2011), {@code dopri8} (Prince &amp; Dormand 1981,
   * Hairer's DOP853)); shown for dopri5: each attempted step of size h
   * gives y_new and an error estimate err = h·Σ bError_i·k_i. With the error ratio
   * r = RMS_i(err_i / (atol + rtol·max(|y_i|, |y_new,i|))), the step is accepted when r ≤ 1 and the next
   * step is h·min(10, max(0.9·r^(−1/5), r &lt; 1 ? 1 : 0.2)) ({@link IController#TORCHDIFFEQ}). The first
   * step comes from Hairer, Nørsett &amp; Wanner I, II.4 unless {@link SolveOptions#firstStep()} is set.
   * The last stage is reused as the next first stage (FSAL), so
   * {@code nfe = 2 + 6·(accepted + rejected)} (1 + … with a given first step), as in torchdiffeq and
   * scipy's RK45. States at requested times come from the order-4 dense output (II.6): the solver steps
   * past them and interpolates, except that the step that would pass the final time is clamped to end
   * exactly there, so f is never evaluated beyond {@code t[T-1]}. A step with a non-finite state or error
   * estimate is rejected and h shrinks by 0.2. Per-component tolerances, the error norm, step limits and
   * jump times come from {@link SolveOptions}; dopri8's error ratio is DOP853's e₅²/√(e₅² + 0.01·e₃²).
   *
   * <p><b>Fixed-step methods</b> ({@code euler}, {@code midpoint}, {@code heun2}, {@code heun3},
   * {@code ralston}, {@code rk4}, {@code rk38}): each interval
   * [t_i, t_i+1] takes n = ⌈|Δt| / stepSize⌉ equal steps of h = Δt / n (one step if stepSize is NaN);
   * {@code nfe = stages · steps}.
   *
   * <p><b>Gradients.</b> The state updates and interpolations are tensor operations, so with recording
   * on, {@code ys} is differentiable with respect to y0 and anything f's result depends on (backpropagation
   * through the solver, "direct" mode). Step-size decisions are plain doubles and are not differentiated,
   * as in torchdiffeq. Time reaches f as {@code Tensor.scalar(t)}.
   *
   * @param f the right-hand side; must return a tensor of y's shape
   * @param y0 the initial state, any shape, all entries finite; not modified
   * @param t the output times, length ≥ 1, finite, strictly monotone; not modified
   * @param options the method, tolerances and limits
   * @return the states {@code ys} of shape {@code [T, ...y0.shape]} with {@code ys[0] = y0}, the times and
   *     the statistics
   * @throws IllegalArgumentException if an argument is null, t is empty, not finite or not strictly
   *     monotone, y0 has a non-finite entry, f returns a tensor of the wrong shape, or a tolerance array
   *     has the wrong length (rtol ≤ 0 is already rejected by {@link SolveOptions}) — each message naming
   *     the argument, the value and the fix
   * @throws StepSizeUnderflowException if the adaptive step falls below 16 ulp of the time reached
   * @throws MaxStepsExceededException if more than {@code options.maxSteps()} steps are needed
   * @throws NonFiniteStateException if f(t0, y0) is not finite, or a fixed step yields a non-finite state
   */
  public static OdeResult solve(OdeFunction f, Tensor y0, double[] t, SolveOptions options) {
    return solve(f, y0, t, options, StepSizeController.defaults());
  }

  /**
   * Integrates as {@link #solve(OdeFunction, Tensor, double[], SolveOptions)} does, with another
   * step-size controller for adaptive methods (ignored by fixed-step methods).
   *
   * @param f the right-hand side; must return a tensor of y's shape
   * @param y0 the initial state; not modified
   * @param t the output times; not modified
   * @param options the method, tolerances and limits
   * @param controller decides acceptance and the next step size
   * @return the states, times and statistics
   * @throws IllegalArgumentException as for the four-argument form, or if {@code controller} is null
   * @throws OdeSolverException as for the four-argument form
   */
  public static OdeResult solve(OdeFunction f, Tensor y0, double[] t, SolveOptions options,
      StepSizeController controller) {
    if (f == null) {
      throw new IllegalArgumentException("f must not be null; pass the right-hand side (t, y) -> dy/dt");
    }
    if (options == null) {
      throw new IllegalArgumentException("options must not be null; pass SolveOptions.defaults()");
    }
    if (controller == null) {
      throw new IllegalArgumentException("controller must not be null; pass StepSizeController.defaults()");
    }
    if (isConstant(t)) {
      checkState(y0);
      return constant(y0, t);
    }
    checkTimes(t);
    checkState(y0);
    if (Kvaerno5.NAME.equals(options.method())) {
      return Kvaerno5.solve(f, y0, t, options, controller).result();
    }
    return solve(f, y0, t, options, controller, List.of(), StepCallbacks.NONE);
  }

  /**
   * Integrates as {@link #solve(OdeFunction, Tensor, double[], SolveOptions)} does, locating events.
   *
   * @param f the right-hand side
   * @param y0 the initial state; not modified
   * @param t the output times; not modified
   * @param options the method, tolerances and limits
   * @param events the events to locate (see {@link Event}); not modified
   * @return the states at the requested times reached, the events and the status
   * @throws IllegalArgumentException as for the four-argument form, or if events is null
   * @throws OdeSolverException as for the four-argument form
   */
  public static OdeResult solve(OdeFunction f, Tensor y0, double[] t, SolveOptions options, List<Event> events) {
    return solve(f, y0, t, options, StepSizeController.defaults(), events, StepCallbacks.NONE);
  }

  /**
   * The full form of {@link #solve(OdeFunction, Tensor, double[], SolveOptions)}: with a controller,
   * events and step callbacks. Events are located on the dense output of every accepted step (see
   * {@link Event}); a terminal event ends the solve and the result holds the requested times up to the
   * event ({@link OdeResult}). Callbacks and events see true times, also in a backward solve.
   *
   * @param f the right-hand side; must return a tensor of y's shape
   * @param y0 the initial state; not modified
   * @param t the output times: strictly monotone, or all equal (a zero-length solve returning y0 at each)
   * @param options the method, tolerances and limits
   * @param controller decides acceptance and the next step size (adaptive methods only)
   * @param events the events to locate, possibly empty; not modified
   * @param callbacks called for each accepted and rejected step
   * @return the states, times, statistics, status and events
   * @throws IllegalArgumentException if an argument is null or invalid (see the four-argument form), a
   *     tolerance array has the wrong length, or events/callbacks are used with {@code kvaerno5}
   * @throws OdeSolverException if the integration fails
   */
  public static OdeResult solve(OdeFunction f, Tensor y0, double[] t, SolveOptions options,
      StepSizeController controller, List<Event> events, StepCallbacks callbacks) {
    checkArguments(f, y0, options, controller, events, callbacks);
    if (isConstant(t)) {
      return constant(y0, t);
    }
    checkTimes(t);
    if (Kvaerno5.NAME.equals(options.method())) {
      requireExplicit(options, events, callbacks);
      return Kvaerno5.solve(f, y0, t, options, controller).result();
    }
    if (t.length == 1) {
      return new OdeResult(Tensor.stack(List.of(y0)), t, SolverStats.zero());
    }
    return run(f, y0, t, options, controller, events, callbacks, false).result();
  }

  /**
   * Solves over [t0, t1] and keeps every step's interpolant, so that the solution can be evaluated at any
   * time in between ({@link Solution#at(double)}), with the default controller and no events.
   *
   * @param f the right-hand side
   * @param y0 the initial state; not modified
   * @param t0 the initial time, finite
   * @param t1 the final time, finite; t1 &lt; t0 solves backward, t1 == t0 returns a one-point solution
   * @param options the method, tolerances and limits (fixed-step methods take ⌈|t1 − t0|/stepSize⌉ steps)
   * @return the dense solution
   * @throws IllegalArgumentException if an argument is null or invalid
   * @throws OdeSolverException if the integration fails
   */
  public static Solution solveDense(OdeFunction f, Tensor y0, double t0, double t1, SolveOptions options) {
    return solveDense(f, y0, t0, t1, options, StepSizeController.defaults(), List.of(), StepCallbacks.NONE);
  }

  /**
   * The full form of {@link #solveDense(OdeFunction, Tensor, double, double, SolveOptions)}: with a
   * controller, events (a terminal event ends the solution's range at the event) and callbacks. Every
   * step is made ready for interpolation, which costs dopri8 three more evaluations a step and a method
   * without FSAL or dense coefficients one more evaluation at the final time.
   *
   * @param f the right-hand side
   * @param y0 the initial state; not modified
   * @param t0 the initial time
   * @param t1 the final time
   * @param options the method, tolerances and limits
   * @param controller decides acceptance and the next step size (adaptive methods only)
   * @param events the events to locate, possibly empty
   * @param callbacks called for each accepted and rejected step
   * @return the dense solution
   * @throws IllegalArgumentException if an argument is null or invalid, or the method is {@code kvaerno5}
   * @throws OdeSolverException if the integration fails
   */
  public static Solution solveDense(OdeFunction f, Tensor y0, double t0, double t1, SolveOptions options,
      StepSizeController controller, List<Event> events, StepCallbacks callbacks) {
    checkArguments(f, y0, options, controller, events, callbacks);
    if (Kvaerno5.NAME.equals(options.method())) {
      throw new IllegalArgumentException("solveDense needs an explicit Runge-Kutta method; kvaerno5 has no"
          + " dense output here. Use one of " + String.join(", ", Tableaus.names()));
    }
    double[] t = {t0, t1};
    checkTimesFinite(t);
    if (t0 == t1) {
      return new Solution(t0, t0, y0, y0, List.of(), new Interpolant(options.tableau()), SolverStats.zero(),
          OdeResult.Status.SUCCESS, List.of());
    }
    return run(f, y0, t, options, controller, events, callbacks, true).solution();
  }

  private static Trajectory run(OdeFunction f, Tensor y0, double[] t, SolveOptions options,
      StepSizeController controller, List<Event> events, StepCallbacks callbacks, boolean keepSteps) {
    ButcherTableau tableau = options.tableau();
    if (!tableau.adaptive()) {
      return FixedGridSolver.run(f, y0, t, options, tableau, events, callbacks, keepSteps);
    }
    return AdaptiveSolver.run(f, y0, t, options, tableau, controller, events, callbacks, keepSteps);
  }

  private static void checkArguments(OdeFunction f, Tensor y0, SolveOptions options,
      StepSizeController controller, List<Event> events, StepCallbacks callbacks) {
    if (f == null) {
      throw new IllegalArgumentException("f must not be null; pass the right-hand side (t, y) -> dy/dt");
    }
    if (options == null) {
      throw new IllegalArgumentException("options must not be null; pass SolveOptions.defaults()");
    }
    if (controller == null) {
      throw new IllegalArgumentException("controller must not be null; pass StepSizeController.defaults()");
    }
    if (events == null || callbacks == null) {
      throw new IllegalArgumentException("events and callbacks must not be null; pass List.of() and"
          + " StepCallbacks.NONE");
    }
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i) == null) {
        throw new IllegalArgumentException("events[" + i + "] is null");
      }
    }
    checkState(y0);
    Tolerances.of(options, y0.shape());
  }

  private static void requireExplicit(SolveOptions options, List<Event> events, StepCallbacks callbacks) {
    if (!events.isEmpty() || callbacks != StepCallbacks.NONE) {
      throw new IllegalArgumentException("events and step callbacks need an explicit Runge-Kutta method;"
          + " method " + options.method() + " does not support them. Use one of "
          + String.join(", ", Tableaus.names()));
    }
  }

  /** Whether t has at least two entries, all equal (and finite): a zero-length solve. */
  private static boolean isConstant(double[] t) {
    if (t == null || t.length < 2 || !Double.isFinite(t[0])) {
      return false;
    }
    for (double v : t) {
      if (v != t[0]) {
        return false;
      }
    }
    return true;
  }

  /** y0 at every time of a constant t, without evaluating f. */
  private static OdeResult constant(Tensor y0, double[] t) {
    Tensor[] ys = new Tensor[t.length];
    java.util.Arrays.fill(ys, y0);
    return new OdeResult(Tensor.stack(List.of(ys)), t, SolverStats.zero());
  }

  private static void checkTimesFinite(double[] t) {
    for (int i = 0; i < t.length; i++) {
      if (!Double.isFinite(t[i])) {
        throw new IllegalArgumentException("t" + i + "=" + t[i] + " must be finite");
      }
    }
  }

  static void checkTimes(double[] t) {
    if (t == null || t.length == 0) {
      throw new IllegalArgumentException("t must hold at least one time; got " + (t == null ? "null" : "[]")
          + ". Pass t[0] = the initial time followed by the output times");
    }
    for (int i = 0; i < t.length; i++) {
      if (!Double.isFinite(t[i])) {
        throw new IllegalArgumentException("t must be finite; t[" + i + "]=" + t[i]);
      }
    }
    if (t.length < 2) {
      return;
    }
    boolean increasing = t[1] > t[0];
    for (int i = 1; i < t.length; i++) {
      if (increasing ? !(t[i] > t[i - 1]) : !(t[i] < t[i - 1])) {
        throw new IllegalArgumentException("t must be strictly increasing or decreasing; t[" + i + "]=" + t[i]
            + " after t[" + (i - 1) + "]=" + t[i - 1] + (i > 1 ? " (t[0..1] is " + (increasing ? "increasing"
            : "decreasing") + ")" : "") + ". Remove repeated times and sort t");
      }
    }
  }

  static void checkState(Tensor y0) {
    if (y0 == null) {
      throw new IllegalArgumentException("y0 must not be null; pass the initial state as a tensor");
    }
    int n = y0.size();
    for (int i = 0; i < n; i++) {
      double v = y0.getFlat(i);
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("y0 must be finite; y0[" + i + "]=" + v + " (flat index)");
      }
    }
  }
}
