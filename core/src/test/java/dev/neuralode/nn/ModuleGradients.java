package dev.neuralode.nn;

import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;

/** Test helper: reverse-mode parameter gradients of a module against central differences. */
public final class ModuleGradients {
  private ModuleGradients() {}

  /**
   * The largest |analytic − numeric| / max(|numeric|, 1e-3) over every stride-th flat parameter.
   *
   * @param m the module (its parameters are perturbed and restored)
   * @param loss a deterministic scalar loss of the module's current parameters
   * @param eps the finite-difference step
   * @param stride check every stride-th parameter
   * @return the worst relative error
   */
  public static double maxRelError(Module m, Supplier<Tensor> loss, double eps, int stride) {
    List<Tensor> values = m.parameterValues();
    Tensor l;
    List<Tensor> grads;
    try (Autograd.Scope s = Autograd.enableGrad()) {
      l = loss.get();
      grads = Autograd.grad(l, values);
    }
    double[] analytic = new double[m.parameterCount()];
    int off = 0;
    for (Tensor g : grads) {
      double[] a = g.toArray();
      System.arraycopy(a, 0, analytic, off, a.length);
      off += a.length;
    }
    double[] base = m.flatParameters();
    double worst = 0;
    try (Autograd.Scope s = Autograd.noGrad()) {
      for (int i = 0; i < base.length; i += stride) {
        double[] p = base.clone();
        p[i] = base[i] + eps;
        m.loadFlatParameters(p);
        double fp = loss.get().item();
        p[i] = base[i] - eps;
        m.loadFlatParameters(p);
        double fm = loss.get().item();
        double num = (fp - fm) / (2 * eps);
        worst = Math.max(worst, Math.abs(analytic[i] - num) / Math.max(Math.abs(num), 1e-3));
      }
    } finally {
      m.loadFlatParameters(base);
    }
    return worst;
  }
}
