/**
 * First-order optimizers that update parameter values (plain {@link dev.neuralode.tensor.Tensor}s)
 * from their gradients: {@link dev.neuralode.optim.Sgd} (with heavy-ball momentum, Polyak 1964) and
 * {@link dev.neuralode.optim.Adam} (Kingma &amp; Ba, ICLR 2015). Both reproduce the update formulas
 * of their {@code torch.optim} counterparts, so a training run can be compared with PyTorch's.
 * Learning-rate schedules ({@link dev.neuralode.optim.LrSchedule}: constant, {@link
 * dev.neuralode.optim.CosineSchedule}, {@link dev.neuralode.optim.StepSchedule}) give the rate of
 * each {@link dev.neuralode.optim.Optimizer#step(java.util.List, java.util.List, double)}.
 *
 * <p>This package depends on {@code dev.neuralode.tensor} only. An optimizer takes the current values
 * and the gradients and returns new values; its state lives in plain {@code double[]}s, outside any
 * autograd graph. Writing the new values into a model's {@code nn.Parameter}s is the training loop's
 * job ({@code dev.neuralode.train}).
 */
package dev.neuralode.optim;
