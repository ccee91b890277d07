package dev.neuralode.ode;

/**
 * Builds a {@link Solver}, starting from {@link Solver#defaults()}. For an adaptive method the builder
 * assembles an {@link AdaptiveController} from the rule, tolerances, norm and step limits, wrapped by
 * {@link JumpTimes} when jump times are set; for a fixed-step method a {@link ConstantStepSize} from
 * {@link #stepSize(double)}, and the adaptive settings and jump times are not used (and the other way
 * round). Every value set is checked by {@link #build()}, whether the method uses it or not (through the
 * records' constructors). Not thread-safe; the solver it builds is.
 */
public final class SolverBuilder {
  private Method method = Methods.byName("dopri5");
  private StepSizeRule rule = IController.TORCHDIFFEQ;
  private double rtol = 1e-7;
  private double atol = 1e-9;
  private double[] rtolVector;
  private double[] atolVector;
  private ErrorNorm norm = ErrorNorm.RMS;
  private double firstStep = Double.NaN;
  private double minStep = 0.0;
  private double maxStep = Double.POSITIVE_INFINITY;
  private double stepSize = Double.NaN;
  private double[] jumpTimes = new double[0];
  private int maxSteps = 100_000;

  SolverBuilder() {}

  /**
   * Sets the method by name.
   *
   * @param name one of {@link Methods#names()}, ignoring case
   * @return this builder
   * @throws IllegalArgumentException if the name is null or unknown, listing every name
   */
  public SolverBuilder method(String name) {
    if (name == null) {
      throw new IllegalArgumentException("method must not be null; use one of " + String.join(", ",
          Methods.names()));
    }
    this.method = Methods.byName(name);
    return this;
  }

  /**
   * Sets the method.
   *
   * @param m the method, e.g. {@link Methods#KVAERNO5}
   * @return this builder
   * @throws IllegalArgumentException if m is null
   */
  public SolverBuilder method(Method m) {
    if (m == null) {
      throw new IllegalArgumentException("method must not be null; use one of " + String.join(", ",
          Methods.names()));
    }
    this.method = m;
    return this;
  }

  /**
   * Sets the step-size rule of an adaptive method.
   *
   * @param r e.g. {@link IController#TORCHDIFFEQ} (the default) or a {@link PidController}
   * @return this builder
   * @throws IllegalArgumentException if r is null
   */
  public SolverBuilder rule(StepSizeRule r) {
    if (r == null) {
      throw new IllegalArgumentException("rule must not be null; pass IController.TORCHDIFFEQ");
    }
    this.rule = r;
    return this;
  }

  /**
   * Sets the scalar relative tolerance, replacing any per-component one.
   *
   * @param r finite and &gt; 0 (checked by {@link #build()})
   * @return this builder
   */
  public SolverBuilder rtol(double r) {
    this.rtol = r;
    this.rtolVector = null;
    return this;
  }

  /**
   * Sets the scalar absolute tolerance, replacing any per-component one.
   *
   * @param a finite and ≥ 0 (checked by {@link #build()})
   * @return this builder
   */
  public SolverBuilder atol(double a) {
    this.atol = a;
    this.atolVector = null;
    return this;
  }

  /**
   * Sets per-component relative tolerances (see {@link Tolerances}).
   *
   * @param r one value per state entry or per entry of the last axis; copied; null for the scalar
   * @return this builder
   */
  public SolverBuilder rtol(double[] r) {
    this.rtolVector = r == null ? null : r.clone();
    return this;
  }

  /**
   * Sets per-component absolute tolerances (see {@link Tolerances}).
   *
   * @param a one value per state entry or per entry of the last axis; copied; null for the scalar
   * @return this builder
   */
  public SolverBuilder atol(double[] a) {
    this.atolVector = a == null ? null : a.clone();
    return this;
  }

  /**
   * Sets the error norm.
   *
   * @param n e.g. {@link ErrorNorm#MAX} or a seminorm; null means {@link ErrorNorm#RMS}
   * @return this builder
   */
  public SolverBuilder norm(ErrorNorm n) {
    this.norm = n == null ? ErrorNorm.RMS : n;
    return this;
  }

  /**
   * Sets all tolerances and the norm at once.
   *
   * @param t the tolerances
   * @return this builder
   * @throws IllegalArgumentException if t is null
   */
  public SolverBuilder tolerances(Tolerances t) {
    if (t == null) {
      throw new IllegalArgumentException("tolerances must not be null; pass Tolerances.of(1e-7, 1e-9)");
    }
    rtol = t.rtol();
    atol = t.atol();
    rtolVector = t.rtolVector();
    atolVector = t.atolVector();
    norm = t.norm();
    return this;
  }

  /**
   * Sets the first adaptive step.
   *
   * @param h its magnitude, finite and &gt; 0, or NaN for automatic
   * @return this builder
   */
  public SolverBuilder firstStep(double h) {
    this.firstStep = h;
    return this;
  }

  /**
   * Sets the adaptive step limits.
   *
   * @param min the smallest step magnitude, finite and ≥ 0
   * @param max the largest, ≥ min and &gt; 0, or +∞
   * @return this builder
   */
  public SolverBuilder stepLimits(double min, double max) {
    this.minStep = min;
    this.maxStep = max;
    return this;
  }

  /**
   * Sets the largest fixed step of a fixed-step method.
   *
   * @param h finite and &gt; 0, or NaN for one step per interval
   * @return this builder
   */
  public SolverBuilder stepSize(double h) {
    this.stepSize = h;
    return this;
  }

  /**
   * Sets the jump times of an adaptive method (see {@link JumpTimes}), replacing earlier ones.
   *
   * @param times finite times, any order; copied
   * @return this builder
   * @throws IllegalArgumentException if times is null
   */
  public SolverBuilder jumpTimes(double... times) {
    if (times == null) {
      throw new IllegalArgumentException("jumpTimes must not be null; pass no times for none");
    }
    this.jumpTimes = times.clone();
    return this;
  }

  /**
   * Sets the step budget.
   *
   * @param n the most steps (accepted plus rejected) per solve, &gt; 0
   * @return this builder
   */
  public SolverBuilder maxSteps(int n) {
    this.maxSteps = n;
    return this;
  }

  /**
   * Takes every setting of a controller: its rule, tolerances, norm, step limits and jump times, or its
   * fixed step.
   *
   * @param c the controller
   * @return this builder
   * @throws IllegalArgumentException if c is null
   */
  public SolverBuilder controller(StepSizeController c) {
    if (c == null) {
      throw new IllegalArgumentException("controller must not be null; pass StepSizeController.defaults()");
    }
    jumpTimes = c.jumpTimes();
    StepSizeController base = c.unwrapped();
    if (base instanceof ConstantStepSize k) {
      stepSize = k.stepSize();
    } else if (base instanceof AdaptiveController a) {
      rule = a.rule();
      tolerances(a.tolerances());
      firstStep = a.firstStep();
      minStep = a.minStep();
      maxStep = a.maxStep();
    }
    return this;
  }

  /**
   * Builds the solver.
   *
   * @return the solver
   * @throws IllegalArgumentException naming the setting, its value and the fix, if a setting is out of
   *     range
   */
  public Solver build() {
    AdaptiveController a = new AdaptiveController(rule,
        new Tolerances(rtol, atol, rtolVector, atolVector, norm), firstStep, minStep, maxStep);
    StepSizeController adaptive = JumpTimes.wrap(a, jumpTimes);
    ConstantStepSize fixed = new ConstantStepSize(stepSize);
    return new Solver(method, method.adaptive() ? adaptive : fixed, maxSteps);
  }
}
