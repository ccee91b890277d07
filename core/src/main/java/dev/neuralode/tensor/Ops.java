package dev.neuralode.tensor;

/**
 * The eager dispatcher: runs an {@link Op} on tensors (output shape, fresh output array, forward
 * kernel) and records a graph node when recording is on, the op is differentiable and an input
 * requires a gradient. The one place where eager results are built, so that a later graph capture can
 * hook in here.
 */
final class Ops {
  private Ops() {}

  /** Applies {@code op} to the inputs and records it. */
  static Tensor apply(Op op, Tensor... in) {
    int[][] shapes = shapes(in);
    return run(op, op.kind().rule().shape().apply(op, shapes), shapes, in);
  }

  /** Applies {@code op} whose output shape is already known (and validated). */
  static Tensor run(Op op, int[] outShape, int[][] shapes, Tensor[] in) {
    double[][] data = new double[in.length][];
    for (int i = 0; i < in.length; i++) {
      data[i] = in[i].data();
    }
    double[] out = new double[Shape.size(outShape)];
    op.kind().rule().forward().apply(op, data, shapes, out);
    return record(op, out, outShape, in);
  }

  /** The shapes of the inputs (shared, not copied). */
  static int[][] shapes(Tensor[] in) {
    int[][] shapes = new int[in.length][];
    for (int i = 0; i < in.length; i++) {
      shapes[i] = in[i].shapeRef();
    }
    return shapes;
  }

  /** Wraps computed data as {@code op}'s result, recording a node if needed. */
  static Tensor record(Op op, double[] data, int[] shape, Tensor... in) {
    ThreadState state = Autograd.state();
    Tensor out = op.kind().rule().vjp() != null && needsNode(state, in)
        ? link(new Node(op, op.kind().name(), in, null), data, shape) : new Tensor(data, shape, false, null);
    if (state.tracer != null) {
      state.tracer.op(op, in, out);
    }
    return out;
  }

  /**
   * Wraps the result of a custom op with its own VJP; a capture on this thread is refused unless
   * {@code refuse} is null (a replayable custom op).
   */
  static Tensor custom(String refuse, double[] data, int[] shape, Node.Vjp vjp, Tensor[] in, String name) {
    ThreadState state = Autograd.state();
    if (state.tracer != null && refuse != null) {
      state.tracer.custom(refuse);
    }
    if (needsNode(state, in)) {
      return link(new Node(Op.of(OpKind.CUSTOM), name, in, vjp), data, shape);
    }
    return new Tensor(data, shape, false, null);
  }

  private static boolean needsNode(ThreadState state, Tensor[] in) {
    if (state.recording) {
      for (Tensor t : in) {
        if (t.requiresGrad()) {
          return true;
        }
      }
    }
    return false;
  }

  private static Tensor link(Node node, double[] data, int[] shape) {
    return new Tensor(data, shape, true, node); // the constructor sets node.output
  }
}
