package dev.neuralode.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A sum of one vector per partition whose floating-point result does not depend on the order in
 * which Spark merges partial results: the value of any set of partitions is always added up along
 * the same binary tree over the partition indices. A node (level l, index k) holds the sum over
 * partitions [k·2^l, (k+1)·2^l), computed as left child + right child; whenever a node's sibling is
 * present the two are combined at once, so a set of leaves always reduces to the same nodes with
 * the same values, and {@link #total()} adds what remains from left to right.
 *
 * <p>This is the accumulator of a Spark {@code treeAggregate}: Spark combines partial results in
 * the order tasks finish, which would otherwise change the last bits of the sum from run to run. A
 * partial result holds at most ⌈log₂ P⌉ + 1 vectors for P partitions. Immutable.
 * @serial exclude
 */
public final class OrderedSum implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<Long, double[]> nodes;
  private final int length;

  private OrderedSum(Map<Long, double[]> nodes, int length) {
    this.nodes = nodes;
    this.length = length;
  }

  /**
   * The sum of nothing.
   *
   * @param length the length of every vector, at least 1
   * @return an empty sum
   * @throws IllegalArgumentException if length is below 1
   */
  public static OrderedSum empty(int length) {
    if (length < 1) {
      throw new IllegalArgumentException("length must be >= 1; got " + length);
    }
    return new OrderedSum(new HashMap<>(), length);
  }

  /**
   * This sum plus one partition's vector.
   *
   * @param partition the partition index, ≥ 0, not already added
   * @param vector the partition's vector, of this sum's length; not modified
   * @return a new sum
   * @throws IllegalArgumentException if the index is negative or present, or the length differs
   */
  public OrderedSum plus(int partition, double[] vector) {
    if (partition < 0 || vector == null || vector.length != length) {
      throw new IllegalArgumentException("need a partition index >= 0 and a vector of length " + length
          + "; got partition " + partition + ", vector of length " + (vector == null ? "null" : vector.length));
    }
    Map<Long, double[]> copy = new HashMap<>(nodes);
    insert(copy, 0, partition, vector.clone());
    return new OrderedSum(copy, length);
  }

  /**
   * The sum of two disjoint sets of partitions.
   *
   * @param other a sum over other partitions, of the same length
   * @return a new sum
   * @throws IllegalArgumentException if the lengths differ or a partition is in both
   */
  public OrderedSum merge(OrderedSum other) {
    if (other.length != length) {
      throw new IllegalArgumentException("cannot merge sums of length " + length + " and " + other.length);
    }
    Map<Long, double[]> copy = new HashMap<>(nodes);
    for (Map.Entry<Long, double[]> e : other.nodes.entrySet()) {
      insert(copy, level(e.getKey()), index(e.getKey()), e.getValue());
    }
    return new OrderedSum(copy, length);
  }

  /**
   * The total: the remaining tree nodes added from the lowest partition index up.
   *
   * @return a new vector, zeros if nothing was added
   */
  public double[] total() {
    List<Long> keys = new ArrayList<>(nodes.keySet());
    keys.sort((a, b) -> Long.compare((long) index(a) << level(a), (long) index(b) << level(b)));
    double[] out = new double[length];
    boolean first = true;
    for (long k : keys) {
      double[] v = nodes.get(k);
      if (first) {
        System.arraycopy(v, 0, out, 0, length);
        first = false;
      } else {
        for (int i = 0; i < length; i++) {
          out[i] += v[i];
        }
      }
    }
    return out;
  }

  private static void insert(Map<Long, double[]> nodes, int level, int index, double[] value) {
    double[] v = value;
    int l = level;
    int k = index;
    while (true) {
      if (nodes.containsKey(key(l, k))) {
        throw new IllegalArgumentException("partition range at level " + l + ", index " + k + " was added twice");
      }
      double[] sibling = nodes.remove(key(l, k ^ 1));
      if (sibling == null) {
        nodes.put(key(l, k), v);
        return;
      }
      double[] left = (k & 1) == 0 ? v : sibling;
      double[] right = (k & 1) == 0 ? sibling : v;
      double[] sum = new double[left.length];
      for (int i = 0; i < sum.length; i++) {
        sum[i] = left[i] + right[i];
      }
      v = sum;
      k >>= 1;
      l++;
    }
  }

  private static long key(int level, int index) {
    return ((long) level << 32) | (index & 0xffffffffL);
  }

  private static int level(long key) {
    return (int) (key >>> 32);
  }

  private static int index(long key) {
    return (int) key;
  }
}
