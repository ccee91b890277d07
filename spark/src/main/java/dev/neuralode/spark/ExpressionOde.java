package dev.neuralode.spark;

import dev.neuralode.expr.Expr;
import dev.neuralode.expr.OdeSystem;
import dev.neuralode.expr.Parser;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ODE system typed as one expression per variable, as {@code neuralode solve} takes it (see
 * {@link OdeSystem}): dy_k/dt = rhs_k(t, y, p). Each row is solved exactly as a single call of the
 * library does it, {@code Odeint.solve(system.function(), Tensor.vector(y0), times, solver)}, so
 * the ensemble's results equal solving the rows one by one, bit for bit.
 *
 * <p>The expressions are parsed on the driver (to report mistakes before any task runs) and again
 * once per partition on the executors; only their text travels.
 *
 * @param variables the state variables, in state order; also the input columns of the initial state
 * @param parameterNames the parameters' names
 * @param defaults each parameter's value when the input has no column of its name (NaN = none, the
 *     column is required), same size as {@code parameterNames}
 * @param rhs one expression per variable, over {@code t}, the variables and the parameters
 * @param times the output times, strictly monotone, at least 2; the state of a row holds at
 *     {@code times[0]}
 * @param solver the solver settings
 * @serial exclude
 */
public record ExpressionOde(List<String> variables, List<String> parameterNames, double[] defaults,
    List<String> rhs, double[] times, SolverSettings solver) implements EnsembleOde {

  /**
   * Checks the system and parses the expressions once.
   *
   * @param variables see the record's description
   * @param parameterNames see the record's description
   * @param defaults see the record's description
   * @param rhs see the record's description
   * @param times see the record's description
   * @param solver see the record's description
   * @throws IllegalArgumentException naming the field at fault: sizes that disagree, a bad name,
   *     times that are not strictly monotone or not finite, a null solver
   * @throws IllegalArgumentException also if an expression does not parse: {@code --rhs expression 2,
   *     column 1: unknown name 'mu2'; …} (the expression's number and the column, as {@code neuralode
   *     solve} reports it; the cause is the {@link dev.neuralode.expr.ExprException})
   */
  public ExpressionOde {
    if (variables == null || variables.isEmpty() || rhs == null || rhs.size() != variables.size()) {
      throw new IllegalArgumentException("need one rhs expression per variable; got variables=" + variables
          + ", rhs=" + rhs);
    }
    parameterNames = parameterNames == null ? List.of() : List.copyOf(parameterNames);
    defaults = defaults == null ? new double[0] : defaults.clone();
    if (defaults.length != parameterNames.size()) {
      throw new IllegalArgumentException("defaults has " + defaults.length + " values for "
          + parameterNames.size() + " parameters " + parameterNames + "; give one (NaN = none) per parameter");
    }
    variables = List.copyOf(variables);
    rhs = List.copyOf(rhs);
    for (String v : variables) {
      OdeSystem.checkName("variable", v);
    }
    for (String p : parameterNames) {
      OdeSystem.checkName("parameter", p);
    }
    times = checkTimes(times);
    if (solver == null) {
      throw new IllegalArgumentException("solver is null; pass e.g. SolverSettings.of(\"dopri5\", 1e-7, 1e-9)");
    }
    parse(variables, parameterNames, rhs);
  }

  private static double[] checkTimes(double[] times) {
    if (times == null || times.length < 2) {
      throw new IllegalArgumentException("times needs at least 2 values (the start, then the outputs); got "
          + Arrays.toString(times));
    }
    double sign = Math.signum(times[1] - times[0]);
    for (int i = 0; i < times.length; i++) {
      if (!Double.isFinite(times[i]) || sign == 0 || (i > 0 && Math.signum(times[i] - times[i - 1]) != sign)) {
        throw new IllegalArgumentException("times must be finite and strictly increasing or decreasing; got "
            + Arrays.toString(times) + " (at index " + i + ")");
      }
    }
    return times.clone();
  }

  private static List<Expr> parse(List<String> variables, List<String> parameters, List<String> rhs) {
    List<String> names = OdeSystem.slotNames(variables, parameters);
    List<Expr> out = new ArrayList<>();
    for (int i = 0; i < rhs.size(); i++) {
      try {
        out.add(Parser.parse(rhs.get(i).strip(), names));
      } catch (dev.neuralode.expr.ExprException e) {
        // the same form as 'neuralode solve': which expression, then the column
        throw new IllegalArgumentException(e.withContext("--rhs expression " + (i + 1)), e);
      }
    }
    return out;
  }

  @Override
  public List<String> stateColumns() {
    return variables;
  }

  @Override
  public boolean requiresColumn(String name) {
    int i = parameterNames.indexOf(name);
    return i >= 0 && Double.isNaN(defaults[i]);
  }

  @Override
  public String startColumn() {
    return null;
  }

  @Override
  public double[] times() {
    return times.clone();
  }

  /**
   * The parameters' default values.
   *
   * @return a copy; NaN where the input must have a column
   */
  @Override
  public double[] defaults() {
    return defaults.clone();
  }

  /**
   * Parses the expressions and builds the solver; each row then builds its {@link
   * OdeSystem} with its parameter values and solves it from {@code times[0]} (the start argument is
   * ignored).
   *
   * @return the row solver
   */
  @Override
  public RowSolver open() {
    List<Expr> exprs = parse(variables, parameterNames, rhs);
    Solver s = solver.solver();
    double[] t = times.clone();
    return (state, parameters, start) -> {
      Map<String, Tensor> values = new LinkedHashMap<>();
      for (int i = 0; i < parameterNames.size(); i++) {
        double v = Double.isNaN(parameters[i]) ? defaults[i] : parameters[i];
        values.put(parameterNames.get(i), Tensor.scalar(v));
      }
      OdeSystem system = new OdeSystem(variables, values, exprs);
      OdeResult r = Odeint.solve(system.function(), Tensor.vector(state), t, s);
      int d = state.length;
      double[] ys = r.ys().toArray();
      double[][] states = new double[r.size()][];
      for (int i = 0; i < states.length; i++) {
        states[i] = Arrays.copyOfRange(ys, i * d, (i + 1) * d);
      }
      return new Solved(states, r.stats());
    };
  }
}
