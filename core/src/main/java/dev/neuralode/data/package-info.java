/**
 * Seeded data generators: the two spirals of the classic Neural ODE tutorial (after Surtsukov's
 * PyTorch notebook, as retold in the 2024 hands-on this project started from) and random
 * observation windows over a time series. Every random choice takes an explicit {@link
 * dev.neuralode.tensor.Rng}.
 */
package dev.neuralode.data;
