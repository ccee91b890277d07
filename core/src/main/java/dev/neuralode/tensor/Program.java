package dev.neuralode.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A function of tensors of fixed shapes captured once as a straight-line program of {@link Op}s over
 * preallocated buffers, and replayed without building tensors or graph nodes: compiled dynamics.
 *
 * <p>{@link #capture} runs the function once, eagerly, while recording every op that runs on the
 * current thread (whether or not autograd records it, so a VJP computed inside the function, by
 * {@link Autograd#grad}, is captured as ops too, and with it first- and second-order derivatives).
 * A value that is not an input and not computed by a captured op is a constant, read by reference
 * (tensors are immutable): a module's parameter values, for example, so a program is valid while they
 * are unchanged, for one solve or one backward pass. {@link #run} then executes the same kernels in
 * the same order on new input values; every output is bit for bit what the eager function gives.
 *
 * <p>A function cannot be captured if it reads a value that depends on the inputs into Java ({@link
 * Tensor#item()}, {@link Tensor#toArray()}, ...), since its control flow could depend on it, or if it
 * runs a custom op ({@link Autograd#custom}); nor may it draw random numbers or depend on other
 * mutable state, which a capture cannot see. Capture checks itself by replaying once on the capture's
 * inputs and comparing every output bit for bit.
 *
 * <p>Not thread-safe: a program owns its buffers; use one per thread.
 */
public final class Program {
  private final Tracer.Instruction[] code;
  private final double[][] buffers;
  private final boolean[] owned;
  private final int[] inputSlots;
  private final int[] outputSlots;
  private final int[][] outputShapes;
  private final int[][][] shapes;
  private final double[][][] operands;
  private final int[] inputSizes;
  private final double[][] results;
  /** Per instruction: its kernel with the attributes and sizes resolved at capture, or null for the op's rule. */
  private final Kernel[] kernels;
  private final boolean gradientConstants;
  private final List<Tensor> gradientTensors;

  private Program(Tracer tr, int[] inputSlots, int[] outputSlots, int[] inputSizes) {
    this.gradientConstants = tr.gradientConstants;
    this.gradientTensors = List.copyOf(tr.gradientTensors);
    int slots = tr.shapes.size();
    // dead code: only ops that an output depends on are kept
    boolean[] live = new boolean[slots];
    for (int o : outputSlots) {
      live[o] = true;
    }
    List<Tracer.Instruction> all = tr.code;
    boolean[] keep = new boolean[all.size()];
    int kept = 0;
    for (int i = all.size() - 1; i >= 0; i--) {
      Tracer.Instruction ins = all.get(i);
      if (live[ins.out()]) {
        keep[i] = true;
        kept++;
        for (int in : ins.in()) {
          live[in] = true;
        }
      }
    }
    this.code = new Tracer.Instruction[kept];
    for (int i = 0, j = 0; i < all.size(); i++) {
      if (keep[i]) {
        code[j++] = all.get(i);
      }
    }
    this.buffers = new double[slots][];
    this.owned = new boolean[slots];
    for (int s = 0; s < slots; s++) {
      buffers[s] = tr.constants.get(s);
    }
    this.shapes = new int[code.length][][];
    this.operands = new double[code.length][][];
    allocate(tr, outputSlots);
    this.kernels = new Kernel[code.length];
    for (int i = 0; i < code.length; i++) {
      kernels[i] = specialise(code[i], shapes[i]);
    }
    this.inputSlots = inputSlots;
    this.outputSlots = outputSlots;
    this.inputSizes = inputSizes;
    this.results = new double[outputSlots.length][];
    this.outputShapes = new int[outputSlots.length][];
    for (int k = 0; k < outputSlots.length; k++) {
      outputShapes[k] = tr.shapes.get(outputSlots[k]).clone();
    }
  }

  /**
   * Gives every op's output a buffer, reusing the buffer of a value after its last use (a reshape
   * shares its input's buffer, so that buffer lives as long as its last alias is read); an op never
   * writes a buffer that one of its own inputs occupies, and outputs are never reused. Kernels
   * overwrite their output entirely, so reuse changes no value.
   */
  private void allocate(Tracer tr, int[] outputSlots) {
    int slots = tr.shapes.size();
    int[] root = new int[slots];
    for (int s = 0; s < slots; s++) {
      root[s] = s;
    }
    int[] lastUse = new int[slots];
    java.util.Arrays.fill(lastUse, -1);
    for (int i = 0; i < code.length; i++) {
      Tracer.Instruction ins = code[i];
      if (ins.op().kind() == OpKind.RESHAPE) {
        root[ins.out()] = root[ins.in()[0]];
      }
      for (int in : ins.in()) {
        lastUse[root[in]] = i;
      }
    }
    for (int o : outputSlots) {
      lastUse[root[o]] = Integer.MAX_VALUE;
    }
    java.util.Map<Integer, java.util.ArrayDeque<double[]>> free = new java.util.HashMap<>();
    for (int i = 0; i < code.length; i++) {
      Tracer.Instruction ins = code[i];
      shapes[i] = new int[ins.in().length][];
      for (int k = 0; k < ins.in().length; k++) {
        shapes[i][k] = tr.shapes.get(ins.in()[k]);
      }
      operands[i] = new double[ins.in().length][];
      if (ins.op().kind() != OpKind.RESHAPE) {
        int size = Shape.size(tr.shapes.get(ins.out()));
        java.util.ArrayDeque<double[]> pool = free.get(size);
        buffers[ins.out()] = pool == null || pool.isEmpty() ? new double[size] : pool.pop();
        owned[ins.out()] = true;
        if (lastUse[ins.out()] < 0) {
          release(free, ins.out()); // computed but never read (kept for an alias that is dead): reuse at once
        }
      }
      for (int in : ins.in()) {
        int r = root[in];
        if (lastUse[r] == i && owned[r]) {
          lastUse[r] = -2; // released once
          release(free, r);
        }
      }
    }
  }

  /** A kernel call with everything but the buffers resolved: the same call the op's rule makes. */
  @FunctionalInterface
  private interface Kernel {
    void run(double[][] b, int[] in, int out);
  }

  /** The direct kernel call of the common ops (the one their rule would make), or null. */
  private static Kernel specialise(Tracer.Instruction ins, int[][] s) {
    Op op = ins.op();
    OpKind kind = op.kind();
    switch (kind) {
      case ADD: case SUB: case MUL: case DIV: case MAXIMUM: {
        Kernels.Binary k = kind == OpKind.MAXIMUM ? Kernels.Binary.MAX : Kernels.Binary.valueOf(kind.name());
        if (java.util.Arrays.equals(s[0], s[1])) {
          return (b, in, out) -> Kernels.binarySame(k, b[in[0]], b[in[1]], b[out]);
        }
        // a row repeated over the other operand's rows (a bias): no broadcast strides per call
        if (repeatsRow(s[1], s[0])) {
          int inner = Shape.size(s[1]);
          return (b, in, out) -> Kernels.binaryRows(k, b[in[0]], b[in[1]], false, inner, b[out]);
        }
        if (repeatsRow(s[0], s[1])) {
          int inner = Shape.size(s[0]);
          return (b, in, out) -> Kernels.binaryRows(k, b[in[1]], b[in[0]], true, inner, b[out]);
        }
        return null;
      }
      case MATMUL: {
        boolean ta = op.transA();
        boolean tb = op.transB();
        int m = s[0][ta ? 1 : 0];
        int k = s[0][ta ? 0 : 1];
        int n = s[1][tb ? 0 : 1];
        return (b, in, out) -> MatmulKernels.matmul(b[in[0]], ta, b[in[1]], tb, m, k, n, b[out]);
      }
      case AFFINE: {
        int m = s[0][0];
        int k = s[0][1];
        int n = s[1][0];
        return (b, in, out) -> {
          MatmulKernels.matmul(b[in[0]], false, b[in[1]], true, m, k, n, b[out]);
          Kernels.binaryRows(Kernels.Binary.ADD, b[out], b[in[2]], false, n, b[out]);
        };
      }
      case MUL_SCALAR: {
        double c = op.scalar();
        return (b, in, out) -> Kernels.scale(b[in[0]], c, b[out]);
      }
      case ADD_SCALAR: {
        double c = op.scalar();
        return (b, in, out) -> Kernels.addScalar(b[in[0]], c, b[out]);
      }
      case TANH_VJP:
        return (b, in, out) -> Kernels.tanhVjp(b[in[0]], b[in[1]], b[out]);
      case NEG: case EXP: case LOG: case SQRT: case SQUARE: case ABS: case SIN: case COS: case TANH: case SIGMOID:
      case SOFTPLUS: case ELU: case ELU_DERIVATIVE: case RELU: case STEP: case SIGN: case NON_NEGATIVE: {
        Kernels.Unary u = kind == OpKind.ELU_DERIVATIVE ? Kernels.Unary.ELU_DERIV : Kernels.Unary.valueOf(kind.name());
        return (b, in, out) -> Kernels.unary(u, b[in[0]], b[out]);
      }
      default:
        return null;
    }
  }

  /**
   * Whether {@code row}, without its leading extents of 1, is a trailing block of {@code full}'s
   * extents: broadcasting it against {@code full} repeats it over full's leading rows, and the result
   * has full's shape.
   */
  static boolean repeatsRow(int[] row, int[] full) {
    int lead = 0;
    while (lead < row.length && row[lead] == 1) {
      lead++;
    }
    int kept = row.length - lead;
    if (row.length > full.length) {
      return false; // the result would have more axes than full
    }
    for (int j = 0; j < kept; j++) {
      if (row[row.length - 1 - j] != full[full.length - 1 - j]) {
        return false;
      }
    }
    return true;
  }

  private void release(java.util.Map<Integer, java.util.ArrayDeque<double[]>> free, int slot) {
    free.computeIfAbsent(buffers[slot].length, k -> new java.util.ArrayDeque<>()).push(buffers[slot]);
  }

  /**
   * Captures {@code body} applied to {@code inputs}.
   *
   * @param inputs the inputs, of the shapes every later {@link #run} must match; not modified
   * @param body the function; it is run once, with recording as the caller has it
   * @return the program and the outputs of the capturing (eager) run
   * @throws IllegalArgumentException if an argument is null
   * @throws NotCapturable if the function cannot be captured (the message says why); the caller then
   *     uses the eager path. An exception the function itself throws passes through unchanged.
   */
  public static Captured capture(List<Tensor> inputs, Function<List<Tensor>, List<Tensor>> body) {
    if (inputs == null || body == null) {
      throw new IllegalArgumentException("inputs and body must not be null");
    }
    ThreadState state = Autograd.state();
    if (state.tracer != null) {
      throw new NotCapturable("a program is already being captured on this thread (captures do not nest)");
    }
    Tracer tr = new Tracer();
    int[] in = new int[inputs.size()];
    int[] sizes = new int[inputs.size()];
    for (int k = 0; k < in.length; k++) {
      in[k] = tr.input(inputs.get(k));
      sizes[k] = inputs.get(k).size();
    }
    List<Tensor> outs;
    state.tracer = tr;
    try {
      outs = body.apply(inputs);
    } finally {
      state.tracer = null;
    }
    if (tr.failure != null) {
      throw new NotCapturable(tr.failure);
    }
    int[] out = new int[outs.size()];
    for (int k = 0; k < out.length; k++) {
      Integer s = tr.find(outs.get(k));
      out[k] = s != null ? s : tr.slotOf(outs.get(k));
    }
    Program p = new Program(tr, in, out, sizes);
    double[][] data = new double[in.length][];
    for (int k = 0; k < in.length; k++) {
      data[k] = inputs.get(k).data();
    }
    // the check replay is the capture's own overhead: an open KernelCounter does not count it
    KernelCounter counter = state.counter;
    state.counter = null;
    double[][] replay;
    try {
      replay = p.run(data);
    } finally {
      state.counter = counter;
    }
    for (int k = 0; k < out.length; k++) {
      if (!Arrays.equals(replay[k], outs.get(k).data())) {
        throw new NotCapturable("replaying output " + k + " differs from the eager run (the function"
            + " depends on something the capture cannot see)");
      }
    }
    return new Captured(p, List.copyOf(outs));
  }

  /**
   * Thrown by {@link #capture} when a function cannot be captured; its message starts with "cannot
   * capture: " and says why. A subclass of {@link IllegalArgumentException}.
   */
  public static final class NotCapturable extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception for one reason.
     *
     * @param reason why the function cannot be captured
     */
    public NotCapturable(String reason) {
      super("cannot capture: " + reason);
    }
  }

  /**
   * A captured program with the outputs of the run that captured it.
   *
   * @param program the program
   * @param outputs what the function returned in the capturing run
   */
  public record Captured(Program program, List<Tensor> outputs) {}

  /**
   * Replays the program.
   *
   * @param inputs one row-major array per input, of the captured input's size; not modified
   * @return one array per output, owned by the program and overwritten by the next run (copy what
   *     must be kept), as is the returned outer array; an output that is an input or a constant is
   *     that array itself
   * @throws IllegalArgumentException if the count or sizes of the inputs differ from the capture's
   */
  public double[][] run(double[]... inputs) {
    if (inputs == null || inputs.length != inputSlots.length) {
      throw new IllegalArgumentException("the program takes " + inputSlots.length + " inputs; got "
          + (inputs == null ? "null" : inputs.length));
    }
    for (int k = 0; k < inputs.length; k++) {
      if (inputs[k] == null || inputs[k].length != inputSizes[k]) {
        throw new IllegalArgumentException("inputs[" + k + "] must hold " + inputSizes[k] + " values; got "
            + (inputs[k] == null ? "null" : inputs[k].length));
      }
      buffers[inputSlots[k]] = inputs[k];
    }
    for (int i = 0; i < code.length; i++) {
      Tracer.Instruction ins = code[i];
      int[] in = ins.in();
      if (ins.op().kind() == OpKind.RESHAPE) {
        buffers[ins.out()] = buffers[in[0]]; // the same values in another shape
        continue;
      }
      if (kernels[i] != null) {
        kernels[i].run(buffers, in, ins.out());
        continue;
      }
      double[][] ops = operands[i];
      for (int k = 0; k < in.length; k++) {
        ops[k] = buffers[in[k]];
      }
      ins.op().kind().rule().forward().apply(ins.op(), ops, shapes[i], buffers[ins.out()]);
    }
    for (int k = 0; k < results.length; k++) {
      results[k] = buffers[outputSlots[k]];
    }
    return results;
  }

  /**
   * Replays the program on tensors and returns the outputs as new tensors (copies of the program's
   * buffers) that do not require a gradient, as the eager function gives them under {@link
   * Autograd#noGrad()}.
   *
   * @param inputs the inputs, of the captured shapes; not modified
   * @return one new tensor per output
   * @throws IllegalArgumentException if the count or sizes of the inputs differ from the capture's
   */
  public List<Tensor> apply(Tensor... inputs) {
    if (inputs == null || inputs.length != inputSlots.length) {
      throw new IllegalArgumentException("the program takes " + inputSlots.length + " inputs; got "
          + (inputs == null ? "null" : inputs.length));
    }
    double[][] data = new double[inputs.length][];
    for (int k = 0; k < inputs.length; k++) {
      data[k] = inputs[k].data();
    }
    double[][] out = run(data);
    List<Tensor> result = new ArrayList<>(out.length);
    for (int k = 0; k < out.length; k++) {
      result.add(Tensor.wrap(out[k].clone(), outputShapes[k]));
    }
    return result;
  }

  /**
   * The shape of one output.
   *
   * @param k the output's index
   * @return a copy of its shape
   */
  public int[] outputShape(int k) {
    return outputShapes[k].clone();
  }

  /**
   * Whether a constant of the program requires a gradient (a module's parameter): then the eager
   * function records a graph while recording is on, which a replay does not, so callers replay only
   * with recording off.
   *
   * @return true if some constant requires a gradient
   */
  public boolean constantsRequireGrad() {
    return gradientConstants;
  }

  /**
   * The constants the program reads that require a gradient (a module's parameter values, read by
   * reference), in the order the capture first read them: the tensors through which the eager function
   * would have recorded a graph, and with respect to which a compiled VJP differentiates.
   *
   * @return an unmodifiable list, empty when {@link #constantsRequireGrad()} is false
   */
  public List<Tensor> gradientConstants() {
    return gradientTensors;
  }

  /** {@return the number of captured ops} */
  public int size() {
    return code.length;
  }

  /** {@return the kinds of the captured ops, in execution order} */
  public List<OpKind> kinds() {
    List<OpKind> kinds = new ArrayList<>(code.length);
    for (Tracer.Instruction ins : code) {
      kinds.add(ins.op().kind());
    }
    return kinds;
  }
}
