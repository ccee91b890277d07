package dev.neuralode.train;

import dev.neuralode.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What one evaluation of a {@link TrainingObjective} produced: the loss to differentiate and what
 * its solves cost. The loop reads {@link #nfeBackward()} only after it has taken the gradients, so
 * that an objective can report the work of the backward pass (an adjoint solve, a checkpoint replay)
 * however it learns it.
 *
 * @param loss the scalar loss, recorded for autograd with respect to the parameters; null only for
 *     {@link #skip()}
 * @param nfeForward function evaluations of the forward solves, ≥ 0 (0 when there are none)
 * @param nfeBackward gives the function evaluations of the backward pass once the gradients have
 *     been taken (0 for plain backpropagation, which evaluates no f); not null
 * @param metrics further named figures of this step (e.g. a negative log-likelihood), copied into
 *     the {@link StepReport}; not null, iteration order kept
 * @param gradients the gradients of the loss with respect to the parameters, in parameter order,
 *     when the objective computed them itself (e.g. summed over the partitions of a distributed data
 *     set, {@link #ofGradients}); null when the loop is to take them from {@code loss} by autograd
 */
public record Evaluation(Tensor loss, long nfeForward, LongSupplier nfeBackward, Map<String, Double> metrics,
    List<Tensor> gradients) {
  private static final Evaluation SKIP = new Evaluation(null, 0, () -> 0, Map.of());

  /**
   * Checks the fields and copies the metrics.
   *
   * @param loss the scalar loss, recorded for autograd with respect to the parameters; null only for
   *     {@link #skip()}
   * @param nfeForward function evaluations of the forward solves, ≥ 0 (0 when there are none)
   * @param nfeBackward gives the function evaluations of the backward pass once the gradients have
   *     been taken (0 for plain backpropagation, which evaluates no f); not null
   * @param metrics further named figures of this step (e.g. a negative log-likelihood), copied into
   *     the {@link StepReport}; not null, iteration order kept
   * @param gradients the precomputed gradients, in parameter order, or null to take them by autograd
   * @throws IllegalArgumentException if the loss is not a single element, nfeForward is negative, or
   *     nfeBackward or metrics is null, or gradients are given without a loss or hold null
   */
  public Evaluation {
    if (loss != null && loss.size() != 1) {
      throw new IllegalArgumentException("loss must be a scalar tensor; got one of " + loss.size()
          + " elements; reduce it, e.g. with mean()");
    }
    if (nfeForward < 0 || nfeBackward == null || metrics == null) {
      throw new IllegalArgumentException("need nfeForward >= 0, an nfeBackward supplier and a metrics map; got"
          + " nfeForward=" + nfeForward + ", nfeBackward=" + nfeBackward + ", metrics=" + metrics);
    }
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    if (gradients != null) {
      if (loss == null || gradients.stream().anyMatch(g -> g == null)) {
        throw new IllegalArgumentException("precomputed gradients need a loss and no null entry; got loss="
            + loss + ", gradients=" + gradients);
      }
      gradients = List.copyOf(gradients);
    }
  }

  /**
   * An evaluation whose gradients the loop takes by autograd from {@code loss}.
   *
   * @param loss see the record's description
   * @param nfeForward see the record's description
   * @param nfeBackward see the record's description
   * @param metrics see the record's description
   * @throws IllegalArgumentException as the canonical constructor
   */
  public Evaluation(Tensor loss, long nfeForward, LongSupplier nfeBackward, Map<String, Double> metrics) {
    this(loss, nfeForward, nfeBackward, metrics, null);
  }

  /**
   * A loss value with its gradients computed by the objective (for example summed over the
   * partitions of a distributed data set): the loop checks them, steps with them and takes no
   * gradient itself.
   *
   * @param loss the loss value
   * @param gradients ∂loss/∂θ for every parameter, in the order of the loop's parameters, each of its
   *     parameter's shape; not null; the list is copied
   * @param nfeForward function evaluations of the forward solves, ≥ 0
   * @param nfeBackward function evaluations of the backward passes, ≥ 0
   * @return the evaluation, without metrics
   * @throws IllegalArgumentException if gradients is null or holds null, or an NFE is negative
   */
  public static Evaluation ofGradients(double loss, List<Tensor> gradients, long nfeForward, long nfeBackward) {
    if (gradients == null || nfeBackward < 0) {
      throw new IllegalArgumentException("need a list of gradients and nfeBackward >= 0; got gradients="
          + gradients + ", nfeBackward=" + nfeBackward);
    }
    return new Evaluation(Tensor.scalar(loss), nfeForward, () -> nfeBackward, Map.of(), gradients);
  }

  /**
   * A loss whose computation solved no ODE (or whose cost is not tracked).
   *
   * @param loss the scalar loss, not null
   * @return the evaluation, with zero NFE and no metrics
   * @throws IllegalArgumentException if the loss is null or not a single element
   */
  public static Evaluation of(Tensor loss) {
    return of(loss, 0, () -> 0);
  }

  /**
   * A loss and the cost of its solves.
   *
   * @param loss the scalar loss, not null
   * @param nfeForward function evaluations of the forward solves, ≥ 0
   * @param nfeBackward function evaluations of the backward pass, read after the gradients are taken
   * @return the evaluation, without metrics
   * @throws IllegalArgumentException if an argument is invalid
   */
  public static Evaluation of(Tensor loss, long nfeForward, LongSupplier nfeBackward) {
    if (loss == null) {
      throw new IllegalArgumentException("loss is null; return a scalar tensor, or Evaluation.skip() to skip"
          + " the iteration");
    }
    return new Evaluation(loss, nfeForward, nfeBackward, Map.of());
  }

  /**
   * Marks an iteration without a step (e.g. a batch too small to define a loss): the loop takes no
   * gradient and no optimizer step, and reports the iteration as {@linkplain StepReport#skipped()
   * skipped}.
   *
   * @return the shared skip marker
   */
  public static Evaluation skip() {
    return SKIP;
  }

  /**
   * Whether this is the {@link #skip()} marker.
   *
   * @return true if the iteration takes no step
   */
  public boolean skipped() {
    return loss == null;
  }

  /**
   * This evaluation with one more metric.
   *
   * @param name the metric's name, not null
   * @param value its value
   * @return a new evaluation; this one is not modified
   * @throws IllegalArgumentException if the name is null
   */
  public Evaluation withMetric(String name, double value) {
    if (name == null) {
      throw new IllegalArgumentException("metric name is null; pass a name such as \"nll\"");
    }
    Map<String, Double> m = new LinkedHashMap<>(metrics);
    m.put(name, value);
    return new Evaluation(loss, nfeForward, nfeBackward, m, gradients);
  }
}
