package dev.neuralode.spark;

import dev.neuralode.model.SolverSpec;
import dev.neuralode.ode.Solver;
import java.io.Serializable;

/**
 * ODE solver settings as plain serialisable data, shipped to executors inside a task: the core
 * {@link SolverSpec} (method, tolerances, fixed step) plus a step budget. Executors turn them into
 * the core {@link dev.neuralode.ode.Solver} with {@link #solver()}.
 *
 * @param spec the method, tolerances and fixed step (checked by the core)
 * @param maxSteps the step budget per solve, {@code > 0}, or 0 for the solver's default
 * @serial exclude
 */
public record SolverSettings(SolverSpec spec, int maxSteps) implements Serializable {

  /**
   * Checks the settings.
   *
   * @param spec see the record's description
   * @param maxSteps see the record's description
   * @throws IllegalArgumentException if spec is null or maxSteps is negative
   */
  public SolverSettings {
    if (spec == null || maxSteps < 0) {
      throw new IllegalArgumentException("need a solver spec and maxSteps >= 0 (0 = default); got spec="
          + spec + ", maxSteps=" + maxSteps + "; e.g. new SolverSettings(new SolverSpec(\"dopri5\", 1e-7, 1e-9), 0)");
    }
  }

  /**
   * The core's defaults for a method and tolerances: no fixed step, the default step budget.
   *
   * @param method a method name of the core's registry, e.g. {@code dopri5}
   * @param rtol the relative tolerance
   * @param atol the absolute tolerance
   * @return the settings
   * @throws dev.neuralode.model.InvalidModelException if the core rejects the values
   */
  public static SolverSettings of(String method, double rtol, double atol) {
    return new SolverSettings(new SolverSpec(method, rtol, atol), 0);
  }

  /**
   * The core solver these settings describe.
   *
   * @return the solver
   */
  public Solver solver() {
    Solver s = spec.toSolver();
    return maxSteps > 0 ? s.toBuilder().maxSteps(maxSteps).build() : s;
  }
}
