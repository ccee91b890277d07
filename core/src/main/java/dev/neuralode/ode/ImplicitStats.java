package dev.neuralode.ode;

/**
 * The extra work of an implicit (stiff) solve, beside {@link SolverStats}.
 *
 * @param jacobians evaluations of the Jacobian ∂f/∂y (each one forward pass of f, counted in
 *     {@link SolverStats#nfe()}, plus one reverse pass per state entry)
 * @param luDecompositions LU factorisations of Newton's matrix I − hγJ: one per attempted step
 * @param newtonIterations Newton iterations over all stages and steps (one f evaluation each)
 * @param newtonFailures steps rejected because Newton diverged, did not converge in time, met a
 *     singular matrix or a non-finite stage
 */
public record ImplicitStats(int jacobians, int luDecompositions, int newtonIterations, int newtonFailures) {
  /**
   * Validates the counts.
   *
   * @param jacobians see the record's description
   * @param luDecompositions see the record's description
   * @param newtonIterations see the record's description
   * @param newtonFailures see the record's description
   * @throws IllegalArgumentException if a count is negative
   */
  public ImplicitStats {
    if (jacobians < 0 || luDecompositions < 0 || newtonIterations < 0 || newtonFailures < 0) {
      throw new IllegalArgumentException("ImplicitStats counts must be >= 0; got jacobians=" + jacobians
          + ", luDecompositions=" + luDecompositions + ", newtonIterations=" + newtonIterations
          + ", newtonFailures=" + newtonFailures);
    }
  }
}
