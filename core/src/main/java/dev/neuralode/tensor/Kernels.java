package dev.neuralode.tensor;

/**
 * The elementwise loops behind {@link Tensor}'s operations, kept in one place so that they can be
 * tuned without touching the graph code. Every kernel reads its input arrays and writes a
 * caller-supplied output array {@code y} (overwritten, never read before it is written, and not
 * aliasing an input unless a method says so); the allocating overloads are thin wrappers. Inputs are
 * never modified. Arrays are row-major.
 */
final class Kernels {
  private Kernels() {}

  /** Binary elementwise operations. */
  enum Binary {
    ADD, SUB, MUL, DIV, MAX, MIN
  }

  /** Unary elementwise operations. */
  enum Unary {
    NEG, EXP, LOG, TANH, SIGMOID, SOFTPLUS, ELU, ELU_DERIV, RELU, STEP, NON_NEGATIVE, SQRT, SQUARE, ABS,
    SIGN, SIN, COS
  }

  static double[] unary(Unary op, double[] x) {
    return unary(op, x, new double[x.length]);
  }

  /** Values per task when a costly elementwise function is split over threads (a fixed partition). */
  static final int UNARY_CHUNK = 2048;

  /**
   * y[i] = op(x[i]); y may be x itself. Long arrays of a costly function (tanh, exp, ...) are split
   * into fixed chunks run as {@link Parallelism} tasks; each value is computed alone, so the result is
   * the same for any number of threads.
   */
  static double[] unary(Unary op, double[] x, double[] y) {
    int n = x.length;
    boolean costly = op != Unary.NEG && op != Unary.RELU && op != Unary.STEP && op != Unary.NON_NEGATIVE
        && op != Unary.SQUARE && op != Unary.ABS && op != Unary.SIGN;
    if (costly && n >= 2 * UNARY_CHUNK) {
      int tasks = (n + UNARY_CHUNK - 1) / UNARY_CHUNK;
      Parallelism.forEach(tasks, 32L * n, t -> unary(op, x, y, t * UNARY_CHUNK, Math.min(n, (t + 1) * UNARY_CHUNK)));
    } else if (!costly) {
      Parallelism.forRanges(n, Parallelism.ELEMENT_CHUNK, Parallelism.ELEMENT_WORK * n, (from, to) -> unary(op, x, y, from, to));
    } else {
      unary(op, x, y, 0, n);
    }
    return y;
  }

