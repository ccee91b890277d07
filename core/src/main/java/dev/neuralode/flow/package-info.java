/**
 * Continuous normalizing flows: densities defined by an ODE that carries a standard normal to the
 * data.
 *
 * <p>{@link dev.neuralode.flow.Cnf} integrates the augmented state [z, Δ, (E, J)] of the
 * instantaneous change of variables, d log p(z(t))/dt = −tr(∂f/∂z) (Chen et al., "Neural Ordinary
 * Differential Equations", NeurIPS 2018, Theorem 1). The dynamics network is built from FFJORD's
 * concat-squash layers ({@link dev.neuralode.nn.ConcatSquashLinear}, {@link
 * dev.neuralode.flow.CnfNetwork}); the trace is exact or estimated with Hutchinson's probes ({@link
 * dev.neuralode.flow.TraceEstimator}; Grathwohl et al., "FFJORD: Free-form Continuous Dynamics for
 * Scalable Reversible Generative Models", ICLR 2019; Hutchinson, "A stochastic estimator of the
 * trace of the influence matrix for Laplacian smoothing splines", 1990). The optional regularisers
 * are RNODE's kinetic energy and Jacobian Frobenius norm (Finlay et al., "How to train your neural
 * ODE: the world of Jacobian and kinetic regularization", ICML 2020). {@code
 * dev.neuralode.train.CnfTrainer} fits a flow by maximum likelihood with Adam.
 */
package dev.neuralode.flow;
