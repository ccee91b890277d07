package dev.neuralode.adjoint;

import dev.neuralode.ode.SolveOptions;

/**
 * Settings of the adjoint method's backward solve.
 *
 * @param backward solver settings for the augmented backward solve; null means "the forward
 *     solve's settings", as torchdiffeq's {@code odeint_adjoint} does by default
 */
public record AdjointOptions(SolveOptions backward) {

  /**
   * Backward solve with the forward solve's settings.
   *
   * @return the default options
   */
  public static AdjointOptions defaults() {
    return new AdjointOptions(null);
  }

  /**
   * The backward settings to use for a given forward solve.
   *
   * @param forward the forward solve's settings
   * @return {@link #backward()} if set, else {@code forward}
   */
  public SolveOptions backwardFor(SolveOptions forward) {
    return backward == null ? forward : backward;
  }
}
