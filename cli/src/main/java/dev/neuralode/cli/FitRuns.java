package dev.neuralode.cli;

import dev.neuralode.train.ShootingFit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * Runs the members of a fit ({@code --restarts} seeds or {@code --ensemble} members; one by
 * default) on a fixed pool of at most as many threads as there are cores. Each member is an
 * independent, deterministic {@link ShootingFit}, so the results do not depend on the pool size or
 * on the order in which members finish. The checkpoint holds every member's own checkpoint.
 */
final class FitRuns {

  /**
   * The checkpoint state of all members.
   *
   * @param members each member's latest checkpoint, or null for a member not yet started
   */
  record State(List<ShootingFit.Checkpoint> members) {}

  /**
   * Stands for a member without a checkpoint of its own yet (not started, or started but not yet
   * at its first save) in a saved state: checkpoint files hold no nulls (the strict JSON reader
   * refuses them), so such a member is saved as iteration 0 with no tensors and read back as not
   * started; it then starts afresh, which gives the same bits, as a fit is deterministic.
   */
  static final ShootingFit.Checkpoint NOT_STARTED = new ShootingFit.Checkpoint(0, new double[0][],
      new dev.neuralode.optim.Adam.State(new double[0][], new double[0][], 0), new double[0], 0, 0,
      1.0, 0, 0, new double[0][]);

  /**
   * What the members ended with.
   *
   * @param results each member's result, null where it failed or stopped
   * @param failures each member's failure, null where it succeeded
   * @param stopped whether any member stopped on request
   */
  record Outcome(List<ShootingFit.Result> results, List<RuntimeException> failures,
      boolean stopped) {}

  /** Told about each iteration of any member. */
  interface Progress {
    void step(int member, int iteration, int phase, double loss, long nfeForward,
        long nfeBackward);
  }

  private FitRuns() {}

  /**
   * Runs every member.
   *
   * @param data the training series
   * @param members each member's settings
   * @param resume the checkpoint state to continue from, or null
   * @param every save a checkpoint after every this many iterations of a member (0: only on stop)
   * @param save where the state goes
   * @param stop polled by a member after each iteration, with its iterations done
   * @param progress told about each iteration
   * @return the members' results
   */
  static Outcome run(List<ShootingFit.Series> data, List<ShootingFit.Settings> members,
      State resume, int every, Consumer<State> save, IntPredicate stop, Progress progress) {
    int k = members.size();
    ShootingFit.Checkpoint[] slots = new ShootingFit.Checkpoint[k];
    if (resume != null) {
      if (resume.members() == null || resume.members().size() != k) {
        throw new IllegalArgumentException("the checkpoint holds "
            + (resume.members() == null ? 0 : resume.members().size()) + " members but the run has "
            + k + "; resume it with the settings stored with it, or, if it was saved before fit made"
            + " two fits per seed by default (--augment auto), start over with --overwrite");
      }
      for (int i = 0; i < k; i++) {
        ShootingFit.Checkpoint c = resume.members().get(i);
        slots[i] = c == null || c.iteration() == 0 ? null : c;
      }
    }
    Object lock = new Object();
    Consumer<Integer> write = member -> {
      synchronized (lock) {
        List<ShootingFit.Checkpoint> saved = new ArrayList<>();
        for (ShootingFit.Checkpoint c : slots) {
          saved.add(c == null ? NOT_STARTED : c);
        }
        save.accept(new State(saved));
      }
    };
    ShootingFit.Result[] results = new ShootingFit.Result[k];
    RuntimeException[] failures = new RuntimeException[k];
    boolean[] stopped = new boolean[k];
    List<Runnable> tasks = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      int member = i;
      tasks.add(() -> {
        int[] done = {slots[member] == null ? 0 : slots[member].iteration()};
        ShootingFit.Checkpoints cp = new ShootingFit.Checkpoints(every, c -> {
          synchronized (lock) {
            slots[member] = c;
          }
          write.accept(member);
        }, () -> stop.test(done[0]));
        try {
          ShootingFit.Outcome o = ShootingFit.train(data, members.get(member),
              new ShootingFit.Listener() {
                @Override
                public void iteration(int it, int phase, double loss, long nfe) {
                  done[0] = it;
                }

                @Override
                public void iteration(int it, int phase, double loss, long nfe, long forward,
                    long backward) {
                  done[0] = it;
                  progress.step(member, it, phase, loss, forward, backward);
                }
              }, slots[member], cp);
          if (o.stopped()) {
            stopped[member] = true;
          } else {
            results[member] = o.result();
          }
        } catch (RuntimeException e) {
          failures[member] = e;
        }
      });
    }
    if (k == 1) {
      tasks.get(0).run();
    } else {
      int threads = Math.max(1, Math.min(k, Runtime.getRuntime().availableProcessors()));
      ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "neuralode-fit-member");
        t.setDaemon(true);
        return t;
      });
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (Runnable task : tasks) {
          futures.add(pool.submit(task));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while fitting", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r
            : new IllegalStateException(e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    boolean anyStopped = false;
    for (boolean s : stopped) {
      anyStopped |= s;
    }
    return new Outcome(Arrays.asList(results), Arrays.asList(failures), anyStopped);
  }
}
