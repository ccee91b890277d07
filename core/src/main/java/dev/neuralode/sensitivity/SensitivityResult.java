package dev.neuralode.sensitivity;

import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.SolverStats;
import dev.neuralode.tensor.Tensor;

/**
 * What a differentiated solve returns: the states (recorded for the backward pass of its
 * {@link Sensitivity}) with the forward solve's times and statistics, and the holder of its gradient
 * statistics, whose backward part is filled in when a gradient is taken through these states.
 *
 * @param solution the states {@code [T, ...y0.shape]}, the times and the forward statistics
 * @param stats the forward and (once taken) backward statistics of this solve
 */
public record SensitivityResult(OdeResult solution, GradientStats stats) {
  /**
   * Validates the result.
   *
   * @param solution see the record's description
   * @param stats see the record's description
   * @throws IllegalArgumentException if an argument is null
   */
  public SensitivityResult {
    if (solution == null || stats == null) {
      throw new IllegalArgumentException("solution and stats must not be null");
    }
  }

  /**
   * The states at every requested time.
   *
   * @return {@code [T, ...y0.shape]}
   */
  public Tensor ys() {
    return solution.ys();
  }

  /**
   * The state at the last time.
   *
   * @return {@code ys[T−1]}
   */
  public Tensor last() {
    return solution.last();
  }

  /**
   * The forward solve's statistics.
   *
   * @return NFE and accepted/rejected steps of the forward pass
   */
  public SolverStats forward() {
    return solution.stats();
  }
}
