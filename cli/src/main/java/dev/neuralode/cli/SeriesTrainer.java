package dev.neuralode.cli;

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
import dev.neuralode.train.Evaluation;
import dev.neuralode.train.Trainer;
import dev.neuralode.train.TrainingDivergedException;
import dev.neuralode.train.TrainingListener;
import dev.neuralode.train.TrainingObjective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Fits a neural ODE dz/dτ = MLP(z) to one standardised time series, as {@code neuralode fit}
 * does.
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
   * @throws CommandException with status 1 if the loss or a gradient stops being finite
   * @throws dev.neuralode.ode.OdeSolverException if the solver fails; the caller adds context
   */
  public static Result train(double[] tau, double[][] z, FitSettings s, Listener listener) {
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
    long[] nfe = {0};
    TrainingListener report = r -> {
      int it = r.iteration() - 1;
      losses[it] = r.loss();
      nfe[0] += r.nfeForward() + r.nfeBackward();
      listener.iteration(r.iteration(), windows[it], r.loss(), nfe[0]);
    };
    Trainer.Result run;
    try {
      run = new Trainer(new Trainer.LoopSettings(s.iterations(), rate, restart))
          .run(params, new Adam(s.lr()), objective, report);
    } catch (TrainingDivergedException e) {
      throw new CommandException(CommandException.FAILURE, "training diverged at iteration " + e.iteration()
          + " (" + (e.gradient() ? "non-finite gradient" : "loss " + e.loss()) + "); lower --lr or change --seed",
          null);
    }
    return new Result(mlp, z0.value().toArray(), losses, windows, run.nfeForward(), run.nfeBackward());
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

  /** The iteration at which the rate decays to a tenth (with a fresh Adam), or -1 if none does. */
  static int decayStart(int[] windows) {
    int iterations = windows.length;
    int decayFrom = iterations - iterations / 8;
    return decayFrom < iterations && decayFrom > 0 && windows[decayFrom - 1] == windows[decayFrom]
        ? decayFrom : -1;
  }
}
