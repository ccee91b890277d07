package dev.neuralode.train;

import dev.neuralode.flow.Cnf;
import dev.neuralode.flow.TraceEstimator;
import dev.neuralode.optim.Adam;
import dev.neuralode.optim.CosineSchedule;
import dev.neuralode.optim.LrSchedule;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;

/**
 * Maximum-likelihood training of a {@link Cnf} with Adam on mini-batches, minimising
 *
 * <pre>
 *   L = −mean_b log p(x_b) + λ_K·mean_b E_b + λ_J·mean_b J_b
 * </pre>
 *
 * (FFJORD's objective plus RNODE's regularisers; E and J as in {@link Cnf}). Each iteration takes
 * the next {@code batch} rows of a seeded shuffle of the data (reshuffled every epoch; the whole
 * set when {@code batch ≥ n}), draws fresh Hutchinson probes, and takes one step with the rate of
 * the schedule. Deterministic for a seed.
 *
 * <p>Runs on the {@link Trainer} loop with a {@link ShuffledBatches} sampler; each {@link
 * StepReport} carries the batch's −mean log p as the metric {@value #NLL}.
 */
public final class CnfTrainer {
  /** The name of the per-step metric holding −mean log p of the batch, in the flow's units. */
  public static final String NLL = "nll";

  private CnfTrainer() {}

  /**
   * Training settings.
   *
   * @param iterations the number of optimiser steps, at least 1
   * @param batch the mini-batch size, at least 1
   * @param schedule the learning rate per step (e.g. {@link dev.neuralode.optim.CosineSchedule})
   * @param weightDecay Adam's L2 weight decay, ≥ 0
   * @param seed the seed of the shuffles and probes
   */
  public record TrainingSettings(int iterations, int batch, LrSchedule schedule, double weightDecay, long seed) {
    /**
     * Checks the settings.
     *
     * @param iterations the number of optimiser steps, at least 1
     * @param batch the mini-batch size, at least 1
     * @param schedule the learning rate per step (e.g. {@link dev.neuralode.optim.CosineSchedule})
     * @param weightDecay Adam's L2 weight decay, ≥ 0
     * @param seed the seed of the shuffles and probes
     * @throws IllegalArgumentException naming the bad field
     */
    public TrainingSettings {
      if (iterations < 1 || batch < 1 || schedule == null || !(weightDecay >= 0)) {
        throw new IllegalArgumentException("need iterations >= 1, batch >= 1, a schedule and weightDecay >= 0; got"
            + " iterations=" + iterations + ", batch=" + batch + ", weightDecay=" + weightDecay);
      }
    }

    /**
     * The {@code neuralode density} defaults: 200 iterations, batch 512, Adam lr 0.01 with cosine
     * decay to 1e-4 over the run, no weight decay, seed 0. Change one with the {@code with…} methods:
     * {@code TrainingSettings.defaults().withIterations(50).withLr(0.005)}.
     *
     * @return the default settings
     */
    public static TrainingSettings defaults() {
      return new TrainingSettings(200, 512, new CosineSchedule(0.01, 200, 1e-4), 0, 0);
    }

    /**
     * These settings with another iteration count; a cosine schedule is stretched to the new count.
     *
     * @param n the number of optimiser steps, at least 1
     * @return new settings
     * @throws IllegalArgumentException if n &lt; 1
     */
    public TrainingSettings withIterations(int n) {
      LrSchedule s = schedule instanceof CosineSchedule c && n >= 1
          ? new CosineSchedule(c.baseLr(), n, c.minLr()) : schedule;
      return new TrainingSettings(n, batch, s, weightDecay, seed);
    }

    /**
     * These settings with another batch size.
     *
     * @param n the mini-batch size, at least 1
     * @return new settings
     * @throws IllegalArgumentException if n &lt; 1
     */
    public TrainingSettings withBatch(int n) {
      return new TrainingSettings(iterations, n, schedule, weightDecay, seed);
    }

    /**
     * These settings with a cosine decay from {@code lr} to {@code lr / 100} over the iterations.
     *
     * @param lr the initial learning rate, positive and finite
     * @return new settings
     * @throws IllegalArgumentException if lr is not positive and finite
     */
    public TrainingSettings withLr(double lr) {
      return withSchedule(new CosineSchedule(lr, iterations, lr / 100));
    }

