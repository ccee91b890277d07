package dev.neuralode.io;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A problem with a file or value the user supplied, as opposed to a bug or a numerical failure.
 *
 * <p>The message is a single line meant to be printed as-is: the file, the line where known,
 * what is wrong and how to fix it, for example {@code lynx_hare.csv line 5: column 'hare' value
 * 'abc' is not a number; fix or remove that row}. Commands catch it, print the message and exit
 * with a usage error status instead of printing a stack trace.
 */
public class InputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The file as the user named it, or {@code null}. */
  private final transient Path file;

  /** The 1-based line number, or 0 when the problem is not about one line. */
  private final long line;

  /**
   * Creates an exception with a ready-made message that names no file.
   *
   * @param message one line saying what is wrong and how to fix it; line breaks are replaced by
   *     spaces
   */
  public InputException(String message) {
    this(null, 0, message, null);
  }

  /**
   * Creates an exception about a file, and optionally a line in it.
   *
   * @param file the file, as the user named it; {@code null} if none
   * @param line the 1-based line number as a user counts lines in the file (header = line 1), or
   *     {@code 0} when the problem concerns the whole file
   * @param problemAndFix what is wrong and how to fix it, e.g. {@code "column 'x' is missing;
   *     available columns: t, y"}
   * @param cause the underlying exception, or {@code null}
   * @throws IllegalArgumentException if {@code line} is negative
   */
  public InputException(Path file, long line, String problemAndFix, Throwable cause) {
    super(format(file, line, problemAndFix), cause);
    if (line < 0) {
      throw new IllegalArgumentException("line: " + line + " is negative; use 0 for no line");
    }
    this.file = file;
    this.line = line;
  }

  /**
   * Creates an exception about a line of a file.
   *
   * @param file the file, as the user named it
   * @param line the 1-based line number (header = line 1), or {@code 0} for the whole file
   * @param problemAndFix what is wrong and how to fix it
   * @return the exception, for the caller to throw
   */
  public static InputException at(Path file, long line, String problemAndFix) {
    return new InputException(file, line, problemAndFix, null);
  }

  /**
   * Returns the file the problem is in.
   *
   * @return the file as the user named it, or empty when the problem is not about a file
   */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /**
   * Returns the line the problem is on.
   *
   * @return the 1-based line number, or empty when the problem is not about a single line
   */
  public OptionalLong line() {
    return line > 0 ? OptionalLong.of(line) : OptionalLong.empty();
  }

  private static String format(Path file, long line, String problemAndFix) {
    StringBuilder sb = new StringBuilder();
    if (file != null) {
      sb.append(file);
      if (line > 0) {
        sb.append(" line ").append(line);
      }
      sb.append(": ");
    }
    sb.append(problemAndFix == null ? "invalid input" : problemAndFix);
    return oneLine(sb.toString());
  }

  /**
   * Makes text safe to embed in a one-line message: line breaks and tabs become spaces.
   *
   * @param text any text, or {@code null}
   * @return the text on one line ({@code "null"} for {@code null})
   */
  public static String oneLine(String text) {
    return String.valueOf(text).replaceAll("[\\r\\n\\t]+", " ");
  }
}
