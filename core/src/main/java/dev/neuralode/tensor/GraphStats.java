package dev.neuralode.tensor;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * How much of the autograd graph a set of tensors keeps alive: the recorded nodes reachable from
 * them and the doubles those nodes' results hold. This is the memory that backpropagation through a
 * solve retains (it grows with the number of solver steps in direct mode); a custom op such as the
 * adjoint counts as one node, whatever it holds in its closure.
 *
 * <p>The walk is iterative, so deep ODE graphs are fine. Leaves (tensors without a node) are not
 * counted.
 */
public final class GraphStats {
  private GraphStats() {}

  /**
   * A count of recorded nodes.
   *
   * @param nodes the number of distinct recorded (non-leaf) tensors reachable
   * @param doubles the total number of doubles those tensors hold
   */
  public record Count(long nodes, long doubles) {}

  /**
   * Counts the recorded graph reachable from the outputs.
   *
   * @param outputs the tensors whose graph is counted; not modified
   * @return the node and double counts (zero for untracked tensors)
   * @throws IllegalArgumentException if {@code outputs} or an entry is null
   */
  public static Count of(List<Tensor> outputs) {
    if (outputs == null) {
      throw new IllegalArgumentException("outputs must not be null; pass a list of tensors");
    }
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    ArrayDeque<Tensor> stack = new ArrayDeque<>();
    for (Tensor t : outputs) {
      if (t == null) {
        throw new IllegalArgumentException("outputs must not contain null");
      }
      if (seen.add(t)) {
        stack.push(t);
      }
    }
    long nodes = 0;
    long doubles = 0;
    while (!stack.isEmpty()) {
      Tensor t = stack.pop();
      if (t.node == null) {
        continue;
      }
      nodes++;
      doubles += t.size();
      for (Tensor in : t.node.inputs) {
        if (seen.add(in)) {
          stack.push(in);
        }
      }
    }
    return new Count(nodes, doubles);
  }

  /**
   * Counts the recorded graph reachable from the given tensors.
   *
   * @param outputs the tensors; not modified
   * @return the counts
   */
  public static Count of(Tensor... outputs) {
    return of(List.of(outputs));
  }
}
