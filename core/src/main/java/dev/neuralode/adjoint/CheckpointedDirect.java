package dev.neuralode.adjoint;

import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.ode.SolverStats;
import dev.neuralode.ode.StepCallbacks;
import dev.neuralode.ode.StepInfo;
import dev.neuralode.ode.StepReplay;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.GraphStats;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Backpropagation through the solver with checkpointing: the gradient of direct mode with
 * O(√steps) stored states instead of the whole recorded solve (Griewank &amp; Walther,
 * "Algorithm 799: revolve", ACM TOMS 2000, in its simplest two-level form; Diffrax's
 * {@code RecursiveCheckpointAdjoint} uses the binomial multi-level schedule).
 *
 * <p><b>Forward.</b> One solve without recording. Every accepted step's (t0, t1, h) is recorded
 * (3 doubles a step) and the state at the start of every s-th step is kept as a checkpoint. The
 * stride s starts at 1 and doubles (dropping every other checkpoint) whenever there are more than
 * 2s + 2 checkpoints, so that after n steps there are at most about 2√n checkpoints, about √n steps
 * apart — without knowing n in advance.
 *
 * <p><b>Backward.</b> Segments between checkpoints are processed last to first. Each is replayed
 * from its checkpoint with recording on ({@link StepReplay}: the same steps and stage times, so
 * the states are bit-identical to the forward ones), and one vector–Jacobian product carries the
 * adjoint a from the segment's end (plus the cotangents of the outputs inside it) back to its
 * start and accumulates ∂L/∂θ. So at most one segment's graph is alive at a time, and the gradient
 * is that of {@link dev.neuralode.ode.TimeGradients} (direct mode) up to the summation order of the
 * accumulated cotangents. Cost: one extra forward solve's worth of evaluations.
 *
 * <p><b>Time gradients</b> use the solution map's identities as direct mode does: ∂L/∂tᵢ = gᵢ·f(tᵢ,
 * yᵢ) for i ≥ 1 and ∂L/∂t₀ = −a(t₀⁺)·f(t₀, y₀), a(t₀⁺) being the adjoint of the later outputs.
 */
public final class CheckpointedDirect {
  private CheckpointedDirect() {}

  /**
   * Solves dy/dt = f(t, y) at every time in {@code t}, recording one autograd node whose backward
   * pass recomputes the solve segment by segment from checkpoints.
   *
   * @param f the dynamics; it must read its trainable state only from {@code params}
   * @param y0 initial state, any shape; not modified; may require a gradient
   * @param t output times {@code [T]}, strictly monotone; may require a gradient
   * @param params tensors f depends on that should receive gradients; those not requiring a
   *     gradient are ignored, unused ones get zeros of their shape
   * @param solver the method (explicit; kvaerno5 is rejected), step-size controller and step budget
   * @return the states {@code [T, ...y0.shape]}, identical to {@link Odeint#solve}'s, and the
   *     forward statistics; {@link GradientStats#last()} reports checkpoints and retained state
   * @throws IllegalArgumentException if t is not 1-D, the method is implicit, or as
   *     {@link Odeint#solve} does
   */
  public static OdeResult odeint(OdeFunction f, Tensor y0, Tensor t, List<Tensor> params,
      Solver solver) {
    if (t.rank() != 1) {
      throw new IllegalArgumentException("t must be 1-D; got shape " + java.util.Arrays.toString(t.shape()));
    }
    AdjointSupport.requireExplicit(solver, "the checkpointed direct mode");
    double[] times = t.toArray();
    Recorder rec = new Recorder();
    OdeResult fwd;
    try (Autograd.Scope s = Autograd.noGrad()) {
      fwd = Odeint.solve(f, y0.detach(), times, solver, List.of(),
          StepCallbacks.onAccepted(rec::accept));
    }
    Tensor ys = fwd.ys();
    List<Tensor> active = AdjointSupport.active(params);
    long retained = (long) rec.cpIndex.size() * y0.size();
    GradientStats fs = GradientStats.record(new GradientStats("checkpointed", fwd.stats(),
        SolverStats.zero(), rec.t0.size(), retained, 3L * rec.t0.size(), rec.cpIndex.size(), 0));
    Tensor out = Autograd.custom("odeintCheckpointed", ys, AdjointSupport.inputs(y0, t, params), g -> {
      Backward b = backward(f, ys, times, rec, active, g, solver, y0.shape());
      GradientStats.record(fs.withBackward(b.stats, b.peakNodes));
      return AdjointSupport.spread(b.grads, params, active);
    });
    return new OdeResult(out, times, fwd.stats());
  }

