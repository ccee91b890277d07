/**
 * The adjoint sensitivity method of Chen, Rubanova, Bettencourt &amp; Duvenaud, "Neural Ordinary
 * Differential Equations" (NeurIPS 2018), Algorithm 1 and Appendix B, as an autograd operation.
 *
 * <p>The forward solve records nothing. The backward pass integrates the augmented state
 * [z, a, a_θ, a_t] from each output time to the one before, adding the direct gradient ∂L/∂z(tᵢ) at
 * every output time, so memory does not grow with the number of solver steps.
 */
package dev.neuralode.adjoint;
