package dev.neuralode.cli;

import dev.neuralode.data.TutorialSpirals;
import dev.neuralode.data.TutorialSpirals.Observations;
import dev.neuralode.nn.Activation;
import dev.neuralode.nn.LinearOde;
import dev.neuralode.nn.Losses;
import dev.neuralode.nn.Mlp;
import dev.neuralode.nn.Module;
import dev.neuralode.nn.NeuralOde;
import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.Solver;
import dev.neuralode.optim.Adam;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.sensitivity.SensitivityResult;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.Evaluation;
import dev.neuralode.train.SeriesTrainer;
import dev.neuralode.train.Trainer;
import dev.neuralode.train.TrainingDivergedException;
import dev.neuralode.train.TrainingListener;
import dev.neuralode.train.TrainingObjective;

/**
 * One of the classic Neural ODE tutorial's two experiments: learn a spiral's dynamics from noisy
 * observations, training on random windows.
 *
 * <p>Each iteration follows the tutorial's {@code conduct_experiment}: a window from
 * {@link TutorialSpirals#randomWindow} (at most 32 observed times), a solve from the window's first
 * observation through the rest, the MSE against the observations, and one Adam step, on the core
 * training loop ({@link Trainer}); frames are drawn by a listener of that loop.
 */
final class SpiralDemo {

  /** The two experiments. */
  enum Kind {
    /** dz/dt = z·Aᵀ learned by a bias-free linear layer. */
    SPIRAL("spiral", 500, 0.01, 10),
    /** The gated spiral learned by an ELU MLP 2→16→16→2. */
    NONLINEAR("nonlinear", 3000, 0.001, 30);

    final String label;
    final int iterations;
    final double lr;
    final int plotEvery;

    Kind(String label, int iterations, double lr, int plotEvery) {
      this.label = label;
      this.iterations = iterations;
      this.lr = lr;
      this.plotEvery = plotEvery;
    }

    static Kind parse(String s) {
      for (Kind k : values()) {
        if (k.label.equalsIgnoreCase(s)) {
          return k;
        }
      }
      throw new IllegalArgumentException("demo must be 'spiral', 'nonlinear', 'mnist', 'anode' or 'latent'; got '" + s + "'"
          + dev.neuralode.io.NearMatches.hint(String.valueOf(s), java.util.List.of("spiral", "nonlinear", "mnist", "anode", "latent")));
    }
  }

  /** Receives progress during training. */
  interface Listener {
    /** Called after each iteration with its minibatch loss. */
    void iteration(int i, double loss);

    /**
     * Called after each iteration with its minibatch loss and the function evaluations of its
     * forward and backward passes.
     */
    default void iteration(int i, double loss, long nfeForward, long nfeBackward) {
      iteration(i, loss);
    }

    /** Called for every frame: the iteration and the model's whole trajectory {@code [200][2]}. */
    void frame(int i, double[][] trajectory, double loss) throws java.io.IOException;

    /**
     * Called for every frame, after {@code i + 1} steps; {@code last} marks the final model's frame.
     */
    default void frame(int i, double[][] trajectory, double loss, boolean last) throws java.io.IOException {
      frame(i, trajectory, loss);
    }
  }

  /** What a run reached. */
  record Result(double finalLoss, double initialRmse, double rmse, double[] losses, int frames,
      double[][] learnedWeight, long nfeForward, long nfeBackward, boolean stopped) {}

  /**
   * The state of the demo's training after some iterations, enough to continue it bit for bit.
   *
   * @param iteration the iterations done
   * @param parameters the model's parameter values
   * @param adam the optimizer's state
   * @param rng the window generator's position
   * @param losses the loss of each iteration done
   * @param last the last loss of a step that was not skipped
   * @param frames the frames drawn
   * @param initialRmse the RMSE before training
   * @param nfeForward the forward NFE so far
   * @param nfeBackward the backward NFE so far
   */
  record Checkpoint(int iteration, double[][] parameters, Adam.State adam, Rng.State rng,
      double[] losses, double last, int frames, double initialRmse, long nfeForward,
      long nfeBackward) {}

  final Kind kind;
  final Observations data;
  final Module model;
  final OdeFunction dynamics;
  final OdeFunction truth;
  final NeuralOde node;
  private final Rng rng;

