package dev.neuralode.spark;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Progress lines for a Spark job that counts its finished units of work (rows solved, fits done)
 * in a {@link LongAccumulator}: while it runs, one line on the command's stderr every {@value
 * #SECONDS} s, e.g. {@code neuralode spark ensemble-solve: 340/1000 rows solved (34%), 10.0 s
 * elapsed, about 19 s left}, with the fields of the local commands' lines on a stderr that is not a
 * terminal (which also print after the first and the last step; these print on a clock only). The
 * driver sees a task's additions when the task ends, so the count moves a partition (or a fit) at a
 * time: a job in one partition shows 0% until it ends. A job that ends within {@value #SECONDS} s
 * prints no line. Once a stop signal has been received no line is begun (one being printed at
 * that moment still ends), and none is printed after {@link #close} returns, so the command's stop
 * line and report come after every progress line.
 */
final class JobProgress implements AutoCloseable {
  /**
   * The time between two progress lines: {@value} s, the local commands' least interval on a
   * stderr that is not a terminal (also spark density's).
   */
  static final int SECONDS = 5;

  private final LongAccumulator done;
  private final String command;
  private final String unitsDone;
  private final PrintStream err;
  private final BooleanSupplier stopped;
  private final CountDownLatch closed = new CountDownLatch(1);
  private Thread thread;

  private JobProgress(SparkSession spark, String command, String unitsDone, PrintStream err, BooleanSupplier stopped) {
    this.done = spark.sparkContext().longAccumulator("neuralode " + command + " progress");
    this.command = command;
    this.unitsDone = unitsDone;
    this.err = err;
    this.stopped = stopped;
  }

  /**
   * The progress of a job about to be built: its {@link #counter()} goes into the tasks; {@link
   * #start} starts the lines once the job's size is known.
   *
   * @param spark the session (the accumulator is registered with its context)
   * @param command the command's name, for the line's prefix
   * @param unitsDone what the count counts, e.g. {@code rows solved}
   * @param err where the lines go
   * @param stopped true once a stop signal has been received: no line after that
   * @return the progress, not started; close it when the job has ended
   */
  static JobProgress of(SparkSession spark, String command, String unitsDone, PrintStream err,
      BooleanSupplier stopped) {
    return new JobProgress(spark, command, unitsDone, err, stopped);
  }

  /**
   * Starts the lines, one every {@value #SECONDS} s.
   *
   * @param total the units the job will finish (at least 0)
   * @param commandStart {@link System#nanoTime()} when the command started: the lines' elapsed
   *     time counts from it, as the command's last line does
   * @return this
   * @throws IllegalStateException if already started
   */
  JobProgress start(long total, long commandStart) {
    return start(total, commandStart, SECONDS * 1000L);
  }

  /**
   * Starts the lines, one every periodMillis.
   *
   * @param total the units the job will finish (at least 0)
   * @param commandStart {@link System#nanoTime()} when the command started
   * @param periodMillis the time between two lines, in milliseconds (at least 1)
   * @return this
   * @throws IllegalStateException if already started
   */
  synchronized JobProgress start(long total, long commandStart, long periodMillis) {
    if (thread != null) {
      throw new IllegalStateException("progress already started");
    }
    long jobStart = System.nanoTime();
    thread = new Thread(() -> {
      long seen = 0;
      long changedAt = jobStart;
      try {
        while (!closed.await(periodMillis, TimeUnit.MILLISECONDS)) {
          if (stopped.getAsBoolean()) {
            return;
          }
          // the accumulator's value as the scheduler last merged it (a plain field Spark updates as
          // each task ends; a progress line may lag a task by one tick)
          long now = System.nanoTime();
          long n = Math.min(Math.max(0, done.value()), total);
          if (n != seen) {
            seen = n;
            changedAt = now;
          }
          err.println(SparkMain.prefix(command) + line(n, unitsDone, total, (now - commandStart) / 1e9,
              remaining(n, total, (changedAt - jobStart) / 1e9, (now - changedAt) / 1e9)));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "neuralode-progress");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  /**
   * The accumulator the tasks add their finished units to (one per row, one per fit).
   *
   * @return the counter
   */
  LongAccumulator counter() {
    return done;
  }

  /**
   * One progress line, without the prefix: done of total (percent), elapsed seconds and the time
   * left, when known. A count above the total (a task that Spark ran twice) is shown as the total.
   *
   * @param done the units done so far (shown between 0 and total)
   * @param unitsDone what they are, e.g. {@code fits done}
   * @param total the units in all
   * @param elapsed seconds since the command started
   * @param left the seconds left ({@link #remaining}), or NaN where unknown
   * @return e.g. {@code 3/8 fits done (37%), 25.0 s elapsed, about 42 s left}
   */
  static String line(long done, String unitsDone, long total, double elapsed, double left) {
    long n = Math.min(Math.max(0, done), total);
    return String.format(Locale.ROOT, "%d/%d %s (%d%%), %.1f s elapsed%s", n, total, unitsDone,
        total == 0 ? 100 : 100 * n / total, elapsed, left >= 0.5
            ? String.format(Locale.ROOT, ", about %.0f s left", left) : "");
  }

  /**
   * The seconds left: the done units took {@code toLastChange} seconds of the job (until the count
   * last moved), so the others take as long each, less the time since that change, which they have
   * had already. Counting from the last change keeps the estimate falling while a count that moves a
   * task at a time stands still (the elapsed time's rate would make it grow).
   *
   * @param done the units done
   * @param total the units in all
   * @param toLastChange seconds from the job's start to the count's last change
   * @param sinceChange seconds since that change
   * @return the seconds left; NaN before the first unit or after the last, or once the estimate
   *     has run out (the line then gives none)
   */
  static double remaining(long done, long total, double toLastChange, double sinceChange) {
    if (done <= 0 || done >= total) {
      return Double.NaN;
    }
    double left = toLastChange / done * (total - done) - sinceChange;
    return left > 0 ? left : Double.NaN;
  }

  /**
   * The remaining-time part of a progress line: {@code , about 42 s left} at the rate so far, or
   * empty before the first unit is done and after the last (spark density's lines use it too).
   *
   * @param done the units done so far
   * @param total the units in all
   * @param seconds the seconds the done units took
   * @return the text, starting with a comma, or empty
   */
  static String timeLeft(long done, long total, double seconds) {
    return done > 0 && done < total
        ? String.format(Locale.ROOT, ", about %.0f s left", seconds / done * (total - done)) : "";
  }

  /** Stops the lines: none is printed after this returns. */
  @Override
  public void close() {
    closed.countDown();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      awaitEnd(t);
    }
  }

  /**
   * Waits until a line-printing thread has ended, through interrupts (the promise of {@link #close}
   * and of SparkMain's notice is that no line follows), then restores the caller's interrupt.
   *
   * @param t the thread, told to end
   */
  static void awaitEnd(Thread t) {
    boolean interrupted = false;
    while (t.isAlive()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
