package dev.neuralode.sensitivity;

import dev.neuralode.ode.SolverStats;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The tape of a mode whose backward pass is a function of the cotangent alone (the adjoints): the
 * output states, the forward figures and that function.
 */
record AdjointTape(Tensor ys, SolverStats stats, int steps, long retainedDoubles,
    BiFunction<Tensor, List<Tensor>, RecordedSolve.Gradients> pass) implements RecordedSolve.Tape {
  @Override
  public long stepRecordDoubles() {
    return 0;
  }

  @Override
  public RecordedSolve.Gradients backward(Tensor g, List<Tensor> active) {
    return pass.apply(g, active);
  }
}
