package dev.neuralode.flow;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Module;
import dev.neuralode.nn.Parameter;
import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.ode.SolverStats;
import dev.neuralode.sensitivity.GradientStats;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.sensitivity.SensitivityResult;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.List;

/**
 * A continuous normalizing flow (Chen et al. 2018; FFJORD, Grathwohl et al. 2019): x = z(T) where
 * z(0) ~ N(0, I) and dz/dt = f(t, z).
 *
 * <p><b>Time.</b> The flow runs on t ∈ [0, T]; internally it is solved on s = t/T ∈ [0, 1] with
 * dz/ds = T·f(sT, z), so a trainable T (FFJORD's {@code train_T}, stored as √T) is an ordinary
 * parameter.
 *
 * <p><b>Log-likelihood and sign convention.</b> A data point x is integrated from t = T back to
 * t = 0 with the augmented state [z, Δ], z(T) = x, Δ(T) = 0 and dΔ/dt = −tr(∂f/∂z), so that
 * Δ(0) = ∫₀ᵀ tr(∂f/∂z(t)) dt and, by the instantaneous change of variables (Chen et al. 2018,
 * Theorem 1),
 *
 * <pre>
 *   log p(x) = log N(z(0); 0, I) − Δ(0).
 * </pre>
 *
 * For dz/dt = A·z this is log N(e^{−AT}x; 0, I) − tr(A)·T.
 *
 * <p><b>Regularisers</b> (RNODE, Finlay et al. 2020), integrated as two more states in s-time:
 * kinetic energy E = ∫₀¹ ‖dz/ds‖² ds and Jacobian Frobenius J = ∫₀¹ ‖∂(dz/ds)/∂z‖²_F ds (estimated
 * with the trace's probes), each ≥ 0 per sample and weighted in the loss of {@code
 * dev.neuralode.train.CnfTrainer}.
 *
 * <p><b>Gradients.</b> Any {@link Sensitivity}: the backsolve adjoint (the default;
 * {@link dev.neuralode.sensitivity.BacksolveAdjoint}), whose
 * backward pass differentiates the trace through the dynamics' inner graph (second-order
 * autodiff), the interpolating adjoint, or backpropagation through the solver steps (direct,
 * checkpointed). When recording is off the solve is a plain {@link Odeint#solve}.
 */
