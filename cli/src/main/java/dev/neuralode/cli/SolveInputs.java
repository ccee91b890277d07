package dev.neuralode.cli;

import dev.neuralode.expr.Expr;
import dev.neuralode.expr.ExprException;
import dev.neuralode.expr.OdeSystem;
import dev.neuralode.expr.Parser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the text options of {@code neuralode solve} ({@code --vars}, {@code --param},
 * {@code --rhs}, {@code --y0}, {@code --t}, …), so that each mistake is reported in one line
 * that names the option, the position (the value's number, or the expression's number and the
 * column) and the fix. Every method throws {@link IllegalArgumentException}, which the command
 * line turns into exit status 2.
 */
final class SolveInputs {

  private SolveInputs() {}

  /**
   * Reads the variable names.
   *
   * @param text {@code --vars}, e.g. {@code "x,v"}
   * @return the names, in state order
   * @throws IllegalArgumentException if a name is empty, not an identifier, reserved or repeated
   */
  static List<String> variables(String text) {
    List<String> names = new ArrayList<>();
    String[] parts = text.split(",", -1);
    for (int i = 0; i < parts.length; i++) {
      String name = parts[i].trim();
      String what = "--vars name " + (i + 1);
      if (name.isEmpty()) {
        throw new IllegalArgumentException(what + " is empty; give names separated by commas,"
            + " e.g. --vars x,v");
      }
      OdeSystem.checkName(what, name);
      if (names.contains(name)) {
        throw new IllegalArgumentException(what + " '" + name + "' repeats name "
            + (names.indexOf(name) + 1) + "; give each variable once");
      }
      names.add(name);
    }
    return names;
  }

