package dev.neuralode.ode;

/**
 * Many solves on plain arrays of one state size with one solver, as an adjoint's backward pass makes
 * (one per output interval): {@link Odeint#solve(FlatOde, double[], int, double[], Solver)} prepares
 * the tableau's sparse form and allocates the stage buffers on every call, which for a short interval
 * costs more than its steps; this object prepares them once and reuses them. Each solve gives the same
 * bits and statistics as {@code Odeint.solve} with the same arguments (and, for {@link #solve(FlatOde,
 * double[], double[], double)}, the solver's first step replaced).
 *
 * <p>Not thread-safe: the buffers belong to the object; use one per thread. The results never share
 * arrays with it.
 */
public final class FlatIntegrator {
  private final Solver solver;
  private final ButcherTableau tableau;
  private final int length;
  private final int rows;
  private final int[] shape;
  private FlatStepper stepper;

  /**
   * An integrator for states of {@code [rows, length / rows]}.
   *
   * @param solver an explicit Runge–Kutta method ({@link Methods#explicitNames()}), its controller and
   *     step budget
   * @param length the number of values in every initial state, ≥ 1
   * @param rows the number of rows (independent initial conditions) of the state, ≥ 1, dividing length
   * @throws IllegalArgumentException if solver is null or implicit, length or rows is out of range, or a
   *     per-entry tolerance does not fit the shape
   */
  public FlatIntegrator(Solver solver, int length, int rows) {
    if (length < 1) {
      throw new IllegalArgumentException("length=" + length + " must be >= 1: the number of values in a state");
    }
    FlatOdeResult.check((t, y, dy) -> { }, new double[length], rows, solver);
    this.solver = solver;
    this.tableau = ((Method.ExplicitRk) solver.method()).tableau();
    this.length = length;
    this.rows = rows;
    this.shape = new int[] {rows, length / rows};
  }

  /**
   * Solves dy/dt = f(t, y) from y0 at t[0] to every t, as {@link Odeint#solve(FlatOde, double[], int,
   * double[], Solver)} does with this integrator's solver and rows.
   *
   * @param f the right-hand side
   * @param y0 the initial state, row-major, of this integrator's length, finite; not modified
   * @param t the output times: strictly monotone, or all equal; not modified
   * @return the states at every t and the statistics
   * @throws IllegalArgumentException as {@code Odeint.solve}, or if y0 has another length
   * @throws OdeSolverException if the integration fails
   */
  public FlatOdeResult solve(FlatOde f, double[] y0, double[] t) {
    return solve(f, y0, t, Double.NaN);
  }

  /**
   * As {@link #solve(FlatOde, double[], double[])}, with the first adaptive step's magnitude given (for
   * example the previous solve's {@link FlatOdeResult#nextStep()}, to continue where it stopped).
   *
   * @param f the right-hand side
   * @param y0 the initial state, row-major, of this integrator's length, finite; not modified
   * @param t the output times: strictly monotone, or all equal; not modified
   * @param firstStep the first step's magnitude, finite and &gt; 0, or NaN for the solver's own first
   *     step (automatic unless set); ignored by fixed-step methods
   * @return the states at every t and the statistics
   * @throws IllegalArgumentException as {@code Odeint.solve}, if y0 has another length, or if firstStep is
   *     neither NaN nor finite and positive
   * @throws OdeSolverException if the integration fails
   */
  public FlatOdeResult solve(FlatOde f, double[] y0, double[] t, double firstStep) {
    if (y0 != null && y0.length != length) {
      throw new IllegalArgumentException("y0 has " + y0.length + " values but this integrator solves states of "
          + length + "; make another FlatIntegrator for that size");
    }
    if (!Double.isNaN(firstStep) && !(firstStep > 0.0 && Double.isFinite(firstStep))) {
      throw new IllegalArgumentException("firstStep=" + firstStep + " must be finite and > 0, or NaN for the"
          + " solver's own first step");
    }
    FlatOdeResult.check(f, y0, rows, solver);
    if (Odeint.isConstant(t)) {
      double[][] ys = new double[t.length][];
      for (int i = 0; i < ys.length; i++) {
        ys[i] = y0.clone();
      }
      return new FlatOdeResult(t.clone(), ys, rows, SolverStats.zero());
    }
    Odeint.checkTimes(t);
    if (t.length == 1) {
      return new FlatOdeResult(t.clone(), new double[][] {y0.clone()}, rows, SolverStats.zero());
    }
    if (stepper == null) {
      stepper = new FlatStepper(tableau, f, y0);
    } else {
      stepper.reset(f, y0);
    }
    FlatSolver.Outputs out = FlatSolver.run(stepper, t, solver, tableau, shape, firstStep);
    return new FlatOdeResult(t.clone(), out.ys(), rows, out.stats(), out.nextStep());
  }
}
