package dev.neuralode.sensitivity;

import dev.neuralode.ode.FlatOde;
import dev.neuralode.ode.FlatVjp;
import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.Solution;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Program;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The adjoint's backward dynamics. With z(t) given (the interpolating adjoint, reading the forward
 * solution), on the flat state [a (n), a_θ (P), a_t (1)]: [−aᵀ∂f/∂z, −aᵀ∂f/∂θ, −aᵀ∂f/∂t], all
 * evaluated at (t, z(t)). With z(t) null (the backsolve adjoint), z is integrated backwards too, on
 * the flat state [z, a, a_θ, a_t]: [f, −aᵀ∂f/∂z, −aᵀ∂f/∂θ, −aᵀ∂f/∂t]. One evaluation costs one f
 * evaluation and one vector–Jacobian product.
 */
final class AdjointDynamics implements OdeFunction {
  private final OdeFunction f;
  private final List<Tensor> params;
  private final int[] stateShape;
  private final int n;
  /** The forward solution giving z(t), or null when z is the first n entries of the state. */
  private final Solution z;
  /** The program shared by the evaluations of one backward pass, or null for the eager path. */
  private final Compiled compiled;

  /**
   * One backward pass's compiled adjoint dynamics: captured at the first evaluation (f, its VJP and
   * the flat bookkeeping, as one {@link Program}) and replayed afterwards; the parameters are read by
   * reference, which holds since they do not change during a backward pass.
   */
  static final class Compiled {
    private Program program;
    private boolean failed;
    /** f's own flat VJP ({@link OdeFunction#flatVjp}), looked up once per backward pass. */
    private FlatVjp fused;
    private boolean fusedLooked;
  }

  AdjointDynamics(OdeFunction f, List<Tensor> params, int[] stateShape, int n, Solution z,
      Compiled compiled) {
    this.f = f;
    this.params = params;
    this.stateShape = stateShape;
    this.n = n;
    this.z = z;
    this.compiled = compiled;
  }

  @Override
  public Tensor apply(Tensor t, Tensor state) {
    Tensor zExt = z == null ? null : z.at(t.item()).reshape(stateShape);
    if (compiled == null || compiled.failed || Autograd.isRecording()) {
      return eager(t, zExt, state);
    }
    Tensor[] in = zExt == null ? new Tensor[] {t, state} : new Tensor[] {t, zExt, state};
    if (compiled.program != null) {
      return compiled.program.apply(in).get(0);
    }
    try {
      Program.Captured c = Program.capture(List.of(in),
          xs -> List.of(eager(xs.get(0), zExt == null ? null : xs.get(1), xs.get(xs.size() - 1))));
      compiled.program = c.program();
      return c.outputs().get(0);
    } catch (Program.NotCapturable e) {
      compiled.failed = true;
      return eager(t, zExt, state);
    }
  }

  /**
   * These dynamics on plain arrays, for the flat solver engine: through f's own {@link
   * OdeFunction#flatVjp flat VJP} when it offers one for these parameters (an {@code nn.Mlp} does), else
   * through the shared program. Once the shared program is captured
   * (by the first evaluation, which runs through {@link #apply}), each evaluation replays it on the
   * solver's buffers with no tensors, graph nodes or concatenation; the values are the same bits as
   * {@link #apply}'s, since both replay the same program. Without a program (capture failed, or the
   * first evaluation) it evaluates through {@link #apply} and copies the result.
   *
   * @return the flat right-hand side of the augmented state
   */
  @Override
  public FlatOde flat() {
    double[] zBuf = z == null ? null : new double[n];
    if (compiled != null && !compiled.fusedLooked) {
      compiled.fused = f.flatVjp(params, stateShape);
      compiled.fusedLooked = true;
    }
    FlatVjp fused = compiled == null ? null : compiled.fused;
    // the derivative reads z and a only (the state's first 2n entries, or n with z interpolated): the
    // parameter and time adjoints after them are quadratures, left out of the intermediate stage states
    int reads = z == null ? 2 * n : n;
    if (fused != null) {
      // f's own flat VJP: no program; the same bits (negation is exact)
      return FlatOde.reading(reads, (t, y, dydt) -> {
        if (z == null) {
          fused.negatedVjp(t, y, 0, y, n, dydt, 0, n, dydt.length - n);
        } else {
          z.at(t, zBuf);
          fused.negatedVjp(t, zBuf, 0, y, 0, dydt, -1, 0, dydt.length);
        }
      });
    }
    double[] tBuf = new double[1];
    return FlatOde.reading(reads, (t, y, dydt) -> {
      Program p = compiled == null || compiled.failed ? null : compiled.program;
      if (p != null) {
        tBuf[0] = t;
        if (z != null) {
          z.at(t, zBuf); // the same bits as z.at(t), with no tensor
        }
        double[][] out = z == null ? p.run(tBuf, y) : p.run(tBuf, zBuf, y);
        System.arraycopy(out[0], 0, dydt, 0, dydt.length);
        return;
      }
      Tensor r = apply(Tensor.scalar(t), Tensor.of(y, y.length));
      System.arraycopy(r.toArray(), 0, dydt, 0, dydt.length);
    });
  }

  /** The adjoint dynamics by eager tensor operations; zExt is z(t) or null (backsolve: z is in the state). */
  private Tensor eager(Tensor t, Tensor zExt, Tensor state) {
    int off = z == null ? n : 0;
    Tensor zt = (zExt == null ? state.slice(0, 0, n) : zExt).reshape(stateShape).detach().requireGrad();
    Tensor a = state.slice(0, off, off + n).reshape(stateShape);
    Tensor tt = t.detach().requireGrad();
    Tensor fz;
    List<Tensor> vjps;
    try (Autograd.Scope s = Autograd.enableGrad()) {
      fz = f.apply(tt, zt);
      List<Tensor> wrt = new ArrayList<>(params.size() + 2);
      wrt.add(zt);
      wrt.add(tt);
      wrt.addAll(params);
      vjps = Autograd.grad(List.of(fz), wrt, List.of(a), false);
    }
    List<Tensor> parts = new ArrayList<>(params.size() + 3);
    if (z == null) {
      parts.add(fz.detach().reshape(n));
    }
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
