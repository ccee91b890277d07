/**
 * Latent ODEs for irregularly sampled time series (Rubanova, Chen &amp; Duvenaud, "Latent ODEs for
 * Irregularly-Sampled Time Series", NeurIPS 2019; Chen et al., "Neural Ordinary Differential
 * Equations", NeurIPS 2018, §5): series on a union grid with masks ({@link
 * dev.neuralode.latent.IrregularBatch}), the ODE-RNN recognition network run backward in time ({@link
 * dev.neuralode.latent.OdeRnnEncoder}), the latent ODE with a reparameterised z₀ and an MLP decoder
 * ({@link dev.neuralode.latent.LatentOde}) and its evidence lower bound ({@link
 * dev.neuralode.latent.Elbo}).
 */
package dev.neuralode.latent;
