package dev.neuralode.tensor;

/**
 * What a thread's scopes have set: whether operations record graph nodes ({@link Autograd#noGrad()}),
 * the pool that large kernels may split their work over ({@link Parallelism}) and the open
 * {@link KernelCounter}. One instance per thread, held by {@link Autograd}'s thread-local; never
 * shared between threads.
 */
final class ThreadState {
  /** Whether operations record graph nodes. */
  boolean recording = true;
  /** The pool of the innermost open {@link Parallelism} scope, or null for one thread. */
  TaskPool pool;
  /** The tracer of a {@link Program} being captured on this thread, or null. */
  Tracer tracer;
  /** The innermost open {@link KernelCounter} of this thread, or null. */
  KernelCounter counter;
}
