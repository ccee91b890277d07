package dev.neuralode.adjoint;

import dev.neuralode.ode.ErrorNorm;
import dev.neuralode.ode.Solver;
import dev.neuralode.ode.SolverBuilder;
import dev.neuralode.ode.Tolerances;

/**
 * Settings of an adjoint method's backward solve ({@link Adjoint}, {@link InterpolatingAdjoint}).
 *
 * <p><b>Seminorm.</b> With {@code seminorm}, the backward solve's step-size control measures the
 * local error of the state z (backsolve only) and of the adjoint a only, and ignores the parameter
 * adjoint a_θ and the time adjoint a_t: these are integrals, ∫ −aᵀ∂f/∂θ dt, whose values never feed
 * back into the dynamics, so their local error need not limit the step (Kidger, Chen &amp; Lyons,
 * "'Hey, that's not an ODE': Faster ODE Adjoints via Seminorms", ICML 2021). The error norm becomes
 * the largest RMS over the controlled blocks only (the full norm being the largest RMS over all
 * blocks, as torchdiffeq's mixed norm for the adjoint's tuple state); the gradient stays accurate to the backward tolerance while the backward NFE typically drops (the
 * paper reports a median 40% on its benchmarks).
 *
 * @param backward solver settings for the backward solve; null means "the forward solve's
 *     settings", as torchdiffeq's {@code odeint_adjoint} does by default. Per-component tolerance
 *     vectors are replaced by their smallest entry, since the augmented state has another size.
 * @param seminorm whether to leave a_θ and a_t out of the backward error norm
 * @param checkpointing for {@link InterpolatingAdjoint} only: keep just the output states and
 *     re-solve each output interval densely from its start in the backward pass (SciMLSensitivity's
 *     {@code InterpolatingAdjoint(checkpointing=true)}), so that the retained state does not grow
 *     with the number of steps, for one extra forward solve; otherwise the whole forward dense
 *     solution is kept
 */
public record AdjointOptions(Solver backward, boolean seminorm, boolean checkpointing) {

  /**
   * Backward settings with the full norm, without checkpointing.
   *
   * @param backward the backward solve's settings, or null for the forward ones
   */
  public AdjointOptions(Solver backward) {
    this(backward, false, false);
  }

  /**
   * Backward settings, without checkpointing.
   *
   * @param backward the backward solve's settings, or null for the forward ones
   * @param seminorm whether to leave a_θ and a_t out of the backward error norm
   */
  public AdjointOptions(Solver backward, boolean seminorm) {
    this(backward, seminorm, false);
  }

  /**
   * Backward solve with the forward solve's settings and the full norm.
   *
   * @return the default options
   */
  public static AdjointOptions defaults() {
    return new AdjointOptions(null, false, false);
  }

  /**
   * A copy with or without the seminorm.
   *
   * @param on whether to leave a_θ and a_t out of the backward error norm
   * @return the new options
   */
  public AdjointOptions withSeminorm(boolean on) {
    return new AdjointOptions(backward, on, checkpointing);
  }

  /**
   * A copy with or without checkpointing for the interpolating adjoint.
   *
   * @param on whether to keep only the output states and re-solve each interval in the backward pass
   * @return the new options
   */
  public AdjointOptions withCheckpointing(boolean on) {
    return new AdjointOptions(backward, seminorm, on);
  }

  /**
   * A copy with other backward settings.
   *
   * @param options the backward solve's settings, or null for the forward ones
   * @return the new options
   */
  public AdjointOptions withBackward(Solver options) {
    return new AdjointOptions(options, seminorm, checkpointing);
  }

  /**
   * The backward settings to use for a given forward solve.
   *
   * @param forward the forward solve's settings
   * @return {@link #backward()} if set, else {@code forward}
   */
  public Solver backwardFor(Solver forward) {
    return backward == null ? forward : backward;
  }

  /**
   * The backward settings for an augmented state made of consecutive blocks (z, a, a_θ, a_t for
   * backsolve; a, a_θ, a_t for the interpolating adjoint). Unless the backward options carry a
   * norm of their own, the error norm is torchdiffeq's mixed norm for the adjoint's tuple state:
   * the largest of the blocks' RMS norms, so that a large block (a_θ) cannot dilute the error of a
   * small one (z). The seminorm takes that maximum over the first {@code controlled} blocks only.
   *
   * @param forward the forward solve's settings
   * @param blocks the flat sizes of the blocks, in order
   * @param controlled how many leading blocks the seminorm keeps, ≥ 1
   * @return scalar-tolerance settings with the norm described
   */
  Solver backwardFor(Solver forward, int[] blocks, int controlled) {
    Solver b = backwardFor(forward);
    if (!b.method().adaptive()) {
      return b;
    }
    Tolerances tol = b.tolerances();
    SolverBuilder out = b.toBuilder().rtol(tol.minRtol()).atol(tol.minAtol());
    if (seminorm) {
      return out.norm(mixed(java.util.Arrays.copyOf(blocks, Math.max(1, controlled)))).build();
    }
    return tol.norm() == ErrorNorm.RMS ? out.norm(mixed(blocks)).build() : out.build();
  }

  /** max over blocks of the block's RMS; entries past the last block are ignored. */
  static ErrorNorm mixed(int[] blocks) {
    int[] sizes = blocks.clone();
    return q -> {
      double m = 0.0;
      int off = 0;
      for (int size : sizes) {
        int end = Math.min(off + size, q.length);
        if (end > off) {
          double s = 0.0;
          for (int i = off; i < end; i++) {
            s += q[i] * q[i];
          }
          m = Math.max(m, Math.sqrt(s / (end - off)));
        }
        off += size;
      }
      return m;
    };
  }
}
