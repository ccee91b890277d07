package dev.neuralode.nn;

import dev.neuralode.ode.OdeFunction;
import dev.neuralode.tensor.Tensor;

/**
 * A linear, time-invariant vector field f(t, z) = z·Wᵀ: a bias-free {@link Linear} layer used as
 * ODE dynamics, as the tutorial's {@code LinearODEF}. Its one parameter is {@code "lin.weight"},
 * shape {@code [dim, dim]}.
 */
public final class LinearOde extends Module implements OdeFunction {
  private final Linear lin;

  /**
   * A linear vector field with the given weight.
   *
   * @param weight W, shape {@code [dim, dim]}; copied into a parameter
   * @throws IllegalArgumentException if W is not square
   */
  public LinearOde(Tensor weight) {
    if (weight.rank() != 2 || weight.dim(0) != weight.dim(1)) {
      throw new IllegalArgumentException("weight must be a square [dim, dim] matrix; got shape "
          + java.util.Arrays.toString(weight.shape()));
    }
    this.lin = register("lin", new Linear(weight, null));
  }

  /**
   * f(t, z) = z·Wᵀ.
   *
   * @param t the time (unused)
   * @param z the state {@code [batch, dim]}
   * @return dz/dt, {@code [batch, dim]}
   */
  /**
   * {@inheritDoc}
   *
   * @return true: the layers are a fixed sequence of tensor operations of (t, y) and the parameters
   */
  @Override
  public boolean traceable() {
    return true;
  }

  @Override
  public Tensor apply(Tensor t, Tensor z) {
    return lin.forward(z);
  }

  /**
   * The weight W.
   *
   * @return the parameter, shape {@code [dim, dim]}
   */
  public Parameter weight() {
    return lin.weight();
  }
}
