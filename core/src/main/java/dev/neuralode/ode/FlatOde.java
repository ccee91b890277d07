package dev.neuralode.ode;

/**
 * A right-hand side dy/dt = f(t, y) on plain arrays, in the style of scipy's {@code fun(t, y)} and
 * Hipparchus's {@code OrdinaryDifferentialEquation}, but writing into a caller-supplied output so that
 * a solve allocates nothing per evaluation. Solved by {@link Odeint#solve(FlatOde, double[], int,
 * double[], Solver)}; the library's own flat engine also evaluates compiled dynamics (a captured
 * {@link dev.neuralode.tensor.Program}) and the expression ODEs through this interface, and an augmented
 * state (the adjoint's [z, a, ∂L/∂θ]) can be stepped the same way.
 *
 * <p>The state is one row-major array: shape {@code [dim]}, or {@code [rows, dim]} for a batch of
 * independent initial conditions (row r is {@code y[r·dim .. r·dim + dim)}). Implementations should be
 * pure functions of (t, y): a solver evaluates them at rejected trial points too.
 */
@FunctionalInterface
public interface FlatOde {
  /**
   * Evaluates the time derivative.
   *
   * @param t the time
   * @param y the state, row-major, of the solve's length; not modified (it may be a solver's buffer,
   *     valid only during the call)
   * @param dydt the output, of y's length; modified: every entry must be written (it holds stale values
   *     on entry); it never aliases y
   */
  void derivative(double t, double[] y, double[] dydt);
}
