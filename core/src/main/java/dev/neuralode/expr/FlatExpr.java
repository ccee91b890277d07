package dev.neuralode.expr;

import dev.neuralode.ode.FlatOde;
import dev.neuralode.tensor.Elementary;
import java.util.List;

/**
 * The right-hand sides of an {@link OdeSystem} evaluated directly on doubles, row by row: each {@link
 * Expr} compiled once into a tree of nodes over one row's slots (t, the row's variables; parameters and
 * constant subtrees folded to numbers), with the same floating-point operations as the Tensor evaluation
 * ({@code Expr.eval}), so the values are the same bits: +, −, ×, ÷ and negation as IEEE operations,
 * {@code sin}, {@code cos}, {@code exp}, {@code log}, {@code sqrt}, {@code tanh}, {@code abs} as {@link
 * Math}, {@code tan} as sin/cos, {@code sigmoid} in the Tensor kernel's stable form, {@code min(a, b)} as
 * −max(−a, −b), a power whose exponent does not depend on the state as {@link Math#pow} (a·1 for an
 * exponent of 1) and any other as exp(b·log a).
 *
 * <p>The node tree is then emitted as a straight-line register program that runs column by column over
 * all rows of the state (t, each variable, each constant and each intermediate is a column of the batch),
 * so a batch of initial conditions costs one pass of the instruction loop per evaluation. No allocation
 * per evaluation (the columns are allocated again only when more rows come than before); not
 * thread-safe (one register file per instance).
 */
final class FlatExpr implements FlatOde.RowTimes {
  private static final int NEG = 0;
  private static final int ADD = 1;
  private static final int SUB = 2;
  private static final int MUL = 3;
  private static final int DIV = 4;
  private static final int MAX = 5;
  private static final int POW = 6;
  private static final int FN = 7;
  private static final Function[] FUNCTIONS = Function.values();

  private final int nvars;
  /** Per instruction: opcode, destination, operands a and b (registers), function ordinal. */
  private final int[] code;
  private final double[] constants;
  private final int[] outputs;
  private final int registers;
  private double[][] reg;
  private final double[] single;
  private int capacity;

