package dev.neuralode.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long command step, such as training iterations: a progress bar on stderr when it
 * is shown on a terminal, and otherwise (CI, pipes, log files) one plain line every {@value
 * #LINE_SECONDS} seconds, after the first step and after the last:
 *
 * <pre>
 * fit: iteration 120/1000 (12%), loss 0.0123, rows 12/24, nfe 20+35, 9.8 s elapsed, about 72 s left
 * </pre>
 *
 * <p>Every training command reports through this class, so runs never look hung: new commands
 * call {@link #start(String, long, boolean, PrintWriter)} with the command's error writer and
 * {@link #step(String, long, long)} once per iteration with the loss and that iteration's forward
 * and backward NFE.
 *
 * <p>The bar is shown only when all of these hold: {@code --quiet} was not given, {@link
 * System#console()} is not {@code null} (the JVM runs attached to a terminal) and {@code TERM} is
 * not {@code dumb}. Output redirected to a file or a pipe, and tests, therefore get no carriage
 * returns or escape codes. The bar width comes from {@code COLUMNS} (default 100), so no
 * terminal library probes the console. The bar uses Unicode blocks when the console encoding is
 * UTF-8 and ASCII otherwise.
 *
 * <p>Not thread-safe: call {@link #step(String)} from the thread doing the work. Close it (try
 * with resources) to finish the bar's line.
 */
public final class Progress implements AutoCloseable {

  /** Seconds between two plain progress lines when stderr is not a terminal. */
  static final int LINE_SECONDS = 5;

  private static final Progress NONE = new Progress(null, null, null, 0, 0);

  private final ProgressBar bar;
  private final PrintWriter lines;
  private final String task;
  private final long total;
  private final long intervalNanos;
  private final long start = System.nanoTime();
  private long steps;
  private long lastLine;
  private long lastLineSteps;
  private boolean printed;
  private long resumedFrom;
  private String stage;
  private long stageStart;
  private long stageLength;
  private String counted;

  private Progress(ProgressBar bar, PrintWriter lines, String task, long total, long intervalNanos) {
    this.bar = bar;
    this.lines = lines;
    this.task = task;
    this.total = total;
    this.intervalNanos = intervalNanos;
  }

  /**
   * Starts progress reporting: a bar on a terminal, plain lines to {@code err} otherwise.
   *
   * @param task the label in front of the bar or line, e.g. {@code "fit"}
   * @param total the number of steps, {@code >= 1}
   * @param quiet whether the user asked for silence ({@code --quiet}): then nothing at all
   * @param err where plain lines go (the command line's error writer)
   * @return the progress reporter
   */
  public static Progress start(String task, long total, boolean quiet, PrintWriter err) {
    if (quiet) {
      return NONE;
    }
    if (!isTerminal()) {
      return lines(task, total, err, LINE_SECONDS * 1_000_000_000L);
    }
    return start(task, total, false);
  }

  /**
   * Plain progress lines at most every {@code intervalNanos} (0: after every step), for tests.
   *
   * @param task the label
   * @param total the number of steps
   * @param err where the lines go
   * @param intervalNanos the least time between two lines
   * @return the reporter
   */
  static Progress lines(String task, long total, PrintWriter err, long intervalNanos) {
    return new Progress(null, err, task, Math.max(1, total), intervalNanos);
  }

  /**
   * Starts progress reporting.
   *
   * @param task the label in front of the bar, e.g. {@code "fit"}
   * @param total the number of steps, {@code >= 1}
   * @param quiet whether the user asked for silence ({@code --quiet})
   * @return a bar on a terminal, else an instance that does nothing
   */
  public static Progress start(String task, long total, boolean quiet) {
    if (quiet || !isTerminal()) {
      return NONE;
    }
    PrintStream err = System.err;
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(Math.max(1, total))
        .setStyle(unicode() ? ProgressBarStyle.UNICODE_BLOCK : ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(err, width() - 1))
        .setUpdateIntervalMillis(200)
        .build();
    return new Progress(bar, null, task, total, 0);
  }

  /**
   * Returns whether progress bars are shown at all in this process (ignoring {@code --quiet}).
   *
   * @return {@code true} when attached to a terminal that is not {@code TERM=dumb}
   */
  public static boolean isTerminal() {
    return System.console() != null && !"dumb".equals(System.getenv("TERM"));
  }

  /**
   * Whether this instance draws a bar.
   *
   * @return {@code false} for the silent instance
   */
  public boolean isShown() {
    return bar != null || lines != null;
  }

  /**
   * Continues the count of a resumed run: the next {@link #step} is iteration {@code done + 1}, and
   * the time left is estimated from the steps taken in this process only.
   *
   * @param done the iterations already done before this process started, ≥ 0
   * @return this progress
   */
  public Progress resumeAt(long done) {
    if (done > 0 && isShown()) {   // never touch the shared silent instance
      steps = done;
      resumedFrom = done;
      lastLineSteps = done;
      if (bar != null) {
        bar.stepTo(done);
      }
    }
    return this;
  }

  /**
   * Marks the start of one of several models trained one after another, so that progress lines
   * count the model's own iterations ({@code model 1/2 (latent ODE), iteration 30/30}) and give
   * the share of the whole run beside them.
   *
   * @param label the model, e.g. {@code model 1/2 (latent ODE)}
   * @param start the run's steps before this model's first iteration
   * @param length this model's iterations
   * @return this
   */
  public Progress stage(String label, long start, long length) {
    if (isShown()) {   // never touch the shared silent instance
      stage = label;
      stageStart = start;
      stageLength = Math.max(1, length);
    }
    return this;
  }

  /**
   * Says what the steps count when they are not one model's iterations, e.g. {@code iterations
   * of all 3 members} for members trained side by side: lines then read {@code 120/300 iterations
   * of all 3 members (40%)}.
   *
   * @param what the counted steps
   * @return this
   */
  public Progress counting(String what) {
    if (isShown()) {
      counted = what;
    }
    return this;
  }

  /**
   * Records one step with the function evaluations of its forward and backward passes, shown as
   * {@code nfe F+B} (the {@code nfe_forward} and {@code nfe_backward} of {@code summary.json}).
   *
   * @param message the step's figures, e.g. {@code loss 0.0123}
   * @param nfeForward this step's forward evaluations
   * @param nfeBackward this step's backward evaluations (0 for plain backpropagation)
   */
  public void step(String message, long nfeForward, long nfeBackward) {
    String nfe = "nfe " + nfeForward + "+" + nfeBackward;
    advance(message == null || message.isEmpty() ? nfe : message + ", " + nfe);
  }

  /**
   * Advances by one step with a status and no function evaluation counts.
   *
   * @param message a short status such as {@code "loss 0.0123"}, or {@code null} to keep the last
   */
  public void step(String message) {
    advance(message);
  }

  /**
   * Advances by one step; on a terminal, replaces the text after the bar, otherwise prints a plain
   * line when {@value #LINE_SECONDS} seconds have passed since the last one (and always after the
   * first and the last step).
   *
   * @param message a short status such as {@code "loss 0.0123, nfe 20+35"}, or {@code null}
   */
  private void advance(String message) {
    steps++;
    if (lines != null) {
      long now = System.nanoTime();
      if (!printed || steps >= total || now - lastLine >= intervalNanos) {
        double elapsed = (now - start) / 1e9;
        // the remaining time at the recent pace: later iterations may cost more (a curriculum's
        // growing windows, a flow's stiffening dynamics) than the average so far says
        boolean first = !printed;
        double perStep = printed && steps > lastLineSteps
            ? (now - lastLine) / 1e9 / (steps - lastLineSteps) : elapsed / Math.max(1, steps - resumedFrom);
        printed = true;
        lastLine = now;
        lastLineSteps = steps;
        StringBuilder b = new StringBuilder(task).append(": ");
        if (stage != null) {
          b.append(stage).append(", iteration ").append(Math.min(stageLength, steps - stageStart))
              .append('/').append(stageLength).append(" (").append(100 * steps / total)
              .append("% of the run)");
        } else if (counted != null) {
          b.append(steps).append('/').append(total).append(' ').append(counted).append(" (")
              .append(100 * steps / total).append("%)");
        } else {
          b.append("iteration ").append(steps).append('/').append(total).append(" (")
              .append(100 * steps / total).append("%)");
        }
        if (message != null && !message.isEmpty()) {
          b.append(", ").append(message);
        }
        b.append(String.format(java.util.Locale.ROOT, ", %.1f s elapsed", elapsed));
        if (steps < total && !first) {   // the first step includes warm-up: no estimate yet
          b.append(String.format(java.util.Locale.ROOT, ", about %.0f s left", perStep * (total - steps)));
        }
        lines.println(b);
        lines.flush();
      }
      return;
    }
    if (bar != null) {
      if (stage != null) {
        message = stage + ", iteration " + Math.min(stageLength, steps - stageStart) + "/"
            + stageLength + (message == null ? "" : ", " + message);
      }
      if (message != null) {
        bar.setExtraMessage(message);
      }
      bar.step();
    }
  }

  /**
   * Replaces the text after the bar without advancing it.
   *
   * @param message a short status
   */
  public void message(String message) {
    if (bar != null) {
      bar.setExtraMessage(message);
    }
  }

  /** Draws the final state of the bar and ends its line. Safe to call more than once. */
  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }

  private static int width() {
    try {
      String columns = System.getenv("COLUMNS");
      int w = columns == null ? 100 : Integer.parseInt(columns.trim());
      return Math.max(40, Math.min(w, 200));
    } catch (NumberFormatException e) {
      return 100;
    }
  }

  private static boolean unicode() {
    String enc = System.getProperty("stderr.encoding", System.getProperty("sun.stderr.encoding"));
    Charset cs;
    try {
      cs = enc == null ? Charset.defaultCharset() : Charset.forName(enc);
    } catch (RuntimeException e) {
      return false;
    }
    return StandardCharsets.UTF_8.equals(cs);
  }
}
