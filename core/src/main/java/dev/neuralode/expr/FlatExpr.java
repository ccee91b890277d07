package dev.neuralode.expr;

import dev.neuralode.ode.FlatOde;
import java.util.List;

/**
 * The right-hand sides of an {@link OdeSystem} evaluated directly on doubles, row by row: each {@link
 * Expr} compiled once into a tree of nodes over one row's slots (t, the row's variables; parameters and
 * constant subtrees folded to numbers), with the same floating-point operations as the Tensor evaluation
 * ({@code Expr.eval}), so the values are the same bits: +, −, ×, ÷ and negation as IEEE operations,
 * {@code sin}, {@code cos}, {@code exp}, {@code log}, {@code sqrt}, {@code tanh}, {@code abs} as {@link
 * Math}, {@code tan} as sin/cos, {@code sigmoid} in the Tensor kernel's stable form, {@code min(a, b)} as
 * −max(−a, −b), a power whose exponent does not depend on the state as {@link Math#pow} (a·1 for an
 * exponent of 1) and any other as exp(b·log a). No allocation per evaluation; not thread-safe (one
 * slot buffer per instance).
 */
final class FlatExpr implements FlatOde {
  private final Node[] rhs;
  private final int nvars;
  private final double[] slots;

  /**
   * @param rhs one expression per variable, over the slots t, variables, parameters
   * @param nvars the number of variables
   * @param params the parameters' values, in slot order
   */
  FlatExpr(List<Expr> rhs, int nvars, double[] params) {
    this.nvars = nvars;
    this.rhs = new Node[rhs.size()];
    for (int i = 0; i < this.rhs.length; i++) {
      this.rhs[i] = compile(rhs.get(i), nvars, params);
    }
    this.slots = new double[1 + nvars];
  }

  @Override
  public void derivative(double t, double[] y, double[] dydt) {
    double[] s = slots;
    s[0] = t;
    int m = rhs.length;
    for (int off = 0; off < y.length; off += nvars) {
      System.arraycopy(y, off, s, 1, nvars);
      for (int i = 0; i < m; i++) {
        dydt[off + i] = rhs[i].eval(s);
      }
    }
  }

  /** A compiled expression over one row's slots [t, variables...]. */
  abstract static class Node {
    abstract double eval(double[] s);

    /** Whether the node reads the state (a variable). */
    boolean readsState() {
      return false;
    }

    /** Whether the node is a number (reads neither t nor the state). */
    boolean constant() {
      return false;
    }
  }

  static Node compile(Expr e, int nvars, double[] params) {
    Node n = build(e, nvars, params);
    return n.constant() && !(n instanceof Const) ? new Const(n.eval(null)) : n;
  }

  private static Node build(Expr e, int nvars, double[] params) {
    if (e instanceof Expr.Literal l) {
      return new Const(l.value());
    }
    if (e instanceof Expr.Ref r) {
      int slot = r.slot();
      return slot > nvars ? new Const(params[slot - 1 - nvars]) : new Slot(slot);
    }
    if (e instanceof Expr.Negate g) {
      return fold(new Neg(compile(g.operand(), nvars, params)));
    }
    if (e instanceof Expr.Binary b) {
      Node left = compile(b.left(), nvars, params);
      Node right = compile(b.right(), nvars, params);
      return fold(switch (b.op()) {
        case '+' -> new Bin('+', left, right);
        case '-' -> new Bin('-', left, right);
        case '*' -> new Bin('*', left, right);
        case '/' -> new Bin('/', left, right);
        case '^' -> power(left, right);
        default -> throw new IllegalStateException("operator " + b.op());
      });
    }
    Expr.Call c = (Expr.Call) e;
    Node[] args = new Node[c.args().size()];
    for (int i = 0; i < args.length; i++) {
      args[i] = compile(c.args().get(i), nvars, params);
    }
    return fold(switch (c.function()) {
      case POW -> power(args[0], args[1]);
      case MIN -> new Neg(new Bin('M', new Neg(args[0]), new Neg(args[1])));
      case MAX -> new Bin('M', args[0], args[1]);
      default -> new Fn(c.function(), args[0]);
    });
  }

  private static Node fold(Node n) {
    return n.constant() ? new Const(n.eval(null)) : n;
  }

  /** Expr.power: a state-independent exponent is a scalar: pow (or ·1); else exp(b·log a). */
  private static Node power(Node a, Node b) {
    if (!b.readsState()) {
      return new Pow(a, b);
    }
    return new Fn(Function.EXP, new Bin('*', b, new Fn(Function.LOG, a)));
  }

  static final class Const extends Node {
    final double v;

    Const(double v) {
      this.v = v;
    }

    @Override
    double eval(double[] s) {
      return v;
    }

    @Override
    boolean constant() {
      return true;
    }
  }

  static final class Slot extends Node {
    final int i;

    Slot(int i) {
      this.i = i;
    }

    @Override
    double eval(double[] s) {
      return s[i];
    }

    @Override
    boolean readsState() {
      return i > 0;
    }
  }

  static final class Neg extends Node {
    final Node a;

    Neg(Node a) {
      this.a = a;
    }

    @Override
    double eval(double[] s) {
      return -a.eval(s);
    }

    @Override
    boolean readsState() {
      return a.readsState();
    }

    @Override
    boolean constant() {
      return a.constant();
    }
  }

  static final class Bin extends Node {
    final char op;
    final Node a;
    final Node b;

    Bin(char op, Node a, Node b) {
      this.op = op;
      this.a = a;
      this.b = b;
    }

    @Override
    double eval(double[] s) {
      double x = a.eval(s);
      double y = b.eval(s);
      return switch (op) {
        case '+' -> x + y;
        case '-' -> x - y;
        case '*' -> x * y;
        case '/' -> x / y;
        default -> Math.max(x, y);
      };
    }

    @Override
    boolean readsState() {
      return a.readsState() || b.readsState();
    }

    @Override
    boolean constant() {
      return a.constant() && b.constant();
    }
  }

  static final class Pow extends Node {
    final Node a;
    final Node b;

    Pow(Node a, Node b) {
      this.a = a;
      this.b = b;
    }

    @Override
    double eval(double[] s) {
      double x = a.eval(s);
      double p = b.eval(s);
      return p == 1.0 ? x * 1.0 : Math.pow(x, p);
    }

    @Override
    boolean readsState() {
      return a.readsState() || b.readsState();
    }

    @Override
    boolean constant() {
      return a.constant() && b.constant();
    }
  }

  static final class Fn extends Node {
    final Function f;
    final Node a;

    Fn(Function f, Node a) {
      this.f = f;
      this.a = a;
    }

    @Override
    double eval(double[] s) {
      double x = a.eval(s);
      return switch (f) {
        case SIN -> Math.sin(x);
        case COS -> Math.cos(x);
        case TAN -> Math.sin(x) / Math.cos(x);
        case EXP -> Math.exp(x);
        case LOG -> Math.log(x);
        case SQRT -> Math.sqrt(x);
        case TANH -> Math.tanh(x);
        case ABS -> Math.abs(x);
        case SIGMOID -> x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
        default -> throw new IllegalStateException("function " + f);
      };
    }

    @Override
    boolean readsState() {
      return a.readsState();
    }

    @Override
    boolean constant() {
      return a.constant();
    }
  }
}
