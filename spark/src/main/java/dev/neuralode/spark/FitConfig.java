package dev.neuralode.spark;

import dev.neuralode.nn.Activation;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.train.SeriesTrainer;
import java.io.Serializable;
import java.util.Arrays;

/**
 * One fit of an ensemble, as plain serialisable data: the settings of {@code neuralode fit} and an
 * optional bootstrap resample of the rows.
 *
 * @param iterations optimiser steps, ≥ 1
 * @param lr the Adam learning rate, &gt; 0
 * @param hidden the hidden widths of the MLP, each ≥ 1
 * @param activation the MLP activation
 * @param timeDependent whether the dynamics also take time
 * @param solver the ODE solver settings
 * @param gradient how gradients are taken, a name {@link Sensitivity#parse} reads (e.g. {@code
 *     adjoint}, {@code direct})
 * @param seed the seed of the initial weights
 * @param bootstrap the seed of a bootstrap resample of the rows, or −1 to fit all rows; a resample
 *     draws n rows with replacement and keeps each drawn row once, in time order (about 63% of the
 *     rows; at least 3)
 * @serial exclude
 */
public record FitConfig(int iterations, double lr, int[] hidden, Activation activation, boolean timeDependent,
    SolverSettings solver, String gradient, long seed, long bootstrap) implements Serializable {

  /**
   * Checks the settings.
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
  public FitConfig {
    if (iterations < 1 || !(lr > 0) || !Double.isFinite(lr) || hidden == null || hidden.length == 0
        || Arrays.stream(hidden).anyMatch(w -> w < 1) || activation == null || solver == null || gradient == null
        || bootstrap < -1) {
      throw new IllegalArgumentException("need iterations >= 1, a finite lr > 0, hidden widths >= 1, an activation,"
          + " solver settings, a gradient mode and bootstrap >= -1; got iterations=" + iterations + ", lr=" + lr
          + ", hidden=" + Arrays.toString(hidden) + ", activation=" + activation + ", solver=" + solver
          + ", gradient=" + gradient + ", bootstrap=" + bootstrap);
    }
    hidden = hidden.clone();
    Sensitivity.parse(gradient);
  }

  /**
   * The core training settings of this fit.
   *
   * @return the settings {@link SeriesTrainer#train} takes
   */
  public SeriesTrainer.FitSettings settings() {
    return new SeriesTrainer.FitSettings(iterations, lr, hidden.clone(), activation, timeDependent,
        solver.solver(), Sensitivity.parse(gradient), seed);
  }

  /**
   * This configuration with another seed of the initial weights.
   *
   * @param s the seed
   * @return a new configuration
   */
  public FitConfig withSeed(long s) {
    return new FitConfig(iterations, lr, hidden, activation, timeDependent, solver, gradient, s, bootstrap);
  }

  /**
   * This configuration with a bootstrap resample.
   *
   * @param b the resample's seed, or −1 for none
   * @return a new configuration
   */
  public FitConfig withBootstrap(long b) {
    return new FitConfig(iterations, lr, hidden, activation, timeDependent, solver, gradient, seed, b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FitConfig c && iterations == c.iterations && Double.compare(lr, c.lr) == 0
        && Arrays.equals(hidden, c.hidden) && activation == c.activation && timeDependent == c.timeDependent
        && solver.equals(c.solver) && gradient.equals(c.gradient) && seed == c.seed && bootstrap == c.bootstrap;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new Object[] {iterations, lr, Arrays.hashCode(hidden), activation, timeDependent, solver,
        gradient, seed, bootstrap});
  }

  @Override
  public String toString() {
    return "FitConfig[iterations=" + iterations + ", lr=" + lr + ", hidden=" + Arrays.toString(hidden)
        + ", activation=" + activation + ", timeDependent=" + timeDependent + ", solver=" + solver
        + ", gradient=" + gradient + ", seed=" + seed + ", bootstrap=" + bootstrap + "]";
  }
}
