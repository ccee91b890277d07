/**
 * Immutable dense tensors of doubles with reverse-mode automatic differentiation.
 *
 * <p>{@link dev.neuralode.tensor.Tensor} holds a row-major array and a shape; its operations
 * broadcast as NumPy does and record vector–Jacobian products written in tensor operations, so that
 * {@link dev.neuralode.tensor.Autograd#grad} with {@code createGraph=true} gives higher-order
 * derivatives (Griewank &amp; Walther, <i>Evaluating Derivatives</i>, 2nd ed., 2008, ch. 3–4).
 * {@link dev.neuralode.tensor.Functional} builds gradients, VJPs, JVPs (double-VJP trick), Jacobians and
 * Hessian–vector products on it, each composable with {@code createGraph}.
 *
 * <p>Operations are data: each is an {@link dev.neuralode.tensor.Op}, an
 * {@link dev.neuralode.tensor.OpKind} of the op table with its attributes. Each table entry holds the
 * output-shape rule, the forward kernel (writing into a caller-supplied array) and the VJP in tensor
 * operations, as tinygrad's {@code gradient.py} holds its derivative rules; {@code Tensor} is the
 * thin eager front over it. The loops live in package-private kernel classes by responsibility
 * (elementwise, shape and reductions, matrix products with transposed operands read in place), each
 * with an out-parameter form and an allocating wrapper (EJML's two tiers).
 *
 * <p>{@link dev.neuralode.tensor.GradCheck} compares gradients with central finite differences and
 * {@link dev.neuralode.tensor.Rng} gives seeded, reproducible randomness.
 */
package dev.neuralode.tensor;
