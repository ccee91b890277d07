package dev.neuralode.cli;

import dev.neuralode.model.OdeMlpModel;
import dev.neuralode.model.SeriesPredictor;
import dev.neuralode.model.SeriesScaling;
import dev.neuralode.ode.MaxStepsExceededException;
import dev.neuralode.ode.NonFiniteStateException;
import dev.neuralode.ode.OdeSolverException;
import dev.neuralode.ode.StepSizeUnderflowException;

/**
 * A fitted time-series model as {@code neuralode predict} runs it: the core {@link
 * SeriesPredictor} (x(t) = unstandardise(z(τ(t))), dz/dτ = f(z)), with a solver failure reported
 * in data time units together with a fix the user can apply.
 */
public final class SeriesModel {

  private final OdeMlpModel model;
  private final SeriesPredictor predictor;

  private SeriesModel(OdeMlpModel model) {
    this.model = model;
    this.predictor = model.build();
  }

  /**
   * Rebuilds a fitted model.
   *
   * @param model the model, e.g. from {@link dev.neuralode.io.ModelFile#load(java.nio.file.Path)}
   * @return a solvable model
   */
  public static SeriesModel of(OdeMlpModel model) {
    return new SeriesModel(model);
  }

  /**
   * Returns the number of state columns.
   *
   * @return d
   */
  public int dimension() {
    return predictor.dimension();
  }

  /**
   * Returns the model's own initial time: the first data time of the fit.
   *
   * @return t0 in data units
   */
  public double t0() {
    return predictor.t0();
  }

  /**
   * Predicts from the fitted initial state, which holds at {@link #t0()}; see {@link
   * SeriesPredictor#predict(double[])}.
   *
   * @param times data times, on either side of {@code t0}; not modified
   * @return the states in data units, shape {@code [times.length][d]}
   * @throws CommandException (status 1) if the solver fails, naming the time it reached
   */
  public double[][] predict(double[] times) {
    try {
      return predictor.predict(times);
    } catch (OdeSolverException e) {
      throw solverFailure(e, model.t0(), times);
    }
  }

  /**
   * Predicts one group of a panel fit from its own fitted initial state; see {@link
   * SeriesPredictor#predict(String, double[])}.
   *
   * @param group the group's name
   * @param times data times; not modified
   * @return the observed states in data units, shape {@code [times.length][d]}
   * @throws IllegalArgumentException if there is no such group
   * @throws CommandException (status 1) if the solver fails, naming the time it reached
   */
  public double[][] predict(String group, double[] times) {
    try {
      return predictor.predict(group, times);
    } catch (OdeSolverException e) {
      throw solverFailure(e, model.group(group).t0(), times);
    }
  }

  /**
   * Predicts from a given state; see {@link SeriesPredictor#predict(double[], double, double[])}.
   *
   * @param x0 the state in data units at {@code start}, size d; not modified
   * @param start the data time at which {@code x0} holds
   * @param times data times, on either side of {@code start}; not modified
   * @return the states in data units, shape {@code [times.length][d]}
   * @throws IllegalArgumentException if {@code x0} does not have d values
   * @throws CommandException (status 1) if the solver fails, naming the time it reached
   */
  public double[][] predict(double[] x0, double start, double[] times) {
    try {
      return predictor.predict(x0, start, times);
    } catch (OdeSolverException e) {
      throw solverFailure(e, start, times);
    }
  }

  /**
   * Reports a failed solve in data time units, with a fix the user can apply. The predictor
   * solves forward from the start first, then backward; the failure's model time says which.
   */
  private CommandException solverFailure(OdeSolverException e, double start, double[] times) {
    SeriesScaling s = model.scaling();
    double tau0 = s.toModelTime(start);
    double last = Double.NEGATIVE_INFINITY;
    double first = Double.POSITIVE_INFINITY;
    for (double t : times) {
      last = Math.max(last, t);
      first = Math.min(first, t);
    }
    boolean forward = e.time() > tau0 || (e.time() == tau0 && s.toModelTime(last) > tau0);
    double target = forward ? last : first;
    double reached = s.toDataTime(e.time());
    String why = e instanceof MaxStepsExceededException ? "too many steps"
        : e instanceof StepSizeUnderflowException ? "the step size became too small"
        : e instanceof NonFiniteStateException ? "the state became infinite or NaN"
        : "the solver could not continue";
    String time = model.timeColumn();
    return new CommandException(CommandException.FAILURE, "the model could not be followed from "
        + time + " " + s.toDataTime(tau0) + " to " + target
        + ": the ODE solver stopped at " + time + " " + CommandSupport.fmt(reached) + " (" + why
        + "); the data cover " + model.t0() + " to " + model.dataTEnd() + ", so give a shorter"
        + " range with --t0/--t1", e);
  }
}
