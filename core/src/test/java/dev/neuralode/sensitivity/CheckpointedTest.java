package dev.neuralode.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checkpointed mode replays the forward steps exactly: its states are bit-identical to
 * {@link Odeint#solve}'s, and its gradients equal direct mode's up to the summation order of the
 * accumulated cotangents (relative 1e-12), for adaptive FSAL (dopri5, with a jump time), adaptive
 * FSAL with extra dense stages (dopri8), Hermite-interpolated (bosh3) and fixed-step (rk4) methods,
 * with 1, 3 and 16 checkpoints; the schedule stores at most c states and advances exactly the binomial
 * optimum t(N, c) of steps.
 */
class CheckpointedTest {

  @ParameterizedTest
  @CsvSource({"dopri5, 16", "dopri5, 3", "dopri5+jump, 3", "dopri8, 2", "bosh3, 3", "rk4, 16", "rk4, 1"})
  void statesAreBitIdenticalAndGradientsEqualDirectMode(String method, int c) {
    Solver o = Solver.builder().rtol(1e-10).atol(1e-10).build();
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

    List<Tensor> gd = grads(Sensitivity.direct(), mlp, z0, ts, w, o, null);
    Tensor[] ys = new Tensor[1];
    SensitivityResult[] r = new SensitivityResult[1];
    List<Tensor> gc = grads(Sensitivity.checkpointed(c), mlp, z0, ts, w, o, ys, r);
    assertThat(ys[0].toArray()).containsExactly(reference.toArray());
    GradientStats s = r[0].stats();
    GradientStats.Backward bw = s.backwardPass();
    int n = s.steps();
    assertThat(n).isEqualTo(s.forward().acceptedSteps()).isGreaterThanOrEqualTo(5);
    assertThat(bw.checkpoints()).isPositive().isLessThanOrEqualTo(Math.min(c, n));
    assertThat(bw.reversedSteps()).isEqualTo(n);
    assertThat(bw.advancedSteps()).isEqualTo(BinomialSchedule.advances(n, c));
    assertThat(s.stepRecordDoubles()).isEqualTo(3L * n);
    assertThat(s.retainedDoubles()).isEqualTo(z0.size());
    for (int k = 0; k < gd.size(); k++) {
      double[] a = gc.get(k).toArray();
      double[] b = gd.get(k).toArray();
      for (int i = 0; i < a.length; i++) {
        assertThat(Math.abs(a[i] - b[i])).as("input %d entry %d", k, i)
            .isLessThanOrEqualTo(1e-12 * Math.max(1.0, Math.abs(b[i])));
      }
    }
  }

  private static List<Tensor> grads(Sensitivity mode, Mlp mlp, Tensor z0, double[] ts, Tensor w,
      Solver o, Tensor[] ysOut) {
    return grads(mode, mlp, z0, ts, w, o, ysOut, new SensitivityResult[1]);
  }

  private static List<Tensor> grads(Sensitivity mode, Mlp mlp, Tensor z0, double[] ts, Tensor w,
      Solver o, Tensor[] ysOut, SensitivityResult[] result) {
    Tensor y0 = z0.requireGrad();
    Tensor t = Tensor.vector(ts).requireGrad();
    result[0] = mode.solve(mlp, y0, t, mlp.parameterValues(), o);
    Tensor ys = result[0].ys();
    if (ysOut != null) {
      ysOut[0] = ys;
    }
    List<Tensor> wrt = new ArrayList<>(List.of(y0, t));
    wrt.addAll(mlp.parameterValues());
    return Autograd.grad(ys.mul(w).sum(), wrt);
  }
}