public final class Cnf extends Module {
  /**
   * The flow's settings.
   *
   * @param endTime T, finite and &gt; 0 (FFJORD's toy default is 0.5; this library's 1.0)
   * @param trainEndTime whether T is trained (as √T)
   * @param trace the trace estimator used in {@link #logProb(Tensor, Rng)}
   * @param kineticWeight λ_K ≥ 0 of the kinetic-energy regulariser (0 = off)
   * @param jacobianWeight λ_J ≥ 0 of the Jacobian-Frobenius regulariser (0 = off)
   * @param solver the ODE solver (method, step-size controller, step budget)
   * @param sensitivity how gradients are taken
   */
  public record FlowSettings(double endTime, boolean trainEndTime, TraceEstimator trace,
      double kineticWeight, double jacobianWeight, Solver solver, Sensitivity sensitivity) {
    /**
     * Checks the settings.
     *
     * @param endTime see the record's description
     * @param trainEndTime see the record's description
     * @param trace see the record's description
     * @param kineticWeight see the record's description
     * @param jacobianWeight see the record's description
     * @param solver see the record's description
     * @param sensitivity see the record's description
     * @throws IllegalArgumentException naming the bad field
     */
    public FlowSettings {
      if (!(endTime > 0) || !Double.isFinite(endTime)) {
        throw new IllegalArgumentException("endTime must be finite and > 0, e.g. 1.0; got " + endTime);
      }
      if (!(kineticWeight >= 0) || !(jacobianWeight >= 0) || !Double.isFinite(kineticWeight + jacobianWeight)) {
        throw new IllegalArgumentException("regulariser weights must be finite and >= 0, e.g. 0.01; got kinetic="
            + kineticWeight + ", jacobian=" + jacobianWeight);
      }
      if (trace == null || solver == null || sensitivity == null) {
        throw new IllegalArgumentException("trace, solver and sensitivity must not be null");
      }
    }

    /**
     * The defaults: T = 1 (fixed), exact trace, no regularisers, dopri5 with rtol = atol = 1e-5,
     * adjoint gradients.
     *
     * @return the default settings
     */
    public static FlowSettings defaults() {
      return new FlowSettings(1.0, false, TraceEstimator.exact(), 0, 0,
          Solver.builder().rtol(1e-5).atol(1e-5).build(), Sensitivity.backsolveAdjoint());
    }

    /**
     * These settings with another end time T.
     *
     * @param t T, finite and &gt; 0
     * @param trained whether T is a trained parameter
     * @return new settings
     * @throws IllegalArgumentException if t is invalid
     */
    public FlowSettings withEndTime(double t, boolean trained) {
      return new FlowSettings(t, trained, trace, kineticWeight, jacobianWeight, solver, sensitivity);
    }

    /**
     * These settings with another trace estimator.
     *
     * @param estimator the estimator, e.g. {@link TraceEstimator#exact()}
     * @return new settings
     * @throws IllegalArgumentException if estimator is null
     */
    public FlowSettings withTrace(TraceEstimator estimator) {
      return new FlowSettings(endTime, trainEndTime, estimator, kineticWeight, jacobianWeight, solver, sensitivity);
    }

    /**
     * These settings with RNODE's regularisers.
     *
     * @param kinetic λ_K ≥ 0
     * @param jacobian λ_J ≥ 0
     * @return new settings
     * @throws IllegalArgumentException if a weight is negative or not finite
     */
    public FlowSettings withRegularisers(double kinetic, double jacobian) {
      return new FlowSettings(endTime, trainEndTime, trace, kinetic, jacobian, solver, sensitivity);
    }

    /**
     * These settings with another solver.
     *
     * @param s the solver
     * @return new settings
     * @throws IllegalArgumentException if s is null
     */
    public FlowSettings withSolver(Solver s) {
      return new FlowSettings(endTime, trainEndTime, trace, kineticWeight, jacobianWeight, s, sensitivity);
    }

    /**
     * These settings with another way of taking gradients.
     *
     * @param s the sensitivity
     * @return new settings
     * @throws IllegalArgumentException if s is null
     */
    public FlowSettings withSensitivity(Sensitivity s) {
      return new FlowSettings(endTime, trainEndTime, trace, kineticWeight, jacobianWeight, solver, s);
    }

    /**
     * Whether the state carries the regulariser integrals.
     *
     * @return true if either weight is positive
     */
    public boolean regularised() {
      return kineticWeight > 0 || jacobianWeight > 0;
    }
  }

  /**
   * The result of a likelihood solve.
   *
   * @param logProb log p(x) per sample, shape {@code [batch]}
   * @param z0 the base points z(0), shape {@code [batch, d]}
   * @param kinetic E per sample, shape {@code [batch]}, or null when not regularised
   * @param jacobian J per sample, shape {@code [batch]}, or null when not regularised
   * @param stats the forward solve's statistics
   * @param gradientStats the statistics of the differentiated solve, whose backward part is filled in
   *     once a gradient is taken through {@code logProb} (zero backward work when recording was off)
   */
  public record Density(Tensor logProb, Tensor z0, Tensor kinetic, Tensor jacobian, SolverStats stats,
      GradientStats gradientStats) {}

  private final OdeFunction net;
  private final int dim;
  private final FlowSettings settings;
  private final Parameter sqrtEndTime;

  /**
   * A flow with FFJORD's concat-squash network.
   *
   * @param dim the data dimension d
   * @param hidden the hidden widths, e.g. {@link CnfNetwork#DEFAULT_HIDDEN}
   * @param activation tanh or softplus
   * @param settings the flow's settings
   * @param rng the source of initial weights; advanced
   * @return the flow
   */
  public static Cnf create(int dim, int[] hidden, Activation activation, FlowSettings settings, Rng rng) {
    return new Cnf(new CnfNetwork(dim, hidden, activation, rng), dim, settings);
  }

