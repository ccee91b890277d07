package dev.neuralode.expr;

import dev.neuralode.expr.Lexer.Kind;
import dev.neuralode.expr.Lexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A recursive-descent parser for arithmetic expressions over named values.
 *
 * <p>A hand-written parser is used rather than a library (such as Janino's Java parser): the
 * language is small, Java's grammar has no {@code ^} for powers, and a parser of our own gives
 * every error its exact column and a message that says how to fix it.
 *
 * <p><b>Grammar</b>, from loosest to tightest binding:
 *
 * <pre>
 * expression := term (('+' | '-') term)*            left-associative
 * term       := unary (('*' | '/') unary)*          left-associative
 * unary      := ('-' | '+') unary | power
 * power      := primary ('^' unary)?                right-associative: 2^3^2 = 2^(3^2)
 * primary    := number | name | function '(' expression (',' expression)* ')'
 *             | '(' expression ')'
 * </pre>
 *
 * <p>So {@code ^} binds tighter than unary minus, as in mathematics: {@code -x^2 = -(x^2)}, while
 * {@code x^-2 = x^(-2)} and {@code 2*-x = 2*(-x)}. Names are the ones passed in (each becomes a
 * {@link Expr.Ref} to its slot), the constants {@code pi} and {@code e} unless a name shadows
 * them, and the {@link Function}s before a parenthesis.
 *
 * <p><b>Limits.</b> Chains of {@code + - * /} may be of any length: they are parsed by loops
 * and evaluated without recursion, so a sum of 10,000 terms is fine. Nesting (parentheses,
 * function calls, signs and powers inside one another) is limited to {@value #MAX_DEPTH} levels;
 * deeper input is refused with an {@link ExprException} at the column where the limit is passed,
 * never with a stack overflow.
 */
public final class Parser {

  /** The deepest nesting of parentheses, calls, signs and powers accepted. */
  public static final int MAX_DEPTH = 200;

  private final List<Token> tokens;
  private final List<String> names;
  private int pos;
  private int depth;

  private Parser(List<Token> tokens, List<String> names) {
    this.tokens = tokens;
    this.names = names;
  }

  /**
   * Parses an expression.
   *
   * @param text the expression, e.g. {@code "mu*(1-x^2)*v - x"}
   * @param names the names it may use, in slot order (see {@link Expr#eval}); not modified
   * @return the expression tree
   * @throws ExprException at the column of a syntax error, an unknown name, a function called
   *     with the wrong number of arguments, or an empty expression
   */
  public static Expr parse(String text, List<String> names) {
    if (text == null || names == null) {
      throw new IllegalArgumentException("text and names must not be null");
    }
    Parser p = new Parser(Lexer.tokenize(text), List.copyOf(names));
    if (p.peek().kind() == Kind.END) {
      throw new ExprException(1, "empty expression; write a formula such as -x or v");
    }
    Expr e = p.expression();
    Token rest = p.peek();
    if (rest.kind() != Kind.END) {
      String hint = rest.is(")") ? "; remove it or add the matching '('"
          : rest.is(",") ? "; commas only separate function arguments"
          : "; is an operator such as '*' missing before it?";
      throw new ExprException(rest.column(), "unexpected " + rest.describe()
          + " after a complete expression" + hint);
    }
    return e;
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Token next() {
    return tokens.get(pos++);
  }

  private Expr expression() {
    Expr left = term();
    while (peek().is("+") || peek().is("-")) {
      Token op = next();
      left = new Expr.Binary(op.text().charAt(0), left, term(), op.column());
    }
    return left;
  }

  private Expr term() {
    Expr left = unary();
    while (peek().is("*") || peek().is("/")) {
      Token op = next();
      left = new Expr.Binary(op.text().charAt(0), left, unary(), op.column());
    }
    return left;
  }

  private Expr unary() {
    if (++depth > MAX_DEPTH) {
      throw new ExprException(peek().column(), "the expression is nested more than " + MAX_DEPTH
          + " levels deep (parentheses, function calls, signs or powers); simplify it");
    }
    try {
      return unaryAtDepth();
    } finally {
      depth--;
    }
  }

  private Expr unaryAtDepth() {
    if (peek().is("-")) {
      Token op = next();
      return new Expr.Negate(unary(), op.column());
    }
    if (peek().is("+")) {
      next();
      return unary();
    }
    return power();
  }

  private Expr power() {
    Expr base = primary();
    if (peek().is("^")) {
      Token op = next();
      return new Expr.Binary('^', base, unary(), op.column());
    }
    return base;
  }

  private Expr primary() {
    Token tok = next();
    switch (tok.kind()) {
      case NUMBER:
        return new Expr.Literal(tok.value(), tok.text(), tok.column());
      case NAME:
        return name(tok);
      case SYMBOL:
        if (tok.is("(")) {
          Expr inner = expression();
          expect(")", "to close the '(' at column " + tok.column());
          return inner;
        }
        throw new ExprException(tok.column(), "expected a number, a name or '(' but found "
            + tok.describe());
      default:
        throw new ExprException(tok.column(), "the expression ends too early; expected a number,"
            + " a name or '('");
    }
  }

  private Expr name(Token tok) {
    String name = tok.text();
    boolean call = peek().is("(");
    int slot = names.indexOf(name);
    Optional<Function> function = Function.bySymbol(name);
    if (call) {
      if (function.isEmpty()) {
        throw new ExprException(tok.column(), "unknown function '" + name + "'; functions: "
            + String.join(", ", Function.symbols())
            + (slot >= 0 ? " (write '*' to multiply by " + name + ")" : ""));
      }
      return call(function.get(), tok);
    }
    if (slot >= 0) {
      return new Expr.Ref(name, slot, tok.column());
    }
    if (name.equals("pi")) {
      return new Expr.Literal(Math.PI, name, tok.column());
    }
    if (name.equals("e")) {
      return new Expr.Literal(Math.E, name, tok.column());
    }
    if (function.isPresent()) {
      throw new ExprException(tok.column(), "'" + name + "' is a function; call it with"
          + " parentheses, e.g. " + name + "(x)");
    }
    throw new ExprException(tok.column(), "unknown name '" + name + "'; known names: "
        + String.join(", ", names) + " (constants: pi, e)");
  }

  private Expr call(Function function, Token nameToken) {
    Token open = next();
    List<Expr> args = new ArrayList<>();
    if (!peek().is(")")) {
      args.add(expression());
      while (peek().is(",")) {
        next();
        args.add(expression());
      }
    }
    expect(")", "to close the '(' at column " + open.column());
    if (args.size() != function.arity()) {
      throw new ExprException(nameToken.column(), function.symbol() + " takes "
          + function.arity() + " argument" + (function.arity() == 1 ? "" : "s") + " but was given "
          + args.size());
    }
    return new Expr.Call(function, args, nameToken.column());
  }

  private void expect(String symbol, String purpose) {
    Token tok = peek();
    if (!tok.is(symbol)) {
      throw new ExprException(tok.column(), "expected '" + symbol + "' " + purpose
          + " but found " + tok.describe());
    }
    next();
  }
}
