package dev.neuralode.ode;

/**
 * How an ODE is integrated: the {@link Method}, the {@link StepSizeController} and the step budget. One
 * immutable value, passed unchanged through {@link Odeint} and every sensitivity method, so that what is
 * set here (a PID rule, per-component tolerances, jump times) is what every forward and replayed solve
 * uses.
 *
 * <p>An adaptive method (one with an error estimate: fehlberg2, adaptive_heun, bosh3, dopri5, tsit5,
 * dopri8, kvaerno5) needs an {@link AdaptiveController}, possibly wrapped by {@link JumpTimes}; a
 * fixed-step method (euler, midpoint, heun2, heun3, ralston, rk4, rk38) needs a {@link ConstantStepSize}.
 * Build one with {@link #builder()}, {@link #of(String)}, {@link #fixed(String, double)} or
 * {@link #defaults()}; change one with {@link #toBuilder()}.
 *
 * <pre>{@code
 * Solver s = Solver.builder().method("tsit5").rtol(1e-6).atol(1e-8)
 *     .rule(PidController.of(0.3, 0.3, 0.0)).jumpTimes(1.0).build();
 * }</pre>
 *
 * @param method the method, e.g. {@code Methods.byName("dopri5")}
 * @param controller the step-size controller matching the method's kind
 * @param maxSteps the most steps (accepted plus rejected) one solve may take, &gt; 0
 */
public record Solver(Method method, StepSizeController controller, int maxSteps) {
  private static final Solver DEFAULTS = builder().build();

  /**
   * Validates the solver.
   *
   * @param method see the record's description
   * @param controller see the record's description
   * @param maxSteps see the record's description
   * @throws IllegalArgumentException if an argument is null, {@code maxSteps <= 0}, or the controller
   *     does not fit the method (fixed steps for an adaptive method or the reverse), naming the fix
   */
  public Solver {
    if (method == null) {
      throw new IllegalArgumentException("method must not be null; use one of "
          + String.join(", ", Methods.names()));
    }
    if (controller == null) {
      throw new IllegalArgumentException("controller must not be null; pass StepSizeController.defaults()");
    }
    if (maxSteps <= 0) {
      throw new IllegalArgumentException("maxSteps=" + maxSteps + " must be > 0; pass a step budget such as"
          + " 100000");
    }
    boolean adaptiveController = controller.unwrapped() instanceof AdaptiveController;
    if (method.adaptive() != adaptiveController) {
      throw new IllegalArgumentException("method " + method.name() + (method.adaptive()
          ? " is adaptive and needs an AdaptiveController, not " + controller
          : " takes fixed steps and needs a ConstantStepSize, not " + controller)
          + "; build the solver with Solver.builder().method(\"" + method.name() + "\")");
    }
  }

  /**
   * The defaults: {@code dopri5} with the I-controller (torchdiffeq's constants), rtol 1e-7, atol 1e-9,
   * the RMS norm, an automatic first step, no step limits and at most 100 000 steps per solve.
   *
   * @return the default solver
   */
  public static Solver defaults() {
    return DEFAULTS;
  }

  /**
   * The defaults with another method: adaptive methods get the default controller, fixed-step methods
   * one step per output interval.
   *
   * @param method one of {@link Methods#names()}, ignoring case
   * @return the solver
   * @throws IllegalArgumentException if the name is unknown, listing every name
   */
  public static Solver of(String method) {
    return builder().method(method).build();
  }

  /**
   * A fixed-step method with a largest step.
   *
   * @param method a fixed-step method: one of {@code Methods.names(false)}
   * @param stepSize the largest step, finite and &gt; 0 (each output interval takes ⌈|Δt|/stepSize⌉
   *     equal steps)
   * @return the solver
   * @throws IllegalArgumentException if the name is unknown or adaptive, or the step is not positive
   */
  public static Solver fixed(String method, double stepSize) {
    Method m = Methods.byName(method);
    if (m.adaptive()) {
      throw new IllegalArgumentException("method " + m.name() + " is adaptive; Solver.fixed needs a fixed-step"
          + " method, one of " + String.join(", ", Methods.names(false)));
    }
    if (Double.isNaN(stepSize)) {
      throw new IllegalArgumentException("stepSize=NaN; pass a finite step > 0 (Solver.of(\"" + m.name()
          + "\") takes one step per interval)");
    }
    return builder().method(m).stepSize(stepSize).build();
  }

  /**
   * A builder with the defaults of {@link #defaults()}.
   *
   * @return a new builder
   */
  public static SolverBuilder builder() {
    return new SolverBuilder();
  }

  /**
   * A builder holding this solver's settings, to change some of them.
   *
   * @return a new builder
   */
  public SolverBuilder toBuilder() {
    return builder().method(method).controller(controller).maxSteps(maxSteps);
  }

  /**
   * The adaptive controller (under any jump-time wrapper).
   *
   * @return the controller
   * @throws IllegalStateException if the method takes fixed steps
   */
  public AdaptiveController adaptiveController() {
    if (controller.unwrapped() instanceof AdaptiveController a) {
      return a;
    }
    throw new IllegalStateException("method " + method.name() + " takes fixed steps and has no adaptive"
        + " controller");
  }

  /**
   * The tolerances of an adaptive solver.
   *
   * @return the tolerances
   * @throws IllegalStateException if the method takes fixed steps
   */
  public Tolerances tolerances() {
    return adaptiveController().tolerances();
  }

  /**
   * The fixed step of a fixed-step solver.
   *
   * @return the step, or NaN for one step per interval; NaN for an adaptive solver
   */
  public double stepSize() {
    return controller instanceof ConstantStepSize c ? c.stepSize() : Double.NaN;
  }

  /**
   * The jump times.
   *
   * @return a sorted copy, empty when the controller is not wrapped by {@link JumpTimes}
   */
  public double[] jumpTimes() {
    return controller.jumpTimes();
  }
}
