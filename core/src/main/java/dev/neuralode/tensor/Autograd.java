package dev.neuralode.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode automatic differentiation over the graph that {@link Tensor} operations record.
 *
 * <p>Recording is on by default and is per thread. {@link #noGrad()} turns it off inside a
 * try-with-resources block; {@link #enableGrad()} turns it back on (the adjoint's backward pass needs
 * VJPs while its caller may be in a no-grad scope).
 *
 * <p>The graph is walked with an iterative topological sort, never recursion, so graphs of any depth
 * (an ODE solve of many thousand steps) are safe.
 */
public final class Autograd {
  /**
   * The per-thread scope state: the recording flag and the thread's {@link Parallelism} (the only
   * ThreadLocal of the library).
   */
  private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);

  private Autograd() {}

  /** A scope that restores the previous recording state when closed. */
  public static final class Scope implements AutoCloseable {
    private final boolean previous;
    private boolean closed;

    private Scope(boolean enabled) {
      ThreadState state = STATE.get();
      previous = state.recording;
      state.recording = enabled;
    }

    /** Restores the recording state that held when this scope was opened. */
    @Override
    public void close() {
      if (!closed) {
        STATE.get().recording = previous;
        closed = true;
      }
    }
  }

  /**
   * Whether operations on this thread record graph nodes.
   *
   * @return true while recording is on
   */
  public static boolean isRecording() {
    return STATE.get().recording;
  }

  /** This thread's scope state (recording flag and parallelism). */
  static ThreadState state() {
    return STATE.get();
  }

  /**
   * Turns recording off until the returned scope is closed; use in try-with-resources.
   *
   * <p><b>Contract.</b> The flag is per thread, so a scope that is never closed leaves recording
   * off on its thread, also for later tasks that a thread pool runs there. Always open it in a
   * try-with-resources statement, which closes it on every path, exceptions included; or use
   * {@link #withoutGrad(java.util.function.Supplier)}, which cannot leak.
   *
   * @return the scope
   */
  public static Scope noGrad() {
    return new Scope(false);
  }

  /**
   * Runs code with recording off and restores the previous state afterwards, whatever the code
   * does: the form of {@link #noGrad()} that cannot leak a scope.
   *
   * @param body the code
   * @param <T> its result type
   * @return what {@code body} returns
   * @throws IllegalArgumentException if body is null
   */
  public static <T> T withoutGrad(java.util.function.Supplier<T> body) {
    if (body == null) {
      throw new IllegalArgumentException("body is null; pass the code to run without recording");
    }
    try (Scope scope = noGrad()) {
      return body.get();
    }
  }

  /**
   * Turns recording on until the returned scope is closed; use in try-with-resources.
   *
   * @return the scope
   */
  public static Scope enableGrad() {
    return new Scope(true);
  }

  /**
   * Records a custom differentiable operation: the adjoint method, or any op whose VJP is not made
   * of recorded tensor operations.
   *
   * <p>The result has {@code value}'s values and shape. When recording is on and an input requires a
   * gradient, it is linked to {@code inputs} through {@code vjp}, which receives the cotangent of the
   * result (of its shape) and returns one cotangent per input, of that input's shape, or null for an
   * input that gets none. A VJP that is not built from tensor operations yields gradients that cannot
   * be differentiated again.
   *
   * @param name the op's name, for diagnostics
   * @param value the forward value; only its data and shape are used
   * @param inputs the tensors the value depends on
   * @param vjp the vector–Jacobian product
   * @return the recorded result
   */
  public static Tensor custom(String name, Tensor value, List<Tensor> inputs,
      java.util.function.Function<Tensor, List<Tensor>> vjp) {
    return custom(name, value, inputs, vjp, false);
  }

  /**
   * As {@link #custom(String, Tensor, List, java.util.function.Function)}, optionally replayable by a
   * {@link Program}: with {@code replayable}, a capture treats the result as {@code value} itself (the
   * same values) instead of refusing the function. Declare it only when {@code value} and every
   * cotangent the VJP returns are computed by tensor operations from the inputs, from {@code value}
   * and from tensors computed alongside it (never from arrays read into Java), so that the
   * operations a capture records are the whole computation.
   *
   * @param name the op's name, for diagnostics
   * @param value the forward value; only its data and shape are used
   * @param inputs the tensors the value depends on
   * @param vjp the vector–Jacobian product
   * @param replayable whether a {@link Program} may capture a function that runs this op
   * @return the recorded result
   */
  public static Tensor custom(String name, Tensor value, List<Tensor> inputs,
      java.util.function.Function<Tensor, List<Tensor>> vjp, boolean replayable) {
    Tensor[] ins = inputs.toArray(new Tensor[0]);
    Tensor out = Ops.custom(replayable ? null : name, value.data(), value.shapeRef(), g -> {
      List<Tensor> gs = vjp.apply(g);
      if (gs.size() != ins.length) {
        throw new IllegalStateException("custom op '" + name + "' returned " + gs.size()
            + " cotangents for " + ins.length + " inputs");
      }
      return gs.toArray(new Tensor[0]);
    }, ins, name);
    return replayable ? Tracer.aliased(value, out) : out;
  }

  /**
   * Gradient of a scalar output with respect to the given inputs.
   *
   * <p>Every gradient being structurally zero is almost always a mistake, so it is an error here:
   * when {@code inputs} is not empty and none of them took part in computing {@code output}. The
   * classic cause is a stale list of parameter values: {@code model.parameterValues()} read once
   * before a training loop, while each optimizer step gives the parameters new value tensors, so
   * later losses are computed from tensors that are not in the list. Read the values afresh every
   * step, or differentiate with respect to the parameters themselves with {@code
   * dev.neuralode.train.ParameterSet#gradients(Tensor)} or {@code
   * dev.neuralode.train.ParameterOptimizer#gradients(Tensor)}. The list form {@link #grad(List, List,
   * List, boolean)} returns zeros for such inputs instead.
   *
   * @param output a one-element tensor
   * @param inputs tensors to differentiate with respect to
   * @return one gradient per input, each of that input's shape (zeros where the output does not depend on it)
   * @throws IllegalArgumentException if {@code output} does not require a gradient: it was computed
   *     inside {@link #noGrad()} or from tensors none of which requires one, so every gradient would be
   *     a silent zero; or if no input took part in computing {@code output} (stale inputs), for the
   *     same reason
   * @see #grad(List, List, List, boolean)
   */
  public static List<Tensor> grad(Tensor output, List<Tensor> inputs) {
    if (!output.requiresGrad()) {
      throw new IllegalArgumentException("output does not require a gradient: it was computed inside"
          + " Autograd.noGrad() or from tensors none of which requires one; compute it with recording on"
          + " from inputs made with requireGrad()");
    }
    if (!inputs.isEmpty()) {
      Set<Tensor> reachable = Collections.newSetFromMap(new IdentityHashMap<>());
      reachable.addAll(topologicalOrder(List.of(output), null, new IdentityHashMap<>()));
      boolean any = false;
      for (Tensor x : inputs) {
        any |= reachable.contains(x);
      }
      if (!any) {
        throw new IllegalArgumentException("none of the " + inputs.size() + " inputs took part in computing"
            + " the output, so every gradient would be zero. If they are parameter values, they are stale:"
            + " read model.parameterValues() afresh after every optimizer step (each step gives the"
            + " parameters new values), or take gradients with respect to the parameters themselves with"
            + " ParameterSet.gradients(loss) or ParameterOptimizer.gradients(loss)");
      }
    }
    return grad(List.of(output), inputs, null, false);
  }

  /**
   * Vector–Jacobian products: for outputs y_j, cotangents v_j and inputs x_i, returns
   * Σ_j v_jᵀ ∂y_j/∂x_i for each i.
   *
   * <p>Inputs may be leaves or intermediate tensors of the graph. An input the outputs do not depend
   * on gets zeros of its own shape. With {@code createGraph} the backward pass is itself recorded,
   * so the returned gradients can be differentiated again (for example −tr(∂f/∂z) in a CNF).
   *
   * @param outputs tensors to differentiate, not modified
   * @param inputs tensors to differentiate with respect to, not modified
   * @param gradOutputs one cotangent per output, of its shape; null means ones, allowed only for
   *     one-element outputs
   * @param createGraph record the backward pass for higher-order derivatives
   * @return one gradient per input, each of that input's shape
   * @throws IllegalArgumentException if counts or shapes of {@code gradOutputs} disagree, or a
   *     non-scalar output has no cotangent
   */
  public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
      boolean createGraph) {
    if (gradOutputs != null && gradOutputs.size() != outputs.size()) {
      throw new IllegalArgumentException("gradOutputs must have one entry per output; got "
          + gradOutputs.size() + " for " + outputs.size() + " outputs");
    }
    Map<Tensor, Tensor> grads = new IdentityHashMap<>(256);
    // Without createGraph and outside a capture, a sum this call built for a tensor is its own until
    // that tensor's VJP runs (after every user of it), so further cotangents are added into it in place
    // (a capture begun inside a VJP would miss those additions; captures begin outside grad)
    Map<Tensor, Tensor> owned = !createGraph && state().tracer == null ? new IdentityHashMap<>() : null;
    for (int j = 0; j < outputs.size(); j++) {
      Tensor y = outputs.get(j);
      Tensor v = gradOutputs == null ? null : gradOutputs.get(j);
      if (v == null) {
        if (y.size() != 1) {
          throw new IllegalArgumentException("outputs[" + j + "] has shape " + Shape.str(y.shapeRef())
              + "; pass a gradOutput for each non-scalar output");
        }
        v = y.onesLike();
      } else if (!Arrays.equals(v.shapeRef(), y.shapeRef())) {
        throw new IllegalArgumentException("gradOutputs[" + j + "] has shape " + Shape.str(v.shapeRef())
            + " but outputs[" + j + "] has shape " + Shape.str(y.shapeRef()));
      }
      if (!createGraph) {
        v = v.detach();
      }
      accumulate(grads, owned, y, v);
    }
    Set<Tensor> wanted = Collections.newSetFromMap(new IdentityHashMap<>());
    wanted.addAll(inputs);
    // Without createGraph and with one or two inputs asked for (∂f/∂z in a CNF's trace, a plain VJP),
    // cotangents flow only towards tensors from which a wanted input is reachable: the others (the
    // weights) are passed to the VJP rules detached, so their cotangents are never computed. The
    // cotangents that are computed are the same. With many inputs (all parameters) this rarely prunes
    // anything and its bookkeeping would cost more than it saves.
    boolean prune = !createGraph && inputs.size() <= 2;
    Map<Tensor, Boolean> leads = new IdentityHashMap<>(256);
    List<Tensor> order = topologicalOrder(outputs, prune ? wanted : null, leads);
    Map<Tensor, Boolean> leadsToWanted = prune && leads.containsValue(Boolean.FALSE) ? leads : null;
    try (Scope s = new Scope(createGraph)) {
      for (int i = order.size() - 1; i >= 0; i--) {
        Tensor t = order.get(i);
        Tensor g = wanted.contains(t) ? grads.get(t) : grads.remove(t);
        if (owned != null) {
          owned.remove(t); // t's sum is handed out now, never added to again; let it go with grads
        }
        if (g == null || t.node == null) {
          continue;
        }
        Tensor[] ins = t.node.inputs;
        Tensor[] gs = leadsToWanted == null ? t.node.vjp(g) : t.node.vjp(g, pruned(ins, leadsToWanted));
        for (int k = 0; k < ins.length; k++) {
          if (gs[k] != null && ins[k].requiresGrad() && (leadsToWanted == null || leadsToWanted.get(ins[k]))) {
            accumulate(grads, owned, ins[k], gs[k]);
          }
        }
      }
    }
    List<Tensor> result = new ArrayList<>(inputs.size());
    for (Tensor x : inputs) {
      Tensor g = grads.get(x);
      result.add(g == null ? x.zerosLike() : (createGraph ? g : g.detach()));
    }
    return result;
  }

  /** The inputs with those that lead to no wanted input detached (null if none is), so VJP rules skip them. */
  private static Tensor[] pruned(Tensor[] ins, Map<Tensor, Boolean> leads) {
    Tensor[] out = null;
    for (int k = 0; k < ins.length; k++) {
      if (ins[k].requiresGrad() && !leads.get(ins[k])) {
        if (out == null) {
          out = ins.clone();
        }
        out[k] = ins[k].detach();
      }
    }
    return out;
  }

  /**
   * Adds cotangent g into t's entry of grads. With {@code owned} (no createGraph, no capture), the
   * second cotangent makes a new sum that t owns, and later ones are added into that sum in place:
   * the same additions, in the same order, as a new tensor per addition, without one.
   */
  private static void accumulate(Map<Tensor, Tensor> grads, Map<Tensor, Tensor> owned, Tensor t, Tensor g) {
    Tensor prev = grads.get(t);
    if (prev == null) {
      grads.put(t, g);
    } else if (owned != null && owned.get(t) == prev && Arrays.equals(prev.shapeRef(), g.shapeRef())) {
      Kernels.binarySame(Kernels.Binary.ADD, prev.data(), g.data(), prev.data());
    } else {
      Tensor sum = prev.add(g);
      grads.put(t, sum);
      if (owned != null) {
        owned.put(t, sum);
      }
    }
  }

  /**
   * Tensors reachable from the outputs that require a gradient, in post-order (inputs before users).
   * Fills {@code leads} (which also serves as the visited set) with, for each of them, whether it is
   * wanted or one of its inputs leads to a wanted tensor (all false when {@code wanted} is null).
   */
  private static List<Tensor> topologicalOrder(List<Tensor> outputs, Set<Tensor> wanted,
      Map<Tensor, Boolean> leads) {
    List<Tensor> order = new ArrayList<>();
    ArrayDeque<Tensor> stack = new ArrayDeque<>();
    ArrayDeque<Integer> next = new ArrayDeque<>();
    for (Tensor root : outputs) {
      if (!root.requiresGrad() || leads.containsKey(root)) {
        continue;
      }
      leads.put(root, Boolean.FALSE);
      stack.push(root);
      next.push(0);
      while (!stack.isEmpty()) {
        Tensor t = stack.peek();
        int k = next.pop();
        Tensor[] ins = t.node == null ? NO_INPUTS : t.node.inputs;
        while (k < ins.length && (!ins[k].requiresGrad() || leads.containsKey(ins[k]))) {
          k++;
        }
        if (k < ins.length) {
          next.push(k + 1);
          leads.put(ins[k], Boolean.FALSE);
          stack.push(ins[k]);
          next.push(0);
        } else {
          stack.pop();
          if (wanted != null) {
            boolean lead = wanted.contains(t);
            for (int j = 0; j < ins.length && !lead; j++) {
              lead = ins[j].requiresGrad() && leads.get(ins[j]);
            }
            if (lead) {
              leads.put(t, Boolean.TRUE);
            }
          }
          order.add(t);
        }
      }
    }
    return order;
  }

  private static final Tensor[] NO_INPUTS = new Tensor[0];
}
