package dev.neuralode.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The threads behind one {@link Parallelism} scope: {@code threads − 1} workers plus the thread that
 * opened the scope, which runs tasks too instead of waiting. A kernel's tasks are claimed one index at
 * a time from a shared counter, so a task goes to whichever thread is free. Between kernels an idle
 * worker spins for {@link #SPIN_NANOS} before it parks: the kernels of one training step follow each
 * other within microseconds, and waking a parked thread costs tens of microseconds on a virtual
 * machine, as much as a small kernel. (A fork-join pool parks its workers at once and keeps the
 * calling thread waiting; with two threads that made the scope slower than one thread on the MLP of
 * issue 9's P3.)
 *
 * <p>Only the thread that opened the scope submits work; a task that starts a kernel itself runs it on
 * its own thread (workers have no scope, and a nested call on the owner runs inline).
 */
final class TaskPool {
  /** How long an idle worker spins for the next kernel before it parks. */
  static final long SPIN_NANOS = 200_000L;

  /** One kernel's tasks. */
  private static final class Job {
    final IntConsumer body;
    final int tasks;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger done = new AtomicInteger();
    volatile Throwable failure;

    Job(IntConsumer body, int tasks) {
      this.body = body;
      this.tasks = tasks;
    }

    /** Claims and runs tasks until none is left. */
    void work() {
      int t;
      while ((t = next.getAndIncrement()) < tasks) {
        try {
          body.accept(t);
        } catch (Throwable e) {
          if (failure == null) {
            failure = e;
          }
        }
        done.incrementAndGet();
      }
    }
  }

  private final int threads;
  private final Thread[] workers;
  private volatile Job job;
  private volatile boolean shutdown;
  /** Whether the owner is inside {@link #run} (a nested call runs inline); owner thread only. */
  private boolean running;

  TaskPool(int threads) {
    this.threads = threads;
    this.workers = new Thread[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      Thread w = new Thread(this::workerLoop, "neuralode-kernel-" + (i + 1));
      w.setDaemon(true);
      workers[i] = w;
    }
    for (Thread w : workers) {
      w.start();
    }
  }

  /** The number of threads, the owner included. */
  int parallelism() {
    return threads;
  }

  /**
   * Runs body(t) for t in [0, tasks) on the owner and the workers, and returns when all are done. An
   * error thrown by a task is rethrown here (the first one; the other tasks still run).
   */
  void run(int tasks, IntConsumer body) {
    if (running) {
      for (int t = 0; t < tasks; t++) {
        body.accept(t);
      }
      return;
    }
    running = true;
    Job j = new Job(body, tasks);
    try {
      job = j;
      for (Thread w : workers) {
        LockSupport.unpark(w);
      }
      j.work();
      int spins = 0;
      while (j.done.get() < tasks) {
        if (++spins < 1 << 12) {
          Thread.onSpinWait();
        } else {
          Thread.yield(); // a worker holding a task was descheduled
        }
      }
    } finally {
      job = null;
      running = false;
    }
    Throwable e = j.failure;
    if (e instanceof RuntimeException r) {
      throw r;
    }
    if (e instanceof Error err) {
      throw err;
    }
    if (e != null) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops the workers (they finish the task in hand first). */
  void shutdown() {
    shutdown = true;
    for (Thread w : workers) {
      LockSupport.unpark(w);
    }
  }

  private void workerLoop() {
    Job last = null;
    long idleSince = System.nanoTime();
    while (!shutdown) {
      Job j = job;
      if (j != null && j != last) {
        last = j;
        j.work();
        idleSince = System.nanoTime();
      } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
        Thread.onSpinWait();
      } else {
        LockSupport.park(this);
        idleSince = System.nanoTime();
      }
    }
  }
}
