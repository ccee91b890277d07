package dev.neuralode.sensitivity;

/**
 * Binomial checkpointing (A. Griewank and A. Walther, "Algorithm 799: revolve: an implementation of
 * checkpointing for the reverse or adjoint mode of computational differentiation", ACM TOMS 26(1)
 * (2000) 19–45): the order in which to recompute and reverse l steps x₀ → x₁ → … → x_l, holding at most c
 * states at once (the range's start included), with the least number of recomputed ("advanced") steps.
 *
 * <p>With β(c, r) = C(c + r, c), the repetition number r(l, c) is the least r with β(c, r) ≥ l, and the
 * least number of advances is t(l, c) = r·l − β(c + 1, r − 1) (β(·, −1) = 0), reached by the recursion
 * <pre>
 *   reverse(range of l steps, its start stored, c slots):
 *     l = 1:  reverse the step from the stored start
 *     c = 1:  for each step from the last to the first: advance from the start to it, reverse it
 *     else:   advance j steps, store that state, reverse(the right l − j steps, c − 1),
 *             release it, reverse(the left j steps, c)
 * </pre>
 * where the split j minimises j + t(l − j, c − 1) + t(j, c), which equals t(l, c). Every step is reversed
 * exactly once (l reversals); the reversal of a step replays it with recording. Stateless; the traversal
 * is driven through {@link Ops}, so it can be dry-run to count its work.
 */
final class BinomialSchedule {
  private BinomialSchedule() {}

  /**
   * The operations a traversal performs, in the order the schedule gives.
   *
   * @param <S> the state type
   */
  interface Ops<S> {
    /** The state after steps {@code from … to−1}, recomputed from the state at {@code from}. */
    S advance(S state, int from, int to);

    /** Reverses step i from the state at its start. Called for i = l−1, …, 0 in this order. */
    void reverse(int step, S state);
  }

  /** What a traversal did. */
  record Work(long advanced, long reversed, int peakStored) {}

  /**
   * Reverses steps 0 … l−1 from the initial state with at most c stored states.
   *
   * @param steps l ≥ 0
   * @param checkpoints c ≥ 1, the initial state included
   * @param start the state before step 0
   * @param ops the operations
   * @param <S> the state type
   * @return the work done
   */
  static <S> Work run(int steps, int checkpoints, S start, Ops<S> ops) {
    if (checkpoints < 1 || steps < 0) {
      throw new IllegalArgumentException("checkpoints=" + checkpoints + " must be >= 1 and steps=" + steps
          + " >= 0");
    }
    Counter k = new Counter();
    k.stored = 1;
    k.peak = steps > 0 ? 1 : 0;
    if (steps > 0) {
      reverse(0, steps, start, checkpoints, ops, k);
    }
    return new Work(k.advanced, k.reversed, k.peak);
  }

  private static final class Counter {
    long advanced;
    long reversed;
    int stored;
    int peak;
  }

  private static <S> void reverse(int a, int b, S state, int c, Ops<S> ops, Counter k) {
    int l = b - a;
    if (l == 1) {
      ops.reverse(a, state);
      k.reversed++;
      return;
    }
    if (c == 1) {
      for (int i = b - 1; i >= a; i--) {
        S s = i == a ? state : ops.advance(state, a, i);
        k.advanced += i - a;
        ops.reverse(i, s);
        k.reversed++;
      }
      return;
    }
    int j = split(l, c);
    S mid = ops.advance(state, a, a + j);
    k.advanced += j;
    k.stored++;
    k.peak = Math.max(k.peak, k.stored);
    reverse(a + j, b, mid, c - 1, ops, k);
    k.stored--;
    reverse(a, a + j, state, c, ops, k);
  }

  /**
   * The optimal first split of l ≥ 2 steps with c ≥ 2 slots: the least j in [1, l) minimising
   * j + t(l − j, c − 1) + t(j, c).
   */
  static int split(int l, int c) {
    long best = Long.MAX_VALUE;
    int arg = 1;
    long target = advances(l, c);
    for (int j = 1; j < l; j++) {
      long cost = j + advances(l - j, c - 1) + advances(j, c);
      if (cost < best) {
        best = cost;
        arg = j;
        if (cost == target) {
          break;
        }
      }
    }
    return arg;
  }

  /**
   * β(c, r) = C(c + r, c), saturating at {@link Long#MAX_VALUE}; β(c, −1) = 0.
   *
   * @param c ≥ 0
   * @param r ≥ −1
   * @return the binomial coefficient
   */
  static long beta(int c, int r) {
    if (r < 0) {
      return 0;
    }
    long v = 1;
    for (int i = 1; i <= r; i++) {
      long num;
      try {
        num = Math.multiplyExact(v, (long) c + i);
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
      v = num / i; // exact: C(c+i, i) = C(c+i−1, i−1)·(c+i)/i
    }
    return v;
  }

  /**
   * The repetition number r(l, c): the least r ≥ 0 with β(c, r) ≥ l.
   *
   * @param l ≥ 1 steps
   * @param c ≥ 1 slots
   * @return r
   */
  static int repetitions(int l, int c) {
    if (c == 1) {
      return Math.max(0, l - 1); // β(1, r) = r + 1
    }
    int r = 0;
    long b = 1; // β(c, 0)
    while (b < l) {
      r++;
      b = b > Long.MAX_VALUE / (c + r) ? Long.MAX_VALUE : b * (c + r) / r;
    }
    return r;
  }

  /**
   * The least number of advanced steps to reverse l steps with c slots: t(l, c) = r·l − β(c + 1, r − 1).
   *
   * @param l ≥ 1
   * @param c ≥ 1
   * @return t(l, c)
   */
  static long advances(int l, int c) {
    if (c == 1) {
      return (long) l * (l - 1) / 2;
    }
    int r = repetitions(l, c);
    return (long) r * l - beta(c + 1, r - 1);
  }
}