  /**
   * A builder for a flow with FFJORD's concat-squash network and named settings: {@code
   * Cnf.builder(2).hidden(32, 32).seed(0).build()}. Defaults: {@link CnfNetwork#DEFAULT_HIDDEN}
   * (64-64-64), tanh, {@link FlowSettings#defaults()}, seed 0.
   *
   * @param dim the data dimension d, at least 1
   * @return a new builder
   */
  public static Builder builder(int dim) {
    return new Builder(dim);
  }

  /** Named settings for {@link Cnf#create}; each setter returns this builder. Not thread-safe. */
  public static final class Builder {
    private final int dim;
    private int[] hidden = CnfNetwork.DEFAULT_HIDDEN.clone();
    private Activation activation = Activation.TANH;
    private FlowSettings settings = FlowSettings.defaults();
    private long seed;

    private Builder(int dim) {
      this.dim = dim;
    }

    /**
     * Sets the hidden widths (default 64-64-64).
     *
     * @param widths each at least 1; copied, checked by {@link #build()}
     * @return this builder
     */
    public Builder hidden(int... widths) {
      this.hidden = widths == null ? null : widths.clone();
      return this;
    }

    /**
     * Sets the activation (default tanh; tanh or softplus).
     *
     * @param a the activation
     * @return this builder
     */
    public Builder activation(Activation a) {
      this.activation = a;
      return this;
    }

    /**
     * Sets the flow's settings (default {@link FlowSettings#defaults()}).
     *
     * @param s the settings
     * @return this builder
     */
    public Builder settings(FlowSettings s) {
      this.settings = s;
      return this;
    }

    /**
     * Sets the seed of the initial weights (default 0).
     *
     * @param s the seed
     * @return this builder
     */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /**
     * A new flow, as {@link Cnf#create} with these settings.
     *
     * @return the flow
     * @throws IllegalArgumentException naming a setting that is invalid
     */
    public Cnf build() {
      if (settings == null) {
        throw new IllegalArgumentException("settings is null; pass e.g. Cnf.FlowSettings.defaults()");
      }
      return create(dim, hidden, activation, settings, new Rng(seed));
    }
  }

  /**
   * A flow with any dynamics module.
   *
   * @param <F> a module that is an ODE right-hand side on {@code [batch, d]} states
   * @param dynamics f(t, z); registered as the child {@code net}
   * @param dim the data dimension d, at least 1
   * @param settings the flow's settings
   * @throws IllegalArgumentException if an argument is null or dim &lt; 1
   */
  public <F extends Module & OdeFunction> Cnf(F dynamics, int dim, FlowSettings settings) {
    if (dynamics == null || settings == null || dim < 1) {
      throw new IllegalArgumentException("dynamics and settings must be non-null and dim >= 1; got dim=" + dim);
    }
    this.net = register("net", dynamics);
    this.dim = dim;
    this.settings = settings;
    this.sqrtEndTime = settings.trainEndTime()
        ? register("sqrt_end_time", Tensor.vector(Math.sqrt(settings.endTime()))) : null;
  }

  /**
   * The data dimension.
   *
   * @return d
   */
  public int dim() {
    return dim;
  }

  /**
   * The settings.
   *
   * @return the settings given at construction
   */
  public FlowSettings settings() {
    return settings;
  }

  /**
   * The dynamics network.
   *
   * @return f
   */
  public Module network() {
    return (Module) net;
  }

  /**
   * The current end time T.
   *
   * @return T (√T squared when trained)
   */
  public double endTime() {
    return sqrtEndTime == null ? settings.endTime() : Math.pow(sqrtEndTime.value().item(), 2);
  }

  private Tensor endTimeTensor() {
    return sqrtEndTime == null ? Tensor.vector(settings.endTime()) : sqrtEndTime.value().square();
  }

  /**
   * log p(x) with the configured trace estimator; see {@link #logProb(Tensor, TraceEstimator, Rng)}.
   *
   * @param x data points, shape {@code [batch, d]}; not modified
   * @param rng source of Hutchinson probes (one set per call); advanced, may be null for the exact trace
   * @return the densities and statistics
   */
  public Density logProb(Tensor x, Rng rng) {
    return logProb(x, settings.trace(), rng);
  }

