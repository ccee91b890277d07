package dev.neuralode.expr;

import dev.neuralode.ode.FlatOde;
import dev.neuralode.ode.OdeFunction;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A system of ODEs typed as expressions: {@code d(vars[i])/dt = rhs[i](t, vars, params)}.
 *
 * <p><b>State layout.</b> The state y has shape {@code [nvars]} or {@code [batch, nvars]}: the last
 * axis holds the variables, in the order of {@link #variables()}. Variable i is the column
 * {@code y.slice(-1, i, i + 1)} (shape {@code [1]} or {@code [batch, 1]}); {@code t} and every
 * parameter are scalar tensors of shape {@code []} and broadcast. Each right-hand side is
 * evaluated on these {@link Expr#eval slots} — in the order {@code t}, the variables, the
 * parameters ({@link #slotNames(List, List)}) — broadcast to the column's shape (a constant such
 * as {@code 1} becomes a column of ones), and the columns are concatenated back into y's shape.
 * Every step is a tensor operation, so a solve of this system can be differentiated with respect
 * to y0, t and any parameter tensor that requires a gradient.
 */
public final class OdeSystem {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final List<String> variables;
  private final Map<String, Tensor> parameters;
  private final List<Expr> rhs;

  /**
   * Creates the system from parsed right-hand sides.
   *
   * @param variables the state variables' names, at least one, in state order; not modified
   * @param parameters each parameter's name and scalar value (which may require a gradient), in
   *     slot order; not modified
   * @param rhs one expression per variable, parsed against {@link #slotNames(List, List)}
   * @throws IllegalArgumentException if there are no variables, the counts differ, or a parameter
   *     is not a scalar
   */
  public OdeSystem(List<String> variables, Map<String, Tensor> parameters, List<Expr> rhs) {
    if (variables.isEmpty()) {
      throw new IllegalArgumentException("variables: none given; name at least one");
    }
    if (rhs.size() != variables.size()) {
      throw new IllegalArgumentException("rhs: " + rhs.size() + " expressions for "
          + variables.size() + " variables; give one right-hand side per variable");
    }
    for (Map.Entry<String, Tensor> p : parameters.entrySet()) {
      if (p.getValue().rank() != 0) {
        throw new IllegalArgumentException("parameter '" + p.getKey() + "' has shape "
            + Arrays.toString(p.getValue().shape()) + "; parameters are scalars");
      }
    }
    this.variables = List.copyOf(variables);
    this.parameters = new LinkedHashMap<>(parameters);
    this.rhs = List.copyOf(rhs);
  }

  /**
   * Returns the names an expression of a system may use, in slot order.
   *
   * @param variables the state variables' names
   * @param parameters the parameters' names
   * @return {@code t}, then the variables, then the parameters
   */
  public static List<String> slotNames(List<String> variables, List<String> parameters) {
    List<String> names = new ArrayList<>();
    names.add("t");
    names.addAll(variables);
    names.addAll(parameters);
    return names;
  }

  /**
   * Checks that a name can be a variable or parameter: an identifier that is not {@code t}, a
   * constant or a function name.
   *
   * @param what how a message names it, e.g. {@code "--vars name 2"}
   * @param name the name
   * @throws IllegalArgumentException with a one-line message if it cannot
   */
  public static void checkName(String what, String name) {
    if (!IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(what + " '" + name + "' is not a name; use letters,"
          + " digits and '_', starting with a letter, e.g. x or theta_1");
    }
    if (name.equals("t") || name.equals("pi") || name.equals("e")
        || Function.bySymbol(name).isPresent()) {
      throw new IllegalArgumentException(what + " '" + name + "' is reserved (t is time; pi and"
          + " e are constants; functions: " + String.join(", ", Function.symbols())
          + "); choose another name");
    }
  }

  /**
   * Returns the state variables.
   *
   * @return their names, in state order
   */
  public List<String> variables() {
    return variables;
  }

  /**
   * Returns the parameters.
   *
   * @return a copy of the name-to-value map, in slot order
   */
  public Map<String, Tensor> parameters() {
    return new LinkedHashMap<>(parameters);
  }

  /**
   * Returns the slots for an evaluation at (t, y), as described in the class documentation.
   *
   * @param t the time, shape {@code []}; not modified
   * @param y the state, shape {@code [nvars]} or {@code [batch, nvars]}; not modified
   * @return t, one column of y per variable, then the parameters
   * @throws IllegalArgumentException if y's last axis is not the number of variables
   */
  public Tensor[] slots(Tensor t, Tensor y) {
    int n = variables.size();
    if (y.rank() == 0 || y.dim(y.rank() - 1) != n) {
      throw new IllegalArgumentException("y has shape " + Arrays.toString(y.shape()) + " but the"
          + " system has " + n + " variables; give y of shape [" + n + "] or [batch, " + n + "]");
    }
    Tensor[] slots = new Tensor[1 + n + parameters.size()];
    slots[0] = t;
    for (int i = 0; i < n; i++) {
      slots[1 + i] = y.slice(-1, i, i + 1);
    }
    int k = 1 + n;
    for (Tensor p : parameters.values()) {
      slots[k++] = p;
    }
    return slots;
  }

  /**
   * Evaluates another expression of this system's names (for example an event function) at
   * (t, y), broadcast to one column.
   *
   * @param g an expression parsed against this system's slot names
   * @param t the time, shape {@code []}; not modified
   * @param y the state; not modified
   * @return g's value, shape {@code [1]} or {@code [batch, 1]}
   */
  public Tensor evaluate(Expr g, Tensor t, Tensor y) {
    return column(g.eval(slots(t, y)), y);
  }

  /**
   * Returns the right-hand side f(t, y) as an {@link OdeFunction} for {@code Odeint}. It is
   * {@linkplain OdeFunction#traceable() traceable}: an expression is a fixed sequence of tensor
   * operations, so the solvers capture it once per solve and replay it.
   *
   * @return f, whose result has y's shape
   */
  public OdeFunction function() {
    return new OdeFunction() {
      /** The compiled flat program, built on first use (immutable once built; copies are evaluated). */
      private volatile FlatExpr template;

      @Override
      public Tensor apply(Tensor t, Tensor y) {
        Tensor[] slots = slots(t, y);
        List<Tensor> columns = new ArrayList<>(rhs.size());
        for (Expr e : rhs) {
          columns.add(column(e.eval(slots), y));
        }
        return columns.size() == 1 ? columns.get(0) : Tensor.concat(-1, columns);
      }

      @Override
      public boolean traceable() {
        return true;
      }

      @Override
      public FlatOde flat() {
        FlatExpr t = template;
        if (t == null) {
          FlatOde built = flatFunction();
          if (built == null) {
            return null;
          }
          t = (FlatExpr) built;
          template = t;
        }
        return t.copy();
      }
    };
  }

  /**
   * Returns the right-hand side evaluated directly on doubles, row by row (no tensors): the same values,
   * bit for bit, as {@link #function()} for a state of shape {@code [nvars]} or {@code [batch, nvars]}
   * flattened row-major. The solvers use it for {@link #function()} whenever nothing is recorded;
   * {@code Odeint.solve(FlatOde, double[], int, double[], Solver)} takes it directly. Each call returns a
   * new, independent evaluator (not thread-safe itself).
   *
   * @return the flat right-hand side, or null when a parameter requires a gradient (then only the
   *     Tensor evaluation records the dependence on it)
   */
  public FlatOde flatFunction() {
    double[] values = new double[parameters.size()];
    int k = 0;
    for (Tensor p : parameters.values()) {
      if (p.requiresGrad()) {
        return null;
      }
      values[k++] = p.item();
    }
    return new FlatExpr(rhs, variables.size(), values);
  }

  private static Tensor column(Tensor value, Tensor y) {
    int[] shape = y.shape();
    shape[shape.length - 1] = 1;
    return value.expand(shape);
  }
}
