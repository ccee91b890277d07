package dev.neuralode.expr;

import dev.neuralode.tensor.Tensor;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A parsed expression: a tree of numbers, references to named values, negation, the binary
 * operators and function calls, evaluated with {@link Tensor} operations.
 *
 * <p><b>Evaluation.</b> {@link #eval(Tensor[])} takes one tensor per <em>slot</em>: the names the
 * expression was parsed against ({@link Parser#parse(String, List)}), in that order. Slots may
 * have any shapes that broadcast together, for example scalars {@code []} for t and parameters,
 * and {@code [batch, 1]} columns for state variables; the result has the broadcast shape. Since
 * every step is a tensor operation, autograd records the dependence on every slot that requires a
 * gradient.
 *
 * <p><b>Powers.</b> {@code a ^ b} with b free of names (e.g. {@code x^2}, {@code x^-0.5}) is
 * {@link Tensor#pow(double)}, defined for negative a with integer b. With a name in b it is
 * {@code pow(b)} of b's value when b is a scalar that needs no gradient, else
 * {@code exp(b·log(a))}, which needs a &gt; 0.
 */
public sealed interface Expr {

  /**
   * Evaluates the expression.
   *
   * @param slots one tensor per name the expression was parsed against, not modified
   * @return a new tensor (or a slot itself, for a bare name)
   * @throws IllegalArgumentException if the slot shapes do not broadcast
   */
  Tensor eval(Tensor[] slots);

  /**
   * Returns the 1-based column where the expression starts in the text it was parsed from.
   *
   * @return the column
   */
  int column();

  /**
   * Whether the expression refers to no named value, so that its value is a fixed number.
   *
   * @return true for numbers, constants and operations on them only
   */
  boolean isConstant();

  /**
   * A literal number, or one of the constants {@code pi} and {@code e}.
   *
   * @param value the value
   * @param text how it was written
   * @param column the 1-based column
   */
  record Literal(double value, String text, int column) implements Expr {
    @Override
    public Tensor eval(Tensor[] slots) {
      return Tensor.scalar(value);
    }

    @Override
    public boolean isConstant() {
      return true;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /**
   * A reference to a named value: t, a state variable or a parameter.
   *
   * @param name the name
   * @param slot the index of its tensor in the slots given to {@link #eval(Tensor[])}
   * @param column the 1-based column
   */
  record Ref(String name, int slot, int column) implements Expr {
    @Override
    public Tensor eval(Tensor[] slots) {
      return slots[slot];
    }

    @Override
    public boolean isConstant() {
      return false;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * Negation {@code -operand}.
   *
   * @param operand the negated expression
   * @param column the 1-based column of the minus sign
   */
  record Negate(Expr operand, int column) implements Expr {
    @Override
    public Tensor eval(Tensor[] slots) {
      return operand.eval(slots).neg();
    }

    @Override
    public boolean isConstant() {
      return operand.isConstant();
    }

    @Override
    public String toString() {
      return "(-" + operand + ")";
    }
  }

  /**
   * A binary operation {@code left op right}.
   *
   * @param op one of {@code + - * / ^}
   * @param left the left operand
   * @param right the right operand
   * @param column the 1-based column of the operator
   */
  record Binary(char op, Expr left, Expr right, int column) implements Expr {
    /**
     * Evaluates left to right along the chain of binary operations on the left (a sum or product
     * of many terms), with a loop rather than recursion, so that chains of any length evaluate
     * without a deep stack; the order of operations, and so every bit of the result, is that of
     * the left-associative tree.
     */
    @Override
    public Tensor eval(Tensor[] slots) {
      java.util.List<Binary> spine = spine();
      Tensor acc = spine.get(spine.size() - 1).left.eval(slots);
      for (int i = spine.size() - 1; i >= 0; i--) {
        Binary node = spine.get(i);
        Tensor b = node.right.eval(slots);
        acc = switch (node.op) {
          case '+' -> acc.add(b);
          case '-' -> acc.sub(b);
          case '*' -> acc.mul(b);
          case '/' -> acc.div(b);
          case '^' -> power(acc, b, node.right.isConstant());
          default -> throw new IllegalStateException("operator " + node.op);
        };
      }
      return acc;
    }

    /** This node and the binary nodes down its left operands, top first. */
    private java.util.List<Binary> spine() {
      java.util.List<Binary> spine = new java.util.ArrayList<>();
      Expr e = this;
      while (e instanceof Binary b) {
        spine.add(b);
        e = b.left;
      }
      return spine;
    }

    @Override
    public boolean isConstant() {
      java.util.List<Binary> spine = spine();
      for (Binary b : spine) {
        if (!b.right.isConstant()) {
          return false;
        }
      }
      return spine.get(spine.size() - 1).left.isConstant();
    }

    @Override
    public String toString() {
      java.util.List<Binary> spine = spine();
      StringBuilder sb = new StringBuilder();
      sb.append("(".repeat(spine.size())).append(spine.get(spine.size() - 1).left);
      for (int i = spine.size() - 1; i >= 0; i--) {
        Binary b = spine.get(i);
        sb.append(' ').append(b.op).append(' ').append(b.right).append(')');
      }
      return sb.toString();
    }
  }

  /**
   * A function call.
   *
   * @param function the function
   * @param args its arguments, {@link Function#arity()} of them
   * @param column the 1-based column of the function's name
   */
  record Call(Function function, List<Expr> args, int column) implements Expr {
    /**
     * Copies the arguments.
     *
     * @param function see the record's description
     * @param args see the record's description
     * @param column see the record's description
     */
    public Call {
      args = List.copyOf(args);
    }

    @Override
    public Tensor eval(Tensor[] slots) {
      Tensor[] values = new Tensor[args.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = args.get(i).eval(slots);
      }
      if (function == Function.POW) {
        return power(values[0], values[1], args.get(1).isConstant());
      }
      return function.apply(values);
    }

    @Override
    public boolean isConstant() {
      return args.stream().allMatch(Expr::isConstant);
    }

    @Override
    public String toString() {
      return function.symbol() + "(" + args.stream().map(Expr::toString)
          .collect(Collectors.joining(", ")) + ")";
    }
  }

  /**
   * Computes {@code a ^ b} as described in the interface's documentation.
   *
   * @param a the base, not modified
   * @param b the exponent, not modified
   * @param constantExponent whether b's expression holds no names
   * @return a new tensor
   */
  static Tensor power(Tensor a, Tensor b, boolean constantExponent) {
    if (b.rank() == 0 && (constantExponent || !b.requiresGrad())) {
      double p = b.item();
      return p == 1.0 ? a.mul(1.0) : a.pow(p);
    }
    return b.mul(a.log()).exp();
  }
}
