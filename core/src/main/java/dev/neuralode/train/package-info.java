/**
 * The one training loop, used by the demos, {@code fit}, {@code density} and by library users.
 *
 * <p>{@link dev.neuralode.train.Trainer} runs iterations of: a {@link
 * dev.neuralode.train.TrainingObjective} draws its batch and returns an {@link
 * dev.neuralode.train.Evaluation} (the scalar loss, the forward NFE, a supplier of the backward NFE
 * and named metrics); the loop checks the loss is finite, takes the gradients with {@link
 * dev.neuralode.tensor.Autograd#grad(dev.neuralode.tensor.Tensor, java.util.List)}, checks them, and
 * hands values and gradients to an {@link dev.neuralode.optim.Optimizer} through a {@link
 * dev.neuralode.train.ParameterSet}, which writes the new values into the {@link
 * dev.neuralode.nn.Parameter}s; a {@link dev.neuralode.train.StepReport} (iteration, loss, NFE
 * forward and backward, seconds, learning rate, metrics) then goes to every {@link
 * dev.neuralode.train.TrainingListener}, any of which may stop the loop. Learning-rate schedules and
 * optimizer restarts (as in a curriculum, or SGDR's warm restarts: Loshchilov &amp; Hutter, ICLR
 * 2017) are {@link dev.neuralode.train.Trainer.LoopSettings}.
 *
 * <p>{@link dev.neuralode.train.CnfTrainer} is FFJORD's maximum-likelihood training of a continuous
 * normalizing flow on this loop, with mini-batches from {@link dev.neuralode.train.ShuffledBatches}.
 *
 * <p>The loop runs on the calling thread; a run is deterministic when its objective is.
 */
package dev.neuralode.train;
