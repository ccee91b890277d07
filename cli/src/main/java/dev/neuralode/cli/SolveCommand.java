package dev.neuralode.cli;

import dev.neuralode.expr.Expr;
import dev.neuralode.expr.OdeSystem;
import dev.neuralode.io.InputException;
import dev.neuralode.io.Json;
import dev.neuralode.ode.Event;
import dev.neuralode.ode.EventRecord;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code neuralode solve}: solves an ODE system typed on the command line and prints its states
 * at the requested times as CSV, as GNU plotutils' {@code ode} or scipy's {@code solve_ivp} do.
 *
 * <p>Each right-hand side is an expression ({@link dev.neuralode.expr.Parser}) of {@code t}, the
 * variables and the parameters, evaluated with tensor operations on the state of shape
 * {@code [nvars]} ({@link OdeSystem}). The solve is {@link Odeint#solve} with the chosen method
 * and tolerances.
 *
 * <p><b>Events.</b> Each {@code --event} expression g(t, vars) is an {@link Event}: a zero
 * crossing of g in the direction given by {@code --event-direction}, located on the dense output;
 * with {@code --terminal} the first one ends the solve.
 *
 * <p><b>Output.</b> CSV with a header {@code t,<vars>} and one row per requested time reached
 * (after a terminal event, the times up to it), or with {@code --steps} one per accepted solver
 * step, numbers in full precision ({@link Double#toString(double)}), to stdout or atomically to
 * {@code --out}; with {@code --event} a last column {@code event} and one row per event in time
 * order ({@link SolveRows}). {@code --stats FILE.json} gets {@code {"status":
 * "success"|"terminated_by_event", "nfe": N, "accepted": N, "rejected": N, "events": [{"t": time,
 * "y": [state], "index": i}]}}, i being the 0-based number of the {@code --event}. A terminal stop
 * is also reported in one line on stderr. On a solver failure the rows reached are still written,
 * the stats say {@code "status": "failed"}, and the exit status is 1.
 *
 * <p><b>Gradients.</b> With {@code --gradient} the command reports, as JSON on stdout or in
 * {@code --gradient-out}, the gradient of the sum of the {@code --loss-vars} over every requested
 * time with respect to y0, the parameters and the times ({@link SolveGradient}); the CSV is then
 * written only to {@code --out}.
 *
 * <p><b>Errors.</b> Exit status 2 with one line on stderr for any bad input, with its position:
 * the expression's number and the column for an expression, the value's number for a list. Exit
 * status 1 if the solver fails (step-size underflow, too many steps, a non-finite state), after
 * writing the partial solution.
 */
@Command(name = "solve", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Solve an ODE system typed as expressions and print its states as CSV.",
        "",
        "Expressions use numbers (2, 0.5, 1e-3), + - * / ^ (power; -x^2 = -(x^2)), parentheses,"
            + " the functions sin cos tan exp log sqrt tanh abs sigmoid min max pow, the"
            + " constants pi and e, the time t, the variables and the parameters.",
        ""},
    footer = {"",
        "Example (Van der Pol):",
        "  neuralode solve --vars x,v --rhs \"v; mu*(1-x*x)*v - x\" --param mu=1 \\",
        "      --y0 2,0 --t 0:20:21 --method dopri5 --rtol 1e-8 --atol 1e-10",
        "Example (falling ball, stop at the ground):",
        "  neuralode solve --vars h,v --rhs \"v; -9.81\" --y0 10,0 --t 0:2:21 \\",
        "      --event h --event-direction falling --terminal --stats stats.json"})
public final class SolveCommand implements Callable<Integer> {

  private static final String[] ORDINALS = {"first", "second", "third"};

  @Spec CommandSpec spec;

  @Option(names = "--vars", required = true, paramLabel = "NAMES",
      description = "State variables, comma-separated, e.g. x,v.")
  String vars;

  @Option(names = "--rhs", required = true, paramLabel = "EXPRS",
      description = "Right-hand sides dvar/dt, one per variable in --vars order, separated by"
          + " ';'. Error columns count from the start of each expression.")
  String rhs;

  @Option(names = "--param", split = ",", paramLabel = "NAME=VALUE",
      description = "A parameter the expressions may use; repeatable (or comma-separated).")
  List<String> params = new ArrayList<>();

  @Option(names = "--y0", required = true, paramLabel = "VALUES",
      description = "Initial state at the first time, one value per variable, comma-separated.")
  String y0;

  @Option(names = "--t", required = true, paramLabel = "TIMES",
      description = "Output times: a list (0,1,2.5) or start:stop:count (0:20:21). The first is"
          + " the initial time; decreasing times solve backward.")
  String times;

  @Option(names = "--method", defaultValue = "dopri5", paramLabel = "METHOD",
      completionCandidates = MethodNames.class,
      description = "Integration method: ${COMPLETION-CANDIDATES}. Those up to rk38 take fixed"
          + " steps, the others are adaptive; kvaerno5 is implicit, for stiff systems"
          + " (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--rtol", paramLabel = "TOL",
      description = "Relative tolerance, > 0: one value, or one per variable (default 1e-7).")
  String rtol;

  @Option(names = "--atol", paramLabel = "TOL",
      description = "Absolute tolerance: one value, or one per variable (default 1e-9).")
  String atol;

  @Option(names = "--step-size", paramLabel = "H",
      description = "Largest step of a fixed-step method (default: one step per interval).")
  Double stepSize;

  @Option(names = "--first-step", paramLabel = "H",
      description = "First step of an adaptive method (default: automatic).")
  Double firstStep;

  @Option(names = "--max-steps", paramLabel = "N",
      description = "Most steps (accepted + rejected) for the whole solve (default 100000).")
  Integer maxSteps;

  @Option(names = "--min-step", paramLabel = "H",
      description = "Smallest adaptive step (default 0: only the round-off floor).")
  Double minStep;

  @Option(names = "--max-step", paramLabel = "H",
      description = "Largest adaptive step (default: no limit).")
  Double maxStep;

  @Option(names = "--norm", completionCandidates = Vocabulary.NormNames.class, paramLabel = "NORM",
      description = "Error norm of adaptive methods: rms (default) or max.")
  String norm;

  @Option(names = "--jump-times", paramLabel = "TIMES",
      description = "Times where the right-hand side jumps, comma-separated; an adaptive method"
          + " steps to each exactly. Times not strictly inside the solve interval (between the"
          + " first and last --t) are ignored.")
  String jumpTimes;

  @Option(names = "--event", paramLabel = "EXPR",
      description = "An event function g(t, vars); an event is where it crosses zero."
          + " Repeatable.")
  List<String> events = new ArrayList<>();

  @Option(names = "--event-direction", completionCandidates = Vocabulary.EventDirections.class,
      paramLabel = "DIR",
      description = "rising, falling or both (default both): one for all events, or one per"
          + " --event. Repeatable.")
  List<String> eventDirections = new ArrayList<>();

  @Option(names = "--terminal", description = "Stop the solve at the first event.")
  boolean terminal;

  @Option(names = "--steps",
      description = "Write a row for every step the solver took (its own grid, as solve_ivp"
          + " without t_eval) instead of one per requested time; --t then only sets the span.")
  boolean steps;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Write the CSV to this file (atomically) instead of stdout; missing"
          + " parent directories are created.")
  Path out;

  @Option(names = "--stats", paramLabel = "FILE",
      description = "Write the status, NFE, step counts and events to this JSON file.")
  Path stats;

  @Option(names = "--gradient", completionCandidates = Vocabulary.GradientModes.class, arity = "0..1", fallbackValue = "direct", paramLabel = "MODE",
      description = "Also report the gradient of L = sum over every requested time of the"
          + " --loss-vars with respect to y0, the parameters and the times, taken by MODE: "
          + Vocabulary.GRADIENT_MODES + " (default when given without a mode: direct).")
  String gradient;

  @Option(names = "--loss-vars", paramLabel = "NAMES",
      description = "Variables summed in the --gradient loss (default: all).")
  String lossVars;

  @Option(names = "--gradient-mode", hidden = true, paramLabel = "MODE",
      description = "Old spelling of --gradient MODE.")
  String gradientMode;

  @Option(names = "--adjoint-rtol", paramLabel = "TOL",
      description = "Relative tolerance of the adjoint's backward solve (backsolve, interpolating).")
  Double adjointRtol;

  @Option(names = "--adjoint-atol", paramLabel = "TOL",
      description = "Absolute tolerance of the adjoint's backward solve (backsolve, interpolating).")
  Double adjointAtol;

  @Option(names = "--seminorm",
      description = "Leave the parameter and time adjoints out of the backward error norm.")
  boolean seminorm;

  @Option(names = "--gradient-out", paramLabel = "FILE",
      description = "Write the gradient JSON here instead of stdout (with --gradient, the CSV"
          + " goes only to --out).")
  Path gradientOut;

  @Option(names = {"-q", "--quiet"}, description = Vocabulary.QUIET)
  boolean quiet;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  /** Creates the command; picocli sets the options. */
  public SolveCommand() {}

  /**
   * Runs the solve.
   *
   * @return 0 on success
   * @throws Exception as mapped to exit statuses by {@link Errors}
   */
  @Override
  public Integer call() throws Exception {
    List<String> variables = SolveInputs.variables(vars);
    Map<String, Double> values = SolveInputs.parameters(params, variables);
    List<String> names = OdeSystem.slotNames(variables, new ArrayList<>(values.keySet()));
    List<Expr> rhsExprs = SolveInputs.rhs(rhs, variables, names);
    double[] state = SolveInputs.perVariable("--y0", y0, variables, false);
    double[] t = SolveInputs.times(times);
    List<Expr> eventExprs = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      eventExprs.add(SolveInputs.expression("--event " + (i + 1), events.get(i), names));
    }
    checkOutputFile("--out", out);
    checkOutputFile("--stats", stats);
    Solver options = SolveSetup.solver(this, variables);

    boolean gradient = this.gradient != null || gradientMode != null;
    String mode = gradientMode != null ? gradientMode : this.gradient;
    SolveGradient.GradientSettings gradientSettings = null;
    if (gradient) {
      checkOutputFile("--gradient-out", gradientOut);
      gradientSettings = SolveGradient.settings(mode, lossVars, variables, adjointRtol,
          adjointAtol, seminorm);
      if (!events.isEmpty()) {
        throw new IllegalArgumentException("--gradient cannot be combined with --event; remove"
            + " one of them");
      }
      if (steps) {
        throw new IllegalArgumentException("--gradient cannot be combined with --steps; remove"
            + " one of them");
      }
    }

    Map<String, Tensor> paramTensors = new LinkedHashMap<>();
    boolean grad = gradient;
    values.forEach((k, v) -> paramTensors.put(k, grad ? Tensor.scalar(v).requireGrad()
        : Tensor.scalar(v)));
    OdeSystem system = new OdeSystem(variables, paramTensors, rhsExprs);
    List<Event> eventList = SolveSetup.events(this, system, eventExprs);
    if (gradient) {
      Map.Entry<OdeResult, Map<String, Object>> g =
          SolveGradient.run(system, state, t, options, gradientSettings);
      if (out != null) {
        SolveOutput.writeCsv(spec, out, variables, g.getKey());
      }
      if (stats != null) {
        Json.write(stats, SolveOutput.statsJson(g.getKey()));
      }
      if (gradientOut != null) {
        Json.write(gradientOut, g.getValue());
      } else {
        CommandSupport.printToStdout(spec, Json.toJson(g.getValue()));
      }
      return 0;
    }
    OdeResult result = SolveRows.run(spec, quiet, system.function(), state, t, options, eventList, steps,
        variables, out, stats);
    for (String warning : result.warnings()) {
      CommandSupport.status(spec, false, "warning: " + warning + " (see --max-step)");
    }
    if (result.status() == OdeResult.Status.TERMINATED_BY_EVENT) {
      EventRecord last = result.events().get(result.events().size() - 1);
      // Same numbering as the stats JSON ("index", from 0), with the --event it came from.
      int i = last.index();
      String which = i < ORDINALS.length ? ORDINALS[i] : (i + 1) + "th";
      CommandSupport.status(spec, quiet, "terminated by event " + i + " (the " + which
          + " --event) at t = " + last.t() + "; the CSV's last row is the event's state");
    }
    return 0;
  }

  private static void checkOutputFile(String option, Path file) {
    if (file != null && Files.isDirectory(file)) {
      throw InputException.at(file, 0, "is a directory; give " + option + " a file path");
    }
  }
}
