package dev.neuralode.cli;

import java.util.Locale;

/**
 * Estimates of the memory a command is about to need, checked before it allocates: a request
 * that cannot fit in the Java heap ({@code sample -n 10000000}, {@code fit --hidden 30000,30000},
 * {@code density --batch 100000}) is refused at once with the figure and the fix, instead of
 * running for minutes and ending in an {@link OutOfMemoryError}.
 *
 * <p>The estimates are deliberately rough upper bounds in bytes (8 per double, times the number
 * of copies the computation keeps alive); a request is refused when its estimate exceeds the
 * heap's maximum size ({@link Runtime#maxMemory()}).
 */
final class MemoryGuard {

  private MemoryGuard() {}

  /** How to give the command more memory, with the launcher and with the plain jar. */
  static final String MORE_MEMORY = "NEURALODE_JAVA_OPTS=-Xmx8g ./neuralode ... with the launcher,"
      + " java -Xmx8g -jar ... with the jar";

  /**
   * Refuses a request whose estimated need exceeds the heap.
   *
   * @param what what needs the memory, e.g. {@code "-n 10000000"}
   * @param bytes the estimate in bytes (may be {@link Double#POSITIVE_INFINITY})
   * @param fix what to change, e.g. {@code "lower -n or draw in several runs"}
   * @throws IllegalArgumentException naming the request, the estimate, the heap and the fix
   */
  static void require(String what, double bytes, String fix) {
    long max = Runtime.getRuntime().maxMemory();
    if (bytes > max) {
      String more = moreMemory(bytes);
      throw new IllegalArgumentException(what + " needs about " + format(bytes)
          + " of memory but the Java heap holds at most " + format(max) + "; " + fix
          + (more != null ? ", or give Java more memory: " + more
              : " (no heap can help: that is more than this machine's " + format(physicalMemory())
                  + " of memory)"));
    }
  }

  /**
   * How to give Java a heap large enough for a need: -Xmx of the need plus a quarter, in whole GiB.
   *
   * @param bytes the estimated need
   * @return the launcher's and the jar's option, or null when the heap would exceed this machine's
   *     physical memory (or the need is not finite)
   */
  static String moreMemory(double bytes) {
    if (!Double.isFinite(bytes)) {
      return null;
    }
    double gib = Math.max(1, Math.ceil(bytes * 1.25 / (1L << 30)));
    long physical = physicalMemory();
    if (physical > 0 && gib * (1L << 30) > physical) {
      return null;
    }
    String x = "-Xmx" + (long) gib + "g";
    return "NEURALODE_JAVA_OPTS=" + x + " ./neuralode ... with the launcher, java " + x + " -jar ... with the jar";
  }

  /** This machine's physical memory in bytes, or 0 when the JVM does not say. */
  static long physicalMemory() {
    try {
      java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 0;
    } catch (RuntimeException | LinkageError e) {
      return 0;
    }
  }

  /**
   * Formats a byte count, e.g. {@code 3.5 GiB}.
   *
   * @param bytes the count
   * @return the text
   */
  static String format(double bytes) {
    if (!Double.isFinite(bytes)) {
      return "more than any heap";
    }
    String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int u = 0;
    while (bytes >= 1024 && u < units.length - 1) {
      bytes /= 1024;
      u++;
    }
    return u == 0 ? String.format(Locale.ROOT, "%.0f bytes", bytes)
        : String.format(Locale.ROOT, "%.1f %s", bytes, units[u]);
  }

  /**
   * The parameter count of an MLP with these widths.
   *
   * @param in the input width
   * @param hidden the hidden widths
   * @param out the output width
   * @return Σ (fan_in + 1) · fan_out, as a double (no overflow)
   */
  static double mlpParameters(int in, int[] hidden, int out) {
    double total = 0;
    int prev = in;
    for (int h : hidden) {
      total += (prev + 1.0) * h;
      prev = h;
    }
    return total + (prev + 1.0) * out;
  }
}