  /**
   * Sets up the data and the untrained model.
   *
   * @param kind which experiment
   * @param seed seed for the noise, the initial weights (nonlinear) and the windows
   * @param options solver settings for training and for the frames
   * @param mode gradient mode
   */
  SpiralDemo(Kind kind, long seed, Solver options, Sensitivity mode) {
    this.kind = kind;
    Rng root = new Rng(seed);
    Rng noise = root.split();
    Rng init = root.split();
    this.rng = root.split();
    this.truth = kind == Kind.SPIRAL ? TutorialSpirals.linearSpiral() : TutorialSpirals.gatedSpiral();
    this.data = TutorialSpirals.observe(truth, noise);
    if (kind == Kind.SPIRAL) {
      LinearOde lin = new LinearOde(Tensor.matrix(new double[][] {{0.1, -0.1}, {0.1, -0.1}}));
      this.model = lin;
      this.dynamics = lin;
      this.node = new NeuralOde(lin, options, mode);
    } else {
      Mlp mlp = new Mlp(2, new int[] {16, 16}, 2, Activation.ELU, false, init);
      this.model = mlp;
      this.dynamics = mlp;
      this.node = new NeuralOde(mlp, options, mode);
    }
  }

  /** The model's trajectory from z₀ over all observation times, {@code [200][2]}, without recording. */
  double[][] trajectory() {
    try (Autograd.Scope s = Autograd.noGrad()) {
      Tensor z0 = Tensor.of(TutorialSpirals.z0(), 1, 2);
      return node.forward(z0, data.t()).reshape(data.t().length, 2).toMatrix();
    }
  }

  /**
   * The learned and the true vector fields at points, without recording.
   *
   * @param points {@code [n][2]}
   * @return {@code {learned, true}}, each {@code [n][2]}
   */
  double[][][] fields(double[][] points) {
    try (Autograd.Scope s = Autograd.noGrad()) {
      Tensor z = Tensor.matrix(points);
      Tensor t = Tensor.scalar(0);
      return new double[][][] {dynamics.apply(t, z).toMatrix(), truth.apply(t, z).toMatrix()};
    }
  }

  private SensitivityResult solveOrFail(Tensor z0, double[] ts, int it, double lr) {
    try {
      return node.solve(z0, Tensor.vector(ts));
    } catch (dev.neuralode.ode.OdeSolverException e) {
      throw failure(it, lr, e);
    }
  }

  private static CommandException failure(int it, double lr, RuntimeException e) {
    return new CommandException(CommandException.FAILURE, "training failed at iteration " + it + ": "
        + e.getMessage() + "; the model has likely diverged: lower --lr (it is " + lr
        + ") or use a smaller --step-size", e);
  }

  /** RMSE of a trajectory against the noise-free truth, over all times and both coordinates. */
  double rmse(double[][] traj) {
    double s = 0;
    int n = 0;
    for (int i = 0; i < traj.length; i++) {
      for (int j = 0; j < 2; j++) {
        double d = traj[i][j] - data.truth()[i][j];
        s += d * d;
        n++;
      }
    }
    return Math.sqrt(s / n);
  }

  /**
   * Trains for the given number of iterations, calling the listener for progress and frames.
   *
   * @param iterations Adam steps
   * @param lr learning rate
   * @param plotEvery frame interval, in iterations
   * @param listener progress receiver
   * @return the figures reached
   * @throws java.io.IOException if writing a frame fails
   */
  Result train(int iterations, double lr, int plotEvery, Listener listener) throws java.io.IOException {
    return train(iterations, lr, plotEvery, listener, null,
        dev.neuralode.train.CheckpointPolicy.none());
  }