    /**
     * These settings with another learning-rate schedule.
     *
     * @param s the schedule
     * @return new settings
     * @throws IllegalArgumentException if s is null
     */
    public TrainingSettings withSchedule(LrSchedule s) {
      return new TrainingSettings(iterations, batch, s, weightDecay, seed);
    }

    /**
     * These settings with another weight decay.
     *
     * @param w Adam's L2 weight decay, ≥ 0
     * @return new settings
     * @throws IllegalArgumentException if w &lt; 0
     */
    public TrainingSettings withWeightDecay(double w) {
      return new TrainingSettings(iterations, batch, schedule, w, seed);
    }

    /**
     * These settings with another seed.
     *
     * @param s the seed of the shuffles and probes
     * @return new settings
     */
    public TrainingSettings withSeed(long s) {
      return new TrainingSettings(iterations, batch, schedule, weightDecay, s);
    }
  }

  /**
   * What training did.
   *
   * @param loss L per iteration
   * @param nll the batch NLL per iteration
   * @param nfeForward forward NFE per iteration
   * @param nfeBackward backward NFE per iteration (0 for direct backprop)
   */
  public record History(double[] loss, double[] nll, int[] nfeForward, int[] nfeBackward) {
    /**
     * Mean of the last {@code k} entries of a series.
     *
     * @param series one of this record's NFE arrays
     * @param k how many trailing entries (all if fewer)
     * @return the mean
     */
    public static double tailMean(int[] series, int k) {
      int from = Math.max(0, series.length - k);
      double s = 0;
      for (int i = from; i < series.length; i++) {
        s += series[i];
      }
      return series.length == from ? 0 : s / (series.length - from);
    }

    /**
     * The forward function evaluations of every iteration, summed.
     *
     * @return Σ nfeForward
     */
    public long nfeForwardTotal() {
      return total(nfeForward);
    }

    /**
     * The backward function evaluations of every iteration, summed.
     *
     * @return Σ nfeBackward
     */
    public long nfeBackwardTotal() {
      return total(nfeBackward);
    }

    private static long total(int[] series) {
      long s = 0;
      for (int v : series) {
        s += v;
      }
      return s;
    }
  }

  /**
   * Trains the flow in place.
   *
   * @param cnf the flow; its parameters are modified
   * @param data the training points (already standardised), shape {@code [n, d]}; not modified
   * @param settings the training settings
   * @param listeners told about each step, after the history records it; each report carries the
   *     metric {@value #NLL}; none if null
   * @return the history
   * @throws IllegalArgumentException if data is not {@code [n, d]} for the flow's d
   * @throws dev.neuralode.ode.OdeSolverException if a solve fails
   * @throws TrainingDivergedException if a loss or gradient stops being finite
   */
  public static History train(Cnf cnf, Tensor data, TrainingSettings settings, TrainingListener... listeners) {
    return train(cnf, data, settings, null, CheckpointPolicy.none(), listeners).history();
  }

  /**
   * The state of a CNF training after some iterations, enough to continue it bit for bit: the
   * flow's parameters, Adam's moments, the position of the seeded generator and of the batch
   * sampler, and the history so far.
   *
   * @param iteration the iterations done
   * @param parameters the values of {@link Cnf#parameters()}, one array each
   * @param adam the optimizer's state
   * @param rng the generator's position
   * @param batches the sampler's position
   * @param loss the losses so far, size {@code iteration}
   * @param nll the NLLs so far
   * @param nfeForward the forward NFEs so far
   * @param nfeBackward the backward NFEs so far
   */
  public record Checkpoint(int iteration, double[][] parameters, Adam.State adam, Rng.State rng,
      ShuffledBatches.State batches, double[] loss, double[] nll, int[] nfeForward,
      int[] nfeBackward) {}

  /**
   * The outcome of a possibly stopped training.
   *
   * @param history the history (complete only if not stopped)
   * @param stopped whether the policy's stop request ended it early
   */
  public record Outcome(History history, boolean stopped) {}

