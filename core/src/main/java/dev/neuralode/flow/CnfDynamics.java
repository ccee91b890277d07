package dev.neuralode.flow;

import dev.neuralode.ode.OdeFunction;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The augmented CNF dynamics on s ∈ [0, 1], with the state rows [z, Δ, E, J] (E and J only when
 * regularised):
 *
 * <pre>
 *   dz/ds = T·f(sT, z),  dΔ/ds = −tr(∂(dz/ds)/∂z),  dE/ds = −‖dz/ds‖²,  dJ/ds = −‖∂(dz/ds)/∂z‖²_F
 * </pre>
 *
 * so that integrating from s = 1 down to 0 accumulates Δ(0) = ∫ tr ds, E(0) = ∫‖·‖² ds ≥ 0 and
 * J(0) ≥ 0. Without the trace (sampling) the state is z alone.
 *
 * <p>The trace is computed inside f under {@link Autograd#enableGrad()} at a fresh leaf copy of z,
 * so it works in no-grad solves too. When the caller records (direct backprop, or the adjoint's
 * backward pass) the result is a custom autograd op on [z, s, params] whose VJP differentiates
 * that inner graph, which was built with {@code createGraph}; a trace built on the caller's z
 * itself would make every VJP walk the whole solver graph.
 */
final class CnfDynamics implements OdeFunction {
  private final OdeFunction net;
  private final List<Tensor> params;
  private final Tensor endTime;
  private final int dim;
  private final TraceEstimator trace;
  private final Tensor probes;
  private final boolean regularised;

  /**
   * @param net the network f(t, z)
   * @param params the tensors f and T depend on (the flow's parameter values)
   * @param endTime T, shape [1]
   * @param dim d
   * @param trace the estimator, or null for the plain dynamics [z] (sampling)
   * @param probes Hutchinson probes for this solve, or null
   * @param regularised whether the state carries E and J
   */
  CnfDynamics(OdeFunction net, List<Tensor> params, Tensor endTime, int dim, TraceEstimator trace,
      Tensor probes, boolean regularised) {
    this.net = net;
    this.params = params;
    this.endTime = endTime;
    this.dim = dim;
    this.trace = trace;
    this.probes = probes;
    this.regularised = regularised;
  }

  /** The number of state columns. */
  int width() {
    return trace == null ? dim : dim + 1 + (regularised ? 2 : 0);
  }

  /**
   * {@inheritDoc}
   *
   * @return true when the network is traceable: the dynamics, the trace estimate (with its fixed
   *     probes) and their VJP are then tensor operations only
   */
  @Override
  public boolean traceable() {
    return net.traceable();
  }

  @Override
  public Tensor apply(Tensor s, Tensor state) {
    if (trace == null) {
      return net.apply(s.reshape(1).mul(endTime), state).mul(endTime);
    }
    boolean record = Autograd.isRecording();
    Tensor z = state.slice(1, 0, dim);
    int b = state.dim(0);
    Tensor x;
    Tensor value;
    try (Autograd.Scope scope = Autograd.enableGrad()) {
      x = z.detach().requireGrad();
      Tensor fz = net.apply(s.reshape(1).mul(endTime), x).mul(endTime);
      TraceEstimator.Estimate est = trace.estimate(fz, x, probes, record, regularised);
      List<Tensor> cols = new ArrayList<>(4);
      cols.add(fz);
      cols.add(est.trace().neg().reshape(b, 1));
      if (regularised) {
        cols.add(fz.square().sum(1, true).neg());
        cols.add(est.frobenius().neg().reshape(b, 1));
      }
      value = Tensor.concat(1, cols);
    }
    if (!record) {
      return value.detach();
    }
    List<Tensor> inputs = new ArrayList<>(params.size() + 2);
    inputs.add(z);
    inputs.add(s);
    inputs.addAll(params);
    List<Tensor> inner = new ArrayList<>(params.size() + 2);
    inner.add(x);
    inner.add(s);
    inner.addAll(params);
    Tensor inside = value;
    // replayable: value and its VJP are tensor operations on z, s, the parameters and x
    return Autograd.custom("cnfDynamics", value, inputs, g -> {
      List<Tensor> gs = Autograd.grad(List.of(inside), inner, List.of(g), Autograd.isRecording());
      return new ArrayList<>(gs);
    }, true);
  }
}
