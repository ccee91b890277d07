/**
 * Sensitivities: how an ODE solve is differentiated, as values passed with a
 * {@link dev.neuralode.ode.Solver} (Diffrax's {@code diffeqsolve(..., adjoint=...)}). The sealed
 * {@link dev.neuralode.sensitivity.Sensitivity} has four kinds, each with one entry point
 * {@code solve(f, y0, t, params, solver)} returning a {@link dev.neuralode.sensitivity.SensitivityResult}
 * (the states and their {@link dev.neuralode.sensitivity.GradientStats}: forward figures at once,
 * backward figures once a gradient has been taken; no global or per-thread state):
 * <ul>
 *   <li>{@link dev.neuralode.sensitivity.Direct}: backpropagation through the recorded solver steps,
 *       with gradients for the output times from the identities of Chen et al. 2018, Appendix B;</li>
 *   <li>{@link dev.neuralode.sensitivity.Checkpointed}: the same gradient with at most c stored states,
 *       by binomial checkpointing — A. Griewank and A. Walther, "Algorithm 799: revolve: an
 *       implementation of checkpointing for the reverse or adjoint mode of computational
 *       differentiation", ACM TOMS 26(1) (2000) 19–45 (as Diffrax's {@code RecursiveCheckpointAdjoint});
 *       </li>
 *   <li>{@link dev.neuralode.sensitivity.BacksolveAdjoint}: the adjoint method of R. T. Q. Chen,
 *       Y. Rubanova, J. Bettencourt and D. Duvenaud, "Neural Ordinary Differential Equations" (NeurIPS
 *       2018), Algorithm 1 — [z, a, a_θ, a_t] integrated backwards, memory independent of the steps;</li>
 *   <li>{@link dev.neuralode.sensitivity.InterpolatingAdjoint}: SciMLSensitivity's
 *       {@code InterpolatingAdjoint} — [a, a_θ, a_t] integrated backwards with z(t) read from the forward
 *       dense solution (or, with checkpointing, from a dense re-solve of each interval).</li>
 * </ul>
 * The three modes that record one custom autograd operation share one template (check t, solve
 * without recording, record statistics, record the operation, spread the gradients). The adjoints'
 * backward solver and the seminorm of P. Kidger, R. T. Q. Chen and T. Lyons, "'Hey, that's not an
 * ODE': Faster ODE Adjoints via Seminorms" (ICML 2021) are settings of the adjoint values;
 * {@link dev.neuralode.sensitivity.Sensitivity#parse} reads the CLI's names. docs/gradients.md says
 * which to choose and tabulates the checkpointing trade-off.
 */
package dev.neuralode.sensitivity;
