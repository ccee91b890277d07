package dev.neuralode.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks reverse-mode gradients against central finite differences.
 *
 * <p>For a function F of tensors and a fixed random cotangent w, the scalar φ = Σ w ⊙ F(x) is
 * differentiated by {@link Autograd} and by central differences (φ(x + εe_i) − φ(x − εe_i)) / 2ε,
 * whose truncation error is O(ε²).
 */
public final class GradCheck {
  private GradCheck() {}

  /**
   * The outcome of a check.
   *
   * @param maxAbsError largest |analytic − numeric| over all input elements
   * @param maxRelError largest |analytic − numeric| / max(|numeric|, 1e-3): relative for every
   *     gradient entry of magnitude 1e-3 or more, absolute below that, where the roundoff of central
   *     differences (about 1e-10 at ε = 1e-6) would swamp a relative figure
   * @param analytic the reverse-mode gradients, one per input
   * @param numeric the finite-difference gradients, one per input
   */
  public record Result(double maxAbsError, double maxRelError, List<Tensor> analytic, List<Tensor> numeric) {}

  /**
   * Compares reverse-mode and central-difference gradients of {@code f} at {@code inputs}.
   *
   * @param f the function; it must be deterministic
   * @param inputs the point; not modified
   * @param eps the finite-difference step, e.g. 1e-6
   * @param seed seed for the random cotangent
   * @return the errors and both gradients
   */
  public static Result check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double eps, long seed) {
    List<Tensor> leaves = new ArrayList<>();
    for (Tensor x : inputs) {
      leaves.add(x.detach().requireGrad());
    }
    Tensor y = f.apply(leaves);
    Tensor w = new Rng(seed).normal(y.shape());
    List<Tensor> analytic = Autograd.grad(List.of(y), leaves, List.of(w), false);
    List<Tensor> numeric = new ArrayList<>();
    double maxAbs = 0;
    double maxRel = 0;
    // Evaluations run with recording as the caller has it: the inputs are plain tensors, so nothing
    // is recorded unless f builds its own graph (as a function that calls Autograd.grad inside must).
    {
      for (int k = 0; k < inputs.size(); k++) {
        double[] base = inputs.get(k).toArray();
        int[] shape = inputs.get(k).shape();
        double[] num = new double[base.length];
        for (int i = 0; i < base.length; i++) {
          double orig = base[i];
          base[i] = orig + eps;
          double fp = weighted(f, inputs, k, Tensor.of(base, shape), w);
          base[i] = orig - eps;
          double fm = weighted(f, inputs, k, Tensor.of(base, shape), w);
          base[i] = orig;
          num[i] = (fp - fm) / (2 * eps);
          double a = analytic.get(k).getFlat(i);
          double err = Math.abs(a - num[i]);
          maxAbs = Math.max(maxAbs, err);
          maxRel = Math.max(maxRel, err / Math.max(Math.abs(num[i]), 1e-3));
        }
        numeric.add(Tensor.of(num, shape));
      }
    }
    return new Result(maxAbs, maxRel, analytic, numeric);
  }

  private static double weighted(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, int k, Tensor xk, Tensor w) {
    List<Tensor> args = new ArrayList<>(inputs);
    args.set(k, xk);
    return f.apply(args).mul(w).sum().item();
  }
}
