package dev.neuralode.train;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import dev.neuralode.nn.NeuralOde;
import dev.neuralode.nn.Parameter;
import dev.neuralode.ode.Solver;
import dev.neuralode.optim.Adam;
import dev.neuralode.optim.LrSchedule;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.sensitivity.SensitivityResult;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * Fits one neural ODE dz/dτ = f_θ(z) (optionally f_θ(z, τ)) to one or more standardised series
 * that share the dynamics, each with its own trainable initial state, by the recipe of {@code
 * neuralode fit}: collocation, then multiple shooting, then a polish on whole trajectories.
 *
 * <p>The state has d = m + K components: the m observed columns and K latent ones ({@link
 * Settings#augment()}), whose initial values are trained too; losses see the observed part only.
 * The iterations are split into three phases ({@link #phaseLengths(int)}), each starting a fresh
 * Adam:
 * <ol>
 *   <li><b>Collocation</b> (Roesch, Rackauckas &amp; Stumpf 2021), at {@value #COLLOCATION_LR} ×
 *       lr: every column is smoothed by local
 *       quadratic regression ({@link Collocation}), which also estimates dz/dτ; the network is
 *       regressed on the pairs (ẑᵢ, dẑᵢ/dτ), L = mean ‖f(ẑᵢ) − dẑᵢ/dτ‖². No ODE is solved. Latent
 *       component k starts as the scaled slope of column k (and its target is the scaled
 *       curvature), a derivative embedding of the observed signal.</li>
 *   <li><b>Multiple shooting</b> (Bock &amp; Plitt 1984; Turan &amp; Jäschke 2021 for neural
 *       ODEs): each series is cut into segments that share their boundary rows; each segment
 *       has its own trainable initial state (starting at the smoothed values), all segments are
 *       solved as one batch, and L = data MSE + λ · mean ‖ẑ_k(end) − z₀_{k+1}‖², the continuity
 *       penalty, with λ growing geometrically from {@value #LAMBDA_START} to {@value
 *       #LAMBDA_END} over the first three quarters of the phase; the last quarter (fresh Adam)
 *       runs at {@value #SHOOTING_CALM_LR} × lr with λ held.</li>
 *   <li><b>Polish</b>, at {@value #POLISH_LR} × lr: each series' initial state is set from its
 *       first segment's, and the trajectories from those states are fitted, L = data MSE, over a
 *       window that grows from the first {@value #POLISH_WINDOW} of each series' time range to
 *       all of it during the first half of the phase; the last quarter (fresh Adam) runs at
 *       lr/10. With latent dimensions (K &gt; 0) the first half instead merges the shooting
 *       segments in pairs ({@link MergeStages}: runs of 2, 4, 8, ... segments, each from the
 *       trained state of its first segment, λ = {@value #LAMBDA_END}) at {@value #MERGE_LR} × lr,
 *       without resetting Adam, and the whole trajectories start from the first segments' states
 *       after it: the latent starts let the shooting join its segments, and merging keeps that
 *       fit while the horizon grows (docs/fitting.md, "The pelt series"; without latent
 *       dimensions the segments do not join and the window does better). The result holds the
 *       parameters with the lowest whole-trajectory loss: those
 *       before the polish step (once the window covers every series) whose loss was lowest, or
 *       the final ones if one more evaluation finds them lower still ({@link
 *       Result#selectedIteration()}), so a late loss spike never becomes the model.</li>
 * </ol>
 * Options: a kinetic-energy regulariser (RNODE, {@link Settings#kinetic()}) adds κ · ∫‖f‖²dτ / τ
 * to the shooting and polish losses; an NFE budget ({@link Settings#nfeBudget()}) halves the
 * learning rate whenever a forward solve needs more function evaluations than that, so that a run
 * whose dynamics stiffen slows its steps rather than crawling; a bootstrap ({@link
 * Settings#bootstrap()}) resamples the segments with replacement (weights in both data losses),
 * as an ensemble member does. Every step is full batch, so a seed gives the same bits every time,
 * on any number of threads. A {@link Checkpoint} holds everything a run needs to continue bit for
 * bit.
 */
public final class ShootingFit {

  /** The phase names, by index. */
  public static final List<String> PHASES = List.of("collocation", "shooting", "polish");
  /** The continuity weight at the start of multiple shooting. */
  public static final double LAMBDA_START = 1.0;
  /** The continuity weight from three quarters of multiple shooting on. */
  public static final double LAMBDA_END = 1000.0;
  /** The collocation phase's learning rate as a multiple of the set rate. */
  public static final double COLLOCATION_LR = 5.0;
  /** The learning rate of the last quarter of shooting, as a multiple of the set rate. */
  public static final double SHOOTING_CALM_LR = 0.3;
  /** The polish's learning rate (but for its last quarter, at lr/10), as a multiple. */
  public static final double POLISH_LR = 0.5;
  /** The fraction of each series' time range the polish fits at its start. */
  public static final double POLISH_WINDOW = 0.5;
  /**
   * The learning rate of the polish's merging stages (with latent dimensions), as a multiple of
   * lr: steps on segments of decades must be small, or the sensitive trajectories overshoot.
   */
  public static final double MERGE_LR = 0.01;

  /**
   * One standardised series in model time.
   *
   * @param tau the model times, strictly increasing, size n {@code >= 2}
   * @param z the standardised observations {@code [n][m]}, finite
   */
  public record Series(double[] tau, double[][] z) {}

  /**
   * Training settings.
   *
   * @param iterations the total optimiser steps over all three phases, {@code >= 1}
   * @param lr the Adam learning rate, {@code > 0}
   * @param hidden the hidden widths of the network
   * @param activation the network's activation
   * @param timeDependent whether the network also takes τ
   * @param solver the ODE solver settings
   * @param gradient how gradients of solves are computed
   * @param seed the seed of the initial weights (and of the bootstrap)
   * @param augment K, the number of latent state components, {@code >= 0}
   * @param segments shooting segments per series, or 0 for about one per 5 intervals
   * @param kinetic κ, the weight of the kinetic-energy regulariser, {@code >= 0} (0: off)
   * @param nfeBudget the forward function evaluations a solve may take before the learning rate
   *     halves, or 0 for no budget
   * @param bootstrap whether to resample the segments with replacement
   */
  public record Settings(int iterations, double lr, int[] hidden, Activation activation,
      boolean timeDependent, Solver solver, Sensitivity gradient, long seed, int augment,
      int segments, double kinetic, int nfeBudget, boolean bootstrap) {
    /**
     * Checks the settings.
     *
     * @param iterations the total optimiser steps, {@code >= 1}
     * @param lr the Adam learning rate, {@code > 0}
     * @param hidden the hidden widths; copied
     * @param activation the activation
     * @param timeDependent whether the network also takes τ
     * @param solver the training solves' settings
     * @param gradient how gradients of solves are computed
     * @param seed the seed of the weights and the bootstrap
     * @param augment the latent components, {@code >= 0}
     * @param segments segments per series, 0 for automatic
     * @param kinetic the kinetic regulariser's weight, {@code >= 0}
     * @param nfeBudget the NFE budget per solve, 0 for none
     * @param bootstrap whether to resample the segments
     * @throws IllegalArgumentException naming the first bad setting
     */
    public Settings {
      if (iterations < 1) {
        throw new IllegalArgumentException("iterations must be >= 1; got " + iterations);
      }
      if (!(lr > 0) || !Double.isFinite(lr)) {
        throw new IllegalArgumentException("lr must be finite and > 0; got " + lr);
      }
      if (augment < 0) {
        throw new IllegalArgumentException("augment must be >= 0; got " + augment);
      }
      if (segments < 0) {
        throw new IllegalArgumentException("segments must be >= 0 (0: automatic); got "
            + segments);
      }
      if (!(kinetic >= 0) || !Double.isFinite(kinetic)) {
        throw new IllegalArgumentException("kinetic must be finite and >= 0; got " + kinetic);
      }
      if (nfeBudget < 0) {
        throw new IllegalArgumentException("nfeBudget must be >= 0 (0: none); got " + nfeBudget);
      }
      hidden = hidden.clone();
    }
  }

  /** Told about every iteration. */
  @FunctionalInterface
  public interface Listener {
    /**
     * Reports one finished iteration.
     *
     * @param iteration the 1-based iteration
     * @param phase 0 collocation, 1 shooting, 2 polish ({@link #PHASES})
     * @param loss the loss before the step
     * @param nfe the forward and backward function evaluations so far
     */
    void iteration(int iteration, int phase, double loss, long nfe);

    /**
     * Called after each iteration with the function evaluations of that iteration's forward and
     * backward passes as well; by default forwards to {@link #iteration(int, int, double, long)}.
     *
     * @param iteration the 1-based iteration
     * @param phase 0 collocation, 1 shooting, 2 polish ({@link #PHASES})
     * @param loss the loss before the step
     * @param nfe the forward and backward function evaluations so far
     * @param stepForward this iteration's forward evaluations
     * @param stepBackward this iteration's backward evaluations
     */
    default void iteration(int iteration, int phase, double loss, long nfe, long stepForward,
        long stepBackward) {
      iteration(iteration, phase, loss, nfe);
    }
  }

  /**
   * The state of a fit after some iterations, enough to continue it bit for bit.
   *
   * @param iteration the iterations done
   * @param parameters every trained tensor's values: the series' initial states, the segments'
   *     initial states, then the network's
   * @param adam the optimizer's state
   * @param losses the loss of each iteration done
   * @param nfeForward the forward evaluations so far
   * @param nfeBackward the backward evaluations so far
   * @param lrScale the factor the NFE budget has applied to the learning rate so far
   * @param bestIteration the 1-based polish iteration with the lowest whole-trajectory loss so
   *     far, or 0 when the polish window has not yet covered the whole series
   * @param bestLoss that iteration's loss (ignored when {@code bestIteration} is 0)
   * @param bestParameters every trained tensor's values before that iteration's step, in the
   *     order of {@code parameters}, or no tensors (an empty array) when {@code bestIteration} is
   *     0
   */
  public record Checkpoint(int iteration, double[][] parameters, Adam.State adam, double[] losses,
      long nfeForward, long nfeBackward, double lrScale, int bestIteration, double bestLoss,
      double[][] bestParameters) {}

  /**
   * When to save checkpoints and when to stop.
   *
   * @param every save after every this many iterations (0: only when stopping)
   * @param save where a checkpoint goes
   * @param stop polled after each iteration: true stops after saving a checkpoint
   */
  public record Checkpoints(int every, Consumer<Checkpoint> save, BooleanSupplier stop) {
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
   * The trained model.
   *
   * @param mlp the dynamics, d inputs (plus τ if time-dependent) and d outputs
   * @param initialStates each series' standardised initial state at its first time, {@code [G][d]}
   * @param losses the loss of every iteration
   * @param phases the phase of every iteration
   * @param segments the number of shooting segments
   * @param forwardNfe the forward function evaluations of all solves
   * @param backwardNfe the backward function evaluations of all solves
   * @param lrScale the final factor of the NFE budget on the learning rate (1: never exceeded)
   * @param selectedIteration the 1-based polish iteration whose parameters (before its step) the
   *     result holds, because its whole-trajectory loss was the lowest; {@code losses.length + 1}
   *     when the parameters after the last step are kept
   */
  public record Result(Mlp mlp, double[][] initialStates, double[] losses, int[] phases,
      int segments, long forwardNfe, long backwardNfe, double lrScale, int selectedIteration) {}

  /**
   * The outcome of a possibly interrupted fit.
   *
   * @param result the model (complete only when not stopped)
   * @param stopped whether training stopped early on request
   */
  public record Outcome(Result result, boolean stopped) {}

  private ShootingFit() {}

  /**
   * The number of iterations of each phase: collocation ⌊3N/20⌋, shooting ⌊3N/10⌋, polish the
   * rest (about 55%).
   *
   * @param iterations N
   * @return the three lengths, summing to N
   */
  public static int[] phaseLengths(int iterations) {
    int c = iterations * 3 / 20;
    int s = iterations * 3 / 10;
    return new int[] {c, s, iterations - c - s};
  }

  /**
   * The first iteration whose polish loss covers every series' whole time range: from it on, a
   * polish step can become the model ({@link Result#selectedIteration()}); before it, the window
   * still grows and the polish losses cover only the start of each series, so they are lower than,
   * and not comparable with, whole-series losses.
   *
   * @param iterations N, the run's iterations
   * @return the 1-based iteration, in the polish phase (its second half), or {@code N + 1} when
   *     the run has no polish iteration
   * @throws IllegalArgumentException if {@code iterations} is negative
   */
  public static int wholeSeriesFrom(int iterations) {
    if (iterations < 0) {
      throw new IllegalArgumentException("iterations: " + iterations + " must be >= 0");
    }
    int[] len = phaseLengths(iterations);
    int polishFrom = len[0] + len[1];
    for (int it = polishFrom; it < iterations; it++) {
      if (polishWindow(it, polishFrom, len[2]) >= 1) {
        return it + 1;
      }
    }
    return iterations + 1;
  }

  /** The fraction of each series' time range that the polish fits at 0-based iteration it. */
  private static double polishWindow(int it, int polishFrom, int polishLength) {
    double win = POLISH_WINDOW;
    return polishLength <= 1 ? 1
        : Math.min(1, win + (1 - win) * (it - polishFrom) / (0.5 * polishLength));
  }

  /**
   * Fits, optionally from a checkpoint.
   *
   * @param data the series, at least one; each with the same number m of columns
   * @param s the settings (those the checkpoint was taken with, when resuming)
   * @param listener told about each iteration
   * @param resume the checkpoint to continue from, or null
   * @param checkpoints when to save and stop
   * @return the outcome
   * @throws IllegalArgumentException if the data are inconsistent, a series is too short for the
   *     segments, or the checkpoint does not fit
   * @throws TrainingDivergedException if a loss or gradient stops being finite
   * @throws dev.neuralode.ode.OdeSolverException if a solve fails
   */
  public static Outcome train(List<Series> data, Settings s, Listener listener, Checkpoint resume,
      Checkpoints checkpoints) {
    if (data == null || data.isEmpty()) {
      throw new IllegalArgumentException("data: need at least one series");
    }
    int m = data.get(0).z()[0].length;
    for (Series series : data) {
      if (series.tau().length < 2 || series.z().length != series.tau().length
          || series.z()[0].length != m) {
        throw new IllegalArgumentException("data: every series needs >= 2 rows of " + m
            + " values; got " + series.tau().length + " times and " + series.z().length + " rows");
      }
    }
    ShootingLayout layout = new ShootingLayout(data, s);
    int d = layout.d;
    int groups = data.size();
    Mlp mlp = new Mlp(d, s.hidden(), d, s.activation(), s.timeDependent(), new Rng(s.seed()));
    NeuralOde ode = s.kinetic() > 0
        ? new NeuralOde(new KineticField(mlp), s.solver(), s.gradient())
        : new NeuralOde(mlp, s.solver(), s.gradient());
    Parameter starts = new Parameter("initial_states", Tensor.matrix(layout.groupInit));
    Parameter segStarts = new Parameter("segment_states", Tensor.matrix(layout.segmentInit));
    List<Parameter> params = new ArrayList<>();
    params.add(starts);
    params.add(segStarts);
    params.addAll(mlp.parameters());

    int[] len = phaseLengths(s.iterations());
    int shootFrom = len[0];
    int polishFrom = len[0] + len[1];
    int decayFrom = len[2] >= 4 ? s.iterations() - len[2] / 4 : -1;
    int[] phases = new int[s.iterations()];
    for (int it = 0; it < phases.length; it++) {
      phases[it] = it < shootFrom ? 0 : it < polishFrom ? 1 : 2;
    }
    double[] losses = new double[s.iterations()];
    double[] lrScale = {1.0};
    long[] nfe = {0, 0};
    double pf = POLISH_LR;
    double cf = COLLOCATION_LR;
    double sf = SHOOTING_CALM_LR;
    double lend = LAMBDA_END;
    int shootCalm = shootFrom + len[1] * 3 / 4;
    ShootingObjectives objectives = new ShootingObjectives(layout, ode, mlp, s);
    // with latent dimensions the polish's first half merges the segments in pairs, stage by stage
    int wholeFrom = Math.min(wholeSeriesFrom(s.iterations()) - 1, s.iterations());
    MergeStages stages = new MergeStages(layout, s, ode, mlp, polishFrom, wholeFrom);
    boolean merging = stages.any();
    int startsFrom = merging ? wholeFrom : polishFrom;
    LrSchedule rate = it -> (it >= decayFrom && decayFrom >= 0 ? s.lr() / 10
        : stages.at(it) != null ? s.lr() * MERGE_LR
        : it >= polishFrom ? s.lr() * pf : it >= shootCalm ? s.lr() * sf
        : it < shootFrom ? s.lr() * cf : s.lr()) * lrScale[0];
    IntPredicate restart = it -> it == 0 || it == shootFrom || it == polishFrom || it == decayFrom
        || it == shootCalm;
    Tensor colStates = Tensor.matrix(layout.collocationStates);
    Tensor colSlopes = Tensor.matrix(layout.collocationSlopes);
    // the polish iteration with the lowest whole-trajectory loss, and the parameters it saw
    int[] bestIt = {0};
    double[] bestLoss = {Double.POSITIVE_INFINITY};
    double[][][] bestValues = {null};
    TrainingObjective objective = it -> {
      if (it < shootFrom) {
        return Evaluation.of(objectives.collocation(colStates, colSlopes));
      }
      if (it < polishFrom) {
        double frac = len[1] <= 1 ? 1 : Math.min(1, (double) (it - shootFrom) / (shootCalm - shootFrom));
        double lambda = LAMBDA_START * Math.pow(lend / LAMBDA_START, frac);
        return objectives.shooting(segStarts.value(), lambda);
      }
      ShootingObjectives stage = stages.at(it);
      if (stage != null) {
        return stage.shooting(segStarts.value(), lend);
      }
      double grow = merging ? 1 : polishWindow(it, polishFrom, len[2]);
      Evaluation e = objectives.polish(starts.value(), grow);
      double loss = e.loss().item();
      if (grow >= 1 && loss < bestLoss[0]) {
        // the parameters before this iteration's step: the ones this loss belongs to
        bestIt[0] = it + 1;
        bestLoss[0] = loss;
        bestValues[0] = new ParameterSet(params).snapshot();
      }
      return e;
    };

    Adam adam = new Adam(s.lr());
    int start = 0;
    if (resume != null) {
      if (resume.parameters().length != params.size() || resume.iteration() > s.iterations()
          || resume.losses().length != resume.iteration()) {
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
      lrScale[0] = resume.lrScale();
      if (resume.bestIteration() > 0 && resume.bestParameters() != null
          && resume.bestParameters().length == params.size()) {
        bestIt[0] = resume.bestIteration();
        bestLoss[0] = resume.bestLoss();
        bestValues[0] = resume.bestParameters();
      }
    }
    int[] done = {start};
    java.util.function.Supplier<Checkpoint> snapshot = () -> {
      double[][] values = new ParameterSet(params).snapshot();
      return new Checkpoint(done[0], values, adam.state(), Arrays.copyOf(losses, done[0]), nfe[0],
          nfe[1], lrScale[0], bestIt[0], bestIt[0] > 0 ? bestLoss[0] : 0,
          bestIt[0] > 0 ? bestValues[0] : new double[0][]);
    };
    TrainingListener report = new TrainingListener() {
      @Override
      public void onStep(StepReport r) {
        int it = r.iteration() - 1;
        losses[it] = r.loss();
        done[0] = r.iteration();
        nfe[0] += r.nfeForward();
        nfe[1] += r.nfeBackward();
        ShootingObjectives stage = stages.at(it);
        int solves = stage != null ? stage.shootingSolves() : objectives.solvesPerStep(phases[it]);
        if (s.nfeBudget() > 0 && phases[it] > 0 && r.nfeForward() > (long) s.nfeBudget() * solves) {
          lrScale[0] = Math.max(lrScale[0] / 2, 1.0 / 1024);
        }
        if (r.iteration() == startsFrom && startsFrom > 0) {
          // the whole trajectories start from each series' first segment's trained state
          double[][] seg = toRows(segStarts.value().toArray(), layout.segments, d);
          double[][] init = new double[groups][];
          for (int k = 0, g = 0; k < layout.segments; k++) {
            if (k == 0 || !layout.continues[k - 1]) {
              init[g++] = seg[k];
            }
          }
          starts.set(Tensor.matrix(init));
        }
        listener.iteration(r.iteration(), phases[it], r.loss(), nfe[0] + nfe[1], r.nfeForward(),
            r.nfeBackward());
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
    new Trainer(new Trainer.LoopSettings(s.iterations(), rate, restart))
        .run(new ParameterSet(params), adam, objective, List.of(report), start);
    boolean stopped = done[0] < s.iterations();
    if (stopped) {
      checkpoints.save().accept(snapshot.get());
    }
    int selected = s.iterations() + 1;
    if (bestIt[0] > 0) {
      // keep the last parameters only if their whole-trajectory loss beats every polish step's
      double last = objectives.polish(starts.value(), 1).loss().item();
      if (!(last <= bestLoss[0])) {
        new ParameterSet(params).restore(bestValues[0]);
        selected = bestIt[0];
      }
    }
    Result result = new Result(mlp, toRows(starts.value().toArray(), groups, d), losses, phases,
        layout.segments, nfe[0], nfe[1], lrScale[0], selected);
    return new Outcome(result, stopped);
  }

  static double[][] toRows(double[] flat, int rows, int cols) {
    double[][] out = new double[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
    }
    return out;
  }
}