  /** y[i] = op(x[i]) for i in [from, n). */
  private static void unary(Unary op, double[] x, double[] y, int from, int n) {
    switch (op) {
      case NEG -> { for (int i = from; i < n; i++) y[i] = -x[i]; }
      case EXP -> { for (int i = from; i < n; i++) y[i] = Math.exp(x[i]); }
      case LOG -> { for (int i = from; i < n; i++) y[i] = Math.log(x[i]); }
      case TANH -> { for (int i = from; i < n; i++) y[i] = Elementary.tanh(x[i]); }
      case SIGMOID -> {
        for (int i = from; i < n; i++) {
          double v = x[i];
          if (v >= 0) {
            y[i] = 1.0 / (1.0 + Math.exp(-v));
          } else {
            double e = Math.exp(v);
            y[i] = e / (1.0 + e);
          }
        }
      }
      case SOFTPLUS -> {
        // log(1 + e^x) = max(x, 0) + log1p(e^{-|x|}), stable for all x
        for (int i = from; i < n; i++) {
          double v = x[i];
          y[i] = Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v)));
        }
      }
      case ELU -> { for (int i = from; i < n; i++) y[i] = x[i] > 0 ? x[i] : Elementary.expm1(x[i]); }
      case ELU_DERIV -> { for (int i = from; i < n; i++) y[i] = x[i] > 0 ? 1.0 : Math.exp(x[i]); }
      case RELU -> { for (int i = from; i < n; i++) y[i] = x[i] > 0 ? x[i] : 0.0; }
      case STEP -> { for (int i = from; i < n; i++) y[i] = x[i] > 0 ? 1.0 : 0.0; }
      case NON_NEGATIVE -> { for (int i = from; i < n; i++) y[i] = x[i] >= 0 ? 1.0 : 0.0; }
      case SQRT -> { for (int i = from; i < n; i++) y[i] = Math.sqrt(x[i]); }
      case SQUARE -> { for (int i = from; i < n; i++) y[i] = x[i] * x[i]; }
      case ABS -> { for (int i = from; i < n; i++) y[i] = Math.abs(x[i]); }
      case SIGN -> { for (int i = from; i < n; i++) y[i] = Math.signum(x[i]); }
      case SIN -> { for (int i = from; i < n; i++) y[i] = Math.sin(x[i]); }
      case COS -> { for (int i = from; i < n; i++) y[i] = Math.cos(x[i]); }
      default -> throw new AssertionError(op);
    }
  }

  /**
   * out[i] = g[i]·(1 − y[i]²), tanh's VJP; the same bits as squaring, negating, adding 1 and
   * multiplying by g in four passes. Long arrays are split as {@link Parallelism#forRanges} tasks.
   */
  static double[] tanhVjp(double[] g, double[] y, double[] out) {
    Parallelism.forRanges(g.length, Parallelism.ELEMENT_CHUNK, Parallelism.ELEMENT_WORK * g.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        out[i] = g[i] * (1.0 - y[i] * y[i]);
      }
    });
    return out;
  }

  static double[] pow(double[] x, double p) {
    return pow(x, p, new double[x.length]);
  }

  /** y[i] = x[i]^p; y may be x itself. */
  static double[] pow(double[] x, double p, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.pow(x[i], p);
    }
    return y;
  }

  static double[] scale(double[] x, double s) {
    return scale(x, s, new double[x.length]);
  }

  /** y[i] = x[i]·s; y may be x itself. Long arrays are split as {@link Parallelism#forRanges} tasks. */
  static double[] scale(double[] x, double s, double[] y) {
    Parallelism.forRanges(x.length, Parallelism.ELEMENT_CHUNK, Parallelism.ELEMENT_WORK * x.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        y[i] = x[i] * s;
      }
    });
    return y;
  }

  static double[] addScalar(double[] x, double s) {
    return addScalar(x, s, new double[x.length]);
  }

  /** y[i] = x[i] + s; y may be x itself. Long arrays are split as {@link Parallelism#forRanges} tasks. */
  static double[] addScalar(double[] x, double s, double[] y) {
    Parallelism.forRanges(x.length, Parallelism.ELEMENT_CHUNK, Parallelism.ELEMENT_WORK * x.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        y[i] = x[i] + s;
      }
    });
    return y;
  }

  private static double apply(Binary op, double a, double b) {
    switch (op) {
      case ADD: return a + b;
      case SUB: return a - b;
      case MUL: return a * b;
      case DIV: return a / b;
      case MAX: return Math.max(a, b);
      case MIN: return Math.min(a, b);
      default: throw new AssertionError(op);
    }
  }

  static double[] binarySame(Binary op, double[] a, double[] b) {
    return binarySame(op, a, b, new double[a.length]);
  }

  /**
   * Elementwise binary op on equal shapes (fast path); y may be a or b. Long arrays are split as
   * {@link Parallelism#forRanges} tasks (each value computed alone, so the bits do not depend on the
   * threads).
   */
  static double[] binarySame(Binary op, double[] a, double[] b, double[] y) {
    int n = a.length;
    Parallelism.forRanges(n, Parallelism.ELEMENT_CHUNK, Parallelism.ELEMENT_WORK * n, (from, to) -> same(op, a, b, y, from, to));
    return y;
  }

  /** y[i] = a[i] op b[i] for i in [from, to). */
  private static void same(Binary op, double[] a, double[] b, double[] y, int from, int to) {
    switch (op) {
      case ADD -> { for (int i = from; i < to; i++) y[i] = a[i] + b[i]; }
      case SUB -> { for (int i = from; i < to; i++) y[i] = a[i] - b[i]; }
      case MUL -> { for (int i = from; i < to; i++) y[i] = a[i] * b[i]; }
      case DIV -> { for (int i = from; i < to; i++) y[i] = a[i] / b[i]; }
      default -> { for (int i = from; i < to; i++) y[i] = apply(op, a[i], b[i]); }
    }
  }

  static double[] binary(Binary op, double[] a, int[] aShape, double[] b, int[] bShape, int[] outShape) {
    return binary(op, a, aShape, b, bShape, outShape, new double[Shape.size(outShape)]);
  }

  /**
   * Elementwise binary op with NumPy broadcasting into y; {@code outShape} is the broadcast shape. y
   * may be an operand whose shape equals {@code outShape}.
   */
  static double[] binary(Binary op, double[] a, int[] aShape, double[] b, int[] bShape, int[] outShape,
      double[] y) {
    if (java.util.Arrays.equals(aShape, bShape)) {
      return binarySame(op, a, b, y);
    }
    int n = y.length;
    if (b.length == 1) {
      Parallelism.forRanges(n, Parallelism.ELEMENT_CHUNK, Parallelism.ELEMENT_WORK * n, (from, to) -> strided(op, a, from, 1, b, 0, 0, y, from, to - from));
      return y;
    }
    if (a.length == 1) {
      Parallelism.forRanges(n, Parallelism.ELEMENT_CHUNK, Parallelism.ELEMENT_WORK * n, (from, to) -> strided(op, a, 0, 0, b, from, 1, y, from, to - from));
      return y;
    }
    int rank = outShape.length;
    int[] sa = broadcastStrides(aShape, outShape);
    int[] sb = broadcastStrides(bShape, outShape);
    // Iterate over all but the last axis with a counter; the last axis is the inner loop. Ranges of
    // whole rows are independent tasks.
    int inner = rank == 0 ? 1 : outShape[rank - 1];
    if (inner == 0) {
      return y;
    }
    int rows = n / inner;
    int rowsPerTask = Math.max(1, Parallelism.ELEMENT_CHUNK / inner);
    Parallelism.forRanges(rows, rowsPerTask, Parallelism.ELEMENT_WORK * n, (from, to) -> broadcastRows(op, a, sa, b, sb, outShape, y, from, to));
    return y;
  }

  /** Rows [r0, r1) (all axes but the last, in row-major order) of {@link #binary}'s general case. */
  private static void broadcastRows(Binary op, double[] a, int[] sa, double[] b, int[] sb, int[] outShape,
      double[] y, int r0, int r1) {
    int rank = outShape.length;
    int inner = rank == 0 ? 1 : outShape[rank - 1];
    int ia = rank == 0 ? 0 : sa[rank - 1];
    int ib = rank == 0 ? 0 : sb[rank - 1];
    int[] idx = new int[Math.max(rank - 1, 0)];
    int offA = 0;
    int offB = 0;
    for (int ax = rank - 2, r = r0; ax >= 0; ax--) {
      idx[ax] = r % outShape[ax];
      r /= outShape[ax];
      offA += idx[ax] * sa[ax];
      offB += idx[ax] * sb[ax];
    }
    int n = r1 * inner;
    for (int o = r0 * inner; o < n; o += inner) {
      strided(op, a, offA, ia, b, offB, ib, y, o, inner);
      for (int ax = rank - 2; ax >= 0; ax--) {
        idx[ax]++;
        offA += sa[ax];
        offB += sb[ax];
        if (idx[ax] < outShape[ax]) {
          break;
        }
        offA -= sa[ax] * outShape[ax];
        offB -= sb[ax] * outShape[ax];
        idx[ax] = 0;
      }
    }
  }

  /**
   * y[o + j] = a[pa + j·ia] op b[pb + j·ib] for j in [0, len): one row of a broadcast op, with the
   * op chosen once per row rather than once per element.
   */
  private static void strided(Binary op, double[] a, int pa, int ia, double[] b, int pb, int ib,
      double[] y, int o, int len) {
    switch (op) {
      case ADD -> { for (int j = 0; j < len; j++) y[o + j] = a[pa + j * ia] + b[pb + j * ib]; }
      case SUB -> { for (int j = 0; j < len; j++) y[o + j] = a[pa + j * ia] - b[pb + j * ib]; }
      case MUL -> { for (int j = 0; j < len; j++) y[o + j] = a[pa + j * ia] * b[pb + j * ib]; }
      case DIV -> { for (int j = 0; j < len; j++) y[o + j] = a[pa + j * ia] / b[pb + j * ib]; }
      default -> { for (int j = 0; j < len; j++) y[o + j] = apply(op, a[pa + j * ia], b[pb + j * ib]); }
    }
  }

  /**
   * A broadcast binary op where one operand is a row of {@code inner} values repeated over the rows of
   * the other (a bias): y[o + j] = a[o + j] op row[j] ({@code rowFirst} false) or row[j] op a[o + j]
   * ({@code rowFirst} true). The same element operations, in the same order, as {@link #binary} makes
   * for these shapes; {@code row.length} must be {@code inner} and {@code a.length} a multiple of it;
   * y may be a itself (each value is read before it is written, at the same index).
   */
  static double[] binaryRows(Binary op, double[] a, double[] row, boolean rowFirst, int inner, double[] y) {
    int n = y.length;
    if (inner == 0) {
      return y;
    }
    // ranges of whole rows are independent tasks
    Parallelism.forRanges(n / inner, Math.max(1, Parallelism.ELEMENT_CHUNK / inner), Parallelism.ELEMENT_WORK * n, (r0, r1) -> {
      for (int o = r0 * inner; o < r1 * inner; o += inner) {
        if (rowFirst) {
          rowOp(op, row, a, o, y, inner, true);
        } else {
          rowOp(op, row, a, o, y, inner, false);
        }
      }
    });
    return y;
  }

  /**
   * y[o + j] = a[o + j] op row[j] (or row[j] op a[o + j] when {@code rowFirst}) for j in [0, len):
   * {@link #strided} with unit strides written out, so that C2 vectorises the loops.
   */
  private static void rowOp(Binary op, double[] row, double[] a, int o, double[] y, int len, boolean rowFirst) {
    if (rowFirst) {
      switch (op) {
        case ADD -> { for (int j = 0; j < len; j++) y[o + j] = row[j] + a[o + j]; }
        case SUB -> { for (int j = 0; j < len; j++) y[o + j] = row[j] - a[o + j]; }
        case MUL -> { for (int j = 0; j < len; j++) y[o + j] = row[j] * a[o + j]; }
        case DIV -> { for (int j = 0; j < len; j++) y[o + j] = row[j] / a[o + j]; }
        default -> { for (int j = 0; j < len; j++) y[o + j] = apply(op, row[j], a[o + j]); }
      }
    } else {
      switch (op) {
        case ADD -> { for (int j = 0; j < len; j++) y[o + j] = a[o + j] + row[j]; }
        case SUB -> { for (int j = 0; j < len; j++) y[o + j] = a[o + j] - row[j]; }
        case MUL -> { for (int j = 0; j < len; j++) y[o + j] = a[o + j] * row[j]; }
        case DIV -> { for (int j = 0; j < len; j++) y[o + j] = a[o + j] / row[j]; }
        default -> { for (int j = 0; j < len; j++) y[o + j] = apply(op, a[o + j], row[j]); }
      }
    }
  }

  /** Strides of {@code shape} viewed inside the broadcast shape {@code out}; broadcast axes get 0. */
  static int[] broadcastStrides(int[] shape, int[] out) {
    int[] own = Shape.strides(shape);
    int[] s = new int[out.length];
    int off = out.length - shape.length;
    for (int i = 0; i < shape.length; i++) {
      s[i + off] = shape[i] == 1 ? 0 : own[i];
    }
    return s;
  }

  static double[] linearCombination(double[] c, double[][] xs) {
    return linearCombination(c, xs, new double[xs[0].length]);
  }

  /**
   * y = Σ_t c[t]·xs[t], all of equal length, accumulated term by term from 0; terms whose coefficient
   * is exactly 0 are omitted. y must not alias a term.
   */
  static double[] linearCombination(double[] c, double[][] xs, double[] y) {
    // Per entry the same sums in the same order as ((0 + c0·x0) + c1·x1) + ..., with zero terms
    // skipped, but two terms per pass over y (and the first pass writes y instead of clearing it).
    int n = y.length;
    int t = next(c, 0);
    if (t == c.length) {
      java.util.Arrays.fill(y, 0.0);
      return y;
    }
    int u = next(c, t + 1);
    if (u == c.length) {
      double ca = c[t];
      double[] a = xs[t];
      for (int i = 0; i < n; i++) {
        y[i] = 0.0 + ca * a[i];
      }
      return y;
    }
    double ca = c[t];
    double cb = c[u];
    double[] a = xs[t];
    double[] b = xs[u];
    for (int i = 0; i < n; i++) {
      y[i] = (0.0 + ca * a[i]) + cb * b[i];
    }
    t = next(c, u + 1);
    while (t < c.length) {
      u = next(c, t + 1);
      ca = c[t];
      a = xs[t];
      if (u == c.length) {
        for (int i = 0; i < n; i++) {
          y[i] += ca * a[i];
        }
        break;
      }
      cb = c[u];
      b = xs[u];
      for (int i = 0; i < n; i++) {
        y[i] = (y[i] + ca * a[i]) + cb * b[i];
      }
      t = next(c, u + 1);
    }
    return y;
  }

  /** The first index at or after {@code from} whose coefficient is not exactly 0, or c.length. */
  private static int next(double[] c, int from) {
    int t = from;
    while (t < c.length && c[t] == 0.0) {
      t++;
    }
    return t;
  }

  /** Σ x[i], left to right from 0. */
  static double sum(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s;
  }

  /** Whether every value is finite. */
  static boolean allFinite(double[] x) {
    for (double v : x) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
