package dev.neuralode.tensor;

/**
 * One recorded operation in the autodiff graph: the op's inputs and its vector–Jacobian product.
 *
 * <p>The VJP is written in {@link Tensor} operations, so that differentiating with
 * {@code createGraph=true} records the backward pass itself and higher-order derivatives follow.
 */
final class Node {
  /** Computes, for an output cotangent {@code g}, one cotangent per input (null where not needed). */
  @FunctionalInterface
  interface Vjp {
    Tensor[] apply(Tensor g);
  }

  final String op;
  final Tensor[] inputs;
  final Vjp vjp;

  Node(String op, Tensor[] inputs, Vjp vjp) {
    this.op = op;
    this.inputs = inputs;
    this.vjp = vjp;
  }
}