  /**
   * Trains, optionally from a checkpoint, saving checkpoints as the policy asks (every
   * {@code policy.every()} iterations and after the last one, when {@code every > 0}); a stop
   * request saves a last checkpoint and ends training early. Resuming from the checkpoint of the
   * last iteration runs no step and returns the restored history.
   *
   * @param cnf the flow, modified
   * @param data the standardised rows, shape [n, d]
   * @param settings the settings (those of the checkpoint when resuming)
   * @param resume the checkpoint to continue from, or null
   * @param policy when to save and stop
   * @param listeners told about every step
   * @return the outcome
   * @throws IllegalArgumentException if the data or the checkpoint does not fit
   */
  public static Outcome train(Cnf cnf, Tensor data, TrainingSettings settings, Checkpoint resume,
      CheckpointPolicy<Checkpoint> policy, TrainingListener... listeners) {
    if (data == null || data.rank() != 2 || data.dim(1) != cnf.dim() || data.dim(0) < 1) {
      throw new IllegalArgumentException("data must have shape [n, " + cnf.dim() + "] with n >= 1");
    }
    Rng rng = new Rng(settings.seed());
    ShuffledBatches batches = new ShuffledBatches(data, settings.batch(), rng);
    Adam adam = optimizer(settings);
    TrainingObjective objective = it -> {
      BatchLoss b = batchLoss(cnf, batches.next(), rng, false);
      return Evaluation.of(b.loss(), b.density().stats().nfe(), () -> b.density().gradientStats().backward().nfe())
          .withMetric(NLL, b.nll().item());
    };
    int iters = settings.iterations();
    History h = new History(new double[iters], new double[iters], new int[iters], new int[iters]);
    java.util.List<dev.neuralode.nn.Parameter> params = cnf.parameters();
    int start = 0;
    if (resume != null) {
      if (resume.iteration() > iters || resume.parameters().length != params.size()) {
        throw new IllegalArgumentException("the checkpoint (iteration " + resume.iteration() + ", "
            + resume.parameters().length + " tensors) does not fit this training; resume with"
            + " the settings stored with it");
      }
      for (int i = 0; i < params.size(); i++) {
        dev.neuralode.nn.Parameter p = params.get(i);
        if (resume.parameters()[i].length != p.size()) {
          throw new IllegalArgumentException("the checkpoint's tensor " + p.name() + " has "
              + resume.parameters()[i].length + " values but the flow needs " + p.size());
        }
        p.set(Tensor.of(resume.parameters()[i].clone(), p.shape()));
      }
      adam.restore(resume.adam());
      rng.restore(resume.rng());
      batches.restore(resume.batches());
      start = resume.iteration();
      System.arraycopy(resume.loss(), 0, h.loss(), 0, start);
      System.arraycopy(resume.nll(), 0, h.nll(), 0, start);
      System.arraycopy(resume.nfeForward(), 0, h.nfeForward(), 0, start);
      System.arraycopy(resume.nfeBackward(), 0, h.nfeBackward(), 0, start);
    }
    int[] done = {start};
    java.util.function.Supplier<Checkpoint> snapshot = () -> {
      double[][] values = new double[params.size()][];
      for (int i = 0; i < values.length; i++) {
        values[i] = params.get(i).value().toArray();
      }
      int k = done[0];
      return new Checkpoint(k, values, adam.state(), rng.state(), batches.state(),
          java.util.Arrays.copyOf(h.loss(), k), java.util.Arrays.copyOf(h.nll(), k),
          java.util.Arrays.copyOf(h.nfeForward(), k), java.util.Arrays.copyOf(h.nfeBackward(), k));
    };
    TrainingListener record = new TrainingListener() {
      @Override
      public void onStep(StepReport r) {
        int i = r.iteration() - 1;
        h.loss()[i] = r.loss();
        h.nll()[i] = r.metric(NLL);
        h.nfeForward()[i] = (int) r.nfeForward();
        h.nfeBackward()[i] = (int) r.nfeBackward();
        done[0] = r.iteration();
        // also after the last iteration, so a stop during what follows (evaluation, pictures)
        // resumes without retraining
        if (policy.every() > 0 && (r.iteration() % policy.every() == 0 || r.iteration() == iters)) {
          policy.save().accept(snapshot.get());
        }
      }

      @Override
      public boolean stopRequested() {
        return policy.stop().getAsBoolean();
      }
    };
    int extra = listeners == null ? 0 : listeners.length;
    TrainingListener[] all = new TrainingListener[extra + 1];
    all[0] = record;
    if (extra > 0) {
      System.arraycopy(listeners, 0, all, 1, extra);
    }
    new Trainer(Trainer.LoopSettings.of(iters, settings.schedule())).run(new ParameterSet(params),
        adam, objective, java.util.Arrays.asList(all), start);
    boolean stopped = done[0] < iters;
    if (stopped) {
      policy.save().accept(snapshot.get());
    }
    return new Outcome(h, stopped);
  }

