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
   * step comes from Hairer, Nørsett &amp; Wanner I, II.4 unless {@link AdaptiveController#firstStep()} is
   * set.
   * The last stage is reused as the next first stage (FSAL), so
   * {@code nfe = 2 + 6·(accepted + rejected)} (1 + … with a given first step), as in torchdiffeq and
   * scipy's RK45. States at requested times come from the order-4 dense output (II.6): the solver steps
   * past them and interpolates, except that the step that would pass the final time is clamped to end
   * exactly there, so f is never evaluated beyond {@code t[T-1]}. A step with a non-finite state or error
   * estimate is rejected and h shrinks by 0.2. Per-component tolerances, the error norm, step limits and
   * jump times come from the solver's {@link AdaptiveController} and {@link JumpTimes}; dopri8's error ratio is DOP853's e₅²/√(e₅² + 0.01·e₃²).
   *
   * <p><b>Fixed-step methods</b> ({@code euler}, {@code midpoint}, {@code heun2}, {@code heun3},
   * {@code ralston}, {@code rk4}, {@code rk38}): each interval
   * [t_i, t_i+1] takes n = ⌈|Δt| / stepSize⌉ equal steps of h = Δt / n (one step if stepSize is NaN;
   * {@link ConstantStepSize}); {@code nfe = stages · steps}.
   *
   * <p><b>Implicit methods</b> ({@code kvaerno5}): see {@link Kvaerno5}; no events or callbacks.
   *
   * <p><b>Gradients.</b> The state updates and interpolations are tensor operations, so with recording
   * on, {@code ys} is differentiable with respect to y0 and anything f's result depends on (backpropagation
   * through the solver, "direct" mode). Step-size decisions are plain doubles and are not differentiated,
   * as in torchdiffeq. Time reaches f as {@code Tensor.scalar(t)}.
   *
   * <p><b>Flat engine.</b> When nothing is recorded (autograd off, or y0 not requiring a gradient and f
   * reading no parameter that does) and f is {@linkplain OdeFunction#traceable() traceable}, an explicit
   * solve without events or callbacks runs on preallocated {@code double[]} buffers: f is evaluated
   * through its {@link OdeFunction#flat()} twin or a {@link dev.neuralode.tensor.Program} captured at
   * (t0, y0), and every stage, error norm and interpolation performs the same floating-point operations
   * in the same order as the Tensor path, so {@code ys} and the statistics are the same bits. Pass f as
   * a plain lambda (not traceable) to force the eager Tensor path.
   *
   * @param f the right-hand side; must return a tensor of y's shape
   * @param y0 the initial state, any shape, all entries finite; not modified
   * @param t the output times, length ≥ 1, finite, strictly monotone; not modified
   * @param solver the method, step-size controller and step budget
   * @return the states {@code ys} of shape {@code [T, ...y0.shape]} with {@code ys[0] = y0}, the times and
   *     the statistics
   * @throws IllegalArgumentException if an argument is null, t is empty, not finite or not strictly
   *     monotone, y0 has a non-finite entry, f returns a tensor of the wrong shape, or a tolerance array
   *     has the wrong length — each message naming the argument, the value and the fix
   * @throws StepSizeUnderflowException if the adaptive step falls below 16 ulp of the time reached
   * @throws MaxStepsExceededException if more than {@code solver.maxSteps()} steps are needed
   * @throws NonFiniteStateException if f(t0, y0) is not finite, or a fixed step yields a non-finite state
   */
  public static OdeResult solve(OdeFunction f, Tensor y0, double[] t, Solver solver) {
    checkArguments(f, y0, solver, List.of(), StepCallbacks.NONE);
    if (isConstant(t)) {
      return constant(y0, t);
    }
    checkTimes(t);
    if (solver.method() instanceof Method.Esdirk m) {
      return ImplicitSolver.adaptive(f, y0, t, solver, m).result();
    }
    return solve(f, y0, t, solver, List.of(), StepCallbacks.NONE);
  }

  /**
   * Integrates as {@link #solve(OdeFunction, Tensor, double[], Solver)} does, locating events.
   *
   * @param f the right-hand side
   * @param y0 the initial state; not modified
   * @param t the output times; not modified
   * @param solver the method, step-size controller and step budget
   * @param events the events to locate (see {@link Event}); not modified
   * @return the states at the requested times reached, the events and the status
   * @throws IllegalArgumentException as for the four-argument form, or if events is null
   * @throws OdeSolverException as for the four-argument form
   */
  public static OdeResult solve(OdeFunction f, Tensor y0, double[] t, Solver solver, List<Event> events) {
    return solve(f, y0, t, solver, events, StepCallbacks.NONE);
  }

  /**
   * The full form of {@link #solve(OdeFunction, Tensor, double[], Solver)}: with events and step
   * callbacks. Events are located on the dense output of every accepted step and handled as
   * {@link Event} describes; after a STOP the result holds the requested times up to the event
   * ({@link OdeResult}). Callbacks and events see true times, also in a backward solve.
   *
   * @param f the right-hand side; must return a tensor of y's shape
   * @param y0 the initial state; not modified
   * @param t the output times: strictly monotone, or all equal (a zero-length solve returning y0 at each)
   * @param solver the method, step-size controller and step budget
   * @param events the events to locate, possibly empty; not modified
   * @param callbacks called for each accepted and rejected step
   * @return the states, times, statistics, status and events
   * @throws IllegalArgumentException if an argument is null or invalid (see the four-argument form), a
   *     tolerance array has the wrong length, or events/callbacks are used with an implicit method
   * @throws OdeSolverException if the integration fails
   */
  public static OdeResult solve(OdeFunction f, Tensor y0, double[] t, Solver solver, List<Event> events,
      StepCallbacks callbacks) {
    checkArguments(f, y0, solver, events, callbacks);
    if (isConstant(t)) {
      return constant(y0, t);
    }
    checkTimes(t);
    if (solver.method() instanceof Method.Esdirk m) {
      requireExplicit(solver, events, callbacks);
      return ImplicitSolver.adaptive(f, y0, t, solver, m).result();
    }
    if (t.length == 1) {
      return new OdeResult(Tensor.stack(List.of(y0)), t, SolverStats.zero());
    }
    OdeResult flat = FlatRoute.tryFlat(f, y0, t, solver, events, callbacks);
    if (flat != null) {
      return flat;
    }
    return run(f, y0, t, solver, events, callbacks, false).result();
  }

  /**
   * Solves dy/dt = f(t, y) for one state of shape {@code [y0.length]} on plain arrays: as {@link
   * #solve(FlatOde, double[], int, double[], Solver)} with one row.
   *
   * @param f the right-hand side, writing dy/dt into its third argument
   * @param y0 the initial state, finite; not modified
   * @param t the output times (as for the Tensor form); not modified
   * @param solver an explicit Runge–Kutta method, its controller and step budget
   * @return the states at every time and the statistics
   * @throws IllegalArgumentException as the five-argument form
   * @throws OdeSolverException if the integration fails
   */
  public static FlatOdeResult solve(FlatOde f, double[] y0, double[] t, Solver solver) {
    return solve(f, y0, 1, t, solver);
  }

  /**
   * Solves dy/dt = f(t, y) on plain arrays, with no tensors and no allocation per step (scipy's {@code
   * solve_ivp(fun, ...)} with {@code fun(t, y)}, Hipparchus's {@code OrdinaryDifferentialEquation}).
   * The state is a row-major {@code [rows, dim]} block, dim = y0.length / rows, that f sees whole; it is
   * solved exactly as {@link #solve(OdeFunction, Tensor, double[], Solver)} solves a tensor of that
   * shape: the same step selection, error norm over all entries (so all rows share one step size),
   * dense output, per-entry or per-column tolerances, exceptions and statistics, and the same bits as
   * that solve with a right-hand side computing the same values.
   *
   * @param f the right-hand side; {@code f.derivative(t, y, dydt)} must write all of dydt
   * @param y0 the initial state, row-major {@code [rows, dim]}, finite, length ≥ 1; not modified
   * @param rows the number of rows (independent initial conditions), ≥ 1, dividing y0.length
   * @param t the output times: strictly monotone, or all equal (y0 at each); not modified
   * @param solver an explicit Runge–Kutta method ({@link Methods#explicitNames()}), its controller and
   *     step budget
   * @return the states at every t ({@code ys()[i]} of length y0.length) and the statistics
   * @throws IllegalArgumentException if an argument is null, y0 is empty or not finite, rows does not
   *     divide its length, t is invalid, the method is implicit, or a tolerance array has the wrong length
   * @throws StepSizeUnderflowException if the adaptive step falls below 16 ulp of the time reached
   * @throws MaxStepsExceededException if more than {@code solver.maxSteps()} steps are needed
   * @throws NonFiniteStateException if f(t0, y0) is not finite, or a fixed step yields a non-finite state
   */
  public static FlatOdeResult solve(FlatOde f, double[] y0, int rows, double[] t, Solver solver) {
    int[] shape = FlatOdeResult.check(f, y0, rows, solver);
    if (isConstant(t)) {
      double[][] ys = new double[t.length][];
      for (int i = 0; i < ys.length; i++) {
        ys[i] = y0.clone();
      }
      return new FlatOdeResult(t.clone(), ys, rows, SolverStats.zero());
    }
    checkTimes(t);
    if (t.length == 1) {
      return new FlatOdeResult(t.clone(), new double[][] {y0.clone()}, rows, SolverStats.zero());
    }
    ButcherTableau tableau = ((Method.ExplicitRk) solver.method()).tableau();
    FlatSolver.Outputs out = FlatSolver.run(new FlatStepper(tableau, f, y0), t, solver, tableau, shape);
    return new FlatOdeResult(t.clone(), out.ys(), rows, out.stats(), out.nextStep());
  }

  /**
   * Solves every row of a {@code [rows, dim]} state with its own step-size control: each row has its
   * own time, step size, controller history and accept/reject decisions, so a row that needs small steps
   * does not slow the others (in {@link #solve(FlatOde, double[], int, double[], Solver)} the error norm
   * runs over all entries and the whole batch shares the smallest step). This is what {@code jax.vmap}
   * over a Diffrax solve gives: row r's states and statistics are the same bits as {@code solve(f, row r,
   * 1, t, solver)} would give. The rows still advance together, one attempted step of every unfinished
   * row per iteration, so an f implementing {@link FlatOde.RowTimes} evaluates a stage of all of them in
   * one call (each row at its own time); any other f is called once per row with a row of length dim.
   * Fixed-step methods take the same steps in every row and run as {@code solve}.
   *
   * <p>Cost: every row carries its own step bookkeeping (error norm, controller), about that of a solve
   * of the row alone, so this pays only when rows need very different step counts; with rows of similar
   * difficulty the shared step of {@code solve} is cheaper (bench P2b reports both). With dopri5 and tsit5
   * the rows' stages are kept side by side and each stage's sums run as one loop over all rows; f is then
   * evaluated stage by stage across the rows (with any other method, all stages of a row before the next
   * row), so when f throws, which row's evaluation throws first can depend on the method. In the
   * extremely rare case of a step so small that h times a tableau coefficient rounds to 0, the solve is
   * redone from t[0] one row at a time (same results; f is called again for the steps already taken).
   *
   * @param f the right-hand side; called on rows of length dim, or through {@link FlatOde.RowTimes}
   * @param y0 the initial states, row-major {@code [rows, dim]}, finite; not modified
   * @param rows the number of rows, ≥ 1, dividing y0.length
   * @param t the output times (as for the Tensor form); not modified
   * @param solver an explicit Runge–Kutta method, its controller and step budget; tolerance arrays must
   *     have one value per column (dim); the error norm sees one row's dim entries; maxSteps applies to
   *     each row
   * @return the states at every t and the statistics summed over the rows (evaluations of one row each)
   * @throws IllegalArgumentException as {@link #solve(FlatOde, double[], int, double[], Solver)}, or if
   *     a tolerance array does not have dim values
   * @throws OdeSolverException if a row's integration fails (the message names the row)
   */
  public static FlatOdeResult solveRows(FlatOde f, double[] y0, int rows, double[] t, Solver solver) {
    int[] shape = FlatOdeResult.check(f, y0, rows, solver);
    if (solver.method().adaptive()) {
      Tolerances tol = solver.tolerances();
      for (double[] v : new double[][] {tol.rtolVector(), tol.atolVector()}) {
        if (v != null && v.length != shape[1]) {
          throw new IllegalArgumentException("a tolerance array has " + v.length + " values but solveRows"
              + " needs one per column (dim=" + shape[1] + "); every row uses the same per-column tolerances");
        }
      }
    }
    if (isConstant(t) || (t != null && t.length == 1 && Double.isFinite(t[0]))) {
      return solve(f, y0, rows, t, solver);
    }
    checkTimes(t);
    ButcherTableau tableau = ((Method.ExplicitRk) solver.method()).tableau();
    FlatSolver.Outputs out = FlatRowSolver.run(f, y0, rows, t, solver, tableau);
    return new FlatOdeResult(t.clone(), out.ys(), rows, out.stats());
  }

  /**
   * Solves over [t0, t1] and keeps every step's interpolant, so that the solution can be evaluated at any
   * time in between ({@link Solution#at(double)}), without events.
   *
   * @param f the right-hand side
   * @param y0 the initial state; not modified
   * @param t0 the initial time, finite
   * @param t1 the final time, finite; t1 &lt; t0 solves backward, t1 == t0 returns a one-point solution
   * @param solver an explicit method (fixed-step methods take ⌈|t1 − t0|/stepSize⌉ steps), its controller
   *     and step budget
   * @return the dense solution
   * @throws IllegalArgumentException if an argument is null or invalid
   * @throws OdeSolverException if the integration fails
   */
  public static Solution solveDense(OdeFunction f, Tensor y0, double t0, double t1, Solver solver) {
    return solveDense(f, y0, t0, t1, solver, List.of(), StepCallbacks.NONE);
  }

  /**
   * The full form of {@link #solveDense(OdeFunction, Tensor, double, double, Solver)}: with events (a
   * STOP ends the solution's range at the event; after a RESET_STATE the solution continues from the new
   * state) and callbacks. Every step is made ready for interpolation, which costs dopri8 three more
   * evaluations a step and a method without FSAL or dense coefficients one more evaluation at the final
   * time.
   *
   * @param f the right-hand side
   * @param y0 the initial state; not modified
   * @param t0 the initial time
   * @param t1 the final time
   * @param solver an explicit method, its step-size controller and step budget
   * @param events the events to locate, possibly empty
   * @param callbacks called for each accepted and rejected step
   * @return the dense solution
   * @throws IllegalArgumentException if an argument is null or invalid, or the method is implicit
   * @throws OdeSolverException if the integration fails
   */
  public static Solution solveDense(OdeFunction f, Tensor y0, double t0, double t1, Solver solver,
      List<Event> events, StepCallbacks callbacks) {
    checkArguments(f, y0, solver, events, callbacks);
    if (!(solver.method() instanceof Method.ExplicitRk m)) {
      throw new IllegalArgumentException("solveDense needs an explicit Runge-Kutta method; "
          + solver.method().name() + " has no dense output here. Use one of "
          + String.join(", ", Methods.explicitNames()));
    }
    double[] t = {t0, t1};
    checkTimesFinite(t);
    if (t0 == t1) {
      return new Solution(t0, t0, y0, y0, List.of(), new Interpolant(m.tableau()), SolverStats.zero(),
          OdeResult.Status.SUCCESS, List.of());
    }
    return run(f, y0, t, solver, events, callbacks, true).solution();
  }

  private static Trajectory run(OdeFunction f, Tensor y0, double[] t, Solver solver, List<Event> events,
      StepCallbacks callbacks, boolean keepSteps) {
    ButcherTableau tableau = ((Method.ExplicitRk) solver.method()).tableau();
    if (!tableau.adaptive()) {
      return FixedGridSolver.run(f, y0, t, solver, tableau, events, callbacks, keepSteps);
    }
    return AdaptiveSolver.run(f, y0, t, solver, tableau, events, callbacks, keepSteps);
  }

  private static void checkArguments(OdeFunction f, Tensor y0, Solver solver, List<Event> events,
      StepCallbacks callbacks) {
    if (f == null) {
      throw new IllegalArgumentException("f must not be null; pass the right-hand side (t, y) -> dy/dt");
    }
    if (solver == null) {
      throw new IllegalArgumentException("solver must not be null; pass Solver.defaults()");
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
    if (solver.method().adaptive()) {
      EntryTolerances.of(solver.tolerances(), y0.shape());
    }
  }

  private static void requireExplicit(Solver solver, List<Event> events, StepCallbacks callbacks) {
    if (!events.isEmpty() || callbacks != StepCallbacks.NONE) {
      throw new IllegalArgumentException("events and step callbacks need an explicit Runge-Kutta method;"
          + " method " + solver.method().name() + " does not support them. Use one of "
          + String.join(", ", Methods.explicitNames()));
    }
  }

  /** Whether t has at least two entries, all equal (and finite): a zero-length solve. */
  static boolean isConstant(double[] t) {
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
    if (y0.isFinite()) {
      return;
    }
    double[] values = y0.toArray();
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException("y0 must be finite; y0[" + i + "]=" + values[i] + " (flat index)");
      }
    }
  }
}
