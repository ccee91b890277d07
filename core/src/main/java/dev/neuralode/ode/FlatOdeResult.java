package dev.neuralode.ode;

/**
 * The result of a solve on plain arrays ({@link Odeint#solve(FlatOde, double[], int, double[], Solver)}):
 * the state at every requested time and the work done.
 *
 * @param t the output times, a copy of the requested ones
 * @param ys one row-major state per time, {@code ys[i]} of length rows·dim at {@code t[i]} ({@code ys[0]}
 *     is a copy of y0); the arrays belong to the caller
 * @param rows the number of rows of the state, {@code [rows, dim]}
 * @param stats the number of evaluations of f, accepted and rejected steps
 * @param nextStep the magnitude of the step the step-size controller proposed after the last accepted
 *     step of an adaptive solve, or, when that step was shortened to end on the final time and the size
 *     chosen before shortening is larger, that size (as Diffrax continues after a clipped step): what a
 *     solve continuing past the final time would attempt first (pass it as its {@link
 *     SolverBuilder#firstStep}); NaN for a fixed-step solve or one that took no step
 */
public record FlatOdeResult(double[] t, double[][] ys, int rows, SolverStats stats, double nextStep) {
  /**
   * A result without a proposed next step ({@code nextStep} NaN).
   *
   * @param t the output times
   * @param ys the states, one per time
   * @param rows the number of rows
   * @param stats the work done
   */
  public FlatOdeResult(double[] t, double[][] ys, int rows, SolverStats stats) {
    this(t, ys, rows, stats, Double.NaN);
  }

  /**
   * The state of one row at one time.
   *
   * @param i the index of the time, in [0, t.length)
   * @param row the row, in [0, rows)
   * @return a new array of length dim
   * @throws IndexOutOfBoundsException if an index is out of range
   */
  public double[] row(int i, int row) {
    int dim = ys[i].length / rows;
    java.util.Objects.checkIndex(row, rows);
    return java.util.Arrays.copyOfRange(ys[i], row * dim, row * dim + dim);
  }

  /**
   * The state at the last time reached.
   *
   * @return {@code ys[ys.length - 1]} (not a copy)
   */
  public double[] last() {
    return ys[ys.length - 1];
  }

  /** Checks the arguments of a flat solve; returns the state's shape {@code [rows, dim]}. */
  static int[] check(FlatOde f, double[] y0, int rows, Solver solver) {
    if (f == null) {
      throw new IllegalArgumentException("f must not be null; pass the right-hand side (t, y, dydt) -> ...");
    }
    if (solver == null) {
      throw new IllegalArgumentException("solver must not be null; pass Solver.defaults()");
    }
    if (y0 == null || y0.length == 0) {
      throw new IllegalArgumentException("y0 must hold at least one value; got " + (y0 == null ? "null" : "[]")
          + ". Pass the initial state as a row-major double[]");
    }
    if (rows < 1 || y0.length % rows != 0) {
      throw new IllegalArgumentException("rows=" + rows + " must be >= 1 and divide y0.length=" + y0.length
          + "; pass the number of initial conditions stacked in y0 (1 for a single state)");
    }
    if (!Finite.all(y0, 0, y0.length)) {
      for (int i = 0; i < y0.length; i++) {
        if (!Double.isFinite(y0[i])) {
          throw new IllegalArgumentException("y0 must be finite; y0[" + i + "]=" + y0[i]);
        }
      }
    }
    if (!(solver.method() instanceof Method.ExplicitRk)) {
      throw new IllegalArgumentException("a solve on plain arrays needs an explicit Runge-Kutta method; "
          + solver.method().name() + " is implicit. Use one of " + String.join(", ", Methods.explicitNames())
          + ", or the Tensor form of Odeint.solve");
    }
    int[] shape = {rows, y0.length / rows};
    if (solver.method().adaptive()) {
      EntryTolerances.of(solver.tolerances(), shape);
    }
    return shape;
  }
}
