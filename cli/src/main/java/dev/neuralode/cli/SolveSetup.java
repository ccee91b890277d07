package dev.neuralode.cli;

import dev.neuralode.expr.Expr;
import dev.neuralode.expr.OdeSystem;
import dev.neuralode.ode.ErrorNorm;
import dev.neuralode.ode.Event;
import dev.neuralode.ode.EventFunction;
import dev.neuralode.ode.EventHandler;
import dev.neuralode.ode.Method;
import dev.neuralode.ode.Methods;
import dev.neuralode.ode.Solver;
import dev.neuralode.ode.SolverBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the solver options of {@code neuralode solve} into a {@link Solver} and its
 * {@code --event} options into {@link Event}s, checking each value and naming the option in any
 * message. Every method throws {@link IllegalArgumentException} (exit status 2).
 */
final class SolveSetup {

  private SolveSetup() {}

  /**
   * Builds the solver.
   *
   * @param c the command, whose option fields are read (not modified)
   * @param variables the variable names, for per-variable tolerances
   * @return the solver
   * @throws IllegalArgumentException naming the option, if a value is out of range or the method
   *     is unknown (the message lists the valid methods), or if an option the method ignores was
   *     given: {@code --step-size} with an adaptive method; {@code --rtol}, {@code --atol},
   *     {@code --first-step}, {@code --min-step}, {@code --max-step}, {@code --norm} or
   *     {@code --jump-times} with a fixed-step one
   */
  static Solver solver(SolveCommand c, List<String> variables) {
    SolverBuilder o = Solver.builder();
    Method method;
    try {
      method = Methods.byName(c.method);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--method: " + e.getMessage(), e);
    }
    o.method(method);
    if (c.rtol != null) {
      double[] r = tolerances("--rtol", c.rtol, variables, true);
      o = r.length == 1 ? o.rtol(r[0]) : o.rtol(r);
    }
    if (c.atol != null) {
      double[] a = tolerances("--atol", c.atol, variables, false);
      o = a.length == 1 ? o.atol(a[0]) : o.atol(a);
    }
    if (c.stepSize != null) {
      o = o.stepSize(positive("--step-size", c.stepSize));
    }
    if (c.firstStep != null) {
      o = o.firstStep(positive("--first-step", c.firstStep));
    }
    if (c.maxSteps != null) {
      if (c.maxSteps <= 0) {
        throw new IllegalArgumentException("--max-steps " + c.maxSteps + " must be > 0, e.g."
            + " --max-steps 100000");
      }
      o = o.maxSteps(c.maxSteps);
    }
    if (c.minStep != null || c.maxStep != null) {
      double min = c.minStep == null ? 0.0 : c.minStep;
      double max = c.maxStep == null ? Double.POSITIVE_INFINITY : positive("--max-step", c.maxStep);
      if (!(min >= 0) || !Double.isFinite(min) || min > max) {
        throw new IllegalArgumentException("--min-step " + min + " must be finite, >= 0 and at"
            + " most --max-step (" + max + ")");
      }
      o = o.stepLimits(min, max);
    }
    if (c.norm != null) {
      o = o.norm(switch (c.norm.trim().toLowerCase(Locale.ROOT)) {
        case "rms" -> ErrorNorm.RMS;
        case "max" -> ErrorNorm.MAX;
        default -> throw new IllegalArgumentException("--norm '" + c.norm + "' is not rms or"
            + " max; use --norm rms (the default) or --norm max");
      });
    }
    if (c.jumpTimes != null) {
      o = o.jumpTimes(SolveInputs.numbers("--jump-times", c.jumpTimes));
    }
    checkApplicable(c, method);
    return o.build();
  }

  /**
   * Rejects a step option the chosen method would ignore: {@code --step-size} with an adaptive
   * method, or a tolerance, norm, step-limit or jump-time option with a fixed-step one.
   */
  private static void checkApplicable(SolveCommand c, Method m) {
    String method = m.name();
    if (m.adaptive()) {
      if (c.stepSize != null) {
        throw new IllegalArgumentException("--step-size applies to fixed-step methods ("
            + String.join(", ", Methods.names(false)) + "); " + method + " is adaptive: set --rtol/--atol,"
            + " or --first-step/--max-step");
      }
      return;
    }
    Object[][] adaptiveOnly = {{"--rtol", c.rtol}, {"--atol", c.atol}, {"--first-step", c.firstStep},
        {"--min-step", c.minStep}, {"--max-step", c.maxStep}, {"--norm", c.norm},
        {"--jump-times", c.jumpTimes}};
    for (Object[] option : adaptiveOnly) {
      if (option[1] != null) {
        throw new IllegalArgumentException(option[0] + " applies to adaptive methods ("
            + String.join(", ", Methods.names(true)) + "); " + method + " is fixed-step: drop " + option[0]
            + " (use --step-size), or choose an adaptive --method such as dopri5");
      }
    }
  }

  /**
   * Builds the events: one per {@code --event} expression, with its direction and the terminal
   * flag.
   *
   * @param c the command, whose event fields are read (not modified)
   * @param system the ODE system whose names the expressions use
   * @param expressions the parsed {@code --event} expressions, in order
   * @return the events, in the order given (their index in the result is this order)
   * @throws IllegalArgumentException if the directions are of the wrong count or unknown, or
   *     {@code --event-direction}/{@code --terminal} is given without {@code --event}
   */
  static List<Event> events(SolveCommand c, OdeSystem system, List<Expr> expressions) {
    int n = expressions.size();
    List<String> dirs = c.eventDirections;
    if (n == 0 && (!dirs.isEmpty() || c.terminal)) {
      throw new IllegalArgumentException((c.terminal ? "--terminal" : "--event-direction")
          + " needs an event; add --event EXPR, e.g. --event x");
    }
    if (!dirs.isEmpty() && dirs.size() != 1 && dirs.size() != n) {
      throw new IllegalArgumentException("--event-direction is given " + dirs.size() + " times"
          + " for " + n + " events; give it once for all events or once per --event, in order");
    }
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Expr g = expressions.get(i);
      Event.Direction d = dirs.isEmpty() ? Event.Direction.BOTH
          : direction(dirs.size() == 1 ? 1 : i + 1, dirs.get(dirs.size() == 1 ? 0 : i));
      EventFunction fn = EventFunction.ofTensor((t, y) -> system.evaluate(g, t, y));
      events.add(Event.of(fn).withDirection(d).withHandler(c.terminal ? EventHandler.STOP : EventHandler.CONTINUE));
    }
    return events;
  }

  private static Event.Direction direction(int position, String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "rising" -> Event.Direction.RISING;
      case "falling" -> Event.Direction.FALLING;
      case "both" -> Event.Direction.BOTH;
      default -> throw new IllegalArgumentException("--event-direction " + position + " '" + text
          + "' is not rising, falling or both");
    };
  }

  private static double[] tolerances(String option, String text, List<String> variables,
      boolean relative) {
    double[] v = SolveInputs.perVariable(option, text, variables, true);
    for (int i = 0; i < v.length; i++) {
      String what = v.length == 1 ? option : option + " value " + (i + 1);
      if (relative ? !(v[i] > 0) : !(v[i] >= 0)) {
        throw new IllegalArgumentException(what + " " + v[i] + " must be " + (relative ? "> 0"
            : ">= 0") + ", e.g. " + option + " " + (relative ? "1e-8" : "1e-10"));
      }
    }
    return v;
  }

  private static double positive(String option, double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(option + " " + v + " must be finite and > 0, e.g. "
          + option + " 0.01");
    }
    return v;
  }
}
