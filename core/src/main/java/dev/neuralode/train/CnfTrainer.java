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
    if (data == null || data.rank() != 2 || data.dim(1) != cnf.dim() || data.dim(0) < 1) {
      throw new IllegalArgumentException("data must have shape [n, " + cnf.dim() + "] with n >= 1");
    }
    Rng rng = new Rng(settings.seed());
    ShuffledBatches batches = new ShuffledBatches(data, settings.batch(), rng);
    Adam adam = new Adam(settings.schedule().lr(0), 0.9, 0.999, 1e-8, settings.weightDecay());
    Cnf.FlowSettings cs = cnf.settings();
    TrainingObjective objective = it -> {
      Cnf.Density dens = cnf.logProb(batches.next(), rng);
      Tensor nll = dens.logProb().mean().neg();
      Tensor loss = nll;
      if (cs.kineticWeight() > 0) {
        loss = loss.add(dens.kinetic().mean().mul(cs.kineticWeight()));
      }
      if (cs.jacobianWeight() > 0) {
        loss = loss.add(dens.jacobian().mean().mul(cs.jacobianWeight()));
      }
      return Evaluation.of(loss, dens.stats().nfe(), () -> dens.gradientStats().backward().nfe()).withMetric(NLL, nll.item());
    };
    int iters = settings.iterations();
    History h = new History(new double[iters], new double[iters], new int[iters], new int[iters]);
    TrainingListener record = r -> {
      int i = r.iteration() - 1;
      h.loss()[i] = r.loss();
      h.nll()[i] = r.metric(NLL);
      h.nfeForward()[i] = (int) r.nfeForward();
      h.nfeBackward()[i] = (int) r.nfeBackward();
    };
    int extra = listeners == null ? 0 : listeners.length;
    TrainingListener[] all = new TrainingListener[extra + 1];
    all[0] = record;
    if (extra > 0) {
      System.arraycopy(listeners, 0, all, 1, extra);
    }
    new Trainer(Trainer.LoopSettings.of(iters, settings.schedule())).run(cnf.parameters(), adam, objective, all);
    return h;
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
