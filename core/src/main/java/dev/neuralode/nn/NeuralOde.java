package dev.neuralode.nn;

import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.sensitivity.Direct;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.sensitivity.SensitivityResult;
import dev.neuralode.tensor.Tensor;

/**
 * A Neural ODE (Chen et al. 2018): the module (z₀, t) → z(t) at every requested time, where
 * dz/dt = f(t, z; θ) and f is a trainable module. Its parameters are f's, under the name
 * {@code "f"}.
 *
 * <p>Gradients flow by its {@link Sensitivity}: backpropagation through the solver, with or without
 * checkpointing, or the backsolve or interpolating adjoint; all also give gradients for the times. The
 * {@link Solver} is passed unchanged to the sensitivity, so every forward solve, replay and re-solve uses
 * its method and step-size controller.
 */
public final class NeuralOde extends Module {
  private final Module module;
  private final OdeFunction f;
  private final Solver solver;
  private final Sensitivity sensitivity;

  /**
   * A Neural ODE with the given dynamics.
   *
   * @param dynamics the vector field f(t, z); registered as child {@code "f"}
   * @param solver the solver of every solve (and, unless the sensitivity sets another, of the adjoint's
   *     backward solve)
   * @param sensitivity how gradients are computed, e.g. {@code Sensitivity.backsolveAdjoint()}
   * @param <F> a module that is also an {@link OdeFunction}
   * @throws IllegalArgumentException if an argument is null
   */
  public <F extends Module & OdeFunction> NeuralOde(F dynamics, Solver solver, Sensitivity sensitivity) {
    if (dynamics == null || solver == null || sensitivity == null) {
      throw new IllegalArgumentException("dynamics, solver and sensitivity must not be null; pass e.g."
          + " Solver.defaults() and Sensitivity.backsolveAdjoint()");
    }
    this.module = register("f", dynamics);
    this.f = dynamics;
    this.solver = solver;
    this.sensitivity = sensitivity;
  }

  /**
   * The states at every time.
   *
   * @param z0 initial state {@code [batch, dim]}; may require a gradient
   * @param t output times {@code [T]}, strictly monotone
   * @return z at every time, {@code [T, batch, dim]}
   * @throws IllegalArgumentException for bad times or states, as {@link Odeint#solve} explains
   */
  public Tensor forward(Tensor z0, double[] t) {
    return solve(z0, Tensor.vector(t)).ys();
  }

  /**
   * Solves with the configured sensitivity, returning states and statistics.
   *
   * @param z0 initial state {@code [batch, dim]}; may require a gradient
   * @param t output times {@code [T]}; may require a gradient (in {@link Direct} mode that costs a
   *     second backward pass)
   * @return states {@code [T, batch, dim]}, the forward statistics and the holder of the backward
   *     statistics
   */
  public SensitivityResult solve(Tensor z0, Tensor t) {
    return sensitivity.solve(f, z0, t, module.parameterValues(), solver);
  }

  /**
   * The dynamics module.
   *
   * @return f
   */
  public Module dynamics() {
    return module;
  }

  /**
   * The solver settings.
   *
   * @return the forward solver
   */
  public Solver solver() {
    return solver;
  }

  /**
   * The sensitivity.
   *
   * @return how gradients are computed
   */
  public Sensitivity sensitivity() {
    return sensitivity;
  }
}