  /**
   * The optimizer {@link #train} steps with: Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8) with the
   * schedule's first rate and the weight decay of the settings.
   *
   * @param settings the training settings
   * @return a fresh optimizer
   */
  public static Adam optimizer(TrainingSettings settings) {
    return new Adam(settings.schedule().lr(0), 0.9, 0.999, 1e-8, settings.weightDecay());
  }

  /**
   * The training objective on one batch and what it is made of.
   *
   * @param loss L (or its sum over the rows, see {@link #batchLoss}), shape {@code []}, recorded for
   *     autograd
   * @param nll −log p averaged (or summed) over the rows, shape {@code []}
   * @param density the likelihood solve
   */
  public record BatchLoss(Tensor loss, Tensor nll, Cnf.Density density) {}

  /**
   * The objective of {@link #train} on one batch: L = −mean_b log p(x_b) + λ_K·mean_b E_b +
   * λ_J·mean_b J_b, or with {@code sum} the same terms summed over the rows instead of averaged, so
   * that the losses (and gradients) of disjoint parts of a batch add up to the whole batch's sum (a
   * data-parallel trainer divides the total by the batch size).
   *
   * @param cnf the flow, whose settings give the trace estimator and the weights; its parameters are
   *     not modified
   * @param x the rows, shape {@code [b, d]}, already standardised; not modified
   * @param rng the probe source (used by the Hutchinson estimator only); advanced
   * @param sum whether to sum over the rows rather than average
   * @return the loss, the NLL term and the solve
   * @throws dev.neuralode.ode.OdeSolverException if the solve fails
   */
  public static BatchLoss batchLoss(Cnf cnf, Tensor x, Rng rng, boolean sum) {
    Cnf.FlowSettings cs = cnf.settings();
    Cnf.Density dens = cnf.logProb(x, rng);
    Tensor nll = reduce(dens.logProb(), sum).neg();
    Tensor loss = nll;
    if (cs.kineticWeight() > 0) {
      loss = loss.add(reduce(dens.kinetic(), sum).mul(cs.kineticWeight()));
    }
    if (cs.jacobianWeight() > 0) {
      loss = loss.add(reduce(dens.jacobian(), sum).mul(cs.jacobianWeight()));
    }
    return new BatchLoss(loss, nll, dens);
  }

  private static Tensor reduce(Tensor perRow, boolean sum) {
    return sum ? perRow.sum() : perRow.mean();
  }

  /**
   * log p of many points in chunks, without recording.
   *
   * @param cnf the flow; not modified
   * @param x the points, shape {@code [n, d]}; not modified
   * @param trace the trace estimator (the exact one for evaluation in low dimension)
   * @param chunk the batch size per solve, at least 1
   * @param rng the probe source for Hutchinson, may be null for the exact trace
   * @return log p per point, length n
   */
  public static double[] logProb(Cnf cnf, Tensor x, TraceEstimator trace, int chunk, Rng rng) {
    int n = x.dim(0);
    double[] out = new double[n];
    try (Autograd.Scope scope = Autograd.noGrad()) {
      for (int from = 0; from < n; from += chunk) {
        int to = Math.min(n, from + chunk);
        double[] lp = cnf.logProb(x.slice(0, from, to), trace, rng).logProb().toArray();
        System.arraycopy(lp, 0, out, from, lp.length);
      }
    }
    return out;
  }
}
