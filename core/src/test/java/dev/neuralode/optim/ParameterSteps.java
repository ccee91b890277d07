package dev.neuralode.optim;

import dev.neuralode.nn.Parameter;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Applies an optimizer step to parameters by hand, as the training loop does. */
final class ParameterSteps {
  private ParameterSteps() {}

  /** Replaces each parameter's value with the optimizer's update at its own learning rate. */
  static void step(Optimizer optimizer, List<Parameter> params, List<Tensor> grads) {
    List<Tensor> values = new ArrayList<>();
    for (Parameter p : params) {
      values.add(p.value());
    }
    List<Tensor> updated = optimizer.step(values, grads);
    for (int i = 0; i < params.size(); i++) {
      params.get(i).set(updated.get(i));
    }
  }
}
