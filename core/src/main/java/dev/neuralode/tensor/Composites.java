package dev.neuralode.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The bodies of {@link Tensor}'s shape operations that need more than a table lookup: the
 * shortcuts that return an operand unchanged, and pad and stack, which are built from other ops
 * (pad is a concatenation with zeros, stack a concatenation of reshaped parts).
 */
final class Composites {
  private Composites() {}

  /** x[start:end] along a normalised axis; x itself for the whole axis. */
  static Tensor slice(Tensor x, int axis, int start, int end) {
    Op op = Op.slice(axis, start, end);
    int[][] in = {x.shapeRef()};
    int[] out = op.kind().rule().shape().apply(op, in); // validates the range
    return start == 0 && end == x.shapeRef()[axis] ? x : Ops.run(op, out, in, new Tensor[] {x});
  }

  /** Zeros before and after x along a normalised axis, as a concatenation. */
  static Tensor pad(Tensor x, int axis, int before, int after) {
    if (before == 0 && after == 0) {
      return x;
    }
    List<Tensor> parts = new ArrayList<>(3);
    if (before > 0) {
      parts.add(Tensor.zeros(withExtent(x.shapeRef(), axis, before)));
    }
    parts.add(x);
    if (after > 0) {
      parts.add(Tensor.zeros(withExtent(x.shapeRef(), axis, after)));
    }
    return concat(axis, parts);
  }

  /** The parts concatenated along an axis (negative counts from the end); the part itself if alone. */
  static Tensor concat(int axis, List<Tensor> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("concat needs at least one tensor; parts is empty");
    }
    Tensor[] ins = parts.toArray(new Tensor[0]);
    Op op = Op.concat(ins[0].normAxis(axis));
    int[][] shapes = Ops.shapes(ins);
    int[] out = op.kind().rule().shape().apply(op, shapes); // validates the parts
    return ins.length == 1 ? ins[0] : Ops.run(op, out, shapes, ins);
  }

  /** Equally shaped parts stacked along a new leading axis. */
  static Tensor stack(List<Tensor> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("stack needs at least one tensor; parts is empty");
    }
    List<Tensor> lifted = new ArrayList<>(parts.size());
    for (Tensor t : parts) {
      int[] s = new int[t.rank() + 1];
      s[0] = 1;
      System.arraycopy(t.shapeRef(), 0, s, 1, t.rank());
      lifted.add(t.reshape(s));
    }
    return concat(0, lifted);
  }

  private static int[] withExtent(int[] shape, int axis, int extent) {
    int[] s = shape.clone();
    s[axis] = extent;
    return s;
  }
}
