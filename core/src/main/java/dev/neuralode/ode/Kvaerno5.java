package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;

/**
 * Kværnø's 5(4) method for stiff problems: an L-stable, stiffly accurate ESDIRK (explicit first
 * stage, singly diagonally implicit Runge–Kutta) with 7 stages, γ = 0.26, order 5 and an embedded
 * order-4 solution for error control: {@link Methods#KVAERNO5}, named {@code kvaerno5} in {@link Methods}.
 *
 * <p><b>Source.</b> A. Kværnø, "Singly diagonally implicit Runge–Kutta methods with an explicit first
 * stage", <i>BIT Numerical Mathematics</i> 44 (2004) 489–502. The coefficients a_ij below are those
 * of Diffrax's {@code Kvaerno5} and OrdinaryDiffEq.jl's {@code Kvaerno5Tableau}; the stage
 * predictors α_ij (initial Newton guesses Z_i⁰ = Σ_j α_ij Z_j) are OrdinaryDiffEq's, with α_21 = 1.
 * c_i = Σ_j a_ij (diagonal included), so c = (0, 0.52, 1.2303…, 0.8958…, 0.4364…, 1, 1).
 *
 * <p><b>Step.</b> With Z_i = h·k_i: Z_1 = h·f(t_n, y_n), and for i = 2…7,
 * Z_i = h·f(t_n + c_i h, y_n + Σ_{j&lt;i} a_ij Z_j + γ Z_i), solved by simplified Newton with
 * W = I − hγ·∂f/∂y(t_n, y_n) factored once per step ({@link EsdirkStepper}). The method is stiffly
 * accurate: y_{n+1} = Y_7 (weights b = row 7 of A); the embedded solution is Y_6 (b̂ = row 6 of A, whose
 * c_6 = 1), so the error estimate is err = Y_7 − Y_6 = O(h⁵).
 *
 * <p><b>Control.</b> The step is accepted when
 * norm_i(err_i / (atol_i + rtol_i·max(|y_n,i|, |y_n+1,i|))) ≤ 1 (RMS by default; tolerances scalar or per
 * component, as the solver's {@link Tolerances} give them), judged by the same {@link StepSizeRule} as the
 * explicit methods (order 5: h_new = h·min(10, max(0.2, 0.9·r^(−1/5))) by default). Newton's convergence
 * test always uses the RMS norm with weights atol_i + rtol_i·|y_n,i|. A Newton failure rejects the step
 * and halves h, and the step after any failed attempt may not grow (as in Hairer's RADAU5). |h| stays
 * within [minStep, maxStep].
 *
 * <p><b>Outputs and evaluation points.</b> The steps land on every requested time (no interpolation), so
 * outputs are as accurate as the steps, and on every jump time, after which f and J are taken just past
 * the jump. Stage 3 has c_3 &gt; 1, so f is evaluated up to 0.23·h past the end of a step (also past the
 * final time), except that a step ending at a jump time evaluates no stage beyond it. The Jacobian is
 * recomputed at every accepted point by {@link dev.neuralode.tensor.Functional#jacobian} on the flattened
 * state (one forward and n reverse passes); it is dense n×n, so this solver suits systems of up to a few
 * hundred entries.
 *
 * <p><b>Gradients.</b> Newton's iterations run in plain doubles. When recording is on and f(t0, y0)
 * requires a gradient (y0 or a tensor f closes over does), each accepted step is replayed in recorded
 * tensor operations with one exact Newton correction per stage ({@link DifferentiableStep}): first
 * derivatives of the outputs with respect to y0 and f's parameters are then those of the exact stage
 * equations (implicit function theorem), at the cost of one more Jacobian and LU per stage. Derivatives of
 * second order through this solver are not exact, and there are no gradients with respect to the times.
 * Otherwise the outputs are not recorded.
 */
public final class Kvaerno5 {
  /** The diagonal coefficient γ. */
  static final double GAMMA = 0.26;

