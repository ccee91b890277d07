package dev.neuralode.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.PidController;
import dev.neuralode.ode.Solver;
import dev.neuralode.optim.Adam;
import dev.neuralode.sensitivity.BacksolveAdjoint;
import dev.neuralode.sensitivity.InterpolatingAdjoint;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.sensitivity.SensitivityResult;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.ParameterSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A {@link NeuralOde} gives the same gradients in every sensitivity, and the step-size controller set
 * on its {@link Solver} is the one every sensitivity uses.
 */
class NeuralOdeTest {

  @Test
  void neuralOdeGradientsAgreeAcrossModes() {
    Solver o = Solver.builder().rtol(1e-9).atol(1e-9).build();
    double[] reference = null;
    for (String name : Sensitivity.names()) {
      Sensitivity m = seminorm(Sensitivity.parse(name));
      Mlp mlp = new Mlp(2, new int[] {6}, 2, Activation.TANH, true, new Rng(21));
      NeuralOde node = new NeuralOde(mlp, o, m);
      Tensor z0 = new Rng(22).normal(2, 2).requireGrad();
      Tensor ys = node.forward(z0, new double[] {0.0, 0.6, 1.0});
      List<Tensor> wrt = new ArrayList<>(List.of(z0));
      wrt.addAll(node.parameterValues());
      List<Tensor> g = Autograd.grad(ys.square().sum(), wrt);
      List<Double> flat = new ArrayList<>();
      for (Tensor x : g) {
        for (double v : x.toArray()) {
          flat.add(v);
        }
      }
      double[] a = flat.stream().mapToDouble(Double::doubleValue).toArray();
      if (reference == null) {
        reference = a;
      } else {
        for (int i = 0; i < a.length; i++) {
          assertThat(Math.abs(a[i] - reference[i])).as("%s entry %d", m, i)
              .isLessThan(1e-6 * Math.max(1, Math.abs(reference[i])));
        }
      }
    }
  }

  private static Sensitivity seminorm(Sensitivity s) {
    if (s instanceof BacksolveAdjoint b) {
      return b.withSeminorm(true);
    }
    return s instanceof InterpolatingAdjoint i ? i.withSeminorm(true) : s;
  }

  /**
   * The acceptance test of issue 8: a PID controller set on the Solver is used in a training run. Each
   * sensitivity trains a small MLP ODE for three Adam steps with the I-controller and with a PI rule;
   * the forward NFE differ (so the PID rule was used by the forward solve and, for the modes that replay
   * or re-solve, by those too), and the PID run's first gradient matches central finite differences of
   * the loss solved with the same PID solver.
   */
  @Test
  void aPidControllerOnTheSolverIsUsedInTraining() {
    Solver i = Solver.builder().rtol(1e-9).atol(1e-9).build();
    Solver pid = i.toBuilder().rule(PidController.of(0.4, 0.3, 0.0)).build();
    double[] t = {0.0, 0.5, 1.0, 2.0};
    for (String name : Sensitivity.names()) {
      Sensitivity s = Sensitivity.parse(name);
      long[] nfe = new long[2];
      for (int k = 0; k < 2; k++) {
        Solver solver = k == 0 ? i : pid;
        Mlp mlp = new Mlp(2, new int[] {8}, 2, Activation.TANH, false, new Rng(31));
        NeuralOde node = new NeuralOde(mlp, solver, s);
        Adam adam = new Adam(0.01);
        ParameterSet params = new ParameterSet(mlp.parameters());
        Tensor z0 = new Rng(32).normal(4, 2);
        for (int it = 0; it < 3; it++) {
          SensitivityResult r = node.solve(z0, Tensor.vector(t));
          Tensor loss = r.ys().square().sum();
          List<Tensor> g = Autograd.grad(loss, mlp.parameterValues());
          nfe[k] += r.forward().nfe() + r.stats().backward().nfe();
          if (k == 1 && it == 0) {
            checkAgainstFiniteDifferences(mlp, z0, t, pid, g, name);
          }
          params.step(adam, g, 0.01);
        }
      }
      assertThat(nfe[1]).as("%s: PID vs I-controller NFE", name).isNotEqualTo(nfe[0]);
    }
  }

  private static void checkAgainstFiniteDifferences(Mlp mlp, Tensor z0, double[] t, Solver solver,
      List<Tensor> g, String name) {
    double eps = 1e-5;
    try (Autograd.Scope scope = Autograd.noGrad()) {
      List<Parameter> params = mlp.parameters();
      for (int p = 0; p < params.size(); p++) {
        Parameter param = params.get(p);
        double[] v = param.value().toArray();
        for (int j = 0; j < v.length; j += 3) {
          double[] plus = v.clone();
          double[] minus = v.clone();
          plus[j] += eps;
          minus[j] -= eps;
          param.set(Tensor.of(plus, param.value().shape()));
          double lp = Odeint.solve(mlp, z0, t, solver).ys().square().sum().item();
          param.set(Tensor.of(minus, param.value().shape()));
          double lm = Odeint.solve(mlp, z0, t, solver).ys().square().sum().item();
          param.set(Tensor.of(v, param.value().shape()));
          double fd = (lp - lm) / (2 * eps);
          assertThat(g.get(p).getFlat(j)).as("%s: dL/d%s[%d]", name, param.name(), j)
              .isCloseTo(fd, org.assertj.core.api.Assertions.within(1e-4 * Math.max(1, Math.abs(fd))));
        }
      }
    }
  }
}
