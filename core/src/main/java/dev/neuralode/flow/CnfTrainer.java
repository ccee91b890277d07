package dev.neuralode.flow;

import dev.neuralode.optim.Adam;
import dev.neuralode.optim.LrSchedule;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.List;

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
 */
public final class CnfTrainer {
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
  public record Settings(int iterations, int batch, LrSchedule schedule, double weightDecay, long seed) {
    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException naming the bad field
     */
    public Settings {
      if (iterations < 1 || batch < 1 || schedule == null || !(weightDecay >= 0)) {
        throw new IllegalArgumentException("need iterations >= 1, batch >= 1, a schedule and weightDecay >= 0; got"
            + " iterations=" + iterations + ", batch=" + batch + ", weightDecay=" + weightDecay);
      }
    }
  }

  /**
   * Called after every step.
   */
  @FunctionalInterface
  public interface Listener {
    /**
     * Reports one step.
     *
     * @param iteration the 1-based step number
     * @param loss the objective L of the step's batch
     * @param nll −mean log p of the step's batch, in the flow's (standardised) units
     * @param nfeForward function evaluations of the forward solve
     * @param nfeBackward function evaluations of the backward pass (adjoint solve or checkpoint
     *     replay; 0 for direct backprop)
     */
    void onStep(int iteration, double loss, double nll, int nfeForward, int nfeBackward);
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
   * @param listener called after each step, or null
   * @return the history
   * @throws IllegalArgumentException if data is not {@code [n, d]} for the flow's d
   * @throws dev.neuralode.ode.OdeSolverException if a solve fails
   */
  public static History train(Cnf cnf, Tensor data, Settings settings, Listener listener) {
    if (data == null || data.rank() != 2 || data.dim(1) != cnf.dim() || data.dim(0) < 1) {
      throw new IllegalArgumentException("data must have shape [n, " + cnf.dim() + "] with n >= 1");
    }
    int n = data.dim(0);
    int d = cnf.dim();
    int b = Math.min(settings.batch(), n);
    Rng rng = new Rng(settings.seed());
    Adam adam = new Adam(cnf.parameters(), settings.schedule().lr(0), 0.9, 0.999, 1e-8, settings.weightDecay());
    double[] rows = data.toArray();
    int[] perm = rng.permutation(n);
    int cursor = 0;
    int iters = settings.iterations();
    History h = new History(new double[iters], new double[iters], new int[iters], new int[iters]);
    Cnf.Settings cs = cnf.settings();
    for (int it = 0; it < iters; it++) {
      double[] batch = new double[b * d];
      for (int r = 0; r < b; r++) {
        if (cursor == n) {
          perm = rng.permutation(n);
          cursor = 0;
        }
        System.arraycopy(rows, perm[cursor++] * d, batch, r * d, d);
      }
      Tensor x = Tensor.of(batch, b, d);
      List<Tensor> params = cnf.parameterValues();
      Tensor loss;
      Cnf.Density dens;
      List<Tensor> grads;
      try (Autograd.Scope scope = Autograd.enableGrad()) {
        dens = cnf.logProb(x, rng);
        Tensor nll = dens.logProb().mean().neg();
        loss = nll;
        if (cs.kineticWeight() > 0) {
          loss = loss.add(dens.kinetic().mean().mul(cs.kineticWeight()));
        }
        if (cs.jacobianWeight() > 0) {
          loss = loss.add(dens.jacobian().mean().mul(cs.jacobianWeight()));
        }
        grads = Autograd.grad(loss, params);
        h.nll()[it] = nll.item();
      }
      adam.step(grads, settings.schedule().lr(it));
      h.loss()[it] = loss.item();
      h.nfeForward()[it] = dens.stats().nfe();
      h.nfeBackward()[it] = dens.gradientStats().backward().nfe();
      if (listener != null) {
        listener.onStep(it + 1, h.loss()[it], h.nll()[it], h.nfeForward()[it], h.nfeBackward()[it]);
      }
    }
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
