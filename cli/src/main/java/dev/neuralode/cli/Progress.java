package dev.neuralode.cli;

import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long command step, such as training iterations: a progress bar on stderr when it
 * is shown on a terminal, and nothing otherwise.
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

  private static final Progress NONE = new Progress(null);

  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
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
    return new Progress(bar);
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
    return bar != null;
  }

  /**
   * Advances the bar by one step and replaces the text after it.
   *
   * @param message a short status such as {@code "loss 0.0123"}, or {@code null} to keep the last
   */
  public void step(String message) {
    if (bar != null) {
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
