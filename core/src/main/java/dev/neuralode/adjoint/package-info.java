/**
 * Differentiating ODE solves without backpropagating through a whole recorded solve: each entry
 * point is one autograd operation (y0, t, θ) → z(t·) whose backward pass is
 * <ul>
 *   <li>{@link dev.neuralode.adjoint.Adjoint}: the backsolve adjoint of Chen, Rubanova,
 *       Bettencourt &amp; Duvenaud, "Neural Ordinary Differential Equations" (NeurIPS 2018),
 *       Algorithm 1 and Appendix B — [z, a, a_θ, a_t] integrated backwards, memory independent of
 *       the number of steps;</li>
 *   <li>{@link dev.neuralode.adjoint.InterpolatingAdjoint}: SciMLSensitivity's
 *       {@code InterpolatingAdjoint} — [a, a_θ, a_t] integrated backwards with z(t) read from the
 *       forward dense solution (or, with checkpointing, from a dense re-solve of each interval);</li>
 *   <li>{@link dev.neuralode.adjoint.CheckpointedDirect}: backpropagation through the solver from
 *       O(√steps) checkpoints, replaying the recorded steps exactly (Griewank &amp; Walther,
 *       "Algorithm 799: revolve", ACM TOMS 2000, in its two-level form).</li>
 * </ul>
 * {@link dev.neuralode.adjoint.AdjointOptions} sets the backward solve, including the seminorm of
 * Kidger, Chen &amp; Lyons, "'Hey, that's not an ODE': Faster ODE Adjoints via Seminorms" (ICML
 * 2021); {@link dev.neuralode.adjoint.GradientStats} reports the work and the retained state.
 * {@code dev.neuralode.nn.GradientSolve} selects among these and direct mode by
 * {@code GradientMode}; docs/gradients.md says which to choose.
 */
package dev.neuralode.adjoint;
