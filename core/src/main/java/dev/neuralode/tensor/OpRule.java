package dev.neuralode.tensor;

/**
 * One entry of the op table: how an {@link OpKind} computes its output shape, its forward kernel and
 * its vector–Jacobian product. The VJP is written in {@link Tensor} operations, so differentiating it
 * with {@code createGraph} gives higher-order derivatives (the pattern of tinygrad's gradient table).
 *
 * @param shape the output shape from the input shapes; validates them
 * @param forward the forward kernel, writing a caller-supplied output
 * @param vjp the VJP, or null for an op with a zero derivative (a constant mask)
 */
record OpRule(ShapeFn shape, ForwardFn forward, VjpFn vjp) {

  /** The output shape of {@code op} for inputs of the given shapes. */
  @FunctionalInterface
  interface ShapeFn {
    int[] apply(Op op, int[][] in);
  }

  /** Writes {@code op}'s output for the given inputs and their shapes into {@code out}. */
  @FunctionalInterface
  interface ForwardFn {
    void apply(Op op, double[][] in, int[][] shapes, double[] out);
  }

  /**
   * One cotangent per input (null where an input needs none) for the inputs {@code x}, the recorded
   * output {@code y} and its cotangent {@code g}.
   */
  @FunctionalInterface
  interface VjpFn {
    Tensor[] apply(Op op, Tensor[] x, Tensor y, Tensor g);
  }
}
