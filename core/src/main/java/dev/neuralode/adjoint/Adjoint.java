package dev.neuralode.adjoint;

import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.SolveOptions;
import dev.neuralode.ode.SolverStats;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An ODE solve differentiated by the adjoint sensitivity method (Chen et al. 2018, Algorithm 1).
 *
 * <p>Forward: z(tᵢ) for every requested time, solved without recording. Backward, for a cotangent
 * g = ∂L/∂z(t·) of shape {@code [T, ...y0.shape]}: starting from a(t_{T−1}) = g_{T−1}, the augmented
 * state [z, a, a_θ, a_t] is integrated from each tᵢ back to tᵢ₋₁ with
 *
 * <pre>
 *   dz/dt = f(t, z),  da/dt = −aᵀ ∂f/∂z,  da_θ/dt = −aᵀ ∂f/∂θ,  da_t/dt = −aᵀ ∂f/∂t,
 * </pre>
 *
 * and gᵢ₋₁ is added to a at each output time. The time gradients are
 * ∂L/∂tᵢ = gᵢ · f(tᵢ, z(tᵢ)) for i ≥ 1 (moving an output time moves only that output), and
 * ∂L/∂t₀ = a_t(t₀), where a_t starts at −∂L/∂t_{T−1} and has gᵢ·f(tᵢ, zᵢ) subtracted at each later
 * output time, so that a_t(t₀) = −a(t₀⁺)ᵀ f(t₀, z₀): moving t₀ with z₀ fixed shifts the whole
 * trajectory. (The tutorial this project starts from evaluates f at t₁ for the t₀ term; here every
 * f is evaluated at its own time.)
 *
 * <p>Memory: the forward pass keeps only the T output states; each backward segment is a fresh
 * solve, so nothing grows with the number of solver steps.
 */
public final class Adjoint {
  private Adjoint() {}