  /**
   * Trains, optionally from a checkpoint, saving checkpoints as the policy asks.
   *
   * @param iterations Adam steps in all
   * @param lr learning rate
   * @param plotEvery frame interval
   * @param listener progress receiver
   * @param resume the checkpoint to continue from, or null
   * @param policy when to save and stop
   * @return the figures reached ({@link Result#stopped()} if stopped early)
   * @throws java.io.IOException if writing a frame fails
   */
  Result train(int iterations, double lr, int plotEvery, Listener listener, Checkpoint resume,
      dev.neuralode.train.CheckpointPolicy<Checkpoint> policy) throws java.io.IOException {
    double initialRmse = resume != null ? resume.initialRmse() : rmse(trajectory());
    double[] t = data.t();
    double[][] obs = data.observed();
    double[] losses = new double[iterations];
    double[] last = {Double.NaN};
    int[] frames = {0};
    java.util.List<dev.neuralode.nn.Parameter> params = model.parameters();
    Adam adam = new Adam(lr);
    int start = 0;
    long[] nfe = {0, 0};
    if (resume != null) {
      if (resume.parameters().length != params.size() || resume.iteration() > iterations) {
        throw new IllegalArgumentException("the checkpoint does not fit this demo; resume it with"
            + " the settings stored with it");
      }
      for (int i = 0; i < params.size(); i++) {
        dev.neuralode.nn.Parameter p = params.get(i);
        p.set(Tensor.of(resume.parameters()[i].clone(), p.shape()));
      }
      adam.restore(resume.adam());
      rng.restore(resume.rng());
      start = resume.iteration();
      System.arraycopy(resume.losses(), 0, losses, 0, start);
      last[0] = resume.last();
      frames[0] = resume.frames();
      nfe[0] = resume.nfeForward();
      nfe[1] = resume.nfeBackward();
    }
    if (resume == null && plotEvery < iterations) {
      // the untrained model first, so the animation starts where training starts
      listener.frame(0, trajectory(), Double.NaN, false);
      frames[0]++;
    }
    int[] done = {start};
    java.util.function.Supplier<Checkpoint> snapshot = () -> {
      double[][] values = new double[params.size()][];
      for (int i = 0; i < values.length; i++) {
        values[i] = params.get(i).value().toArray();
      }
      return new Checkpoint(done[0], values, adam.state(), rng.state(),
          java.util.Arrays.copyOf(losses, done[0]), last[0], frames[0], initialRmse, nfe[0],
          nfe[1]);
    };
    TrainingObjective objective = it -> {
      int[] idx = TutorialSpirals.randomWindow(t, 32, rng);
      if (idx.length < 2) {
        return Evaluation.skip();
      }
      double[] ts = new double[idx.length];
      double[] target = new double[idx.length * 2];
      for (int k = 0; k < idx.length; k++) {
        ts[k] = t[idx[k]];
        target[2 * k] = obs[idx[k]][0];
        target[2 * k + 1] = obs[idx[k]][1];
      }
      Tensor targetT = Tensor.of(target, idx.length, 1, 2);
      SensitivityResult solved = solveOrFail(targetT.index(0), ts, it, lr);
      return Evaluation.of(Losses.mse(solved.ys(), targetT), solved.forward().nfe(),
          () -> solved.stats().backward().nfe());
    };
    TrainingListener drawing = r -> {
      int it = r.iteration() - 1;
      nfe[0] += r.nfeForward();
      nfe[1] += r.nfeBackward();
      done[0] = r.iteration();
      if (!r.skipped()) {
        last[0] = r.loss();
      }
      losses[it] = last[0];
      listener.iteration(it, last[0], r.nfeForward(), r.nfeBackward());
      // as torchdiffeq's ode_demo: a frame after every plotEvery-th step, and always the final model
      boolean isLast = it + 1 == iterations;
      if ((it + 1) % plotEvery == 0 || isLast) {
        double[][] traj;
        try {
          traj = trajectory();
        } catch (dev.neuralode.ode.OdeSolverException e) {
          throw failure(it, lr, e);
        }
        try {
          listener.frame(it + 1, traj, last[0], isLast);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        frames[0]++;
      }
      if (policy.every() > 0 && r.iteration() % policy.every() == 0
          && r.iteration() < iterations) {
        policy.save().accept(snapshot.get());
      }
    };
    TrainingListener progress = new TrainingListener() {
      @Override
      public void onStep(dev.neuralode.train.StepReport r) {
        drawing.onStep(r);
      }

      @Override
      public boolean stopRequested() {
        return policy.stop().getAsBoolean();
      }
    };
    Trainer.Result run;
    try {
      run = new Trainer(Trainer.LoopSettings.of(iterations, lr)).run(
          new dev.neuralode.train.ParameterSet(params), adam, objective, java.util.List.of(progress),
          start);
    } catch (TrainingDivergedException e) {
      int it = e.iteration() - 1;
      throw new CommandException(CommandException.FAILURE, "training diverged at iteration " + it + " ("
          + (e.gradient() ? "non-finite gradient" : "loss " + e.loss()) + "); lower --lr (it is " + lr + ")",
          null);
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    if (done[0] < iterations) {
      policy.save().accept(snapshot.get());
      return new Result(last[0], initialRmse, Double.NaN, losses, frames[0], null, nfe[0], nfe[1],
          true);
    }
    double[][] traj = trajectory();
    double[][] weight = kind == Kind.SPIRAL ? ((LinearOde) model).weight().value().toMatrix() : null;
    return new Result(last[0], initialRmse, rmse(traj), losses, frames[0], weight, nfe[0], nfe[1],
        false);
  }
}
