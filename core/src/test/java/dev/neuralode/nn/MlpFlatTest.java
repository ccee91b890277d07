package dev.neuralode.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.ode.FlatOde;
import dev.neuralode.ode.FlatVjp;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Mlp}'s flat twin and flat VJP ({@code MlpKernels}) give the same bits as the tensor path:
 * {@link Mlp#apply} and reverse-mode autograd on it, for every supported activation, with and without
 * time, for 1-D, batched and rank-3 states, with cotangents holding exact and negative zeros, and for
 * a network wide enough to take the blocked matrix kernels.
 */
class MlpFlatTest {

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    int[][] shapes = {{3}, {1, 3}, {5, 3}, {2, 4, 3}};
    for (Activation act : new Activation[] {Activation.TANH, Activation.ELU, Activation.RELU, Activation.IDENTITY}) {
      for (boolean time : new boolean[] {false, true}) {
        for (int[] shape : shapes) {
          out.add(Arguments.of(act, time, shape, new int[] {16, 16}));
        }
      }
    }
    out.add(Arguments.of(Activation.TANH, false, new int[] {300, 3}, new int[] {96, 80}));
    out.add(Arguments.of(Activation.ELU, true, new int[] {300, 3}, new int[] {96}));
    return out.stream();
  }

  private static long[] bits(double[] v) {
    long[] b = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Double.doubleToRawLongBits(v[i]);
    }
    return b;
  }

  /** A state with both signs and large values (tanh saturates, ELU and ReLU take both branches). */
  private static double[] state(int size, long seed) {
    double[] y = new Rng(seed).normal(size).mul(1.7).toArray();
    y[0] = 0.0;
    return y;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void theFlatTwinGivesTheTensorBits(Activation act, boolean time, int[] shape, int[] hidden) {
    Mlp mlp = new Mlp(3, hidden, 3, act, time, new Rng(11));
    int size = dev.neuralode.tensor.Shape.size(shape);
    double[] y = state(size, 5);
    double t = 0.37;
    // with autograd on, weights that require a gradient allow no twin
    FlatOde twin = Autograd.withoutGrad(() -> mlp.flat(shape));
    assertThat(twin).isNotNull();
    double[] dydt = new double[size];
    twin.derivative(t, y, dydt);
    double[] expected = Autograd.withoutGrad(() -> mlp.apply(Tensor.scalar(t), Tensor.of(y, shape)).toArray());
    assertThat(bits(dydt)).containsExactly(bits(expected));
    // a second evaluation on other values reuses the buffers
    double[] y2 = state(size, 6);
    twin.derivative(-1.25, y2, dydt);
    double[] expected2 = Autograd.withoutGrad(() -> mlp.apply(Tensor.scalar(-1.25), Tensor.of(y2, shape)).toArray());
    assertThat(bits(dydt)).containsExactly(bits(expected2));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void theFlatVjpGivesAutogradsBits(Activation act, boolean time, int[] shape, int[] hidden) {
    Mlp mlp = new Mlp(3, hidden, 3, act, time, new Rng(12));
    int size = dev.neuralode.tensor.Shape.size(shape);
    double[] z = state(size, 7);
    double[] a = new Rng(8).normal(size).toArray();
    a[0] = 0.0;
    a[size - 1] = -0.0;
    if (size > 3) {
      a[1] = 0.0;
      a[2] = -0.0;
    }
    double t = 0.81;
    // the parameters in a scrambled order, one left out
    List<Tensor> all = mlp.parameterValues();
    List<Tensor> params = new ArrayList<>();
    for (int k = all.size() - 1; k >= 1; k--) {
      params.add(all.get(k));
    }
    FlatVjp vjp = mlp.flatVjp(params, shape);
    assertThat(vjp).isNotNull();
    int nParams = params.stream().mapToInt(Tensor::size).sum();
    double[] out = new double[2 * size + nParams + 1];
    vjp.vjp(t, z, 0, a, 0, out, 0, size);

    Tensor zt = Tensor.of(z, shape).requireGrad();
    Tensor tt = Tensor.scalar(t).requireGrad();
    List<Tensor> wrt = new ArrayList<>();
    wrt.add(zt);
    wrt.add(tt);
    wrt.addAll(params);
    List<Tensor> grads;
    Tensor f;
    try (Autograd.Scope s = Autograd.enableGrad()) {
      f = mlp.apply(tt, zt);
      grads = Autograd.grad(List.of(f), wrt, List.of(Tensor.of(a, shape)), false);
    }
    double[] expected = new double[out.length];
    System.arraycopy(f.toArray(), 0, expected, 0, size);
    int at = size;
    System.arraycopy(grads.get(0).toArray(), 0, expected, at, size);
    at += size;
    for (int k = 0; k < params.size(); k++) {
      double[] g = grads.get(2 + k).toArray();
      System.arraycopy(g, 0, expected, at, g.length);
      at += g.length;
    }
    expected[at] = grads.get(1).item();
    assertThat(bits(out)).containsExactly(bits(expected));

    // offsets into shared arrays, as the backsolve adjoint's augmented state [z, a, ...] uses them
    double[] packed = new double[2 * size];
    System.arraycopy(z, 0, packed, 0, size);
    System.arraycopy(a, 0, packed, size, size);
    double[] out2 = new double[out.length + 2];
    vjp.vjp(t, packed, 0, packed, size, out2, -1, 2);
    double[] tail = java.util.Arrays.copyOfRange(out2, 2, 2 + size + nParams + 1);
    assertThat(bits(tail)).containsExactly(bits(java.util.Arrays.copyOfRange(expected, size, expected.length)));

    // the negated products (the adjoint's dynamics): each product's exact negation, f as it is, and
    // the same bits as the interface's default (vjp, then a negation pass)
    int count = size + nParams + 1;
    double[] neg = new double[out.length];
    vjp.negatedVjp(t, z, 0, a, 0, neg, 0, size, count);
    double[] negExpected = expected.clone();
    for (int k = size; k < negExpected.length; k++) {
      negExpected[k] = -negExpected[k];
    }
    assertThat(bits(neg)).containsExactly(bits(negExpected));
    FlatVjp plain = vjp::vjp; // the interface's default negatedVjp
    double[] negDefault = new double[out.length];
    plain.negatedVjp(t, z, 0, a, 0, negDefault, 0, size, count);
    assertThat(bits(negDefault)).containsExactly(bits(negExpected));
  }

  @Test
  void noTwinOrVjpWhereTheTensorPathMustRun() {
    Mlp mlp = new Mlp(2, new int[] {8}, 2, Activation.TANH, false, new Rng(1));
    List<Tensor> params = mlp.parameterValues();
    assertThat(mlp.flat(new int[] {4, 3})).as("last extent is not in").isNull();
    assertThat(mlp.flatVjp(params, new int[] {4, 3})).isNull();
    assertThat(mlp.flatVjp(List.of(params.get(0), Tensor.vector(1, 2)), new int[] {4, 2}))
        .as("a tensor the network does not read").isNull();
    assertThat(mlp.flatVjp(List.of(params.get(0), params.get(0)), new int[] {4, 2})).as("twice").isNull();
    Mlp soft = new Mlp(2, new int[] {8}, 2, Activation.SOFTPLUS, false, new Rng(1));
    assertThat(soft.flat(new int[] {2})).isNull();
    assertThat(soft.flatVjp(soft.parameterValues(), new int[] {2})).isNull();
    Mlp wider = new Mlp(2, new int[] {8}, 3, Activation.TANH, false, new Rng(1));
    assertThat(wider.flat(new int[] {2})).as("dy/dt must have y's shape").isNull();
    // while autograd records and the weights require a gradient, direct backpropagation must see
    // the operations: no twin
    try (Autograd.Scope s = Autograd.enableGrad()) {
      assertThat(mlp.flat(new int[] {2})).isNull();
    }
    assertThat(Autograd.withoutGrad(() -> mlp.flat(new int[] {2}))).isNotNull();
  }

  /**
   * Whole gradients: the Mlp itself (its fused twin in forward solves that record nothing, its fused
   * VJP in the adjoints' backward pass) against the same network behind a traceable lambda (captured
   * programs); the same bits and the same NFE. Direct backpropagation records f, so it keeps the
   * programs (a fused node there measured slower) and must agree too.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      "adjoint, dopri5, TANH, true", "adjoint, euler, ELU, false", "adjoint, rk4, RELU, true",
      "interpolating, dopri5, ELU, false", "interpolating, tsit5, TANH, true",
      "checkpointed, dopri5, TANH, false", "direct, rk4, ELU, true"})
  void gradientsOfTheFusedMlpAreThoseOfItsPrograms(String mode, String method, Activation act, boolean time) {
    Mlp mlp = new Mlp(2, new int[] {16, 16}, 2, act, time, new Rng(3));
    List<Tensor> params = mlp.parameterValues();
    var b = dev.neuralode.ode.Solver.builder().method(method);
    dev.neuralode.ode.Solver solver = method.equals("euler") || method.equals("rk4")
        ? b.stepSize(0.05).build() : b.rtol(1e-6).atol(1e-8).build();
    dev.neuralode.sensitivity.Sensitivity sens = dev.neuralode.sensitivity.Sensitivity.parse(mode);
    Tensor t = Tensor.vector(0, 0.3, 0.7, 1.2);
    double[] z0 = {1.5, -0.5, 0.25, 2.0, -1.0, 0.0};
    Object[] fused = gradients(mlp, sens, Tensor.of(z0, 3, 2), t, params, solver);
    dev.neuralode.ode.OdeFunction program = dev.neuralode.ode.OdeFunction.compiled((tt, y) -> mlp.apply(tt, y));
    Object[] captured = gradients(program, sens, Tensor.of(z0, 3, 2), t, params, solver);
    assertThat(bits((double[]) fused[0])).containsExactly(bits((double[]) captured[0]));
    assertThat(fused[1]).isEqualTo(captured[1]);
  }

  private static Object[] gradients(dev.neuralode.ode.OdeFunction f, dev.neuralode.sensitivity.Sensitivity sens,
      Tensor z0, Tensor t, List<Tensor> params, dev.neuralode.ode.Solver solver) {
    Tensor start = z0.requireGrad();
    dev.neuralode.sensitivity.SensitivityResult r = sens.solve(f, start, t, params, solver);
    Tensor loss = r.ys().mul(r.ys()).sum();
    List<Tensor> wrt = new ArrayList<>(params);
    wrt.add(start);
    List<Double> all = new ArrayList<>();
    for (Tensor g : Autograd.grad(loss, wrt)) {
      for (double v : g.toArray()) {
        all.add(v);
      }
    }
    for (double v : r.ys().toArray()) {
      all.add(v);
    }
    return new Object[] {all.stream().mapToDouble(Double::doubleValue).toArray(),
        r.stats().forward().nfe() + "/" + r.stats().backward().nfe()};
  }
}
