package dev.neuralode.spark;

import dev.neuralode.nn.Activation;
import dev.neuralode.model.SolverSpec;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.train.ShootingFit;
import java.io.Serializable;
import java.util.Arrays;

/**
 * One fit of an ensemble, as plain serialisable data: the settings of {@code neuralode fit} and an
 * optional bootstrap resample of the rows. A fit trains as {@code fit} does ({@link
 * dev.neuralode.train.ShootingFit}: collocation, multiple shooting, polish), with the settings
 * {@code fit} has no option for here at {@code fit}'s defaults: no latent dimensions, automatic
 * segments, no kinetic regulariser, an NFE budget of {@value #NFE_BUDGET}.
 *
 * @param iterations optimiser steps, ≥ 1
 * @param lr the Adam learning rate, &gt; 0
 * @param hidden the hidden widths of the MLP, each ≥ 1
 * @param activation the MLP activation
 * @param timeDependent whether the dynamics also take time
 * @param solver the solver of the fitted model: its predictions, RMSE and bands ({@code fit}'s
 *     {@code --method}, {@code --rtol} and {@code --atol})
 * @param training the solver of the training solves ({@code fit}'s {@code --method} with {@code
 *     --fit-rtol} and {@code --fit-atol}); {@link #trainingSolver} gives {@code fit}'s default
 * @param gradient how gradients are taken, a name {@link Sensitivity#parse} reads (e.g. {@code
 *     adjoint}, {@code direct})
 * @param seed the seed of the initial weights
 * @param bootstrap the seed of a bootstrap resample of the rows, or −1 to fit all rows; a resample
 *     draws n rows with replacement and keeps each drawn row once, in time order (about 63% of the
 *     rows; at least 3)
 * @serial exclude
 */
public record FitConfig(int iterations, double lr, int[] hidden, Activation activation, boolean timeDependent,
    SolverSettings solver, SolverSettings training, String gradient, long seed, long bootstrap)
    implements Serializable {

  /** The relative tolerance of the training solves by default, as {@code fit --fit-rtol}'s. */
  public static final double TRAINING_RTOL = 1e-5;

  /** The absolute tolerance of the training solves by default, as {@code fit --fit-atol}'s. */
  public static final double TRAINING_ATOL = 1e-7;

  /**
   * The forward function evaluations a training solve may take before the learning rate halves,
   * as {@code fit --nfe-budget}'s default.
   */
  public static final int NFE_BUDGET = 2000;

  /**
   * Checks the settings.
   *
   * @param iterations see the record's description
   * @param lr see the record's description
   * @param hidden see the record's description
   * @param activation see the record's description
   * @param timeDependent see the record's description
   * @param solver see the record's description
   * @param training see the record's description
   * @param gradient see the record's description
   * @param seed see the record's description
   * @param bootstrap see the record's description
   * @throws IllegalArgumentException naming the field at fault
   */
  public FitConfig {
    if (iterations < 1 || !(lr > 0) || !Double.isFinite(lr) || hidden == null || hidden.length == 0
        || Arrays.stream(hidden).anyMatch(w -> w < 1) || activation == null || solver == null || training == null
        || gradient == null || bootstrap < -1) {
      throw new IllegalArgumentException("need iterations >= 1, a finite lr > 0, hidden widths >= 1, an activation,"
          + " model and training solver settings, a gradient mode and bootstrap >= -1; got iterations=" + iterations
          + ", lr=" + lr + ", hidden=" + Arrays.toString(hidden) + ", activation=" + activation + ", solver="
          + solver + ", training=" + training + ", gradient=" + gradient + ", bootstrap=" + bootstrap);
    }
    hidden = hidden.clone();
    Sensitivity.parse(gradient);
  }

  /**
   * A fit whose training solves use {@code fit}'s default training tolerances ({@link
   * #trainingSolver}), as {@code neuralode fit} with the same {@code --method}, {@code --rtol} and
   * {@code --atol} trains.
   *
   * @param iterations see the record's description
   * @param lr see the record's description
   * @param hidden see the record's description
   * @param activation see the record's description
   * @param timeDependent see the record's description
   * @param solver see the record's description
   * @param gradient see the record's description
   * @param seed see the record's description
   * @param bootstrap see the record's description
   * @throws IllegalArgumentException naming the field at fault
   */
  public FitConfig(int iterations, double lr, int[] hidden, Activation activation, boolean timeDependent,
      SolverSettings solver, String gradient, long seed, long bootstrap) {
    this(iterations, lr, hidden, activation, timeDependent, solver, solver == null ? null : trainingSolver(solver),
        gradient, seed, bootstrap);
  }

  /**
   * The training solver {@code neuralode fit} uses by default with a model's solver: the same
   * method, fixed step and step budget, at {@link #TRAINING_RTOL} and {@link #TRAINING_ATOL}.
   *
   * @param model the model's solver settings
   * @return the training solver's settings
   */
  public static SolverSettings trainingSolver(SolverSettings model) {
    return new SolverSettings(new SolverSpec(model.spec().method(), TRAINING_RTOL, TRAINING_ATOL,
        model.spec().stepSize()), model.maxSteps());
  }

  /**
   * The core training settings of this fit, as {@code neuralode fit} builds them for one series.
   *
   * @return the settings {@link ShootingFit#train} takes
   */
  public ShootingFit.Settings settings() {
    return new ShootingFit.Settings(iterations, lr, hidden.clone(), activation, timeDependent,
        training.solver(), Sensitivity.parse(gradient), seed, 0, 0, 0.0, NFE_BUDGET, false);
  }

  /**
   * This configuration with another seed of the initial weights.
   *
   * @param s the seed
   * @return a new configuration
   */
  public FitConfig withSeed(long s) {
    return new FitConfig(iterations, lr, hidden, activation, timeDependent, solver, training, gradient, s,
        bootstrap);
  }

  /**
   * This configuration with a bootstrap resample.
   *
   * @param b the resample's seed, or −1 for none
   * @return a new configuration
   */
  public FitConfig withBootstrap(long b) {
    return new FitConfig(iterations, lr, hidden, activation, timeDependent, solver, training, gradient, seed, b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FitConfig c && iterations == c.iterations && Double.compare(lr, c.lr) == 0
        && Arrays.equals(hidden, c.hidden) && activation == c.activation && timeDependent == c.timeDependent
        && solver.equals(c.solver) && training.equals(c.training) && gradient.equals(c.gradient) && seed == c.seed
        && bootstrap == c.bootstrap;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new Object[] {iterations, lr, Arrays.hashCode(hidden), activation, timeDependent, solver,
        training, gradient, seed, bootstrap});
  }

  @Override
  public String toString() {
    return "FitConfig[iterations=" + iterations + ", lr=" + lr + ", hidden=" + Arrays.toString(hidden)
        + ", activation=" + activation + ", timeDependent=" + timeDependent + ", solver=" + solver
        + ", training=" + training + ", gradient=" + gradient + ", seed=" + seed + ", bootstrap=" + bootstrap + "]";
  }
}
