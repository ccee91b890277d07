/**
 * First-order optimizers that update the {@link dev.neuralode.nn.Parameter}s of a model from their
 * gradients: {@link dev.neuralode.optim.Sgd} (with heavy-ball momentum, Polyak 1964) and
 * {@link dev.neuralode.optim.Adam} (Kingma &amp; Ba, ICLR 2015). Both reproduce the update formulas
 * of their {@code torch.optim} counterparts, so a training run can be compared with PyTorch's.
 * Learning-rate schedules ({@link dev.neuralode.optim.LrSchedule}: constant, {@link
 * dev.neuralode.optim.CosineSchedule}, {@link dev.neuralode.optim.StepSchedule}) feed
 * {@link dev.neuralode.optim.Adam#step(java.util.List, double)}.
 *
 * <p>Optimizer state lives in plain {@code double[]}s, outside any autograd graph; each step replaces
 * the parameters' values through {@link dev.neuralode.nn.Parameter#set}.
 */
package dev.neuralode.optim;
