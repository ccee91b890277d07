package dev.neuralode.train;

import dev.neuralode.nn.Parameter;
import dev.neuralode.optim.LrSchedule;
import dev.neuralode.optim.Optimizer;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The training loop. Each iteration i = 0, 1, …, iterations − 1:
 *
 * <ol>
 *   <li>restarts the optimizer ({@link Optimizer#reset()}) if the settings ask for it at i;
 *   <li>evaluates the {@link TrainingObjective} (it draws its batch and returns the loss and the
 *       forward NFE), with gradient recording on;
 *   <li>checks the loss is finite, takes the gradients with {@link Autograd#grad(Tensor, List)} with
 *       respect to the parameters' values, checks they are finite, and reads the backward NFE;
 *   <li>takes the optimizer step with the rate {@code schedule.lr(i)} and writes the new values into
 *       the parameters ({@link ParameterSet#step});
 *   <li>hands a {@link StepReport} to every listener, and stops early if one of them asks to.
 * </ol>
 *
 * <p>A trainer is immutable and may be reused; the optimizer and the parameters carry the state of a
 * run. A run is deterministic when the objective is.
 */
public final class Trainer {

  /**
   * Loop settings.
   *
   * @param iterations the number of iterations, at least 1
   * @param schedule the learning rate of each step, by 0-based iteration
   * @param restartAt the 0-based iterations at whose start the optimizer's state is reset (as a
   *     fresh optimizer), e.g. the first iteration of each curriculum stage; {@code i -> false} for
   *     none
   */
  public record LoopSettings(int iterations, LrSchedule schedule, IntPredicate restartAt) {
    /**
     * Checks the settings.
     *
     * @param iterations the number of iterations, at least 1
     * @param schedule the learning rate of each step, by 0-based iteration
     * @param restartAt the 0-based iterations at whose start the optimizer's state is reset (as a
     *     fresh optimizer), e.g. the first iteration of each curriculum stage; {@code i -> false}
     *     for none
     * @throws IllegalArgumentException naming the bad field
     */
    public LoopSettings {
      if (iterations < 1 || schedule == null || restartAt == null) {
        throw new IllegalArgumentException("need iterations >= 1, a schedule and a restartAt predicate; got"
            + " iterations=" + iterations + ", schedule=" + schedule + ", restartAt=" + restartAt
            + "; e.g. Trainer.LoopSettings.of(500, 0.01)");
      }
    }

    /**
     * A schedule without restarts.
     *
     * @param iterations the number of iterations, at least 1
     * @param schedule the learning rate of each step
     * @return the settings
     * @throws IllegalArgumentException if an argument is invalid
     */
    public static LoopSettings of(int iterations, LrSchedule schedule) {
      return new LoopSettings(iterations, schedule, i -> false);
    }

    /**
     * A constant learning rate without restarts.
     *
     * @param iterations the number of iterations, at least 1
     * @param lr the learning rate, positive and finite
     * @return the settings
     * @throws IllegalArgumentException if an argument is invalid
     */
    public static LoopSettings of(int iterations, double lr) {
      return of(iterations, LrSchedule.constant(lr));
    }

    /**
     * These settings with optimizer restarts.
     *
     * @param restarts the 0-based iterations at whose start the optimizer is reset
     * @return new settings
     * @throws IllegalArgumentException if restarts is null
     */
    public LoopSettings withRestarts(IntPredicate restarts) {
      return new LoopSettings(iterations, schedule, restarts);
    }
  }

  /**
   * What a run did.
   *
   * @param iterations the iterations run (fewer than the settings' when a listener stopped the loop)
   * @param stopped whether a listener stopped the loop early
   * @param nfeForward the total forward NFE of all iterations
   * @param nfeBackward the total backward NFE of all iterations
   * @param seconds the total wall-clock time of the iterations, listeners included
   */
  public record Result(int iterations, boolean stopped, long nfeForward, long nfeBackward, double seconds) {}

  private final LoopSettings settings;

  /**
   * A trainer.
   *
   * @param settings the loop settings
   * @throws IllegalArgumentException if settings is null
   */
  public Trainer(LoopSettings settings) {
    if (settings == null) {
      throw new IllegalArgumentException("settings is null; pass e.g. Trainer.LoopSettings.of(500, 0.01)");
    }
    this.settings = settings;
  }

  /**
   * The settings.
   *
   * @return the settings
   */
  public LoopSettings settings() {
    return settings;
  }

  /**
   * Runs the loop. Modifies the parameters and the optimizer's state.
   *
   * @param params the parameters to train, non-empty, without duplicates
   * @param optimizer the optimizer, fresh or carrying the state of these parameters
   * @param objective the objective
   * @param listeners told about every step, in the order given
   * @return what the run did
   * @throws IllegalArgumentException if an argument is null or invalid
   * @throws TrainingDivergedException if a loss or gradient is not finite
   * @throws RuntimeException whatever the objective or a listener throws, e.g. an {@link
   *     dev.neuralode.ode.OdeSolverException} of a failed solve
   */
  public Result run(List<Parameter> params, Optimizer optimizer, TrainingObjective objective,
      TrainingListener... listeners) {
    return run(new ParameterSet(params), optimizer, objective, listeners == null ? null : Arrays.asList(listeners));
  }

  /**
   * Runs the loop. Modifies the parameters and the optimizer's state.
   *
   * @param params the parameters to train
   * @param optimizer the optimizer, fresh or carrying the state of these parameters
   * @param objective the objective
   * @param listeners told about every step, in list order; may be empty
   * @return what the run did
   * @throws IllegalArgumentException if an argument is null
   * @throws TrainingDivergedException if a loss or gradient is not finite
   * @throws RuntimeException whatever the objective or a listener throws
   */
  public Result run(ParameterSet params, Optimizer optimizer, TrainingObjective objective,
      List<TrainingListener> listeners) {
    return run(params, optimizer, objective, listeners, 0);
  }

  /**
   * Runs the loop from a given iteration on: the resumable form. Restore the parameters and the
   * optimizer's state (e.g. {@link dev.neuralode.optim.Adam#restore}) of a checkpoint taken after
   * iteration {@code start} (1-based, as {@link StepReport#iteration()} counts), then call this:
   * the loop continues with 0-based iteration {@code start}, its learning rate and restart, so
   * that with a deterministic objective the run ends bit for bit as an uninterrupted one. A
   * checkpoint is a {@link TrainingListener} that saves the state after some steps; stopping
   * (e.g. on SIGINT) is its {@link TrainingListener#stopRequested()}.
   *
   * @param params the parameters to train
   * @param optimizer the optimizer, carrying the checkpoint's state
   * @param objective the objective; its iteration argument continues from {@code start}
   * @param listeners told about every step, in list order; may be empty
   * @param start the number of iterations already done, {@code 0 <= start <= iterations}
   * @return what this call did ({@link Result#iterations()} counts this call's iterations)
   * @throws IllegalArgumentException if an argument is null or start is out of range
   * @throws TrainingDivergedException if a loss or gradient is not finite
   * @throws RuntimeException whatever the objective or a listener throws
   */
  public Result run(ParameterSet params, Optimizer optimizer, TrainingObjective objective,
      List<TrainingListener> listeners, int start) {
    if (start < 0 || start > settings.iterations()) {
      throw new IllegalArgumentException("start: " + start + " is outside [0, "
          + settings.iterations() + "]; give the iterations a checkpoint has done");
    }
    if (params == null || optimizer == null || objective == null || listeners == null
        || listeners.stream().anyMatch(l -> l == null)) {
      throw new IllegalArgumentException("need parameters, an optimizer, an objective and non-null listeners;"
          + " got params=" + params + ", optimizer=" + optimizer + ", objective=" + objective
          + ", listeners=" + listeners);
    }
    List<TrainingListener> told = List.copyOf(listeners);
    long startNanos = System.nanoTime();
    long nfeForward = 0;
    long nfeBackward = 0;
    int done = 0;
    boolean stopped = false;
    for (int it = start; it < settings.iterations() && !stopped; it++) {
      long t0 = System.nanoTime();
      if (settings.restartAt().test(it)) {
        optimizer.reset();
      }
      double lr = settings.schedule().lr(it);
      StepReport report = step(params, optimizer, objective, it, lr, t0);
      nfeForward += report.nfeForward();
      nfeBackward += report.nfeBackward();
      done++;
      for (TrainingListener l : told) {
        l.onStep(report);
      }
      for (TrainingListener l : told) {
        stopped |= l.stopRequested();
      }
    }
    return new Result(done, stopped, nfeForward, nfeBackward, (System.nanoTime() - startNanos) / 1e9);
  }

  /** Precomputed gradients must match the parameters one to one, shape by shape. */
  private static List<Tensor> checkedGradients(List<Tensor> grads, List<Tensor> values, int it) {
    if (grads.size() != values.size()) {
      throw new IllegalArgumentException("the objective gave " + grads.size() + " gradients at iteration " + it
          + " for " + values.size() + " parameters; give one per parameter, in order");
    }
    for (int i = 0; i < grads.size(); i++) {
      if (!Arrays.equals(grads.get(i).shape(), values.get(i).shape())) {
        throw new IllegalArgumentException("gradient " + i + " at iteration " + it + " has shape "
            + Arrays.toString(grads.get(i).shape()) + " but its parameter has shape "
            + Arrays.toString(values.get(i).shape()) + "; give each gradient its parameter's shape");
      }
    }
    return grads;
  }

  private static StepReport step(ParameterSet params, Optimizer optimizer, TrainingObjective objective,
      int it, double lr, long t0) {
    List<Tensor> values = params.values();
    Evaluation ev;
    double loss;
    List<Tensor> grads;
    try (Autograd.Scope scope = Autograd.enableGrad()) {
      ev = objective.evaluate(it);
      if (ev == null) {
        throw new IllegalArgumentException("the objective returned null at iteration " + it
            + "; return an Evaluation, or Evaluation.skip() to take no step");
      }
      if (ev.skipped()) {
        return new StepReport(it + 1, Double.NaN, 0, 0, (System.nanoTime() - t0) / 1e9, lr, true, ev.metrics());
      }
      loss = ev.loss().item();
      if (!Double.isFinite(loss)) {
        throw new TrainingDivergedException(it + 1, loss, false);
      }
      grads = ev.gradients() != null ? checkedGradients(ev.gradients(), values, it) : Autograd.grad(ev.loss(), values);
    }
    for (Tensor g : grads) {
      if (!g.isFinite()) {
        throw new TrainingDivergedException(it + 1, loss, true);
      }
    }
    long nfeBackward = ev.nfeBackward().getAsLong();
    params.step(optimizer, grads, lr);
    return new StepReport(it + 1, loss, ev.nfeForward(), nfeBackward, (System.nanoTime() - t0) / 1e9, lr, false,
        ev.metrics());
  }
}
