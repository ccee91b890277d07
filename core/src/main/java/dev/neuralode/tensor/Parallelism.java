package dev.neuralode.tensor;

import java.util.function.IntConsumer;

/**
 * How many threads the tensor kernels started on the current thread may use: a scope, opened with
 * {@link #threads(int)} in a try-with-resources statement (as {@link Autograd#noGrad()}), that owns
 * that many threads (the calling thread and {@code threads − 1} workers) until it is closed.
 *
 * <p>Inside the scope, large kernels (matrix products with many rows or, with few rows, many
 * columns; costly elementwise functions over many values; long cheap elementwise, broadcast and
 * bias-sum loops) split their output into a fixed partition that depends only on the sizes, never
 * on the number of threads, and every output value is computed by the same sequence of operations as
 * on one thread. So results are bit-identical for any number of threads: the setting changes speed,
 * never a digit. Outside any scope, or with one thread, everything runs on the calling thread.
 *
 * <p>The setting is per thread and explicit: threads that a scope does not cover (for example other
 * models trained on other threads) are not affected, and there is no global state.
 */
public final class Parallelism implements AutoCloseable {
  /** The most threads a scope may use. */
  public static final int MAX_THREADS = 256;

  /** Work below this many multiply–adds (or elementwise evaluations weighted by cost) is not split. */
  static final long MIN_PARALLEL_WORK = 1L << 16;

  private final int threads;
  private final TaskPool pool;
  private final TaskPool previous;
  private final Thread owner;
  private boolean closed;

  private Parallelism(int threads) {
    this.threads = threads;
    this.owner = Thread.currentThread();
    ThreadState state = Autograd.state();
    this.previous = state.pool;
    this.pool = threads > 1 ? new TaskPool(threads) : null;
    state.pool = pool;
  }

  /**
   * Lets kernels started on the current thread use {@code threads} threads until the returned scope
   * is closed; use in try-with-resources. One thread runs everything on the calling thread.
   *
   * @param threads the number of threads, at least 1
   * @return the open scope
   * @throws IllegalArgumentException if {@code threads} is below 1 or above {@link #MAX_THREADS}
   */
  public static Parallelism threads(int threads) {
    if (threads < 1 || threads > MAX_THREADS) {
      throw new IllegalArgumentException("threads is " + threads + "; pass 1 to " + MAX_THREADS
          + " (1 runs everything on the calling thread)");
    }
    return new Parallelism(threads);
  }

  /**
   * The number of threads this scope lets kernels use.
   *
   * @return the count given to {@link #threads(int)}
   */
  public int threads() {
    return threads;
  }

  /**
   * The number of threads kernels started on the current thread may use now.
   *
   * @return the innermost open scope's count, or 1 outside any scope
   */
  public static int current() {
    TaskPool pool = Autograd.state().pool;
    return pool == null ? 1 : pool.parallelism();
  }

  /**
   * Restores the previous setting of the thread that opened the scope and shuts the pool down.
   *
   * @throws IllegalStateException if called from another thread than the one that opened the scope
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("a Parallelism scope must be closed on the thread that opened it");
    }
    closed = true;
    Autograd.state().pool = previous;
    if (pool != null) {
      pool.shutdown();
    }
  }

  /**
   * Runs {@code body} for every task index in {@code [0, tasks)}, on the current thread's pool when
   * there is one and the work is large enough, else in order on the calling thread. The tasks must be
   * independent (each writes its own part of the output), so the result does not depend on which
   * thread runs which task.
   */
  static void forEach(int tasks, long work, IntConsumer body) {
    TaskPool pool = Autograd.state().pool;
    if (pool == null || tasks < 2 || work < MIN_PARALLEL_WORK) {
      for (int t = 0; t < tasks; t++) {
        body.accept(t);
      }
      return;
    }
    pool.run(tasks, body);
  }

  /** A body that handles the index range [from, to) of a split loop. */
  @FunctionalInterface
  interface RangeBody {
    /** Handles indices [from, to). */
    void run(int from, int to);
  }

  /** Elements per task of a cheap elementwise loop split over threads (a fixed partition). */
  static final int ELEMENT_CHUNK = 1 << 13;

  /**
   * The work of one element of a cheap elementwise loop in multiply–add units (it is bound by memory,
   * a few times slower than a multiply–add of a vectorised product), so that a batch of 512 × 64
   * values (a CNF layer) is split.
   */
  static final long ELEMENT_WORK = 4;

  /**
   * Runs {@code body} over [0, n) cut into consecutive ranges of {@code chunk} indices (the last one
   * shorter), as {@link #forEach} tasks: in parallel when the current thread has a pool and {@code
   * work} is large enough, else in order on the calling thread. The partition depends only on
   * {@code n} and {@code chunk}; each index must be handled independently of the others.
   */
  static void forRanges(int n, int chunk, long work, RangeBody body) {
    int tasks = (n + chunk - 1) / chunk;
    if (tasks < 2 || Autograd.state().pool == null || work < MIN_PARALLEL_WORK) {
      body.run(0, n);
      return;
    }
    forEach(tasks, work, t -> body.run(t * chunk, Math.min(n, (t + 1) * chunk)));
  }

}
