package dev.neuralode.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The threads behind a {@link Parallelism} scope: every task once, errors, nesting, shutdown. */
class TaskPoolTest {

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void everyTaskRunsExactlyOnceInManyConsecutiveKernels() {
    for (int threads = 2; threads <= 4; threads++) {
      TaskPool pool = new TaskPool(threads);
      try {
        for (int round = 0; round < 2000; round++) {
          int tasks = 1 + round % 37;
          AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
          pool.run(tasks, runs::incrementAndGet);
          for (int t = 0; t < tasks; t++) {
            assertThat(runs.get(t)).as("threads %d round %d task %d", threads, round, t).isEqualTo(1);
          }
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aTaskErrorIsRethrownAfterTheOtherTasksAndThePoolStaysUsable() {
    TaskPool pool = new TaskPool(2);
    try {
      AtomicIntegerArray runs = new AtomicIntegerArray(16);
      assertThatThrownBy(() -> pool.run(16, t -> {
        runs.incrementAndGet(t);
        if (t == 5) {
          throw new IllegalArgumentException("task 5 failed");
        }
      })).isInstanceOf(IllegalArgumentException.class).hasMessage("task 5 failed");
      for (int t = 0; t < 16; t++) {
        assertThat(runs.get(t)).isEqualTo(1);
      }
      AtomicIntegerArray again = new AtomicIntegerArray(8);
      pool.run(8, again::incrementAndGet);
      for (int t = 0; t < 8; t++) {
        assertThat(again.get(t)).isEqualTo(1);
      }
    } finally {
      pool.shutdown();
    }
  }

  /** A kernel started inside a task runs inline (on the owner) or serially (on a worker): no deadlock. */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void nestedKernelsRunInline() {
    double[] a = new Rng(1).normal(300 * 300).toArray();
    double[] expected = MatmulKernels.matmul(a, a, 300, 300, 300);
    try (Parallelism p = Parallelism.threads(2)) {
      double[][] out = new double[4][];
      Parallelism.forEach(4, Long.MAX_VALUE, t -> out[t] = MatmulKernels.matmul(a, a, 300, 300, 300));
      for (double[] c : out) {
        assertThat(c).containsExactly(expected);
      }
    }
  }

  /**
   * The scope's own two workers (told apart from stragglers of earlier pools, which end
   * asynchronously) run while it is open and end after it closes.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void closingTheScopeStopsItsWorkers() throws InterruptedException {
    java.util.Set<Thread> before = workerThreads();
    java.util.Set<Thread> mine;
    try (Parallelism p = Parallelism.threads(3)) {
      assertThat(Parallelism.current()).isEqualTo(3);
      mine = workerThreads();
      mine.removeAll(before);
      assertThat(mine).hasSize(2);
    }
    assertThat(Parallelism.current()).isEqualTo(1);
    for (Thread t : mine) {
      t.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(t.isAlive()).as(t.getName()).isFalse();
    }
  }

  /** Idle workers end after the keep-alive time, and the next kernel starts them again. */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void idleWorkersEndAndComeBack() throws InterruptedException {
    TaskPool pool = new TaskPool(3, TimeUnit.SECONDS.toNanos(2));
    try {
      AtomicIntegerArray runs = new AtomicIntegerArray(20);
      pool.run(20, runs::incrementAndGet);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (pool.aliveWorkers() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(pool.aliveWorkers()).isZero();
      AtomicIntegerArray again = new AtomicIntegerArray(20);
      pool.run(20, again::incrementAndGet);
      for (int t = 0; t < 20; t++) {
        assertThat(runs.get(t)).isEqualTo(1);
        assertThat(again.get(t)).isEqualTo(1);
      }
      assertThat(pool.aliveWorkers()).isEqualTo(2);
    } finally {
      pool.shutdown();
    }
  }

  private static java.util.Set<Thread> workerThreads() {
    java.util.Set<Thread> out = new java.util.HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("neuralode-kernel-") && t.isAlive()) {
        out.add(t);
      }
    }
    return out;
  }
}
