package dev.neuralode.sensitivity;

import dev.neuralode.ode.ErrorNorm;
import dev.neuralode.ode.Solver;
import dev.neuralode.ode.SolverBuilder;
import dev.neuralode.ode.Tolerances;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Bookkeeping shared by the recorded gradient ops: inputs, active parameters, gradient lists, and the
 * backward solver of the adjoint methods.
 */
final class AdjointSupport {
  private AdjointSupport() {}

  /** The distinct parameters that require a gradient, in order of first appearance. */
  static List<Tensor> active(List<Tensor> params) {
    if (params == null) {
      throw new IllegalArgumentException("params must not be null; pass List.of() for none");
    }
    List<Tensor> active = new ArrayList<>();
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Tensor p : params) {
      if (p == null) {
        throw new IllegalArgumentException("params must not contain null");
      }
      if (p.requiresGrad() && seen.add(p)) {
        active.add(p);
      }
    }
    return active;
  }

  /** The custom op's inputs: [y0, t, params...]. */
  static List<Tensor> inputs(Tensor y0, Tensor t, List<Tensor> params) {
    List<Tensor> inputs = new ArrayList<>(params.size() + 2);
    inputs.add(y0);
    inputs.add(t);
    inputs.addAll(params);
    return inputs;
  }

  /** Total number of entries. */
  static int size(List<Tensor> params) {
    int n = 0;
    for (Tensor p : params) {
      n += p.size();
    }
    return n;
  }

  /** [dy0, dt, dθ per active parameter] from the flat parameter adjoint. */
  static List<Tensor> grads(Tensor dy0, double[] gradT, Tensor adjP, List<Tensor> active) {
    List<Tensor> grads = new ArrayList<>();
    grads.add(dy0);
    grads.add(Tensor.vector(gradT));
    int off = 0;
    for (Tensor p : active) {
      grads.add(p.size() == 0 || adjP.size() == 0 ? p.zerosLike()
          : adjP.slice(0, off, off + p.size()).reshape(p.shape()));
      off += p.size();
    }
    return grads;
  }

  /** One cotangent per op input: the active parameters' gradients at their first listing, else null. */
  static List<Tensor> spread(List<Tensor> gs, List<Tensor> params, List<Tensor> active) {
    List<Tensor> all = new ArrayList<>(params.size() + 2);
    all.add(gs.get(0));
    all.add(gs.get(1));
    int k = 0;
    for (Tensor p : params) {
      all.add(k < active.size() && active.get(k) == p ? gs.get(2 + k++) : null);
    }
    return all;
  }

  /**
   * Checks output times: at least one, finite, strictly monotone.
   *
   * @throws IllegalArgumentException naming the offending entry
   */
  static void checkTimes(double[] t) {
    if (t.length == 0) {
      throw new IllegalArgumentException("t must hold at least one time; pass t[0] = the initial time"
          + " followed by the output times");
    }
    for (int i = 0; i < t.length; i++) {
      if (!Double.isFinite(t[i])) {
        throw new IllegalArgumentException("t must be finite; t[" + i + "]=" + t[i]);
      }
    }
    boolean increasing = t.length < 2 || t[1] > t[0];
    for (int i = 1; i < t.length; i++) {
      if (increasing ? !(t[i] > t[i - 1]) : !(t[i] < t[i - 1])) {
        throw new IllegalArgumentException("t must be strictly increasing or decreasing; t[" + i + "]="
            + t[i] + " after t[" + (i - 1) + "]=" + t[i - 1] + ". Remove repeated times and sort t");
      }
    }
  }

  /**
   * Rejects methods without an explicit Runge–Kutta tableau (kvaerno5), which a mode needs for
   * dense output or step replay.
   *
   * @throws IllegalArgumentException naming the method, the mode and the fix
   */
  static void requireExplicit(Solver solver, String mode) {
    if (!(solver.method() instanceof dev.neuralode.ode.Method.ExplicitRk)) {
      throw new IllegalArgumentException(mode + " needs an explicit Runge-Kutta method; method "
          + solver.method().name() + " has none. Use one of "
          + String.join(", ", dev.neuralode.ode.Methods.explicitNames())
          + ", or the direct or backsolve mode");
    }
  }

  /**
   * The backward solver of an adjoint method for an augmented state made of consecutive blocks (z, a,
   * a_θ, a_t for backsolve; a, a_θ, a_t for the interpolating adjoint): the given backward solver or,
   * if null, the forward one, with scalar tolerances (a per-component tolerance is replaced by its
   * smallest entry, since the augmented state has another size). Unless that solver carries a norm of
   * its own, the error norm is torchdiffeq's mixed norm for the adjoint's tuple state: the largest of
   * the blocks' RMS norms, so that a large block (a_θ) cannot dilute the error of a small one (z). The
   * seminorm (Kidger, Chen &amp; Lyons 2021) takes that maximum over the first {@code controlled}
   * blocks only. The method, rule, step limits, jump times and step budget are kept.
   *
   * @param forward the forward solver
   * @param backward the backward solver, or null for the forward one
   * @param seminorm whether to leave the blocks after the controlled ones out of the norm
   * @param blocks the flat sizes of the blocks, in order
   * @param controlled how many leading blocks the seminorm keeps, ≥ 1
   * @return the backward solver
   */
  static Solver backwardSolver(Solver forward, Solver backward, boolean seminorm, int[] blocks,
      int controlled) {
    Solver b = backward == null ? forward : backward;
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
          m = Math.max(m, ErrorNorm.rms(q, off, end));
        }
        off += size;
      }
      return m;
    };
  }
}
