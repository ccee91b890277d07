package dev.neuralode.tensor;

/**
 * One recorded operation in the autodiff graph: the op's description, its inputs and its output.
 *
 * <p>The VJP comes from the op table ({@link OpKind}) and is written in {@link Tensor} operations, so
 * that differentiating with {@code createGraph=true} records the backward pass itself and
 * higher-order derivatives follow. A custom op ({@link Autograd#custom}) carries its own VJP.
 */
final class Node {
  /** Computes, for an output cotangent {@code g}, one cotangent per input (null where not needed). */
  @FunctionalInterface
  interface Vjp {
    Tensor[] apply(Tensor g);
  }

  final Op op;
  final String name;
  final Tensor[] inputs;
  private final Vjp custom;
  /** The tensor this node produced; set once, by that tensor's constructor. */
  Tensor output;

  Node(Op op, String name, Tensor[] inputs, Vjp custom) {
    this.op = op;
    this.name = name;
    this.inputs = inputs;
    this.custom = custom;
  }

  /** The cotangents of the inputs for the output cotangent {@code g}. */
  Tensor[] vjp(Tensor g) {
    return custom != null ? custom.apply(g) : op.kind().rule().vjp().apply(op, inputs, output, g);
  }

  /**
   * As {@link #vjp(Tensor)}, with the VJP rule seeing {@code inputs} in place of the recorded ones (the
   * same values, some detached so that their cotangents are skipped); null means the recorded ones.
   * A custom op always sees its own inputs.
   */
  Tensor[] vjp(Tensor g, Tensor[] inputs) {
    if (inputs == null || custom != null) {
      return vjp(g);
    }
    return op.kind().rule().vjp().apply(op, inputs, output, g);
  }
}
