package dev.neuralode.nn;

import dev.neuralode.adjoint.Adjoint;
import dev.neuralode.adjoint.AdjointOptions;
import dev.neuralode.adjoint.CheckpointedDirect;
import dev.neuralode.adjoint.InterpolatingAdjoint;
import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.Solver;
import dev.neuralode.ode.TimeGradients;
import dev.neuralode.tensor.Tensor;
import java.util.List;

/**
 * A differentiable solve in any {@link GradientMode}: the one entry point behind {@link NeuralOde}
 * and {@code neuralode solve --gradient}.
 *
 * <p>Every mode returns z(tᵢ) for every tᵢ, {@code [T, ...y0.shape]}, differentiable with respect
 * to y0, every tᵢ (t₀ included) and the parameters: ∂L/∂tᵢ = gᵢ·f(tᵢ, zᵢ) for i ≥ 1 and
 * ∂L/∂t₀ = −a(t₀⁺)·f(t₀, z₀) (Chen et al. 2018, Appendix B). A parameter that f does not use gets
 * a zero gradient of its own shape; a tensor that does not require a gradient is ignored. The loss
 * may use any subset of the outputs.
 */
public final class GradientSolve {
  private GradientSolve() {}

  /**
   * Solves dy/dt = f(t, y) and records the gradient computation of the chosen mode.
   *
   * @param f the dynamics; in the adjoint and checkpointed modes it must read its trainable state
   *     only from {@code params} (direct mode differentiates whatever f closes over)
   * @param y0 initial state, any shape; not modified; may require a gradient
   * @param t output times {@code [T]}, strictly monotone; may require a gradient
   * @param params the tensors to differentiate (ignored by {@link GradientMode#DIRECT}, which
   *     backpropagates into every tensor f uses)
   * @param solver the forward solver (method, step-size controller, step budget)
   * @param mode the gradient mode
   * @param adjointOptions backward-solve settings of the two adjoint modes (ignored otherwise)
   * @return the states and the forward statistics
   * @throws IllegalArgumentException if an argument is null, t is not 1-D, or as the mode's solver
   *     does (e.g. kvaerno5 with a checkpointed or interpolating mode)
   */
  public static OdeResult solve(OdeFunction f, Tensor y0, Tensor t, List<Tensor> params,
      Solver solver, GradientMode mode, AdjointOptions adjointOptions) {
    if (mode == null || params == null || t == null) {
      throw new IllegalArgumentException("mode, params and t must not be null; pass GradientMode.DIRECT,"
          + " List.of() and the output times");
    }
    AdjointOptions adj = adjointOptions == null ? AdjointOptions.defaults() : adjointOptions;
    switch (mode) {
      case DIRECT_CHECKPOINTED:
        return CheckpointedDirect.odeint(f, y0, t, params, solver);
      case BACKSOLVE_ADJOINT:
        return Adjoint.odeint(f, y0, t, params, solver, adj);
      case INTERPOLATING_ADJOINT:
        return InterpolatingAdjoint.odeint(f, y0, t, params, solver, adj);
      case DIRECT:
      default:
        return TimeGradients.solve(f, y0, t, solver);
    }
  }
}
