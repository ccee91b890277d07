package dev.neuralode.tensor;

/**
 * Counts the multiply–adds of the tensor kernels' matrix products computed on the current thread
 * while it is open: a scope, opened with {@link #start()} in a try-with-resources statement (as
 * {@link Parallelism}). Each product counts m·k·n for op(A) {@code [m, k]} times op(B) {@code [k, n]}:
 * {@link Tensor#matmul}, linear and concat-squash layers (so a CNF's dynamics), and the products that
 * the captured programs of compiled dynamics replay, forward and in their vector–Jacobian products.
 * Two floating-point operations per multiply–add give the "useful" FLOP count that a benchmark
 * divides by time (issue 9's P4). The evaluations a capture makes count (its tracing run computes
 * the first evaluation's values), but not the replay with which it checks itself. Not counted:
 * elementwise work, copies, the solvers' own arithmetic, convolutions and their gradients (im2col
 * products of their own), and the fused flat kernels of a plain {@code Mlp}'s dynamics (the flat route
 * of {@code fit} and the demos), which compute their small products in loops of their own.
 *
 * <p>The count belongs to the thread that opened the scope and covers the products started on it,
 * including those whose rows its {@link Parallelism} scope splits over other threads; products that
 * other threads start (for example other models trained in parallel) are not counted. A scope opened
 * inside another counts on its own and adds its total to the enclosing one when closed. Not
 * thread-safe: use a scope on the thread that opened it.
 */
public final class KernelCounter implements AutoCloseable {
  private final Thread owner;
  private final KernelCounter previous;
  private long multiplyAdds;
  private boolean closed;

  private KernelCounter() {
    this.owner = Thread.currentThread();
    ThreadState state = Autograd.state();
    this.previous = state.counter;
    state.counter = this;
  }

  /**
   * Starts counting on the current thread until the returned scope is closed.
   *
   * @return the open counter, at zero
   */
  public static KernelCounter start() {
    return new KernelCounter();
  }

  /** Adds a product's multiply–adds (called by the product kernels on the owner thread). */
  void add(long count) {
    multiplyAdds += count;
  }

  /**
   * The multiply–adds counted so far (also after closing).
   *
   * @return the sum of m·k·n over the products started on the owner thread while the scope was open
   */
  public long multiplyAdds() {
    return multiplyAdds;
  }

  /**
   * Stops counting: the enclosing counter (if any) becomes current again and receives this count.
   * Closing twice has no further effect.
   *
   * @throws IllegalStateException if called from another thread than the one that opened the scope,
   *     or while a counter opened inside this one is still open (this one and those inside it are
   *     closed all the same, so the thread counts for the enclosing counter again)
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("a KernelCounter must be closed on the thread that opened it");
    }
    ThreadState state = Autograd.state();
    boolean innerOpen = state.counter != this;
    closed = true;
    state.counter = previous;
    if (previous != null) {
      previous.multiplyAdds += multiplyAdds;
    }
    if (innerOpen) {
      throw new IllegalStateException("a KernelCounter opened inside this one was still open; close the"
          + " inner one first (both are closed now)");
    }
  }
}
