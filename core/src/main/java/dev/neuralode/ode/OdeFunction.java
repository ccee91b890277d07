package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;

/**
 * The right-hand side f of an ordinary differential equation dy/dt = f(t, y).
 *
 * <p>Implementations should be pure functions of their arguments (a solver may evaluate them at
 * rejected trial points) and should build the result from tensor operations, so that autograd records
 * the dependence on {@code y}, on {@code t} and on any parameters when a solve is differentiated.
 */
@FunctionalInterface
public interface OdeFunction {
  /**
   * Evaluates the time derivative.
   *
   * @param t the time, a scalar tensor of shape {@code []}; not modified
   * @param y the state, of any shape (usually {@code [batch, dim]}); not modified
   * @return dy/dt, a tensor of exactly {@code y}'s shape
   */
  Tensor apply(Tensor t, Tensor y);
}
