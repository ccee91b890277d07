package dev.neuralode.spark;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of {@link SparkMain#run} with its stdout and stderr captured, for tests that
 * check what a user sees.
 *
 * @param exit the exit status
 * @param out what the run printed on stdout
 * @param err what the run printed on stderr
 */
record SparkRun(int exit, String out, String err) {
  /** Runs {@code neuralode spark ARGS...} in this JVM and captures its output. */
  static SparkRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = SparkMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new SparkRun(exit, out.toString(StandardCharsets.UTF_8), withoutStartLines(err.toString(StandardCharsets.UTF_8)));
  }

  /**
   * stderr without the lines SparkMain prints while Spark starts and the job is prepared, which come
   * only when that takes more than 5 s (a loaded machine), so that the tests' line counts do not
   * depend on the load.
   */
  static String withoutStartLines(String err) {
    StringBuilder b = new StringBuilder();
    err.lines().filter(l -> !l.matches("neuralode spark [a-z-]+: (starting Spark on .*|preparing the job \\(reading its"
        + " input\\)), \\d+ s so far"))
        .forEach(l -> b.append(l).append('\n'));
    return b.toString();
  }
}