  /**
   * log p(x) = log N(z(0); 0, I) − Δ(0), solving from t = T back to 0 (see the class description).
   * Differentiable with respect to the parameters (and x) when recording is on.
   *
   * @param x data points, shape {@code [batch, d]}; not modified
   * @param trace the trace estimator for this call
   * @param rng source of the probes, drawn once for the whole solve; advanced; may be null for the
   *     exact trace
   * @return the densities and statistics
   * @throws IllegalArgumentException if x is not {@code [batch, d]} or a Hutchinson rng is missing
   * @throws dev.neuralode.ode.OdeSolverException if the solver fails
   */
  public Density logProb(Tensor x, TraceEstimator trace, Rng rng) {
    checkBatch(x);
    if (!trace.isExact() && rng == null) {
      throw new IllegalArgumentException("the Hutchinson estimator needs an rng for its probes; pass new Rng(seed)");
    }
    int b = x.dim(0);
    boolean reg = settings.regularised();
    Tensor probes = trace.drawProbes(b, dim, rng);
    List<Tensor> params = parameterValues();
    Tensor endTime = endTimeTensor();
    CnfDynamics f = new CnfDynamics(net, params, endTime, dim, trace, probes, reg);
    Tensor y1 = Tensor.concat(1, x, Tensor.zeros(b, f.width() - dim));
    OdeResult r;
    GradientStats gs;
    if (!Autograd.isRecording()) {
      r = Odeint.solve(f, y1, new double[] {1, 0}, settings.solver());
      gs = new GradientStats("none", r.stats(), r.stats().acceptedSteps(), 0, 0);
    } else {
      SensitivityResult sr = settings.sensitivity().solve(f, y1, Tensor.vector(1, 0), params, settings.solver());
      r = sr.solution();
      gs = sr.stats();
    }
    Tensor y0 = r.last();
    Tensor z0 = y0.slice(1, 0, dim);
    Tensor delta = y0.slice(1, dim, dim + 1).reshape(b);
    Tensor logp = StandardNormal.logProb(z0).sub(delta);
    Tensor kin = reg ? y0.slice(1, dim + 1, dim + 2).reshape(b) : null;
    Tensor jac = reg ? y0.slice(1, dim + 2, dim + 3).reshape(b) : null;
    return new Density(logp, z0, kin, jac, r.stats(), gs);
  }

  /**
   * Pushes base points through the flow, z(0) ↦ z(T), without recording.
   *
   * @param z0 base points, shape {@code [batch, d]}; not modified
   * @return x = z(T), shape {@code [batch, d]}
   */
  public Tensor transform(Tensor z0) {
    return trajectory(z0, new double[] {0, 1}).index(1);
  }

  /**
   * Pulls data points back to the base, x ↦ z(0), without recording.
   *
   * @param x data points, shape {@code [batch, d]}; not modified
   * @return z(0), shape {@code [batch, d]}
   */
  public Tensor inverse(Tensor x) {
    return trajectory(x, new double[] {1, 0}).index(1);
  }

  /**
   * Solves the flow (without the trace) at fractions s of T, without recording.
   *
   * @param start the state at {@code s[0]}, shape {@code [batch, d]}; not modified
   * @param s fractions of the end time in [0, 1], strictly monotone (t = s·T)
   * @return the states, shape {@code [s.length, batch, d]}
   */
  public Tensor trajectory(Tensor start, double[] s) {
    checkBatch(start);
    try (Autograd.Scope scope = Autograd.noGrad()) {
      CnfDynamics f = new CnfDynamics(net, List.of(), endTimeTensor().detach(), dim, null, null, false);
      return Odeint.solve(f, start.detach(), s, settings.solver()).ys();
    }
  }

  /**
   * Draws samples: z(0) ~ N(0, I) pushed to z(T).
   *
   * @param n the number of samples, at least 1
   * @param rng the source of base points; advanced
   * @return samples, shape {@code [n, d]}
   */
  public Tensor sample(int n, Rng rng) {
    return transform(StandardNormal.sample(n, dim, rng));
  }

  private void checkBatch(Tensor x) {
    if (x == null || x.rank() != 2 || x.dim(1) != dim) {
      throw new IllegalArgumentException("points must have shape [batch, " + dim + "]; got "
          + (x == null ? "null" : java.util.Arrays.toString(x.shape())));
    }
  }
}
