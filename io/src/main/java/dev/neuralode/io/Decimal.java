package dev.neuralode.io;

/**
 * The one rule for numbers that {@code neuralode} reads from files and options: a plain decimal,
 * an optional sign, digits with an optional point, an optional exponent ({@code 12}, {@code
 * -0.5}, {@code .5}, {@code 1.2e-3}); surrounding spaces are ignored. Hexadecimal ({@code
 * 0x1p1}), type suffixes ({@code 2d}, {@code 2f}), {@code NaN}, {@code Infinity} and empty text are
 * refused, so that every command accepts exactly the same numbers.
 *
 * <p>The check is a hand-written scan, linear in the text's length; the value is then {@link
 * Double#parseDouble(String)}'s, the double nearest to the decimal written.
 */
public final class Decimal {

  private Decimal() {}

  /**
   * Whether a text is a plain decimal as described above (spaces around it not allowed here).
   *
   * @param s the text, not null
   * @return true if it matches
   */
  public static boolean isDecimal(String s) {
    int n = s.length();
    int i = 0;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exp = 0;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        exp++;
      }
      if (exp == 0) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Parses a plain, finite decimal.
   *
   * @param text the text; surrounding spaces are ignored
   * @return its value
   * @throws IllegalArgumentException naming the text and the expected form if it is not a plain
   *     decimal or its value is not finite (e.g. {@code 1e999})
   */
  public static double parse(String text) {
    String s = text == null ? "" : text.strip();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("'' is not a number; give a plain decimal such as 12.5");
    }
    if (!isDecimal(s)) {
      throw new IllegalArgumentException("'" + shorten(s) + "' is not a number; give a plain"
          + " decimal such as 12.5 or 1.2e3 (no hex, no d/f suffix)");
    }
    double v = Double.parseDouble(s);
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("'" + shorten(s) + "' is too large to be a finite"
          + " number; give a value within ±1.7e308");
    }
    return v;
  }

  /**
   * Shortens a text for a one-line message: at most 40 characters, with an ellipsis.
   *
   * @param s any text
   * @return the text, or its first 40 characters and {@code "…"}
   */
  public static String shorten(String s) {
    String one = InputException.oneLine(s);
    return one.length() <= 40 ? one : one.substring(0, 40) + "…";
  }
}
