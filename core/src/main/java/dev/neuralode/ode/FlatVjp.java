package dev.neuralode.ode;

/**
 * One evaluation of a right-hand side f(t, z; θ) and of its vector–Jacobian products on plain arrays:
 * what each evaluation of the adjoint's backward dynamics needs (Chen et al. 2018, "Neural Ordinary
 * Differential Equations", eq. 4 and appendix B: aᵀ∂f/∂z, aᵀ∂f/∂θ and aᵀ∂f/∂t), with no tensors,
 * graph nodes or captured program. A function offers one through {@link OdeFunction#flatVjp}, for a
 * fixed list of parameters and state shape; its values are the same bits as reverse-mode autograd
 * computes on the tensor function ({@code Autograd.grad(f(t, z), [z, t, θ...], a)}), so a backward
 * pass gives the same gradients either way.
 *
 * <p>An instance holds scratch buffers: it is not thread-safe, and one backward pass uses its own.
 */
public interface FlatVjp {
  /**
   * Evaluates f(t, z) and the products of the cotangent a with its Jacobians.
   *
   * @param t the time
   * @param z the state: n entries (the state shape's size) from {@code zOff}, row-major; not modified
   * @param zOff where z starts
   * @param a the cotangent of f(t, z): n entries from {@code aOff}; not modified
   * @param aOff where a starts
   * @param out the output; it must not alias z or a where written. Written: f(t, z) in {@code [fOff,
   *     fOff + n)} unless {@code fOff < 0}; from {@code gradOff}: aᵀ∂f/∂z (n entries), aᵀ∂f/∂θ (each
   *     parameter given to {@link OdeFunction#flatVjp} in turn, flattened row-major) and aᵀ∂f/∂t (one
   *     entry; 0 when f does not read t)
   * @param fOff where f(t, z) goes, or negative to skip it
   * @param gradOff where the products go
   */
  void vjp(double t, double[] z, int zOff, double[] a, int aOff, double[] out, int fOff, int gradOff);

  /**
   * As {@link #vjp}, with the products negated (f(t, z) is not): −aᵀ∂f/∂z, −aᵀ∂f/∂θ and −aᵀ∂f/∂t, the
   * right-hand side of the adjoint's backward dynamics (Chen et al. 2018, eq. 4 and appendix B). The same
   * bits as {@code vjp} followed by negating each product, which this default does; an implementation
   * may negate as it writes them, saving a pass.
   *
   * @param t the time
   * @param z the state, as for {@code vjp}
   * @param zOff where z starts
   * @param a the cotangent, as for {@code vjp}
   * @param aOff where a starts
   * @param out the output, as for {@code vjp}
   * @param fOff where f(t, z) goes, or negative to skip it
   * @param gradOff where the negated products go
   * @param count how many products there are: the state's size, plus every parameter's, plus one
   */
  default void negatedVjp(double t, double[] z, int zOff, double[] a, int aOff, double[] out, int fOff,
      int gradOff, int count) {
    vjp(t, z, zOff, a, aOff, out, fOff, gradOff);
    for (int k = gradOff; k < gradOff + count; k++) {
      out[k] = -out[k];
    }
  }
}
