package dev.neuralode.ode;

import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.List;

/**
 * Rebuilds an accepted ESDIRK step in recorded tensor operations, so that gradients flow through an
 * implicit solve ("direct" mode). Package-private.
 *
 * <p>Newton's iterations are plain doubles and cannot be differentiated, but their fixed point can, by
 * the implicit function theorem. With the converged stage variable Z*_i held constant, one exact Newton
 * correction
 * <pre>
 *   Z_i = Z*_i + W_i⁻¹·(h·f(t_i, B_i + γZ*_i) − Z*_i),   W_i = I − hγ·∂f/∂y(t_i, Y_i),
 *   B_i = y_n + Σ_{j&lt;i} a_ij Z_j,   y_{n+1} = B_s + γZ_s,
 * </pre>
 * has the value Z*_i (up to the Newton tolerance) and the derivative
 * dZ_i = W_i⁻¹(h·J_i·dB_i + h·∂f/∂θ·dθ), which is exactly the IFT derivative of Z_i = h·f(t_i, B_i + γZ_i).
 * So the first derivatives of the outputs with respect to y0 and to every tensor f closes over are those
 * of the exact stage equations. The linear solve W_i⁻¹ is a recorded op whose VJP is W_i⁻ᵀ (itself a
 * recorded op), with W_i a constant: derivatives of second and higher order omit the dependence of J_i on
 * y and θ and are therefore not exact. Time is a constant: there are no gradients with respect to t.
 * Costs one Jacobian and one LU per implicit stage per accepted step.
 */
final class DifferentiableStep {
  private DifferentiableStep() {}

  /**
   * The step from y_n (a recorded tensor of shape [n]) with the converged stage variables of the double
   * step.
   *
   * @param st the stepper (for f, the tableau and work counts)
   * @param yn the state at t, flattened, possibly recorded
   * @param t the step's start
   * @param h the step (signed)
   * @param tMax the latest stage time (as in {@link EsdirkStepper#step})
   * @param zStar the converged Z_i, one array of length n per stage
   * @return y_{n+1}, flattened, recorded
   */
  static Tensor step(EsdirkStepper st, Tensor yn, double t, double h, double tMax, double[][] zStar) {
    int n = st.size();
    int[] shape = st.shape();
    double gamma = st.gamma();
    double[] c = st.c();
    double[][] a = st.a();
    int s = c.length;
    Tensor[] z = new Tensor[s];
    try (Autograd.Scope scope = Autograd.enableGrad()) {
      z[0] = st.evaluator().eval(t, yn.reshape(shape)).reshape(n).mul(h);
      Tensor last = null;
      for (int i = 1; i < s; i++) {
        Tensor[] terms = new Tensor[i + 1];
        double[] coeffs = new double[i + 1];
        terms[0] = yn;
        coeffs[0] = 1.0;
        for (int j = 0; j < i; j++) {
          terms[j + 1] = z[j];
          coeffs[j + 1] = a[i][j];
        }
        Tensor base = Tensor.linearCombination(coeffs, terms);
        Tensor zConst = Tensor.of(zStar[i], n);
        Tensor yi = base.add(zConst.mul(gamma));
        double ti = t + c[i] * h;
        if (h > 0.0 ? ti > tMax : ti < tMax) {
          ti = tMax;
        }
        Tensor residual = st.evaluator().eval(ti, yi.reshape(shape)).reshape(n).mul(h).sub(zConst);
        double[] fOut = new double[n];
        DenseLu w = st.factor(st.jacobian(ti, yi.toArray(), fOut), h);
        if (w.singular()) {
          throw new IllegalStateException("kvaerno5: Newton matrix I - h*gamma*J is singular at t=" + ti
              + " while recording the gradient; retry with a smaller maxStep");
        }
        z[i] = zConst.add(luSolve(w, false, residual));
        if (i == s - 1) {
          last = base.add(z[i].mul(gamma));
        }
      }
      return last;
    }
  }

  /** x = W⁻¹r (or W⁻ᵀr), recorded with VJP g ↦ W⁻ᵀg (or W⁻¹g), W constant. */
  static Tensor luSolve(DenseLu w, boolean transposed, Tensor r) {
    double[] b = r.toArray();
    double[] x = transposed ? w.solveTransposed(b) : w.solve(b);
    return Autograd.custom(transposed ? "luSolveT" : "luSolve", Tensor.of(x, r.shape()), List.of(r),
        g -> List.of(luSolve(w, !transposed, g)));
  }
}
