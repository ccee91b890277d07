package dev.neuralode.model;

import dev.neuralode.ode.SolveOptions;

/**
 * The ODE solver settings a model was trained with, as plain data: the method's registry name,
 * the tolerances and the fixed step. Everything else (step budget, first step, norm) takes the
 * solver's defaults when the settings are turned into options.
 *
 * @param method the method name, e.g. {@code "dopri5"} or {@code "rk4"}; any name {@link
 *     SolveOptions#withMethod(String)} accepts
 * @param rtol the relative tolerance, finite and &gt; 0 (ignored by fixed-step methods)
 * @param atol the absolute tolerance, finite and ≥ 0 (ignored by fixed-step methods)
 * @param stepSize the largest fixed step, finite and &gt; 0, or NaN (not set: one step per output
 *     interval for a fixed-step method; adaptive methods ignore it)
 */
public record SolverSpec(String method, double rtol, double atol, double stepSize)
    implements java.io.Serializable {

  /**
   * Checks the settings against the solver.
   *
   * @throws InvalidModelException naming the field {@code solver} when the solver rejects the
   *     settings (an unknown or null method name, a tolerance out of range, a step that is not
   *     finite and positive); the problem quotes the solver's message
   */
  public SolverSpec {
    try {
      options(method, rtol, atol, stepSize);
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
   * Describes solver options: their method, scalar tolerances and fixed step. Per-component
   * tolerances, the step budget, first step, norm, step limits and jump times are not kept.
   *
   * @param options the options
   * @return the settings
   * @throws IllegalArgumentException if {@code options} is null
   */
  public static SolverSpec of(SolveOptions options) {
    if (options == null) {
      throw new IllegalArgumentException("options is null; pass the SolveOptions the model was"
          + " trained with, e.g. SolveOptions.defaults()");
    }
    return new SolverSpec(options.method(), options.rtol(),
        options.atol(), options.stepSize());
  }

  /**
   * The solver options these settings describe, on top of the solver's defaults.
   *
   * @return the options
   */
  public SolveOptions toOptions() {
    return options(method, rtol, atol, stepSize);
  }

  private static SolveOptions options(String method, double rtol, double atol, double stepSize) {
    SolveOptions o = SolveOptions.defaults().withMethod(method).withRtol(rtol).withAtol(atol);
    return Double.isNaN(stepSize) ? o : o.withStepSize(stepSize);
  }
}
