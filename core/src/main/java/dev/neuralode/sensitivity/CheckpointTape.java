package dev.neuralode.sensitivity;

import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.Solver;
import dev.neuralode.ode.SolverStats;
import dev.neuralode.ode.StepReplay;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.GraphStats;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The tape of {@link Checkpointed}: the recorded steps and the initial state; its backward pass
 * reverses the steps by the {@link BinomialSchedule}, replaying them with {@link StepReplay}.
 */
final class CheckpointTape implements RecordedSolve.Tape {
  private final OdeFunction f;
  private final OdeResult fwd;
  private final Tensor start;
  private final double[] times;
  private final Solver solver;
  private final int checkpoints;
  private final double[] t0;
  private final double[] t1;
  private final double[] h;

  CheckpointTape(OdeFunction f, OdeResult fwd, StepRecord rec, Tensor start, double[] times, Solver solver,
      int checkpoints) {
    this.f = f;
    this.fwd = fwd;
    this.start = start;
    this.times = times;
    this.solver = solver;
    this.checkpoints = checkpoints;
    this.t0 = rec.t0();
    this.t1 = rec.t1();
    this.h = rec.h();
  }

  @Override
  public Tensor ys() {
    return fwd.ys();
  }

  @Override
  public SolverStats stats() {
    return fwd.stats();
  }

  @Override
  public int steps() {
    return t0.length;
  }

  @Override
  public long retainedDoubles() {
    return start.size();
  }

  @Override
  public long stepRecordDoubles() {
    return 3L * t0.length;
  }

  @Override
  public RecordedSolve.Gradients backward(Tensor g, List<Tensor> params) {
    Reversal rev = new Reversal(g, params);
    BinomialSchedule.Work work = BinomialSchedule.run(t0.length, checkpoints, start, rev);
    Tensor ys = fwd.ys();
    int nT = times.length;
    int[] shape = start.shape();
    double[] gradT = new double[nT];
    try (Autograd.Scope s = Autograd.noGrad()) {
      for (int i = 1; i < nT; i++) {
        gradT[i] = g.index(i).mul(f.apply(Tensor.scalar(times[i]), ys.index(i))).sum().item();
        rev.nfe++;
      }
      if (nT > 1) {
        gradT[0] = -rev.adj.mul(f.apply(Tensor.scalar(times[0]), ys.index(0))).sum().item();
        rev.nfe++;
      }
      Tensor dy0 = rev.adj.add(g.index(0).reshape(shape));
      List<Tensor> grads = AdjointSupport.grads(dy0, gradT, rev.adjP, params);
      SolverStats stats = new SolverStats(rev.nfe, (int) Math.min(Integer.MAX_VALUE,
          work.advanced() + work.reversed()), 0);
      return new RecordedSolve.Gradients(grads, new GradientStats.Backward(stats, rev.peakNodes,
          work.peakStored(), work.advanced(), work.reversed()));
    }
  }

  /** The schedule's operations on tensors: advances without recording, reversals by one VJP each. */
  private final class Reversal implements BinomialSchedule.Ops<Tensor> {
    private final Tensor g;
    private final List<Tensor> params;
    private final int[] shape = start.shape();
    private final int nParams;
    Tensor adj;
    Tensor adjP;
    int nfe;
    long peakNodes;

    Reversal(Tensor g, List<Tensor> params) {
      this.g = g;
      this.params = params;
      this.nParams = AdjointSupport.size(params);
      this.adj = Tensor.zeros(shape);
      this.adjP = Tensor.zeros(nParams);
    }

    @Override
    public Tensor advance(Tensor state, int from, int to) {
      if (from == to) {
        return state;
      }
      try (Autograd.Scope s = Autograd.noGrad()) {
        StepReplay.Segment seg = StepReplay.replay(f, state, t0, t1, h, from, to, times, solver);
        nfe += seg.nfe();
        return seg.end();
      }
    }

    @Override
    public void reverse(int step, Tensor state) {
      Tensor leaf = state.detach().requireGrad();
      List<Tensor> outs = new ArrayList<>();
      List<Tensor> cots = new ArrayList<>();
      List<Tensor> grads;
      try (Autograd.Scope s = Autograd.enableGrad()) {
        StepReplay.Segment seg = StepReplay.replay(f, leaf, t0, t1, h, step, step + 1, times, solver);
        nfe += seg.nfe();
        for (int j = 0; j < seg.outputIndices().length; j++) {
          outs.add(seg.outputs().get(j));
          cots.add(g.index(seg.outputIndices()[j]).reshape(shape));
        }
        outs.add(seg.end());
        cots.add(adj);
        peakNodes = Math.max(peakNodes, GraphStats.of(outs).nodes());
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
  }
}
