package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;

/**
 * dz/dt = z·Aᵀ with A = [[-0.1, -1], [1, -0.1]] (row-vector convention, as the reference file and the
 * tutorial's spiral), whose flow is z(t) = z0·expm(At)ᵀ with expm(At) = e^{-0.1t}[[cos t, -sin t],
 * [sin t, cos t]].
 */
final class LinearSpiral {
  static final double[][] A = {{-0.1, -1.0}, {1.0, -0.1}};

  private LinearSpiral() {}

  /** f built from tensor ops, for any batch: y of shape [batch, 2]. */
  static OdeFunction tensorFunction() {
    Tensor at = Tensor.matrix(new double[][] {{A[0][0], A[1][0]}, {A[0][1], A[1][1]}});
    return (t, z) -> z.matmul(at);
  }

  /** expm(A·t), row-major. */
  static double[][] expm(double t) {
    double d = Math.exp(-0.1 * t);
    return new double[][] {{d * Math.cos(t), -d * Math.sin(t)}, {d * Math.sin(t), d * Math.cos(t)}};
  }

  /** The exact state at t from z0 (a row vector): z(t)_i = Σ_j expm(At)_ij z0_j. */
  static double[] exact(double[] z0, double t) {
    double[][] e = expm(t);
    return new double[] {e[0][0] * z0[0] + e[0][1] * z0[1], e[1][0] * z0[0] + e[1][1] * z0[1]};
  }
}
