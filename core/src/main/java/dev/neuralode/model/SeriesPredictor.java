package dev.neuralode.model;

import dev.neuralode.nn.Mlp;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.ode.SolverStats;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fitted time-series model ready to solve, in data units: x(t) = unstandardise(z(τ(t))) where
 * dz/dτ = f(z) and τ(t) = (t − timeOffset) / timeScale. Built by {@link OdeMlpModel#build()}.
 *
 * <p>A prediction runs one forward solve from the start through the requested times after it and
 * one backward solve through those before it, with the model's solver settings and without
 * recording gradients ({@link Odeint#solve}). Times that coincide in model time share one state.
 *
 * <p>Holds no mutable state of its own: the network and settings are fixed at construction.
 */
public final class SeriesPredictor {
  private final OdeMlpModel model;
  private final Mlp mlp;
  private final Solver options;

  SeriesPredictor(OdeMlpModel model) {
    this.model = model;
    this.mlp = model.buildMlp();
    this.options = model.solver().toSolver();
  }

  /**
   * The description this predictor was built from.
   *
   * @return the model
   */
  public OdeMlpModel model() {
    return model;
  }

  /**
   * The number of state columns.
   *
   * @return d
   */
  public int dimension() {
    return model.dimension();
  }

  /**
   * The model's own initial time: the first data time of the fit.
   *
   * @return t0 in data units
   */
  public double t0() {
    return model.t0();
  }

  /**
   * Predicts from the fitted initial state, which holds at {@link #t0()}.
   *
   * @param times data times, in any order, on either side of {@code t0}; not modified
   * @return the states in data units, shape {@code [times.length][d]}
   * @throws dev.neuralode.ode.OdeSolverException if the solver fails; its time is model time
   *     (convert with {@link SeriesScaling#toDataTime(double)})
   */
  public double[][] predict(double[] times) {
    return solve(model.initialState(), model.t0(), times).states();
  }

  /**
   * Predicts one group of a panel fit from its own initial state, which holds at its own t0.
   *
   * @param group the group's name
   * @param times data times, in any order; not modified
   * @return the observed states in data units, shape {@code [times.length][d]}
   * @throws IllegalArgumentException if the model has no such group
   * @throws dev.neuralode.ode.OdeSolverException if the solver fails; its time is model time
   *     relative to the group's t0
   */
  public double[][] predict(String group, double[] times) {
    SeriesGroup g = model.group(group);
    // model time counts from the group's own start: shift the times onto the model's t0
    double[] shifted = new double[times.length];
    for (int i = 0; i < times.length; i++) {
      shifted[i] = times[i] - g.t0() + model.scaling().timeOffset();
    }
    return solve(g.initialState(), model.scaling().timeOffset(), shifted).states();
  }

  /**
   * Predicts from a given state. The latent components of a model with {@code latent} &gt; 0
   * start at the model's fitted initial values.
   *
   * @param x0 the state in data units at {@code start}, size d; not modified
   * @param start the data time at which {@code x0} holds
   * @param times data times, in any order, on either side of {@code start}; not modified
   * @return the states in data units, shape {@code [times.length][d]}
   * @throws IllegalArgumentException if {@code x0} does not have d values
   * @throws dev.neuralode.ode.OdeSolverException if the solver fails; its time is model time
   */
  public double[][] predict(double[] x0, double start, double[] times) {
    return predictWithStats(x0, start, times).states();
  }

  /**
   * States predicted from a given state, with the solver statistics of the solves that produced
   * them.
   *
   * @param states the states in data units, shape {@code [times.length][d]}
   * @param stats the statistics summed over the forward and the backward solve (zero when every
   *     time equals the start)
   */
  public record Prediction(double[][] states, SolverStats stats) {}

  /**
   * Predicts from a given state, as {@link #predict(double[], double, double[])}, and reports the
   * function evaluations and steps taken.
   *
   * @param x0 the state in data units at {@code start}, size d; not modified
   * @param start the data time at which {@code x0} holds
   * @param times data times, in any order, on either side of {@code start}; not modified
   * @return the states and the summed solver statistics
   * @throws IllegalArgumentException if {@code x0} does not have d values
   * @throws dev.neuralode.ode.OdeSolverException if the solver fails; its time is model time
   */
  public Prediction predictWithStats(double[] x0, double start, double[] times) {
    if (x0 == null || x0.length != dimension()) {
      throw new IllegalArgumentException("the initial state has "
          + (x0 == null ? "no" : String.valueOf(x0.length)) + " values but the model has "
          + dimension() + " columns (" + String.join(",", model.columns())
          + "); give one value per column");
    }
    double[] z = Arrays.copyOf(model.scaling().standardise(x0), model.stateDimension());
    double[] init = model.initialState();
    System.arraycopy(init, dimension(), z, dimension(), model.latent());
    return solve(z, start, times);
  }

  /**
   * Solves from standardised z0 at data time {@code start} through every requested time: one
   * forward solve for the times after {@code start} and one backward solve for those before it.
   */
  private Prediction solve(double[] z0, double start, double[] times) {
    SeriesScaling s = model.scaling();
    double tau0 = s.toModelTime(start);
    Integer[] order = new Integer[times.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(times[a], times[b]));
    List<Integer> after = new ArrayList<>();
    List<Integer> before = new ArrayList<>();
    double[][] out = new double[times.length][];
    for (int idx : order) {
      double tau = s.toModelTime(times[idx]);
      if (tau > tau0) {
        after.add(idx);
      } else if (tau < tau0) {
        before.add(0, idx);
      } else {
        out[idx] = s.unstandardise(Arrays.copyOf(z0, dimension()));
      }
    }
    SolverStats stats = run(z0, tau0, times, after, out).plus(run(z0, tau0, times, before, out));
    return new Prediction(out, stats);
  }

  @SuppressWarnings("try") // the scope only switches recording off
  private SolverStats run(double[] z0, double tau0, double[] times, List<Integer> idx,
      double[][] out) {
    if (idx.isEmpty()) {
      return SolverStats.zero();
    }
    SeriesScaling s = model.scaling();
    // Times that coincide in model time (closer than its resolution) share one output.
    double[] taus = new double[idx.size() + 1];
    int[] slot = new int[idx.size()];
    int m = 1;
    taus[0] = tau0;
    for (int i = 0; i < idx.size(); i++) {
      double tau = s.toModelTime(times[idx.get(i)]);
      if (tau != taus[m - 1]) {
        taus[m++] = tau;
      }
      slot[i] = m - 1;
    }
    int d = z0.length;
    OdeResult result;
    try (Autograd.Scope scope = Autograd.noGrad()) {
      result = Odeint.solve(mlp, Tensor.of(z0.clone(), 1, d), Arrays.copyOf(taus, m), options);
    }
    double[] ys = result.ys().toArray();
    for (int i = 0; i < idx.size(); i++) {
      out[idx.get(i)] = s.unstandardise(Arrays.copyOfRange(ys, slot[i] * d,
          slot[i] * d + dimension()));
    }
    return result.stats();
  }
}
