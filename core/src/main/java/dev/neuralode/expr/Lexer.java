package dev.neuralode.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an expression into tokens, each with its 1-based column.
 *
 * <p>Tokens are numbers ({@code 2}, {@code 0.5}, {@code .5}, {@code 1e-3}, {@code 6.02E23}),
 * names ({@code [A-Za-z_][A-Za-z0-9_]*}), the operators {@code + - * / ^}, parentheses and the
 * comma between function arguments. Spaces and tabs are skipped. A number is read with
 * {@link Double#parseDouble(String)}, so it is the double nearest to the decimal written.
 */
final class Lexer {

  /** The kinds of token. */
  enum Kind {
    /** A numeric literal; {@link Token#value()} holds it. */
    NUMBER,
    /** A name: a variable, parameter, constant or function. */
    NAME,
    /** One of {@code + - * / ^ ( ) ,}; {@link Token#text()} holds it. */
    SYMBOL,
    /** The end of the text. */
    END
  }

  /**
   * One token.
   *
   * @param kind what it is
   * @param text the characters it was read from ({@code ""} at the end)
   * @param value the number, for {@link Kind#NUMBER}; else NaN
   * @param column the 1-based column of its first character
   */
  record Token(Kind kind, String text, double value, int column) {

    /**
     * Whether this is the given symbol.
     *
     * @param symbol e.g. {@code "("}
     * @return true if this token is that symbol
     */
    boolean is(String symbol) {
      return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /**
     * How the token reads in a message.
     *
     * @return e.g. {@code "'*'"} or {@code "the end of the expression"}
     */
    String describe() {
      return kind == Kind.END ? "the end of the expression" : "'" + text + "'";
    }
  }

  private Lexer() {}

  /**
   * Tokenizes a text.
   *
   * @param text the expression, not null
   * @return its tokens, ending with one {@link Kind#END} token
   * @throws ExprException at the column of a character that cannot start a token, or of a
   *     malformed number such as {@code 1e} or {@code 1.2.3}
   */
  static List<Token> tokenize(String text) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n
          && Character.isDigit(text.charAt(i + 1)))) {
        i = number(text, i, tokens);
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
          i++;
        }
        tokens.add(new Token(Kind.NAME, text.substring(start, i), Double.NaN, start + 1));
      } else if ("+-*/^(),".indexOf(c) >= 0) {
        tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), Double.NaN, i + 1));
        i++;
      } else {
        String hint = c == '=' ? "; an expression has no '=' (give only the right-hand side)"
            : c == ';' ? "; separate expressions with ';' only in --rhs" : "";
        throw new ExprException(i + 1, "unexpected character '" + c + "'" + hint
            + "; use numbers, names, + - * / ^, parentheses and commas");
      }
    }
    tokens.add(new Token(Kind.END, "", Double.NaN, n + 1));
    return tokens;
  }

  private static int number(String text, int start, List<Token> tokens) {
    int n = text.length();
    int i = start;
    while (i < n && Character.isDigit(text.charAt(i))) {
      i++;
    }
    if (i < n && text.charAt(i) == '.') {
      i++;
      while (i < n && Character.isDigit(text.charAt(i))) {
        i++;
      }
    }
    if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < n && (text.charAt(j) == '+' || text.charAt(j) == '-')) {
        j++;
      }
      if (j >= n || !Character.isDigit(text.charAt(j))) {
        throw new ExprException(start + 1, "malformed number '" + text.substring(start, j)
            + "': an exponent needs digits, e.g. 1e-3; write 2*e for two times Euler's number");
      }
      i = j;
      while (i < n && Character.isDigit(text.charAt(i))) {
        i++;
      }
    }
    if (i < n && (text.charAt(i) == '.' || Character.isLetter(text.charAt(i))
        || text.charAt(i) == '_')) {
      int end = i;
      while (end < n && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '.'
          || text.charAt(end) == '_')) {
        end++;
      }
      throw new ExprException(start + 1, "malformed number '" + text.substring(start, end)
          + "'; write a product with '*', e.g. 2*x");
    }
    String literal = text.substring(start, i);
    tokens.add(new Token(Kind.NUMBER, literal, Double.parseDouble(literal), start + 1));
    return i;
  }
}
