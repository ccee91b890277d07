/**
 * Seeded data generators: the two spirals of the classic Neural ODE tutorial (after Surtsukov's
 * PyTorch notebook, as retold in the 2024 hands-on this project started from) and random
 * observation windows over a time series; FFJORD's 2-D toy densities ({@link
 * dev.neuralode.data.ToyDensities}, Grathwohl et al. 2019), per-column standardisation with its
 * log-Jacobian ({@link dev.neuralode.data.Standardizer}) and Gaussian-mixture baselines fitted by EM
 * ({@link dev.neuralode.data.GaussianMixture}); the IDX reader of the MNIST database
 * ({@link dev.neuralode.data.Idx}, LeCun, Cortes &amp; Burges) with its {@link dev.neuralode.data.Images} and
 * labelled {@link dev.neuralode.data.Mnist} digits. Every random choice takes an explicit {@link
 * dev.neuralode.tensor.Rng} or seed.
 */
package dev.neuralode.data;
