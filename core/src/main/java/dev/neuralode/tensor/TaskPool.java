package dev.neuralode.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The threads behind one {@link Parallelism} scope: {@code threads − 1} workers plus the thread that
 * opened the scope, which runs tasks too instead of waiting. A kernel's tasks are cut into one part
 * of consecutive indices per thread; each thread claims the tasks of its own part one at a time and
 * then those left in the other parts, so a task goes to whichever thread is free, and the rows a
 * thread computes in one kernel are usually those it computed in the last one (they are in its
 * cache). Between kernels an idle worker spins for {@link #SPIN_NANOS} before it parks: the kernels
 * of one training step follow each other within microseconds, and waking a parked thread costs tens
 * of microseconds on a virtual machine, as much as a small kernel. (A fork-join pool parks its
 * workers at once and keeps the calling thread waiting; with two threads that made the scope slower
 * than one thread on the MLP of issue 9's P3.)
 *
 * <p>A worker parked for {@link #KEEP_ALIVE_NANOS} without work ends, as a fork-join pool's idle
 * workers do, so a scope that is never closed does not keep threads forever; the next kernel starts
 * it again. The owner claims tasks too, so a kernel never waits for a worker that is ending.
 *
 * <p>Only the thread that opened the scope submits work; a task that starts a kernel itself runs it on
 * its own thread (workers have no scope, and a nested call on the owner runs inline).
 */
final class TaskPool {
  /** How long an idle worker spins for the next kernel before it parks. */
  static final long SPIN_NANOS = 200_000L;

  /** How long a parked worker waits for work before it ends. */
  static final long KEEP_ALIVE_NANOS = 30_000_000_000L;

  /**
   * One kernel's tasks, cut into one part of consecutive tasks per thread (the owner's part first).
   * Each thread runs its own part from the front and then helps with the others' parts, so a thread
   * usually gets the same rows in one kernel after another (they stay in its cache), and a late or
   * descheduled worker only leaves its part to the threads that are done. Each part's claim counter
   * has its own cache line, and each thread adds its count of finished tasks once, so that tasks of
   * a few microseconds do not contend on shared counters.
   */
  private static final class Job {
    /** Ints from one part's counter to the next (64 bytes: a cache line). */
    private static final int PAD = 16;
    final IntConsumer body;
    final int tasks;
    final int parts;
    /** The next unclaimed task of part q, at index q·PAD. */
    final AtomicIntegerArray next;
    final AtomicInteger done = new AtomicInteger();
    /** The first error a task threw (the first to be recorded, if several threads fail at once). */
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    Job(IntConsumer body, int tasks, int parts) {
      this.body = body;
      this.tasks = tasks;
      this.parts = parts;
      this.next = new AtomicIntegerArray(parts * PAD);
      for (int q = 1; q < parts; q++) {
        next.lazySet(q * PAD, start(q)); // published with the job (a volatile write)
      }
    }

    /** The first task of part q (q = parts gives tasks): consecutive parts, as equal as possible. */
    int start(int q) {
      return (int) ((long) tasks * q / parts);
    }

    /** Claims and runs tasks of part {@code self}, then of the other parts, until none is left. */
    void work(int self) {
      int finished = 0;
      for (int r = 0; r < parts; r++) {
        int q = (self + r) % parts;
        int end = start(q + 1);
        int t;
        // a part already used up is only read, so that threads do not contend on its counter
        while (next.get(q * PAD) < end && (t = next.getAndIncrement(q * PAD)) < end) {
          try {
            body.accept(t);
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
          finished++;
        }
      }
      done.addAndGet(finished);
    }
  }

  private final int threads;
  private final long keepAliveNanos;
  /** Whether worker i is running (1) or has ended or not started (0). */
  private final AtomicIntegerArray alive;
  /** The worker threads last started; owner thread only. */
  private final Thread[] workers;
  private volatile Job job;
  private volatile boolean shutdown;
  /** Whether the owner is inside {@link #run} (a nested call runs inline); owner thread only. */
  private boolean running;

  TaskPool(int threads) {
    this(threads, KEEP_ALIVE_NANOS);
  }

  /** A pool whose idle workers end after keepAliveNanos parked (tests use a short one). */
  TaskPool(int threads, long keepAliveNanos) {
    this.threads = threads;
    this.keepAliveNanos = keepAliveNanos;
    this.workers = new Thread[threads - 1];
    this.alive = new AtomicIntegerArray(threads - 1);
    for (int i = 0; i < workers.length; i++) {
      start(i);
    }
  }

  private void start(int i) {
    alive.set(i, 1);
    Thread w = new Thread(() -> workerLoop(i), "neuralode-kernel-" + (i + 1));
    w.setDaemon(true);
    workers[i] = w;
    w.start();
  }

  /** How many workers are running now (for tests). */
  int aliveWorkers() {
    int n = 0;
    for (int i = 0; i < alive.length(); i++) {
      n += alive.get(i);
    }
    return n;
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
    Job j = new Job(body, tasks, Math.min(threads, tasks));
    try {
      job = j;
      for (int i = 0; i < workers.length; i++) {
        if (alive.get(i) == 0 && !shutdown) {
          start(i); // it ended after idling; this kernel may run without it, the next has it
        } else {
          LockSupport.unpark(workers[i]);
        }
      }
      j.work(0);
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
    Throwable e = j.failure.get();
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

  private void workerLoop(int index) {
    Job last = null;
    long idleSince = System.nanoTime();
    while (!shutdown) {
      Job j = job;
      if (j != null && j != last) {
        last = j;
        j.work((index + 1) % j.parts); // worker i's part is i + 1 (the owner's is 0) when there are enough
        idleSince = System.nanoTime();
      } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
        Thread.onSpinWait();
      } else if (System.nanoTime() - idleSince >= keepAliveNanos) {
        j = job;
        if (j == null || j == last) {
          break; // idle for the keep-alive time: end; the owner starts a new worker when needed
        }
      } else {
        LockSupport.parkNanos(this, keepAliveNanos);
      }
    }
    alive.set(index, 0);
  }
}
