package dev.neuralode.io;

/**
 * The rule for output times that the commands read from an option ({@code --t} of {@code solve} and
 * {@code spark ensemble-solve}), worded once: strictly increasing, or strictly decreasing for a
 * backward solve, counted from 1 in messages, as the user wrote them.
 */
public final class OutputTimes {

  private OutputTimes() {}

  /**
   * Checks that the times are strictly monotone in the direction of the first two. A repeated time
   * is named as such first ({@code 1,1,2} has no direction yet).
   *
   * @param name the option, e.g. {@code --t}
   * @param t the times, at least two
   * @throws IllegalArgumentException naming the option, the first time out of order and the one
   *     before it (values counted from 1)
   */
  public static void requireStrictlyMonotone(String name, double[] t) {
    boolean increasing = t[1] > t[0];
    for (int i = 1; i < t.length; i++) {
      if (t[i] == t[i - 1]) {
        throw new IllegalArgumentException(name + " value " + (i + 1) + " (" + t[i] + ") repeats value " + i
            + "; times must be strictly increasing (or strictly decreasing for a backward solve), with no"
            + " repeated value");
      }
      if (increasing ? !(t[i] > t[i - 1]) : !(t[i] < t[i - 1])) {
        throw new IllegalArgumentException(name + " value " + (i + 1) + " (" + t[i] + ") does not "
            + (increasing ? "increase" : "decrease") + " from value " + i + " (" + t[i - 1] + "); times must be"
            + " strictly increasing (or strictly decreasing for a backward solve)");
      }
    }
  }
}
