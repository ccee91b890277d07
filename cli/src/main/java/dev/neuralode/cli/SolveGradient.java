package dev.neuralode.cli;

import dev.neuralode.expr.OdeSystem;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.Solver;
import dev.neuralode.sensitivity.BacksolveAdjoint;
import dev.neuralode.sensitivity.InterpolatingAdjoint;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.sensitivity.SensitivityResult;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code neuralode solve --gradient}: the gradient of L = Σᵢ Σ_v y_v(tᵢ), summed over every
 * requested time tᵢ (t₀ included) and the variables of {@code --loss-vars}, with respect to y0,
 * every parameter and every requested time.
 *
 * <p><b>Modes.</b> {@code direct} backpropagates through the solver's recorded steps (the exact
 * gradient of the discretised solve), with time gradients from the solution map's identities
 * ({@link dev.neuralode.sensitivity.Direct}); its backward NFE counts the T evaluations of f those need.
 * {@code checkpointed} gives the same gradient from a few stored states by binomial checkpointing,
 * recomputing steps in the backward pass ({@link dev.neuralode.sensitivity.Checkpointed}); its
 * backward NFE counts the recomputation. {@code backsolve} is the adjoint method
 * ({@link BacksolveAdjoint}), which solves the state backwards with the adjoint; {@code interpolating}
 * reads the state from the forward dense solution instead ({@link InterpolatingAdjoint}). For the two
 * adjoints {@code --adjoint-rtol}/{@code --adjoint-atol} set the backward solve (default: the
 * forward scalar tolerances, the smallest entry of a per-variable list) and {@code --seminorm}
 * leaves the parameter and time adjoints out of its error norm (Kidger, Chen &amp; Lyons 2021;
 * {@link BacksolveAdjoint#seminorm()}).
 *
 * <p>The result is the JSON object {@code {"loss": L, "gradient": {"y0": [...], "params":
 * {"name": value, ...}, "t": [...]}, "mode": "...", "nfe_forward": N, "nfe_backward": N}}.
 */
final class SolveGradient {

  /** The gradient modes, as {@code --gradient} names them: the canonical sensitivity names. */
  static final List<String> MODES = Sensitivity.names();

  private SolveGradient() {}

  /**
   * The settings of a gradient computation.
   *
   * @param mode one of {@link #MODES}
   * @param lossVars the variables summed in the loss, by index into the state
   * @param adjointRtol the backward relative tolerance, or null for the forward one
   * @param adjointAtol the backward absolute tolerance, or null for the forward one
   * @param seminorm whether the backward solve uses the seminorm
   */
  record GradientSettings(String mode, int[] lossVars, Double adjointRtol, Double adjointAtol,
      boolean seminorm) {}

  /**
   * Reads and checks the gradient options.
   *
   * @param mode {@code --gradient}'s mode
   * @param lossVars {@code --loss-vars}, or null for every variable
   * @param variables the variable names
   * @param adjointRtol {@code --adjoint-rtol}, or null
   * @param adjointAtol {@code --adjoint-atol}, or null
   * @param seminorm {@code --seminorm}
   * @return the settings
   * @throws IllegalArgumentException if the mode is unknown, a loss variable is not a variable,
   *     a tolerance is out of range, or adjoint options are given to {@code direct} or
   *     {@code checkpointed}
   */
  static GradientSettings settings(String mode, String lossVars, List<String> variables,
      Double adjointRtol, Double adjointAtol, boolean seminorm) {
    String m = mode.trim().toLowerCase(Locale.ROOT);
    if (m.equals("adjoint")) {
      m = "backsolve";
    }
    if (!MODES.contains(m)) {
      throw new IllegalArgumentException("--gradient '" + mode + "' is unknown; use one of "
          + String.join(", ", MODES) + " (adjoint is backsolve)");
    }
    if ((m.equals("direct") || m.equals("checkpointed"))
        && (adjointRtol != null || adjointAtol != null || seminorm)) {
      throw new IllegalArgumentException("--adjoint-rtol, --adjoint-atol and --seminorm set the"
          + " backward solve of --gradient backsolve or interpolating; " + m + " mode has none");
    }
    if (adjointRtol != null && !(adjointRtol > 0 && Double.isFinite(adjointRtol))) {
      throw new IllegalArgumentException("--adjoint-rtol " + adjointRtol + " must be > 0");
    }
    if (adjointAtol != null && !(adjointAtol >= 0 && Double.isFinite(adjointAtol))) {
      throw new IllegalArgumentException("--adjoint-atol " + adjointAtol + " must be >= 0");
    }
    int[] idx;
    if (lossVars == null) {
      idx = new int[variables.size()];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = i;
      }
    } else {
      String[] names = lossVars.split(",", -1);
      idx = new int[names.length];
      for (int i = 0; i < names.length; i++) {
        idx[i] = variables.indexOf(names[i].trim());
        if (idx[i] < 0) {
          throw new IllegalArgumentException("--loss-vars name " + (i + 1) + " '"
              + names[i].trim() + "' is not a variable; variables: "
              + String.join(", ", variables));
        }
      }
    }
    return new GradientSettings(m, idx, adjointRtol, adjointAtol, seminorm);
  }

  /**
   * Solves with gradients and returns the result and the gradient JSON.
   *
   * @param system the system, whose parameter tensors should require a gradient
   * @param y0 the initial state, one value per variable; not modified
   * @param t the requested times; not modified
   * @param options the forward solver
   * @param s the gradient settings
   * @return the forward result (for the CSV) and the JSON object described in the class
   */
  static Map.Entry<OdeResult, Map<String, Object>> run(OdeSystem system, double[] y0, double[] t,
      Solver options, GradientSettings s) {
    Map<String, Tensor> params = system.parameters();
    OdeSystem sys = system;
    Tensor y0t = Tensor.vector(y0).requireGrad();
    Tensor tt = Tensor.vector(t).requireGrad();
    List<Tensor> paramList = new ArrayList<>(params.values());
    OdeResult r;
    try (Autograd.Scope scope = Autograd.enableGrad()) {
      Sensitivity sensitivity = Sensitivity.parse(s.mode());
      if (sensitivity instanceof BacksolveAdjoint b) {
        sensitivity = b.withBackward(backward(options, s)).withSeminorm(s.seminorm());
      } else if (sensitivity instanceof InterpolatingAdjoint i) {
        sensitivity = i.withBackward(backward(options, s)).withSeminorm(s.seminorm());
      }
      SensitivityResult solved = sensitivity.solve(sys.function(), y0t, tt, paramList, options);
      r = solved.solution();
      Tensor loss = Tensor.scalar(0);
      for (int v : s.lossVars()) {
        loss = loss.add(r.ys().slice(1, v, v + 1).sum());
      }
      List<Tensor> inputs = new ArrayList<>(List.of(y0t, tt));
      inputs.addAll(paramList);
      List<Tensor> g = Autograd.grad(loss, inputs);
      int nfeBackward = solved.stats().backward().nfe();
      Map<String, Object> p = new LinkedHashMap<>();
      int k = 2;
      for (String name : params.keySet()) {
        p.put(name, g.get(k++).item());
      }
      Map<String, Object> gradient = new LinkedHashMap<>();
      gradient.put("y0", g.get(0).toArray());
      gradient.put("params", p);
      gradient.put("t", g.get(1).toArray());
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("loss", loss.item());
      json.put("gradient", gradient);
      json.put("mode", Vocabulary.recordedGradient(s.mode())); // backsolve as "adjoint", as summaries
      json.put("nfe_forward", r.stats().nfe());
      json.put("nfe_backward", nfeBackward);
      return Map.entry(r, json);
    }
  }

  /** The backward solver: scalar tolerances (the seminorm is a setting of the adjoint). */
  private static Solver backward(Solver forward, GradientSettings s) {
    if (!forward.method().adaptive()) {
      return forward;
    }
    double rtol = s.adjointRtol() != null ? s.adjointRtol() : forward.tolerances().minRtol();
    double atol = s.adjointAtol() != null ? s.adjointAtol() : forward.tolerances().minAtol();
    return forward.toBuilder().rtol(rtol).atol(atol).build();
  }
}
