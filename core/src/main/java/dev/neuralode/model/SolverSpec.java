package dev.neuralode.model;

import dev.neuralode.ode.Solver;
import dev.neuralode.ode.Tolerances;

/**
 * The ODE solver settings a model was trained with, as plain data: the method's registry name,
 * the tolerances and the fixed step. Everything else (step budget, first step, norm) takes the
 * solver's defaults when the settings are turned into a {@link Solver}.
 *
 * @param method the method name, e.g. {@code "dopri5"} or {@code "rk4"}; any name of the
 *     {@link dev.neuralode.ode.Methods} registry
 * @param rtol the relative tolerance, finite and &gt; 0 (ignored by fixed-step methods)
 * @param atol the absolute tolerance, finite and ≥ 0 (ignored by fixed-step methods)
 * @param stepSize the largest fixed step, finite and &gt; 0, or NaN (not set: one step per output
 *     interval for a fixed-step method; adaptive methods ignore it)
 * @serial exclude
 */
public record SolverSpec(String method, double rtol, double atol, double stepSize)
    implements java.io.Serializable {

  /**
   * Checks the settings against the solver.
   *
   * @param method the method name, e.g. {@code "dopri5"} or {@code "rk4"}; any name of the
   *     {@link dev.neuralode.ode.Methods} registry
   * @param rtol the relative tolerance, finite and &gt; 0 (ignored by fixed-step methods)
   * @param atol the absolute tolerance, finite and ≥ 0 (ignored by fixed-step methods)
   * @param stepSize the largest fixed step, finite and &gt; 0, or NaN (not set: one step per output
   *     interval for a fixed-step method; adaptive methods ignore it)
   * @throws InvalidModelException naming the field {@code solver} when the solver rejects the
   *     settings (an unknown or null method name, a tolerance out of range, a step that is not
   *     finite and positive); the problem quotes the solver's message
   */
  public SolverSpec {
    try {
      solver(method, rtol, atol, stepSize);
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException("solver", "is invalid: " + e.getMessage(),
          "give a method and tolerances the solver accepts");
    }
  }

  /**
   * Settings with a method and tolerances and no fixed step.
   *
   * @param method the method name
   * @param rtol the relative tolerance
   * @param atol the absolute tolerance
   * @throws InvalidModelException as the canonical constructor
   */
  public SolverSpec(String method, double rtol, double atol) {
    this(method, rtol, atol, Double.NaN);
  }

  /**
   * Describes a solver: its method, scalar tolerances and fixed step. Per-component tolerances, the
   * step budget, first step, norm, step limits and jump times are not kept. A fixed-step solver
   * carries no tolerances; it is described with the defaults (rtol 1e-7, atol 1e-9), which it ignores.
   *
   * @param solver the solver
   * @return the settings
   * @throws IllegalArgumentException if {@code solver} is null
   */
  public static SolverSpec of(Solver solver) {
    if (solver == null) {
      throw new IllegalArgumentException("solver is null; pass the Solver the model was"
          + " trained with, e.g. Solver.defaults()");
    }
    Tolerances t = solver.method().adaptive() ? solver.tolerances() : Tolerances.DEFAULTS;
    return new SolverSpec(solver.method().name(), t.rtol(), t.atol(),
        solver.method().adaptive() ? Double.NaN : solver.stepSize());
  }

  /**
   * The solver these settings describe, on top of {@link Solver#defaults()}.
   *
   * @return the solver
   */
  public Solver toSolver() {
    return solver(method, rtol, atol, stepSize);
  }

  private static Solver solver(String method, double rtol, double atol, double stepSize) {
    Tolerances.of(rtol, atol);
    return Solver.builder().method(method).rtol(rtol).atol(atol).stepSize(stepSize).build();
  }
}
