package dev.neuralode.ode;

/**
 * The outcome of an implicit (stiff) solve: the usual result plus the Newton and linear-algebra work.
 *
 * @param result the states at the requested times and the step statistics, as from {@link Odeint#solve}
 * @param implicitStats Jacobian evaluations, LU decompositions and Newton iterations
 */
public record ImplicitResult(OdeResult result, ImplicitStats implicitStats) {
  /**
   * Validates.
   *
   * @param result see the record's description
   * @param implicitStats see the record's description
   * @throws IllegalArgumentException if an argument is null
   */
  public ImplicitResult {
    if (result == null || implicitStats == null) {
      throw new IllegalArgumentException("result and implicitStats must not be null");
    }
  }
}
