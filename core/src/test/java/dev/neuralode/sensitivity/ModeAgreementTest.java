package dev.neuralode.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import dev.neuralode.ode.Odeint;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * All four modes on a time-dependent MLP ODE f(t, z) = MLP([z, t]) with 2-20-20-2 tanh layers
 * (542 parameters), z0 of shape [3, 2], outputs at t = 0, 0.5, 1.2, L = Σ w ⊙ z(t·), at
 * rtol = atol = 1e-10 (dopri5). The exact gradient is unknown in closed form; instead every mode
 * must agree with every other to 1e-6 relative (‖gₐ − g_b‖ / ‖g_b‖ over the whole vector
 * [∂L/∂z0, ∂L/∂t, ∂L/∂θ]), and with central differences (h = 1e-4) to 1e-5 relative on the probes:
 * all 6 entries of z0, all 3 times, and 6 parameter entries drawn with Rng(7).
 */
class ModeAgreementTest {

  @Test
  void allModesAgreeWithEachOtherAndWithFiniteDifferences() {
    Mlp mlp = new Mlp(2, new int[] {20, 20}, 2, Activation.TANH, true, new Rng(5));
    assertThat(mlp.parameterCount()).isGreaterThanOrEqualTo(500);
    Tensor z0 = new Rng(6).normal(3, 2).mul(0.5);
    double[] ts = {0.0, 0.5, 1.2};
    Tensor w = new Rng(8).normal(3, 3, 2);
    List<Sensitivity> modes = GradientModesTest.modes().toList();
    Map<Sensitivity, double[]> g = new LinkedHashMap<>();
    for (Sensitivity m : modes) {
      g.put(m, flatGradient(m, mlp, z0, ts, w, false));
    }
    double[] ck = flatGradient(Sensitivity.interpolatingAdjoint(), mlp, z0, ts, w, true);
    double ckErr = relErr(ck, g.get(Sensitivity.direct()));
    assertThat(ckErr).as("interpolating with checkpointing vs direct").isLessThan(1e-6);
    StringBuilder report = new StringBuilder("mode agreement (relative error vs DIRECT):");
    for (Sensitivity a : modes) {
      for (Sensitivity b : modes) {
        double rel = relErr(g.get(a), g.get(b));
        if (b.equals(Sensitivity.direct())) {
          report.append(String.format(" %s=%.2e", a.name(), rel));
        }
        assertThat(rel).as("%s vs %s", a, b).isLessThan(1e-6);
      }
    }
    System.out.println(report + String.format(" interpolating+checkpointing=%.2e", ckErr));

    double[] ref = g.get(Sensitivity.direct());
    double eps = 1e-4;
    List<Integer> probes = new ArrayList<>();
    List<Double> fd = new ArrayList<>();
    try (Autograd.Scope s = Autograd.noGrad()) {
      double[] z = z0.toArray();
      for (int i = 0; i < z.length; i++) {
        double[] zp = z.clone();
        double[] zm = z.clone();
        zp[i] += eps;
        zm[i] -= eps;
        probes.add(i);
        fd.add((loss(mlp, Tensor.of(zp, 3, 2), ts, w) - loss(mlp, Tensor.of(zm, 3, 2), ts, w)) / (2 * eps));
      }
      for (int i = 0; i < ts.length; i++) {
        double[] tp = ts.clone();
        double[] tm = ts.clone();
        tp[i] += eps;
        tm[i] -= eps;
        probes.add(z.length + i);
        fd.add((loss(mlp, z0, tp, w) - loss(mlp, z0, tm, w)) / (2 * eps));
      }
      double[] flat = mlp.flatParameters();
      Rng rng = new Rng(7);
      for (int k = 0; k < 6; k++) {
        int i = rng.nextInt(flat.length);
        double orig = flat[i];
        flat[i] = orig + eps;
        mlp.loadFlatParameters(flat);
        double lp = loss(mlp, z0, ts, w);
        flat[i] = orig - eps;
        mlp.loadFlatParameters(flat);
        double lm = loss(mlp, z0, ts, w);
        flat[i] = orig;
        mlp.loadFlatParameters(flat);
        probes.add(z.length + ts.length + i);
        fd.add((lp - lm) / (2 * eps));
      }
    }
    double[] fdv = fd.stream().mapToDouble(Double::doubleValue).toArray();
    StringBuilder fdReport = new StringBuilder("finite differences (relative error on the probes):");
    for (Sensitivity m : modes) {
      double[] sub = probes.stream().mapToDouble(i -> g.get(m)[i]).toArray();
      double rel = relErr(sub, fdv);
      fdReport.append(String.format(" %s=%.2e", m.name(), rel));
      assertThat(rel).as("%s vs finite differences", m).isLessThan(1e-5);
    }
    System.out.println(fdReport);
    assertThat(ref).isNotEmpty();
  }

  /** [∂L/∂z0, ∂L/∂t, ∂L/∂θ (in flatParameters order)]. */
  private static double[] flatGradient(Sensitivity mode, Mlp mlp, Tensor z0, double[] ts, Tensor w,
      boolean checkpointing) {
    Tensor y0 = z0.requireGrad();
    Tensor t = Tensor.vector(ts).requireGrad();
    Sensitivity m = checkpointing ? ((InterpolatingAdjoint) mode).withCheckpointing(true) : mode;
    Tensor ys = m.solve(mlp, y0, t, mlp.parameterValues(), GradientModesTest.TIGHT).ys();
    List<Tensor> wrt = new ArrayList<>(List.of(y0, t));
    wrt.addAll(mlp.parameterValues());
    List<Tensor> gs = Autograd.grad(ys.mul(w).sum(), wrt);
    int n = 0;
    for (Tensor x : gs) {
      n += x.size();
    }
    double[] out = new double[n];
    int off = 0;
    for (Tensor x : gs) {
      System.arraycopy(x.toArray(), 0, out, off, x.size());
      off += x.size();
    }
    return out;
  }

  private static double loss(Mlp mlp, Tensor z0, double[] ts, Tensor w) {
    return Odeint.solve(mlp, z0, ts, GradientModesTest.TIGHT).ys().mul(w).sum().item();
  }

  static double relErr(double[] a, double[] b) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < a.length; i++) {
      num += (a[i] - b[i]) * (a[i] - b[i]);
      den += b[i] * b[i];
    }
    return Math.sqrt(num / den);
  }
}
