/**
 * Neural-network building blocks: {@link dev.neuralode.nn.Module} (a tree of named, trainable
 * {@link dev.neuralode.nn.Parameter}s, as PyTorch's {@code nn.Module}), the fully connected
 * {@link dev.neuralode.nn.Linear} layer with PyTorch's default initialization, elementwise
 * {@link dev.neuralode.nn.Activation}s (ELU after Clevert, Unterthiner &amp; Hochreiter, ICLR 2016),
 * the {@link dev.neuralode.nn.Mlp} that serves as a neural ODE's right-hand side f(t, y) (Chen,
 * Rubanova, Bettencourt &amp; Duvenaud, "Neural Ordinary Differential Equations", NeurIPS 2018),
 * FFJORD's time-gated {@link dev.neuralode.nn.ConcatSquashLinear} layer (Grathwohl et al. 2019), and
 * {@link dev.neuralode.nn.Losses}; and the convolutional layers of the ODE-Net image classifier (Chen
 * et al. 2018, §7): {@link dev.neuralode.nn.Conv2d}, {@link dev.neuralode.nn.GroupNorm} (Wu &amp; He
 * 2018), the time-aware {@link dev.neuralode.nn.ConcatConv2d}, the dynamics
 * {@link dev.neuralode.nn.ConvOdeFunction} and the residual baseline's
 * {@link dev.neuralode.nn.ResBlock} (He et al. 2016).
 *
 * <p>Tensors are immutable, so a parameter is a mutable holder whose value the training loop
 * ({@code dev.neuralode.train}) replaces after each step with the new value an optimizer in {@code
 * dev.neuralode.optim} computed. Gradients come from
 * {@link dev.neuralode.tensor.Autograd#grad} with {@link dev.neuralode.nn.Module#parameterValues()}
 * as the inputs.
 */
package dev.neuralode.nn;
