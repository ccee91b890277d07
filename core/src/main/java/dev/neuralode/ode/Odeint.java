package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;
import java.util.List;

/**
 * Solves initial value problems dy/dt = f(t, y), y(t[0]) = y0, returning the states at every requested
 * time, with the semantics of torchdiffeq's {@code odeint}.
 */
public final class Odeint {
  private Odeint() {}

  /**
   * Integrates from {@code t[0]} through every {@code t[i]}.
   *
   * <p><b>Times.</b> {@code t} is strictly increasing, or strictly decreasing for a backward solve
   * (negative steps). A single time returns y0 alone without evaluating f.
   *
   * <p><b>Adaptive methods</b> ({@code dopri5}, Dormand &amp; Prince 1980): each attempted step of size h
   * gives y_new and an error estimate err = h·Σ bError_i·k_i. With the error ratio
   * r = RMS_i(err_i / (atol + rtol·max(|y_i|, |y_new,i|))), the step is accepted when r ≤ 1 and the next
   * step is h·min(10, max(0.9·r^(−1/5), r &lt; 1 ? 1 : 0.2)) ({@link IController#TORCHDIFFEQ}). The first
   * step comes from Hairer, Nørsett &amp; Wanner I, II.4 unless {@link SolveOptions#firstStep()} is set.
   * The last stage is reused as the next first stage (FSAL), so
   * {@code nfe = 2 + 6·(accepted + rejected)} (1 + … with a given first step), as in torchdiffeq and
   * scipy's RK45. States at requested times come from the order-4 dense output (II.6): the solver steps
   * past them and interpolates, except that the step that would pass the final time is clamped to end
   * exactly there, so f is never evaluated beyond {@code t[T-1]}. A step with a non-finite state or error
   * estimate is rejected and h shrinks by 0.2.
   *
   * <p><b>Fixed-step methods</b> ({@code euler}, {@code midpoint}, {@code rk4}): each interval
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
   *     monotone, y0 has a non-finite entry, f returns a tensor of the wrong shape, or an adaptive method
   *     is given rtol = atol = 0 — each message naming the argument, the value and the fix
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
    checkTimes(t);
    checkState(y0);
    ButcherTableau tableau = options.tableau();
    if (t.length == 1) {
      return new OdeResult(Tensor.stack(List.of(y0)), t, SolverStats.zero());
    }
    if (!tableau.adaptive()) {
      return FixedGridSolver.solve(f, y0, t, options, tableau);
    }
    if (options.rtol() == 0.0 && options.atol() == 0.0) {
      throw new IllegalArgumentException("rtol=0 and atol=0: the adaptive method " + options.method()
          + " needs a tolerance > 0; set rtol or atol (e.g. rtol=1e-7, atol=1e-9)");
    }
    return AdaptiveSolver.solve(f, y0, t, options, tableau, controller);
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
