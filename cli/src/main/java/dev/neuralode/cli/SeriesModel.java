package dev.neuralode.cli;

import dev.neuralode.io.ModelFile;
import dev.neuralode.nn.Mlp;
import dev.neuralode.ode.MaxStepsExceededException;
import dev.neuralode.ode.NonFiniteStateException;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.OdeSolverException;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.ode.StepSizeUnderflowException;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fitted time-series model ready to solve, in data units: x(t) = unstandardise(z(τ(t))) where
 * dz/dτ = f(z) and τ(t) = (t − time_offset) / time_scale.
 *
 * <p>Both {@code neuralode fit} (for its predictions) and {@code neuralode predict} use it, so a
 * prediction made from a saved {@code model.json} is computed exactly as the fit computed it.
 * Solves run without recording gradients.
 */
public final class SeriesModel {

  private final ModelFile file;
  private final Mlp mlp;
  private final Solver options;

  private SeriesModel(ModelFile file) {
    this.file = file;
    this.mlp = file.buildMlp();
    this.options = file.odeSolver();
  }

  /**
   * Wraps a validated {@value ModelFile#KIND_ODE_MLP} model.
   *
   * @param file the model, e.g. from {@link ModelFile#load(java.nio.file.Path)}
   * @return a solvable model
   * @throws IllegalStateException if the model is not a complete {@value
   *     ModelFile#KIND_ODE_MLP} model
   */
  public static SeriesModel of(ModelFile file) {
    return new SeriesModel(file);
  }

  /**
   * Returns the number of state columns.
   *
   * @return d
   */
  public int dimension() {
    return file.columns().size();
  }

  /**
   * Returns the model's own initial time: the first data time of the fit.
   *
   * @return t0 in data units
   */
  public double t0() {
    return file.t0();
  }

  /**
   * Predicts from the fitted initial state, which holds at {@link #t0()}.
   *
   * @param times data times, strictly monotone, on either side of {@code t0}; not modified
   * @return the states in data units, shape {@code [times.length][d]}
   * @throws dev.neuralode.ode.OdeSolverException if the solver fails
   */
  public double[][] predict(double[] times) {
    return solve(file.initialState(), file.t0(), times);
  }

  /**
   * Predicts from a given state.
   *
   * @param x0 the state in data units at {@code start}, size d, not modified
   * @param start the data time at which {@code x0} holds
   * @param times data times, strictly monotone, on either side of {@code start}; not modified
   * @return the states in data units, shape {@code [times.length][d]}
   * @throws IllegalArgumentException if {@code x0} does not have d values
   * @throws dev.neuralode.ode.OdeSolverException if the solver fails
   */
  public double[][] predict(double[] x0, double start, double[] times) {
    if (x0.length != dimension()) {
      throw new IllegalArgumentException("the initial state has " + x0.length + " values but the"
          + " model has " + dimension() + " columns (" + String.join(",", file.columns())
          + "); give one value per column");
    }
    return solve(file.scaling().standardise(x0), start, times);
  }

  /**
   * Solves from standardised z0 at data time {@code start} through every requested time: one
   * forward solve for the times after {@code start} and one backward solve for those before it.
   */
  private double[][] solve(double[] z0, double start, double[] times) {
    ModelFile.Scaling s = file.scaling();
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
        out[idx] = s.unstandardise(z0);
      }
    }
    run(z0, tau0, times, after, out);
    run(z0, tau0, times, before, out);
    return out;
  }

  @SuppressWarnings("try") // the scope only switches recording off
  private void run(double[] z0, double tau0, double[] times, List<Integer> idx, double[][] out) {
    if (idx.isEmpty()) {
      return;
    }
    ModelFile.Scaling s = file.scaling();
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
    double[] ys;
    try (Autograd.Scope scope = Autograd.noGrad()) {
      OdeResult r = Odeint.solve(mlp, Tensor.of(z0.clone(), 1, d), Arrays.copyOf(taus, m),
          options);
      ys = r.ys().toArray();
    } catch (OdeSolverException e) {
      throw solverFailure(e, tau0, times[idx.get(idx.size() - 1)]);
    }
    for (int i = 0; i < idx.size(); i++) {
      out[idx.get(i)] = s.unstandardise(Arrays.copyOfRange(ys, slot[i] * d, (slot[i] + 1) * d));
    }
  }

  /** Reports a failed solve in data time units, with a fix the user can apply. */
  private CommandException solverFailure(OdeSolverException e, double tau0, double target) {
    ModelFile.Scaling s = file.scaling();
    double reached = e.time() * s.timeScale() + s.timeOffset();
    String why = e instanceof MaxStepsExceededException ? "too many steps"
        : e instanceof StepSizeUnderflowException ? "the step size became too small"
        : e instanceof NonFiniteStateException ? "the state became infinite or NaN"
        : "the solver could not continue";
    String time = file.timeColumn() == null ? "time" : file.timeColumn();
    return new CommandException(CommandException.FAILURE, "the model could not be followed from "
        + time + " " + (tau0 * s.timeScale() + s.timeOffset()) + " to " + target
        + ": the ODE solver stopped at " + time + " " + CommandSupport.fmt(reached) + " (" + why
        + "); the data cover " + file.t0() + " to " + file.dataTEnd() + ", so give a shorter range"
        + " with --t0/--t1", e);
  }
}
