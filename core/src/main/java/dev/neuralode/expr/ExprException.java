package dev.neuralode.expr;

/**
 * A mistake in an expression the user typed: a syntax error, an unknown name or a function called
 * with the wrong number of arguments.
 *
 * <p>The exception knows the 1-based column in the expression's text where the mistake is, so that
 * a caller can prefix its own context, e.g. {@code --rhs expression 2, column 14: unknown name
 * 'mu2'; known names: t, x, v, mu}. {@link #getMessage()} is that context-free form: {@code column
 * 14: unknown name 'mu2'; …}. It is an {@link IllegalArgumentException}, so the command line
 * reports it in one line with exit status 2.
 */
public final class ExprException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** The 1-based column of the mistake in the expression text. */
  private final int column;

  /** What is wrong and how to fix it, without the column. */
  private final String problem;

  /**
   * Creates the exception.
   *
   * @param column the 1-based column in the expression text where the mistake is (at least 1)
   * @param problem what is wrong and how to fix it, one line, without the column
   */
  public ExprException(int column, String problem) {
    super("column " + Math.max(1, column) + ": " + problem);
    this.column = Math.max(1, column);
    this.problem = problem;
  }

  /**
   * Returns where the mistake is.
   *
   * @return the 1-based column in the expression's text
   */
  public int column() {
    return column;
  }

  /**
   * Returns the description of the mistake, without the column.
   *
   * @return what is wrong and how to fix it
   */
  public String problem() {
    return problem;
  }

  /**
   * Returns the message with a caller's context in front, e.g. {@code "--rhs expression 2"} gives
   * {@code "--rhs expression 2, column 14: unknown name 'mu2'; …"}.
   *
   * @param context where the expression came from, e.g. the option and the expression's number
   * @return the one-line message
   */
  public String withContext(String context) {
    return context + ", column " + column + ": " + problem;
  }
}
