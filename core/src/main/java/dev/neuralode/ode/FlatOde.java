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

  /**
   * How many leading entries of the state {@link #derivative} reads, for a state of the given length.
   * The entries after them must be quadratures: entries whose derivative does not depend on the state's
   * value there (the adjoint's parameter integrals ∫ aᵀ ∂f/∂θ dt are). A solver may then skip forming
   * them in the intermediate Runge–Kutta stage states it passes to {@link #derivative} (they hold stale
   * values there); every step's end state, error estimate and dense output still cover the whole state,
   * so the solution is the same, bit for bit.
   *
   * @param length the state's length
   * @return the number of leading entries read, from 0 to length; the default, length, reads them all
   */
  default int readLength(int length) {
    return length;
  }

  /**
   * A right-hand side that reads only the first {@code read} entries of its state (see {@link
   * #readLength}).
   *
   * @param read the number of leading entries f reads; entries past it must be quadratures
   * @param f the right-hand side
   * @return f, declaring that it reads {@code min(read, length)} entries of a state of that length
   * @throws IllegalArgumentException if read is negative or f is null
   */
  static FlatOde reading(int read, FlatOde f) {
    if (read < 0 || f == null) {
      throw new IllegalArgumentException("read must be >= 0 and f not null; got read=" + read + ", f=" + f);
    }
    return new FlatOde() {
      @Override
      public void derivative(double t, double[] y, double[] dydt) {
        f.derivative(t, y, dydt);
      }

      @Override
      public int readLength(int length) {
        return Math.min(read, length);
      }
    };
  }

  /**
   * A flat right-hand side that can also evaluate several rows at once, each at its own time: what a
   * solve with independent step control per row ({@link Odeint#solveRows}) calls, instead of one call of
   * {@link #derivative} per row. The expression ODEs implement it.
   */
  interface RowTimes extends FlatOde {
    /**
     * Evaluates the derivative of the first {@code rows} rows, row r at time {@code t[r]}.
     *
     * @param rows the number of rows to evaluate, ≥ 1
     * @param t the time of each row, at least {@code rows} entries; not modified
     * @param y the rows' states, row-major, at least rows·dim entries (dim is the solve's); not modified
     * @param dydt the output, row-major like y; modified: the first rows·dim entries are written
     */
    void derivatives(int rows, double[] t, double[] y, double[] dydt);
  }
}
