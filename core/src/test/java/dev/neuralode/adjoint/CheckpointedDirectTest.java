package dev.neuralode.adjoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.GradientMode;
import dev.neuralode.nn.Mlp;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checkpointed direct mode replays the forward steps exactly: its states are bit-identical to
 * {@link Odeint#solve}'s, and its gradients equal direct mode's up to the summation order of the
 * accumulated cotangents (relative 1e-12), for adaptive FSAL (dopri5, with a jump time), adaptive
 * non-FSAL with extra dense stages (dopri8), Hermite-interpolated (bosh3) and fixed-step (rk4)
 * methods.
 */
class CheckpointedDirectTest {

  @ParameterizedTest
  @ValueSource(strings = {"dopri5", "dopri5+jump", "dopri8", "bosh3", "rk4"})
  void statesAreBitIdenticalAndGradientsEqualDirectMode(String method) {
    Solver o = Solver.builder().rtol(1e-8).atol(1e-8).build();
    if (method.equals("dopri5+jump")) {
      o = o.toBuilder().jumpTimes(0.77).build();
    } else if (method.equals("rk4")) {
      o = o.toBuilder().method("rk4").stepSize(0.01).build();
    } else {
      o = o.toBuilder().method(method).build();
    }
    Mlp mlp = new Mlp(2, new int[] {12}, 2, Activation.TANH, true, new Rng(11));
    Tensor z0 = new Rng(12).normal(3, 2);
    double[] ts = {0.0, 0.35, 1.0, 1.6};
    Tensor w = new Rng(13).normal(4, 3, 2);
    Tensor reference = Odeint.solve(mlp, z0, ts, o).ys();

    List<Tensor> gd = grads(GradientMode.DIRECT, mlp, z0, ts, w, o, null);
    Tensor[] ys = new Tensor[1];
    List<Tensor> gc = grads(GradientMode.DIRECT_CHECKPOINTED, mlp, z0, ts, w, o, ys);
    assertThat(ys[0].toArray()).containsExactly(reference.toArray());
    GradientStats s = GradientStats.last();
    assertThat(s.checkpoints()).isPositive().isLessThanOrEqualTo(s.steps())
        .isLessThanOrEqualTo(4 + (int) (2 * Math.sqrt(s.steps())));
    for (int k = 0; k < gd.size(); k++) {
      double[] a = gc.get(k).toArray();
      double[] b = gd.get(k).toArray();
      for (int i = 0; i < a.length; i++) {
        assertThat(Math.abs(a[i] - b[i])).as("input %d entry %d", k, i)
            .isLessThanOrEqualTo(1e-12 * Math.max(1.0, Math.abs(b[i])));
      }
    }
  }

  private static List<Tensor> grads(GradientMode mode, Mlp mlp, Tensor z0, double[] ts, Tensor w,
      Solver o, Tensor[] ysOut) {
    Tensor y0 = z0.requireGrad();
    Tensor t = Tensor.vector(ts).requireGrad();
    Tensor ys = dev.neuralode.nn.GradientSolve.solve(mlp, y0, t, mlp.parameterValues(), o, mode,
        AdjointOptions.defaults()).ys();
    if (ysOut != null) {
      ysOut[0] = ys;
    }
    List<Tensor> wrt = new ArrayList<>(List.of(y0, t));
    wrt.addAll(mlp.parameterValues());
    return Autograd.grad(ys.mul(w).sum(), wrt);
  }
}
