package dev.neuralode.train;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Losses;
import dev.neuralode.nn.Mlp;
import dev.neuralode.nn.NeuralOde;
import dev.neuralode.nn.Parameter;
import dev.neuralode.ode.Solver;
import dev.neuralode.optim.Adam;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.sensitivity.SensitivityResult;
import dev.neuralode.optim.LrSchedule;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Fits a neural ODE dz/dτ = MLP(z) to one standardised time series ({@link dev.neuralode.model.StandardisedSeries}), as
 * {@code neuralode fit} and the Spark fit ensembles do.
 *
 * <p>The trainable quantities are the MLP's parameters θ and the initial state z₀ (a {@link
 * Parameter} that starts at the first observation). The model trajectory is ẑ(τᵢ) = ODESolve(z₀,
 * f_θ, τ₀, τᵢ), and the loss is the mean squared error over the first k points, L = (1 / kd)
 * Σᵢ₌₀^{k−1} ‖ẑ(τᵢ) − zᵢ‖². Gradients of L with respect to (z₀, θ) come from the adjoint method
 * or from backpropagation through the solver ({@link Sensitivity}); {@link Adam} takes the steps.
 *
 * <p><b>Curriculum.</b> Fitting a whole series from one initial state is a hard, non-convex
 * problem: a long trajectory is very sensitive to z₀ and θ, and a bad early fit of the late points
 * pulls the dynamics far off. Training therefore grows the window: the iterations are split into
 * {@value #STAGES} stages; stage s (1-based) fits the first ⌈n·s / {@value #STAGES}⌉ points, with
 * the last stage, the whole series, getting half of all iterations. Each stage starts a fresh Adam
 * (the moment estimates of a shorter window do not describe the longer one), and the final stage
 * decays the learning rate to a tenth for its last quarter to settle into the minimum. Each
 * iteration uses all points of the window (full batch), so the run is deterministic for a seed.
 * The iterations run on the core training loop ({@link Trainer}), whose optimizer restarts and
 * learning-rate schedule express the stages and the decay.
 */
public final class SeriesTrainer {

  /** The number of curriculum stages. */
  public static final int STAGES = 4;

  /**
   * Training settings.
   *
   * @param iterations the total number of optimiser steps, {@code >= 1}
   * @param lr the Adam learning rate, {@code > 0}
   * @param hidden the hidden widths of the MLP
   * @param activation the MLP activation
   * @param timeDependent whether the MLP also takes τ
   * @param options the ODE solver settings
   * @param gradient how gradients are computed
   * @param seed the seed of the MLP's initial weights
   */
  public record FitSettings(int iterations, double lr, int[] hidden, Activation activation,
      boolean timeDependent, Solver options, Sensitivity gradient, long seed) {}

  /**
   * Called after every iteration, e.g. to advance a progress bar.
   */
  @FunctionalInterface
  public interface Listener {
    /**
     * Reports one finished iteration.
     *
     * @param iteration the 1-based iteration number
     * @param window the number of points the loss covered
     * @param loss the loss at the parameters before the step
     */
    void iteration(int iteration, int window, double loss);

    /**
     * Reports one finished iteration with the function evaluations so far.
     *
     * @param iteration the 1-based iteration number
     * @param window the number of points the loss covered
     * @param loss the loss at the parameters before the step
     * @param nfe the forward and backward function evaluations of all iterations so far
     */
    default void iteration(int iteration, int window, double loss, long nfe) {
      iteration(iteration, window, loss);
    }
  }

  /**
   * The trained model and the training record.
   *
   * @param mlp the trained dynamics
   * @param initialState the trained standardised initial state z₀, size d
   * @param losses the loss of every iteration, size {@code iterations}
   * @param windows the window length of every iteration, size {@code iterations}
   * @param forwardNfe the total function evaluations of all forward solves
   * @param backwardNfe the total function evaluations of all adjoint backward solves (0 in
   *     direct mode)
   */
  public record Result(Mlp mlp, double[] initialState, double[] losses, int[] windows,
      long forwardNfe, long backwardNfe) {}

  private SeriesTrainer() {}

  /**
   * Trains a model.
   *
   * @param tau the model times, shape {@code [n]}, strictly increasing, {@code n >= 2}
   * @param z the standardised observations, shape {@code [n][d]}, not modified
   * @param s the settings
   * @param listener told about each iteration
   * @return the trained model
   * @throws TrainingDivergedException if the loss or a gradient stops being finite
   * @throws dev.neuralode.ode.OdeSolverException if the solver fails; the caller adds context
   */
  public static Result train(double[] tau, double[][] z, FitSettings s, Listener listener) {
    return train(tau, z, s, listener, null, Checkpoints.none()).result();
  }

  /**
   * The state of a fit after some iterations, enough to continue it bit for bit.
   *
   * @param iteration the iterations done
   * @param parameters the values of every trained tensor (initial state first, then the MLP's),
   *     one array each
   * @param adam the optimizer's state
   * @param losses the loss of each iteration done, size {@code iteration}
   * @param nfeForward the forward evaluations so far
   * @param nfeBackward the backward evaluations so far
   */
  public record Checkpoint(int iteration, double[][] parameters, Adam.State adam, double[] losses,
      long nfeForward, long nfeBackward) {}

  /**
   * When to save checkpoints and when to stop.
   *
   * @param every save after every this many iterations (0: never, only when stopping)
   * @param save where a checkpoint goes
   * @param stop polled after each iteration: true stops training after saving a checkpoint
   */
  public record Checkpoints(int every, java.util.function.Consumer<Checkpoint> save,
      java.util.function.BooleanSupplier stop) {
    /**
     * No checkpoints, never stop.
     *
     * @return the settings
     */
    public static Checkpoints none() {
      return new Checkpoints(0, c -> { }, () -> false);
    }
  }

  /**
   * The outcome of a possibly interrupted fit.
   *
   * @param result the trained model (complete only if not stopped)
   * @param stopped whether training stopped early at the {@link Checkpoints#stop()} request
   */
  public record Outcome(Result result, boolean stopped) {}

  /**
   * Fits, optionally from a checkpoint, saving checkpoints as asked.
   *
   * @param tau the model times
   * @param z the standardised values
   * @param s the settings (those the checkpoint was taken with, when resuming)
   * @param listener told about each iteration
   * @param resume the checkpoint to continue from, or null to start afresh
   * @param checkpoints when to save and stop
   * @return the outcome
   * @throws TrainingDivergedException if the loss or a gradient stops being finite
   * @throws IllegalArgumentException if the checkpoint does not fit the settings
   * @throws dev.neuralode.ode.OdeSolverException if the solver fails; the caller adds context
   */
  public static Outcome train(double[] tau, double[][] z, FitSettings s, Listener listener,
      Checkpoint resume, Checkpoints checkpoints) {
    int n = tau.length;
    int d = z[0].length;
    Mlp mlp = new Mlp(d, s.hidden(), d, s.activation(), s.timeDependent(), new Rng(s.seed()));
    NeuralOde ode = new NeuralOde(mlp, s.options(), s.gradient());
    Parameter z0 = new Parameter("initial_state", Tensor.of(z[0].clone(), 1, d));
    List<Parameter> params = new ArrayList<>();
    params.add(z0);
    params.addAll(mlp.parameters());

    int[] windows = schedule(n, s.iterations());
    int decayFrom = decayStart(windows);
    double[] losses = new double[s.iterations()];
    // a fresh Adam at each new stage and at the decay start; a tenth of the rate from the decay on
    LrSchedule rate = it -> decayFrom >= 0 && it >= decayFrom ? s.lr() / 10 : s.lr();
    IntPredicate restart = it -> it == 0 || windows[it - 1] != windows[it] || it == decayFrom;
    TrainingObjective objective = it -> {
      int k = windows[it];
      Tensor target = Tensor.matrix(Arrays.copyOf(z, k)).reshape(k, 1, d);
      Tensor times = Tensor.vector(Arrays.copyOf(tau, k));
      SensitivityResult result = ode.solve(z0.value(), times);
      return Evaluation.of(Losses.mse(result.ys(), target), result.forward().nfe(),
          () -> result.stats().backward().nfe());
    };
    Adam adam = new Adam(s.lr());
    int start = 0;
    long[] nfe = {0, 0};
    if (resume != null) {
      if (resume.parameters().length != params.size()
          || resume.iteration() > s.iterations() || resume.losses().length != resume.iteration()) {
        throw new IllegalArgumentException("the checkpoint does not fit these settings ("
            + resume.parameters().length + " tensors, iteration " + resume.iteration()
            + "); resume it with the settings stored with it");
      }
      new ParameterSet(params).restore(resume.parameters());
      adam.restore(resume.adam());
      System.arraycopy(resume.losses(), 0, losses, 0, resume.iteration());
      start = resume.iteration();
      nfe[0] = resume.nfeForward();
      nfe[1] = resume.nfeBackward();
    }
    int[] done = {start};
    java.util.function.Supplier<Checkpoint> snapshot = () -> {
      double[][] values = new ParameterSet(params).snapshot();
      return new Checkpoint(done[0], values, adam.state(), Arrays.copyOf(losses, done[0]), nfe[0],
          nfe[1]);
    };
    TrainingListener report = new TrainingListener() {
      @Override
      public void onStep(StepReport r) {
        int it = r.iteration() - 1;
        losses[it] = r.loss();
        done[0] = r.iteration();
        nfe[0] += r.nfeForward();
        nfe[1] += r.nfeBackward();
        listener.iteration(r.iteration(), windows[it], r.loss(), nfe[0] + nfe[1]);
        if (checkpoints.every() > 0 && r.iteration() % checkpoints.every() == 0
            && r.iteration() < s.iterations()) {
          checkpoints.save().accept(snapshot.get());
        }
      }

      @Override
      public boolean stopRequested() {
        return checkpoints.stop().getAsBoolean();
      }
    };
    new Trainer(new Trainer.LoopSettings(s.iterations(), rate, restart)).run(new ParameterSet(params), adam, objective, List.of(report), start);
    boolean stopped = done[0] < s.iterations();
    if (stopped) {
      checkpoints.save().accept(snapshot.get());
    }
    return new Outcome(new Result(mlp, z0.value().toArray(), losses, windows, nfe[0], nfe[1]),
        stopped);
  }

  /**
   * Returns the window length of every iteration: stage s of {@value #STAGES} fits ⌈n·s /
   * {@value #STAGES}⌉ points (at least 2); the last stage gets half of the iterations and the
   * others share the rest equally.
   *
   * @param n the number of points
   * @param iterations the number of iterations
   * @return the window per iteration, non-decreasing, ending at {@code n}
   */
  public static int[] schedule(int n, int iterations) {
    int[] windows = new int[iterations];
    int last = iterations - iterations / 2;
    int early = iterations - last;
    for (int it = 0; it < iterations; it++) {
      int stage = it >= early ? STAGES : 1 + it * (STAGES - 1) / Math.max(1, early);
      windows[it] = Math.max(2, Math.min(n, (int) Math.ceil((double) n * stage / STAGES)));
    }
    return windows;
  }

  /**
   * The iteration at which the learning rate decays to a tenth (with a fresh Adam), as plots mark it.
   *
   * @param windows the window length of every iteration, as {@link Result#windows()}
   * @return the 0-based iteration, or -1 if the rate never decays
   */
  public static int decayStart(int[] windows) {
    int iterations = windows.length;
    int decayFrom = iterations - iterations / 8;
    return decayFrom < iterations && decayFrom > 0 && windows[decayFrom - 1] == windows[decayFrom]
        ? decayFrom : -1;
  }
}
