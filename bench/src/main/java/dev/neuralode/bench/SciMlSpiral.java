package dev.neuralode.bench;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.sensitivity.SensitivityResult;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.List;

/**
 * P7: SciMLSensitivity's published benchmark (its documentation's {@code Benchmark.md}): the
 * spiral u' = ((u³)ᵀA)ᵀ with A = [[-0.1, 2], [-2, -0.1]], u0 = [2, 0], 30 save points on [0, 1.5];
 * the model u³ → Dense(2, 50, tanh) → Dense(50, 2), solved with tsit5 at rtol 1e-3, atol 1e-6;
 * loss the sum of squared differences to the true trajectory; one gradient of the loss with
 * respect to the model's parameters. SciML reports 1.66 ms per gradient with its interpolating
 * adjoint and a compiled ReverseDiff tape, and 2.48 ms with backsolve.
 */
final class SciMlSpiral {
  /** SciML's published time per gradient, interpolating adjoint (ms). */
  static final double SCIML_INTERPOLATING_MS = 1.66;
  /** SciML's published time per gradient, backsolve adjoint (ms). */
  static final double SCIML_BACKSOLVE_MS = 2.48;
  /** Where the figures come from. */
  static final String CITATION = "SciMLSensitivity.jl documentation, Benchmarks, \"A bunch of adjoint"
      + " choices on neural ODEs\" (https://docs.sciml.ai/SciMLSensitivity/stable/Benchmark/): 1.66 ms per"
      + " gradient with the interpolating adjoint and a compiled ReverseDiff tape, 2.48 ms with backsolve"
      + " (Float32, Julia; figures as issue 9 quotes them)";

  final Mlp mlp;
  final List<Tensor> params;
  final OdeFunction model;
  final Tensor u0;
  final Tensor times;
  final Tensor data;
  final Solver solver;

  SciMlSpiral() {
    Tensor a = Tensor.matrix(new double[][] {{-0.1, 2.0}, {-2.0, -0.1}});
    OdeFunction truth = (t, u) -> u.mul(u).mul(u).matmul(a);
    u0 = Tensor.of(new double[] {2, 0}, 1, 2);
    double[] ts = new double[30];
    for (int i = 0; i < 30; i++) {
      ts[i] = 1.5 * i / 29;
    }
    times = Tensor.vector(ts);
    data = Autograd.withoutGrad(() -> Odeint.solve(truth, u0, ts,
        Solver.builder().method("tsit5").rtol(1e-10).atol(1e-12).build()).ys());
    mlp = new Mlp(2, new int[] {50}, 2, Activation.TANH, false, new Rng(7));
    params = mlp.parameterValues();
    model = OdeFunction.compiled((t, u) -> mlp.forward(u.mul(u).mul(u)));
    solver = Solver.builder().method("tsit5").rtol(1e-3).atol(1e-6).build();
  }

  /** One gradient of the loss with the given sensitivity, and the solve's statistics. */
  Gradient gradient(Sensitivity mode) {
    SensitivityResult r = mode.solve(model, u0, times, params, solver);
    Tensor d = r.ys().sub(data);
    Tensor loss = d.mul(d).sum();
    List<Tensor> g = Autograd.grad(loss, params);
    return new Gradient(loss.item(), g, r);
  }

  record Gradient(double loss, List<Tensor> grads, SensitivityResult result) {}
}