  /**
   * Solves dy/dt = f(t, y) at every time in {@code t}, recording an autograd node whose backward
   * pass is the adjoint method.
   *
   * @param f the dynamics; it must read its trainable state only from {@code params}
   * @param y0 initial state, any shape (usually {@code [batch, dim]}); not modified
   * @param t output times, shape {@code [T]}, strictly monotone; may require a gradient
   * @param params the tensors f depends on that should receive gradients (usually a module's
   *     parameter values); tensors that do not require a gradient get none and are left out of the
   *     augmented state, and a tensor listed twice is integrated once
   * @param options forward solver settings
   * @param adjointOptions backward solver settings (tolerances, method, seminorm)
   * @return the states {@code [T, ...y0.shape]} and forward statistics; {@link #lastBackwardStats()}
   *     reports the backward solve's statistics after a gradient is taken
   * @throws IllegalArgumentException if {@code t} is not 1-D, or as {@link Odeint#solve} does
   */
  public static OdeResult odeint(OdeFunction f, Tensor y0, Tensor t, List<Tensor> params,
      SolveOptions options, AdjointOptions adjointOptions) {
    if (t.rank() != 1) {
      throw new IllegalArgumentException("t must be 1-D; got shape " + Arrays.toString(t.shape()));
    }
    double[] times = t.toArray();
    OdeResult fwd;
    try (Autograd.Scope s = Autograd.noGrad()) {
      fwd = Odeint.solve(f, y0.detach(), times, options);
    }
    List<Tensor> inputs = new ArrayList<>();
    inputs.add(y0);
    inputs.add(t);
    inputs.addAll(params);
    Tensor ys = fwd.ys();
    // Blocks [z, a, a_θ, a_t]; the seminorm (Kidger, Chen & Lyons 2021) controls z and a only.
    SolveOptions back = adjointOptions.backwardFor(options,
        new int[] {y0.size(), y0.size(), AdjointSupport.size(AdjointSupport.active(params)), 1}, 2);
    GradientStats fwdStats = GradientStats.record(new GradientStats("backsolve", fwd.stats(),
        SolverStats.zero(), fwd.stats().acceptedSteps(), ys.size(), 0, 0, 0));
    // Integrate a_θ only for distinct parameters that require a gradient: the others would cost
    // work, enter the error norm, and (if repeated) have their gradient counted twice.
    List<Tensor> active = new ArrayList<>();
    java.util.Set<Tensor> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Tensor p : params) {
      if (p.requiresGrad() && seen.add(p)) {
        active.add(p);
      }
    }
    Tensor out = Autograd.custom("odeintAdjoint", ys, inputs, g -> {
      List<Tensor> gs = backward(f, ys, times, active, g, back, y0.shape());
      GradientStats.record(fwdStats.withBackward(lastBackwardStats(), 0));
      List<Tensor> all = new ArrayList<>(inputs.size());
      all.add(gs.get(0));
      all.add(gs.get(1));
      int k = 0;
      for (Tensor p : params) {
        all.add(k < active.size() && active.get(k) == p ? gs.get(2 + k++) : null);
      }
      return all;
    });
    return new OdeResult(out, times, fwd.stats());
  }

  private static final ThreadLocal<AtomicReference<SolverStats>> LAST_BACKWARD =
      ThreadLocal.withInitial(() -> new AtomicReference<>(SolverStats.zero()));

  /**
   * Statistics of the most recent adjoint backward pass on this thread (all segments together,
   * including the evaluations of f for the time gradients).
   *
   * @return the statistics, zero if no backward pass has run
   */
  public static SolverStats lastBackwardStats() {
    return LAST_BACKWARD.get().get();
  }

  private static List<Tensor> backward(OdeFunction f, Tensor ys, double[] times, List<Tensor> params,
      Tensor g, SolveOptions options, int[] stateShape) {
    try (Autograd.Scope s = Autograd.noGrad()) {
      int nT = times.length;
      int n = ys.size() / nT;
      int nParams = 0;
      for (Tensor p : params) {
        nParams += p.size();
      }
      AugmentedDynamics aug = new AugmentedDynamics(f, params, stateShape, n, nParams);
      double[] gradT = new double[nT];
      Tensor adjZ = Tensor.zeros(n);
      Tensor adjP = Tensor.zeros(nParams);
      double adjT = 0;
      SolverStats stats = SolverStats.zero();
      for (int i = nT - 1; i >= 1; i--) {
        Tensor zi = ys.index(i);
        Tensor gi = g.index(i).reshape(n);
        Tensor fi = f.apply(Tensor.scalar(times[i]), zi).reshape(n);
        stats = stats.plus(new SolverStats(1, 0, 0));
        double direct = gi.mul(fi).sum().item();
        gradT[i] = direct;
        adjT -= direct;
        adjZ = adjZ.add(gi);
        Tensor state = Tensor.concat(0, zi.reshape(n), adjZ, adjP, Tensor.vector(adjT));
        OdeResult seg = Odeint.solve(aug, state, new double[] {times[i], times[i - 1]}, options);
        stats = stats.plus(seg.stats());
        Tensor end = seg.at(1);
        adjZ = end.slice(0, n, 2 * n);
        if (nParams > 0) {
          adjP = end.slice(0, 2 * n, 2 * n + nParams);
        }
        adjT = end.getFlat(2 * n + nParams);
      }
      gradT[0] = nT > 1 ? adjT : 0.0;
      adjZ = adjZ.add(g.index(0).reshape(n));
      LAST_BACKWARD.get().set(stats);

      List<Tensor> grads = new ArrayList<>();
      grads.add(adjZ.reshape(stateShape));
      grads.add(Tensor.vector(gradT));
      int off = 0;
      for (Tensor p : params) {
        grads.add(p.size() == 0 || nParams == 0 ? p.zerosLike()
            : adjP.slice(0, off, off + p.size()).reshape(p.shape()));
        off += p.size();
      }
      return grads;
    }
  }

  /** The augmented dynamics [f, −aᵀ∂f/∂z, −aᵀ∂f/∂θ, −aᵀ∂f/∂t] on the flat state [z, a, a_θ, a_t]. */
  private static final class AugmentedDynamics implements OdeFunction {
    private final OdeFunction f;
    private final List<Tensor> params;
    private final int[] stateShape;
    private final int n;
    private final int nParams;

    AugmentedDynamics(OdeFunction f, List<Tensor> params, int[] stateShape, int n, int nParams) {
      this.f = f;
      this.params = params;
      this.stateShape = stateShape;
      this.n = n;
      this.nParams = nParams;
    }

    @Override
    public Tensor apply(Tensor t, Tensor aug) {
      Tensor z = aug.slice(0, 0, n).reshape(stateShape).detach().requireGrad();
      Tensor a = aug.slice(0, n, 2 * n).reshape(stateShape);
      Tensor tt = t.detach().requireGrad();
      Tensor fz;
      List<Tensor> vjps;
      try (Autograd.Scope s = Autograd.enableGrad()) {
        fz = f.apply(tt, z);
        List<Tensor> wrt = new ArrayList<>(params.size() + 2);
        wrt.add(z);
        wrt.add(tt);
        wrt.addAll(params);
        vjps = Autograd.grad(List.of(fz), wrt, List.of(a), false);
      }
      List<Tensor> parts = new ArrayList<>(params.size() + 3);
      parts.add(fz.detach().reshape(n));
      parts.add(vjps.get(0).reshape(n).neg());
      for (int k = 0; k < params.size(); k++) {
        Tensor p = vjps.get(2 + k);
        if (p.size() > 0) {
          parts.add(p.reshape(p.size()).neg());
        }
      }
      parts.add(vjps.get(1).reshape(1).neg());
      return Tensor.concat(0, parts);
    }
  }
}