  /**
   * @param rhs one expression per variable, over the slots t, variables, parameters
   * @param nvars the number of variables
   * @param params the parameters' values, in slot order
   */
  FlatExpr(List<Expr> rhs, int nvars, double[] params) {
    this.nvars = nvars;
    Emitter em = new Emitter(nvars);
    outputs = new int[rhs.size()];
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = em.emit(compile(rhs.get(i), nvars, params));
    }
    code = em.code.stream().mapToInt(Integer::intValue).toArray();
    constants = em.constants.stream().mapToDouble(Double::doubleValue).toArray();
    int base = 1 + nvars;
    for (int p = 0; p < code.length; p += 5) {
      for (int f = 1; f <= 3; f++) {
        code[p + f] = register(code[p + f], base, constants.length);
      }
    }
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = register(outputs[i], base, constants.length);
    }
    registers = base + constants.length + code.length / 5;
    single = new double[registers];
    System.arraycopy(constants, 0, single, base, constants.length);
  }

  /** A copy sharing the compiled program (immutable) with its own registers. */
  private FlatExpr(FlatExpr o) {
    nvars = o.nvars;
    code = o.code;
    constants = o.constants;
    outputs = o.outputs;
    registers = o.registers;
    single = o.single.clone();
  }

  /**
   * An independent evaluator of the same program: its own registers, the compiled code shared.
   *
   * @return a new evaluator
   */
  FlatExpr copy() {
    return new FlatExpr(this);
  }

  /** The final register of a provisional one: variables as they are, then constants, then results. */
  private static int register(int r, int base, int constantCount) {
    if (r < 0) {
      return base + constantCount + (-1 - r);
    }
    return r >= (1 << 20) ? base + (r - (1 << 20)) : r;
  }

  @Override
  public void derivative(double t, double[] y, double[] dydt) {
    int m = y.length / nvars;
    if (m == 1) {
      scalar(t, y, dydt);
      return;
    }
    ensure(m);
    java.util.Arrays.fill(reg[0], 0, m, t);
    columns(m, y, dydt);
  }

  @Override
  public void derivatives(int rows, double[] t, double[] y, double[] dydt) {
    ensure(rows);
    System.arraycopy(t, 0, reg[0], 0, rows);
    columns(rows, y, dydt);
  }

  /** The instructions over the first m rows of every column (t already in register 0). */
  private void columns(int m, double[] y, double[] dydt) {
    double[][] r = reg;
    for (int v = 0; v < nvars; v++) {
      double[] col = r[1 + v];
      for (int row = 0, k = v; row < m; row++, k += nvars) {
        col[row] = y[k];
      }
    }
    int[] c = code;
    for (int p = 0; p < c.length; p += 5) {
      double[] d = r[c[p + 1]];
      double[] a = r[c[p + 2]];
      double[] b = r[c[p + 3]];
      switch (c[p]) {
        case NEG -> { for (int i = 0; i < m; i++) d[i] = -a[i]; }
        case ADD -> { for (int i = 0; i < m; i++) d[i] = a[i] + b[i]; }
        case SUB -> { for (int i = 0; i < m; i++) d[i] = a[i] - b[i]; }
        case MUL -> { for (int i = 0; i < m; i++) d[i] = a[i] * b[i]; }
        case DIV -> { for (int i = 0; i < m; i++) d[i] = a[i] / b[i]; }
        case MAX -> { for (int i = 0; i < m; i++) d[i] = Math.max(a[i], b[i]); }
        case POW -> {
          for (int i = 0; i < m; i++) {
            d[i] = b[i] == 1.0 ? a[i] * 1.0 : Math.pow(a[i], b[i]);
          }
        }
        default -> function(FUNCTIONS[c[p + 4]], a, d, m);
      }
    }
    for (int v = 0; v < outputs.length; v++) {
      double[] col = r[outputs[v]];
      for (int row = 0, k = v; row < m; row++, k += nvars) {
        dydt[k] = col[row];
      }
    }
  }

  /** One row: the same instructions over a register file of single values. */
  private void scalar(double t, double[] y, double[] dydt) {
    double[] v = single;
    v[0] = t;
    for (int i = 0; i < nvars; i++) {
      v[1 + i] = y[i];
    }
    int[] c = code;
    for (int p = 0; p < c.length; p += 5) {
      double a = v[c[p + 2]];
      double b = v[c[p + 3]];
      v[c[p + 1]] = switch (c[p]) {
        case NEG -> -a;
        case ADD -> a + b;
        case SUB -> a - b;
        case MUL -> a * b;
        case DIV -> a / b;
        case MAX -> Math.max(a, b);
        case POW -> b == 1.0 ? a * 1.0 : Math.pow(a, b);
        default -> apply(FUNCTIONS[c[p + 4]], a);
      };
    }
    for (int i = 0; i < outputs.length; i++) {
      dydt[i] = v[outputs[i]];
    }
  }

  private static double apply(Function f, double x) {
    return switch (f) {
      case SIN -> Math.sin(x);
      case COS -> Math.cos(x);
      case TAN -> Math.sin(x) / Math.cos(x);
      case EXP -> Math.exp(x);
      case LOG -> Math.log(x);
      case SQRT -> Math.sqrt(x);
      case TANH -> Elementary.tanh(x);
      case ABS -> Math.abs(x);
      case SIGMOID -> x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
      default -> throw new IllegalStateException("function " + f);
    };
  }

  private static void function(Function f, double[] a, double[] d, int m) {
    for (int i = 0; i < m; i++) {
      d[i] = apply(f, a[i]);
    }
  }

  /** Registers of at least m rows: t, the variables, the constants (filled once), then one per instruction. */
  private void ensure(int m) {
    if (m <= capacity) {
      return;
    }
    reg = new double[registers][m];
    for (int k = 0; k < constants.length; k++) {
      java.util.Arrays.fill(reg[1 + nvars + k], constants[k]);
    }
    capacity = m;
  }

  /** Emits the instructions of a node tree; registers 0 = t, 1..nvars = variables, then constants. */
  private static final class Emitter {
    final List<Integer> code = new java.util.ArrayList<>();
    final List<Double> constants = new java.util.ArrayList<>();
    final int nvars;

    Emitter(int nvars) {
      this.nvars = nvars;
    }

    int emit(Node n) {
      if (n instanceof Const k) {
        // constants live right after the variables; instruction registers are renumbered at the end
        constants.add(k.v);
        return constantRegister(constants.size() - 1);
      }
      if (n instanceof Slot s) {
        return s.i;
      }
      if (n instanceof Neg g) {
        return op(NEG, emit(g.a), 0, 0);
      }
      if (n instanceof Bin b) {
        int x = emit(b.a);
        int y = emit(b.b);
        int kind = switch (b.op) {
          case '+' -> ADD;
          case '-' -> SUB;
          case '*' -> MUL;
          case '/' -> DIV;
          default -> MAX;
        };
        return op(kind, x, y, 0);
      }
      if (n instanceof Pow w) {
        int x = emit(w.a);
        int y = emit(w.b);
        return op(POW, x, y, 0);
      }
      Fn f = (Fn) n;
      return op(FN, emit(f.a), 0, f.f.ordinal());
    }

    /** Constants get provisional registers from 1 &lt;&lt; 20 until the constructor maps them. */
    private int constantRegister(int k) {
      return (1 << 20) + k;
    }

    private int op(int kind, int a, int b, int fn) {
      int dst = -1 - (code.size() / 5);
      code.add(kind);
      code.add(dst);
      code.add(a);
      code.add(b);
      code.add(fn);
      return dst;
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
        case TANH -> Elementary.tanh(x);
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
