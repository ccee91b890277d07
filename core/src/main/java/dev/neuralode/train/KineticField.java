package dev.neuralode.train;

import dev.neuralode.nn.Mlp;
import dev.neuralode.nn.Module;
import dev.neuralode.ode.OdeFunction;
import dev.neuralode.tensor.Tensor;

/**
 * A vector field augmented with its kinetic energy, as RNODE regularises it (Finlay, Jacobsen,
 * Nurbekyan &amp; Oberman 2020, "How to train your neural ODE"): on the state [z, e] of shape
 * {@code [batch, d + 1]} it returns [f(τ, z), ‖f(τ, z)‖²], so that e(τ) − e(τ₀) = ∫ ‖f‖² dτ along
 * the trajectory. Penalising that integral keeps trajectories straight and the dynamics non-stiff.
 * Its parameters are the wrapped network's, under the name {@code "f"}.
 */
final class KineticField extends Module implements OdeFunction {
  private final Mlp f;
  private final int d;

  KineticField(Mlp f) {
    this.f = register("f", f);
    this.d = f.out();
  }

  @Override
  public Tensor apply(Tensor t, Tensor y) {
    Tensor z = y.slice(1, 0, d);
    Tensor dz = f.apply(t, z);
    return Tensor.concat(1, dz, dz.square().sum(1, true));
  }
}
