package dev.neuralode.sensitivity;

import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import java.util.Locale;

/**
 * How an ODE solve is differentiated (Diffrax's {@code diffeqsolve(..., adjoint=...)}): one immutable
 * value, passed with a {@link Solver} to {@link #solve}, which returns the states z(tᵢ) for every tᵢ,
 * {@code [T, ...y0.shape]}, differentiable with respect to y0, every tᵢ (t₀ included) and the
 * parameters, together with the statistics of the forward pass and, once a gradient has been taken,
 * of the backward pass ({@link SensitivityResult#stats()}).
 *
 * <p>Gradients: ∂L/∂tᵢ = gᵢ·f(tᵢ, zᵢ) for i ≥ 1 and ∂L/∂t₀ = −a(t₀⁺)·f(t₀, z₀) (Chen et al. 2018,
 * Appendix B). A parameter that f does not use gets a zero gradient of its own shape; a tensor that
 * does not require a gradient is ignored. The loss may use any subset of the outputs.
 *
 * <ul>
 *   <li>{@link Direct}: backpropagation through the solver's recorded steps — the exact gradient of
 *       the discretised solve, memory linear in the steps; the only one that can be differentiated
 *       again.
 *   <li>{@link Checkpointed}: the same gradient as {@link Direct} with at most c stored states, by
 *       binomial checkpointing (Griewank &amp; Walther, "Algorithm 799: revolve", 2000).
 *   <li>{@link BacksolveAdjoint}: the adjoint method of Chen et al. (2018), z solved backwards with
 *       the adjoint; memory independent of the steps.
 *   <li>{@link InterpolatingAdjoint}: the adjoint with z(t) read from the forward dense solution
 *       (SciMLSensitivity's {@code InterpolatingAdjoint}); stable where backsolve is not.
 * </ul>
 * docs/gradients.md compares their memory, speed and stability.
 */
public sealed interface Sensitivity permits Direct, Checkpointed, BacksolveAdjoint, InterpolatingAdjoint {
  /**
   * The mode's name, as {@link #parse(String)} reads it and the CLI and statistics report it.
   *
   * @return {@code direct}, {@code checkpointed}, {@code backsolve} or {@code interpolating}
   */
  String name();

  /**
   * Solves dy/dt = f(t, y) at every time in t with the given solver, recording the gradient
   * computation of this mode when autograd is recording.
   *
   * @param f the dynamics; except for {@link Direct}, it must read its trainable state only from
   *     {@code params} (direct mode differentiates whatever f closes over)
   * @param y0 initial state, any shape; not modified; may require a gradient
   * @param t output times {@code [T]}, strictly monotone; may require a gradient
   * @param params the tensors to differentiate (ignored by {@link Direct}, which backpropagates into
   *     every tensor f uses); not modified
   * @param solver the method, step-size controller and step budget, used unchanged by the forward
   *     solve and every replay or re-solve of it
   * @return the states, the forward statistics and the statistics holder of this solve
   * @throws IllegalArgumentException if an argument is null, t is not 1-D, or as the solve does (e.g.
   *     an implicit method with a mode that needs an explicit one)
   * @throws dev.neuralode.ode.OdeSolverException if the forward solve fails
   */
  SensitivityResult solve(OdeFunction f, Tensor y0, Tensor t, List<Tensor> params, Solver solver);

  /**
   * The canonical mode names, as {@link #name()} gives them and {@link #parse(String)} reads them.
   *
   * @return direct, checkpointed, backsolve, interpolating
   */
  static List<String> names() {
    return List.of("direct", "checkpointed", "backsolve", "interpolating");
  }

  /**
   * Backpropagation through the solver.
   *
   * @return the direct mode
   */
  static Direct direct() {
    return Direct.INSTANCE;
  }

  /**
   * Binomial checkpointing with {@link Checkpointed#DEFAULT_CHECKPOINTS} stored states.
   *
   * @return the checkpointed mode
   */
  static Checkpointed checkpointed() {
    return new Checkpointed(Checkpointed.DEFAULT_CHECKPOINTS);
  }

  /**
   * Binomial checkpointing with at most c stored states.
   *
   * @param checkpoints c ≥ 1
   * @return the checkpointed mode
   * @throws IllegalArgumentException if c &lt; 1
   */
  static Checkpointed checkpointed(int checkpoints) {
    return new Checkpointed(checkpoints);
  }

  /**
   * The backsolve adjoint with the forward solver for the backward solve and the full norm.
   *
   * @return the backsolve adjoint
   */
  static BacksolveAdjoint backsolveAdjoint() {
    return new BacksolveAdjoint(null, false);
  }

  /**
   * The interpolating adjoint with the forward solver for the backward solve, the full norm and no
   * checkpointing.
   *
   * @return the interpolating adjoint
   */
  static InterpolatingAdjoint interpolatingAdjoint() {
    return new InterpolatingAdjoint(null, false, false);
  }

  /**
   * Parses a mode, case-insensitively, with {@code -} and {@code _} interchangeable: {@code direct},
   * {@code checkpointed} (or {@code direct_checkpointed}), {@code backsolve} (or {@code adjoint},
   * {@code backsolve_adjoint}) and {@code interpolating} (or {@code interpolating_adjoint}), each with
   * its default settings. The one place where these names are read.
   *
   * @param s the text
   * @return the mode
   * @throws IllegalArgumentException if the text names no mode, listing the names
   */
  static Sensitivity parse(String s) {
    String k = s == null ? "" : s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    switch (k) {
      case "direct":
        return direct();
      case "checkpointed":
      case "direct_checkpointed":
        return checkpointed();
      case "backsolve":
      case "adjoint":
      case "backsolve_adjoint":
        return backsolveAdjoint();
      case "interpolating":
      case "interpolating_adjoint":
        return interpolatingAdjoint();
      default:
        throw new IllegalArgumentException("gradient mode must be one of direct, checkpointed, backsolve"
            + " (or adjoint), interpolating; got '" + s + "'");
    }
  }
}
