package dev.neuralode.tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records the ops that run on the current thread while a {@link Program} is captured: every value is
 * a slot (an input, a constant read by reference, or an op's output), every op an instruction. A
 * capture fails (and the caller falls back to the eager path) when the traced code reads a traced
 * value into Java, or runs a custom op, whose VJP is a closure and has no kernel.
 */
final class Tracer {
  /** One recorded op: its description, input slots and output slot. */
  record Instruction(Op op, int[] in, int out) {}

  private final Map<Tensor, Integer> slots = new IdentityHashMap<>();
  final List<double[]> constants = new ArrayList<>(); // per slot: the data of a constant, else null
  final List<int[]> shapes = new ArrayList<>();
  final List<Instruction> code = new ArrayList<>();
  final List<Boolean> traced = new ArrayList<>();
  String failure;
  /** Whether a constant requires a gradient (so the eager function records a graph when recording). */
  boolean gradientConstants;
  /** The constants that require a gradient, in the order they were first read. */
  final List<Tensor> gradientTensors = new ArrayList<>();

  /** Declares an input; returns its slot. */
  int input(Tensor t) {
    Integer s = slots.get(t);
    if (s != null) {
      return s;
    }
    return add(t, null, true);
  }

  /** The slot of a value: known, or a new constant read by reference (tensors are immutable). */
  int slotOf(Tensor t) {
    Integer s = slots.get(t);
    if (s != null) {
      return s;
    }
    if (t.requiresGrad()) {
      gradientConstants = true;
      gradientTensors.add(t);
    }
    return add(t, t.data(), false);
  }

  private int add(Tensor t, double[] constant, boolean isTraced) {
    int s = shapes.size();
    slots.put(t, s);
    constants.add(constant);
    shapes.add(t.shapeRef());
    traced.add(isTraced);
    return s;
  }

  /** Records {@code out = op(in)}. */
  void op(Op op, Tensor[] in, Tensor out) {
    int[] ins = new int[in.length];
    boolean dependent = false;
    for (int k = 0; k < in.length; k++) {
      ins[k] = slotOf(in[k]);
      dependent |= traced.get(ins[k]);
    }
    int o = add(out, null, dependent); // an op of constants only gives a constant that Java may read
    code.add(new Instruction(op, ins, o));
  }

  /** {@code copy} holds the same values as {@code source} (detach, requireGrad): the same slot. */
  void alias(Tensor source, Tensor copy) {
    Integer s = slots.get(source);
    if (s != null) {
      slots.put(copy, s);
    }
  }

  /** A value is read into Java: the capture fails if it depends on the inputs. */
  void read(Tensor t) {
    Integer s = slots.get(t);
    if (s != null && traced.get(s) && failure == null) {
      failure = "the function reads a traced value into Java (item(), toArray(), ...)";
    }
  }

  /** A custom op ran: the capture fails. */
  void custom(String name) {
    if (failure == null) {
      failure = "the function runs the custom op '" + name + "', whose VJP is a closure without a kernel";
    }
  }

  /** {@code copy}, registered as an alias of {@code source} if a program is being captured on this thread. */
  static Tensor aliased(Tensor source, Tensor copy) {
    Tracer tracer = Autograd.state().tracer;
    if (tracer != null) {
      tracer.alias(source, copy);
    }
    return copy;
  }

  /** Tells a capture on this thread that {@code t}'s values are read into Java; returns {@code pass}. */
  static int reading(Tensor t, int pass) {
    Tracer tracer = Autograd.state().tracer;
    if (tracer != null) {
      tracer.read(t);
    }
    return pass;
  }

  /** As {@link #reading(Tensor, int)}, returning an array. */
  static double[] reading(Tensor t, double[] pass) {
    reading(t, 0);
    return pass;
  }

  Integer find(Tensor t) {
    return slots.get(t);
  }
}