  private record Backward(List<Tensor> grads, SolverStats stats, long peakNodes) {}

  private static Backward backward(OdeFunction f, Tensor ys, double[] times, Recorder rec,
      List<Tensor> params, Tensor g, Solver solver, int[] shape) {
    int nT = times.length;
    int n = ys.size() / nT;
    double[] t0 = rec.array(rec.t0);
    double[] t1 = rec.array(rec.t1);
    double[] h = rec.array(rec.h);
    int nParams = AdjointSupport.size(params);
    Tensor adj = Tensor.zeros(shape);
    Tensor adjP = Tensor.zeros(nParams);
    int nfe = 0;
    long peak = 0;
    for (int c = rec.cpIndex.size() - 1; c >= 0; c--) {
      int from = rec.cpIndex.get(c);
      int to = c + 1 < rec.cpIndex.size() ? rec.cpIndex.get(c + 1) : t0.length;
      Tensor leaf = rec.cpState.get(c).detach().requireGrad();
      List<Tensor> outs = new ArrayList<>();
      List<Tensor> cots = new ArrayList<>();
      List<Tensor> grads;
      try (Autograd.Scope s = Autograd.enableGrad()) {
        StepReplay.Segment seg = StepReplay.replay(f, leaf, t0, t1, h, from, to, times, solver);
        nfe += seg.nfe();
        for (int j = 0; j < seg.outputIndices().length; j++) {
          outs.add(seg.outputs().get(j));
          cots.add(g.index(seg.outputIndices()[j]).reshape(shape));
        }
        outs.add(seg.end());
        cots.add(adj);
        peak = Math.max(peak, GraphStats.of(outs).nodes());
        List<Tensor> wrt = new ArrayList<>(params.size() + 1);
        wrt.add(leaf);
        wrt.addAll(params);
        grads = Autograd.grad(outs, wrt, cots, false);
      }
      adj = grads.get(0);
      if (nParams > 0) {
        List<Tensor> flat = new ArrayList<>();
        for (int k = 0; k < params.size(); k++) {
          flat.add(grads.get(1 + k).reshape(params.get(k).size()));
        }
        adjP = adjP.add(Tensor.concat(0, flat));
      }
    }
    double[] gradT = new double[nT];
    try (Autograd.Scope s = Autograd.noGrad()) {
      for (int i = 1; i < nT; i++) {
        gradT[i] = g.index(i).mul(f.apply(Tensor.scalar(times[i]), ys.index(i))).sum().item();
        nfe++;
      }
      if (nT > 1) {
        gradT[0] = -adj.mul(f.apply(Tensor.scalar(times[0]), ys.index(0))).sum().item();
        nfe++;
      }
      Tensor dy0 = adj.add(g.index(0).reshape(shape));
      List<Tensor> out = AdjointSupport.grads(dy0, gradT, adjP, params);
      return new Backward(out, new SolverStats(nfe, t0.length, 0), peak);
    }
  }

  /** Step records and thinned checkpoints, filled by the forward solve's step callback. */
  private static final class Recorder {
    final Doubles t0 = new Doubles();
    final Doubles t1 = new Doubles();
    final Doubles h = new Doubles();
    final List<Integer> cpIndex = new ArrayList<>();
    final List<Tensor> cpState = new ArrayList<>();
    private int stride = 1;

    void accept(StepInfo s) {
      int i = t0.size();
      t0.add(s.t0());
      t1.add(s.t1());
      h.add(s.h());
      if (i % stride == 0) {
        cpIndex.add(i);
        cpState.add(s.y0());
      }
      if (cpIndex.size() > 2 * stride + 2) {
        stride *= 2;
        for (int k = cpIndex.size() - 1; k >= 0; k--) {
          if (cpIndex.get(k) % stride != 0) {
            cpIndex.remove(k);
            cpState.remove(k);
          }
        }
      }
    }

    double[] array(Doubles v) {
      return java.util.Arrays.copyOf(v.data, v.size);
    }
  }

  /** A growable array of doubles (3 per step, unboxed). */
  private static final class Doubles {
    private double[] data = new double[64];
    private int size;

    void add(double v) {
      if (size == data.length) {
        data = java.util.Arrays.copyOf(data, 2 * size);
      }
      data[size++] = v;
    }

    int size() {
      return size;
    }
  }
}