  /**
   * Reads the parameters.
   *
   * @param specs the {@code --param} values, each {@code name=value}
   * @param variables the variable names, which a parameter may not reuse
   * @return each name with its value, in the order given
   * @throws IllegalArgumentException if a value lacks {@code =}, a name is bad, reserved or
   *     repeated, or a value is not a finite number
   */
  static Map<String, Double> parameters(List<String> specs, List<String> variables) {
    Map<String, Double> params = new LinkedHashMap<>();
    for (int i = 0; i < specs.size(); i++) {
      String spec = specs.get(i).trim();
      String what = "--param " + (i + 1) + " '" + spec + "'";
      int eq = spec.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(what + " has no '='; write name=value, e.g."
            + " --param mu=1");
      }
      String name = spec.substring(0, eq).trim();
      OdeSystem.checkName(what + ": name", name);
      if (variables.contains(name)) {
        throw new IllegalArgumentException(what + ": '" + name + "' is already a variable in"
            + " --vars; give the parameter another name");
      }
      if (params.containsKey(name)) {
        throw new IllegalArgumentException(what + ": '" + name + "' is already set; give each"
            + " parameter once");
      }
      params.put(name, number(what + ": value", spec.substring(eq + 1)));
    }
    return params;
  }

  /**
   * Parses the right-hand sides, one per variable, separated by {@code ;} (a trailing {@code ;}
   * is allowed). Columns in messages count from the first non-blank character of that
   * expression.
   *
   * @param text {@code --rhs}, e.g. {@code "v; mu*(1-x*x)*v - x"}
   * @param variables the variable names
   * @param names the names the expressions may use, in slot order
   * @return one expression per variable
   * @throws IllegalArgumentException if the count is wrong, or (with the expression's number and
   *     the column) an expression does not parse
   */
  static List<Expr> rhs(String text, List<String> variables, List<String> names) {
    List<String> parts = new ArrayList<>(List.of(text.split(";", -1)));
    if (parts.size() > 1 && parts.get(parts.size() - 1).isBlank()) {
      parts.remove(parts.size() - 1);
    }
    if (parts.size() != variables.size()) {
      throw new IllegalArgumentException("--rhs has " + plural(parts.size(), "expression")
          + " but --vars names " + plural(variables.size(), "variable") + " ("
          + String.join(", ", variables) + "); give one right-hand side per variable, in that"
          + " order, separated by ';'");
    }
    List<Expr> exprs = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      exprs.add(expression("--rhs expression " + (i + 1), parts.get(i), names));
    }
    return exprs;
  }

  /**
   * Parses one expression, putting its context in front of any error.
   *
   * @param context e.g. {@code "--event 1"}
   * @param text the expression; leading and trailing blanks are ignored
   * @param names the names it may use, in slot order
   * @return the expression
   * @throws IllegalArgumentException {@code "<context>, column <c>: <problem>"}
   */
  static Expr expression(String context, String text, List<String> names) {
    try {
      return Parser.parse(text.strip(), names);
    } catch (ExprException e) {
      throw new IllegalArgumentException(e.withContext(context), e);
    }
  }

  /**
   * Reads a comma-separated list of numbers with a required count.
   *
   * @param option the option, e.g. {@code "--y0"}
   * @param text its value
   * @param variables the variable names; one value is expected per variable
   * @param oneAllowed whether a single value (for all variables) is also accepted
   * @return the values
   * @throws IllegalArgumentException if the count is wrong or a value (named by its position) is
   *     not a finite number
   */
  static double[] perVariable(String option, String text, List<String> variables,
      boolean oneAllowed) {
    double[] values = numbers(option, text);
    int n = variables.size();
    if (values.length != n && !(oneAllowed && values.length == 1)) {
      throw new IllegalArgumentException(option + " has " + plural(values.length, "value")
          + " but --vars names " + plural(n, "variable") + " (" + String.join(", ", variables)
          + "); give " + (oneAllowed && n > 1 ? "one value, or " : "") + "one value per variable"
          + " in that order");
    }
    return values;
  }

  /**
   * Reads a comma-separated list of finite numbers.
   *
   * @param option the option, for messages
   * @param text its value
   * @return the numbers
   * @throws IllegalArgumentException naming the first bad value by its position
   */
  static double[] numbers(String option, String text) {
    String[] parts = text.split(",", -1);
    double[] values = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = number(parts.length == 1 ? option : option + " value " + (i + 1), parts[i]);
    }
    return values;
  }

  /**
   * Reads the output times: a list {@code 0,1,2.5} or {@code start:stop:count}, which gives
   * count evenly spaced times from start to stop inclusive (decreasing if stop &lt; start).
   *
   * @param text {@code --t}
   * @return at least two strictly monotone times
   * @throws IllegalArgumentException if the form is wrong, a number is bad, count &lt; 2,
   *     start equals stop, or a list is not strictly increasing or decreasing
   */
  static double[] times(String text) {
    String[] range = text.split(":", -1);
    if (range.length == 3) {
      double start = number("--t start", range[0]);
      double stop = number("--t stop", range[1]);
      int count;
      try {
        count = Integer.parseInt(range[2].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--t count '" + range[2].trim() + "' is not a whole"
            + " number; write start:stop:count, e.g. --t 0:20:21");
      }
      if (count < 2 || count > 10_000_000) {
        throw new IllegalArgumentException("--t count " + count + " must be between 2 and"
            + " 10000000; e.g. --t " + range[0].trim() + ":" + range[1].trim() + ":101");
      }
      if (start == stop) {
        throw new IllegalArgumentException("--t start equals stop (" + start + "); give a range"
            + " of positive length, e.g. --t 0:10:101");
      }
      double[] t = new double[count];
      for (int i = 0; i < count; i++) {
        t[i] = i == count - 1 ? stop : start + (stop - start) * i / (count - 1);
      }
      if (t[1] == t[0]) {
        throw new IllegalArgumentException("--t count " + count + " is too many for the range "
            + start + " to " + stop + ": neighbouring times coincide; use fewer");
      }
      return t;
    }
    if (range.length != 1) {
      throw new IllegalArgumentException("--t '" + text + "' has " + (range.length - 1) + " ':';"
          + " write a list such as 0,1,2.5 or start:stop:count such as 0:20:21");
    }
    double[] t = numbers("--t", text);
    if (t.length < 2) {
      throw new IllegalArgumentException("--t has one time; give the initial time and at least"
          + " one more, e.g. --t " + t[0] + "," + (t[0] + 1) + " or --t " + t[0] + ":"
          + (t[0] + 10) + ":101");
    }
    dev.neuralode.io.OutputTimes.requireStrictlyMonotone("--t", t);
    return t;
  }

  /**
   * Reads one finite number.
   *
   * @param what the value's description for messages, e.g. {@code "--y0 value 2"}
   * @param text the text; blanks around it are ignored
   * @return the number
   * @throws IllegalArgumentException if it is empty, not a number, or not finite
   */
  static double number(String what, String text) {
    String s = text.trim();
    double v;
    try {
      if (s.isEmpty() || !s.matches("[-+0-9.eE]+")) {
        throw new NumberFormatException();
      }
      v = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + s + "' is not a number; write e.g. 0.5"
          + " or 1e-3");
    }
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(what + " '" + s + "' is not finite; give a finite"
          + " number");
    }
    return v;
  }

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
