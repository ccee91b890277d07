package dev.neuralode.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one iteration of the {@link Trainer} did, as handed to each {@link TrainingListener}.
 *
 * @param iteration the 1-based iteration number
 * @param loss the loss at the parameters before the step (NaN for a skipped iteration)
 * @param nfeForward function evaluations of the forward solves
 * @param nfeBackward function evaluations of the backward pass (0 for plain backpropagation)
 * @param seconds wall-clock time of the iteration: objective, gradients and optimizer step
 * @param lr the learning rate the schedule gave this step
 * @param skipped whether the objective skipped the iteration (no gradient, no step)
 * @param metrics the objective's further named figures ({@link Evaluation#metrics()}), unmodifiable
 */
public record StepReport(int iteration, double loss, long nfeForward, long nfeBackward, double seconds,
    double lr, boolean skipped, Map<String, Double> metrics) {

  /**
   * Checks and copies the metrics.
   *
   * @param iteration the 1-based iteration number
   * @param loss the loss at the parameters before the step (NaN for a skipped iteration)
   * @param nfeForward function evaluations of the forward solves
   * @param nfeBackward function evaluations of the backward pass (0 for plain backpropagation)
   * @param seconds wall-clock time of the iteration: objective, gradients and optimizer step
   * @param lr the learning rate the schedule gave this step
   * @param skipped whether the objective skipped the iteration (no gradient, no step)
   * @param metrics the objective's further named figures ({@link Evaluation#metrics()}),
   *     unmodifiable
   * @throws IllegalArgumentException if metrics is null
   */
  public StepReport {
    if (metrics == null) {
      throw new IllegalArgumentException("metrics is null; pass Map.of() for none");
    }
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /**
   * One named metric.
   *
   * @param name the metric's name
   * @return its value
   * @throws IllegalArgumentException if the objective reported no metric of that name
   */
  public double metric(String name) {
    Double v = metrics.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no metric '" + name + "' in this step; it has " + metrics.keySet());
    }
    return v;
  }
}
