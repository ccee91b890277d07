package dev.neuralode.nn;

import dev.neuralode.adjoint.AdjointOptions;
import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.TimeGradients;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Tensor;

/**
 * A Neural ODE (Chen et al. 2018): the module (z₀, t) → z(t) at every requested time, where
 * dz/dt = f(t, z; θ) and f is a trainable module. Its parameters are f's, under the name
 * {@code "f"}.
 *
 * <p>Gradients flow by any {@link GradientMode} (see {@link GradientSolve}): backpropagation through
 * the solver, with or without checkpointing, or the backsolve or interpolating adjoint; all also
 * give gradients for the times.
 */
public final class NeuralOde extends Module {
  private final Module module;
  private final OdeFunction f;
  private final Solver solver;
  private final GradientMode mode;
  private final AdjointOptions adjointOptions;

  /**
   * A Neural ODE with the given dynamics.
   *
   * @param dynamics the vector field f(t, z); registered as child {@code "f"}
   * @param solver the forward solver (and, by default, the adjoint's backward solver)
   * @param mode how gradients are computed
   * @param <F> a module that is also an {@link OdeFunction}
   */
  public <F extends Module & OdeFunction> NeuralOde(F dynamics, Solver solver, GradientMode mode) {
    this(dynamics, solver, mode, AdjointOptions.defaults());
  }

  /**
   * A Neural ODE with the given dynamics and adjoint settings.
   *
   * @param dynamics the vector field f(t, z); registered as child {@code "f"}
   * @param solver the forward solver
   * @param mode how gradients are computed
   * @param adjointOptions backward-solve settings of the adjoint modes
   * @param <F> a module that is also an {@link OdeFunction}
   */
  public <F extends Module & OdeFunction> NeuralOde(F dynamics, Solver solver, GradientMode mode,
      AdjointOptions adjointOptions) {
    this.module = register("f", dynamics);
    this.f = dynamics;
    this.solver = solver;
    this.mode = mode;
    this.adjointOptions = adjointOptions;
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
   * Solves with the configured gradient mode, returning states and statistics.
   *
   * @param z0 initial state {@code [batch, dim]}; may require a gradient
   * @param t output times {@code [T]}; may require a gradient (in {@link GradientMode#DIRECT} mode
   *     that costs a second backward pass: see {@link TimeGradients})
   * @return states {@code [T, batch, dim]} and solver statistics
   */
  public OdeResult solve(Tensor z0, Tensor t) {
    return GradientSolve.solve(f, z0, t, module.parameterValues(), solver, mode, adjointOptions);
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
   * The gradient mode.
   *
   * @return the mode
   */
  public GradientMode mode() {
    return mode;
  }
}