  /** The order of the method (the error estimate is of order 4, so a local error O(h⁵)). */
  static final int ORDER = 5;

  /** A, strictly below the diagonal (row i has i entries; a_ii = γ for i ≥ 1, a_11 = 0). */
  static final double[][] A = {
      {},
      {GAMMA},
      {0.13, 0.84033320996790809},
      {0.22371961478320505, 0.47675532319799699, -0.06470895363112615},
      {0.16648564323248321, 0.10450018841591720, 0.03631482272098715, -0.13090704451073998},
      {0.13855640231268224, 0.0, -0.04245337201752043, 0.02446657898003141, 0.61943039072480676},
      {0.13659751177640291, 0.0, -0.05496908796538376, -0.04118626728321046, 0.62993304899016403,
          0.06962479448202728}};

  /** Stage predictors α_ij (OrdinaryDiffEq.jl, {@code Kvaerno5Tableau}), with α_21 = 1 as in Diffrax. */
  static final double[][] PREDICTOR = {
      {},
      {1.0},
      {-1.366025403784441, 2.3660254037844357},
      {-0.19650552613122207, 0.8113579546496623, 0.38514757148155954},
      {0.10375304369958693, 0.937994698066431, -0.04174774176601781, 0.0},
      {-0.17281112873898072, 0.6235784481025847, 0.5492326806363959, 0.0, 0.0},
      {0.13855640231268224, 0.0, -0.04245337201752043, 0.02446657898003141, 0.61943039072480676, GAMMA}};

  private Kvaerno5() {}

  /**
   * Solves dy/dt = f(t, y) from {@code t[0]} through every {@code t[i]} with Kvaerno5, returning the
   * implicit work too. {@link Odeint#solve} runs the same solve for an {@link Method.Esdirk} method and
   * returns {@link ImplicitResult#result()}.
   *
   * @param f the right-hand side, built from tensor operations (its Jacobian is taken by autodiff);
   *     must return a tensor of y's shape
   * @param y0 the initial state, any shape of n entries, all finite; not modified
   * @param t the output times, strictly monotone (decreasing for a backward solve); not modified
   * @param solver an ESDIRK method (such as {@link Methods#KVAERNO5}) with its adaptive controller
   *     (rule, tolerances, norm, first/min/max step, jump times) and step budget
   * @return the states {@code [T, ...y0.shape]} (recorded as the class comment describes), SolverStats
   *     (nfe counts every f evaluation: one per Jacobian, per Newton iteration, per replayed stage and the
   *     recording probe) and {@link ImplicitStats}
   * @throws IllegalArgumentException for bad arguments, as {@link Odeint#solve} describes, a tolerance
   *     array whose length is neither y0's size nor its last extent, or an explicit method
   * @throws StepSizeUnderflowException if h falls below 16 ulp of the time reached, or a step of
   *     |h| ≤ minStep is rejected
   * @throws MaxStepsExceededException if more than {@code solver.maxSteps()} steps are attempted
   * @throws NonFiniteStateException if f(t0, y0) is not finite
   */
  public static ImplicitResult solve(OdeFunction f, Tensor y0, double[] t, Solver solver) {
    if (f == null || solver == null) {
      throw new IllegalArgumentException("f and solver must not be null; pass the right-hand side and"
          + " Solver.of(\"kvaerno5\")");
    }
    if (!(solver.method() instanceof Method.Esdirk m)) {
      throw new IllegalArgumentException("Kvaerno5.solve needs an ESDIRK method; got " + solver.method().name()
          + ". Use Solver.of(\"kvaerno5\") or Odeint.solve");
    }
    Odeint.checkTimes(t);
    Odeint.checkState(y0);
    EntryTolerances.of(solver.tolerances(), y0.shape());
    return ImplicitSolver.adaptive(f, y0, t, solver, m);
  }
}
