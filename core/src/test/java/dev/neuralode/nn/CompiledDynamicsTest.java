package dev.neuralode.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.sensitivity.SensitivityResult;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compiled dynamics: solves and gradients of module-built dynamics (which the solvers and
 * sensitivities capture and replay) equal, bit for bit, those of the same module passed as a plain
 * lambda (which forces the eager path), for every sensitivity, fixed and adaptive methods, and
 * time-dependent and autonomous MLPs.
 */
class CompiledDynamicsTest {
  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String mode : Sensitivity.names()) {
      for (String method : List.of("euler", "rk4", "dopri5", "tsit5")) {
        for (boolean timeDependent : new boolean[] {false, true}) {
          out.add(Arguments.of(mode, method, timeDependent));
        }
      }
    }
    return out.stream();
  }

  private static long[] bits(Tensor t) {
    return Arrays.stream(t.toArray()).mapToLong(Double::doubleToRawLongBits).toArray();
  }

  private static Solver solver(String method) {
    return method.equals("euler") || method.equals("rk4") ? Solver.fixed(method, 0.1)
        : Solver.builder().method(method).rtol(1e-6).atol(1e-8).build();
  }

  @ParameterizedTest(name = "{0} {1} timeDependent={2}")
  @MethodSource("cases")
  void compiledSolvesAndGradientsEqualTheEagerOnesBitForBit(String mode, String method, boolean timeDependent) {
    Mlp mlp = new Mlp(2, new int[] {16, 16}, 2, Activation.TANH, timeDependent, new Rng(3));
    assertThat(mlp.traceable()).isTrue();
    OdeFunction eager = (t, y) -> mlp.apply(t, y);
    assertThat(eager.traceable()).isFalse();
    Tensor y0 = new Rng(4).normal(5, 2);
    double[] times = {0.0, 0.35, 0.8, 1.2};
    Solver solver = solver(method);
    // forward, not recording: the compiled path
    try (Autograd.Scope s = Autograd.noGrad()) {
      assertThat(bits(Odeint.solve(mlp, y0, times, solver).ys()))
          .containsExactly(bits(Odeint.solve(eager, y0, times, solver).ys()));
    }
    // gradients with respect to y0, t and the parameters
    List<long[]> compiled = gradients(mlp, mlp, y0, times, solver, Sensitivity.parse(mode));
    List<long[]> reference = gradients(eager, mlp, y0, times, solver, Sensitivity.parse(mode));
    for (int k = 0; k < reference.size(); k++) {
      assertThat(compiled.get(k)).as("gradient %d", k).containsExactly(reference.get(k));
    }
  }

  static Stream<Arguments> spiralCases() {
    List<Arguments> out = new ArrayList<>();
    for (String mode : Sensitivity.names()) {
      for (String method : List.of("rk4", "tsit5", "dopri5")) {
        out.add(Arguments.of(mode, method));
      }
    }
    return out.stream();
  }

  /**
   * A lambda declared traceable with {@link OdeFunction#compiled} (SciMLSensitivity's spiral model, u³
   * then an MLP) is captured and replayed: its solves and gradients equal the plain lambda's bit for
   * bit.
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("spiralCases")
  void lambdasDeclaredCompiledGiveTheEagerBits(String mode, String method) {
    Mlp mlp = new Mlp(2, new int[] {12}, 2, Activation.TANH, false, new Rng(8));
    OdeFunction eager = (t, u) -> mlp.forward(u.mul(u).mul(u));
    OdeFunction compiled = OdeFunction.compiled(eager);
    assertThat(compiled.traceable()).isTrue();
    Tensor y0 = Tensor.of(new double[] {2.0, 0.0}, 1, 2);
    double[] times = {0.0, 0.2, 0.45, 0.7, 1.0};
    Solver solver = method.equals("rk4") ? Solver.fixed(method, 0.05)
        : Solver.builder().method(method).rtol(1e-3).atol(1e-6).build();
    try (Autograd.Scope s = Autograd.noGrad()) {
      assertThat(bits(Odeint.solve(compiled, y0, times, solver).ys()))
          .containsExactly(bits(Odeint.solve(eager, y0, times, solver).ys()));
    }
    List<long[]> reference = gradients(eager, mlp, y0, times, solver, Sensitivity.parse(mode));
    List<long[]> replayed = gradients(compiled, mlp, y0, times, solver, Sensitivity.parse(mode));
    boolean recorded = mode.equals("direct") || mode.equals("checkpointed");
    assertThat(replayed.get(0)).as("the states").containsExactly(reference.get(0));
    for (int k = 1; k < reference.size(); k++) {
      if (!recorded) {
        assertThat(replayed.get(k)).as("gradient %d", k).containsExactly(reference.get(k));
        continue;
      }
      // backpropagation through the solver records one node per evaluation of f, whose compiled VJP
      // sums the cotangents of u's three uses in u·u·u before they meet u's other uses (the solver's
      // stage combinations); the eager graph adds all of them in one walk. The same terms in another
      // order: equal to a few ulp (an MLP module, which uses its input once, gives the same bits:
      // compiledSolvesAndGradientsEqualTheEagerOnesBitForBit)
      double[] a = values(replayed.get(k));
      double[] b = values(reference.get(k));
      double scale = 0;
      for (double v : b) {
        scale = Math.max(scale, Math.abs(v));
      }
      for (int i = 0; i < a.length; i++) {
        assertThat(Math.abs(a[i] - b[i])).as("gradient %d entry %d", k, i).isLessThanOrEqualTo(1e-14 * scale);
      }
    }
  }

  private static double[] values(long[] bits) {
    return Arrays.stream(bits).mapToDouble(Double::longBitsToDouble).toArray();
  }

  /**
   * Direct backpropagation through the solver records one node per evaluation of compiled dynamics
   * (its VJP a captured program) instead of a node per op of f: an MLP 2-16-16-2 with Euler over 20
   * steps records far fewer nodes, and the same gradients.
   */
  @org.junit.jupiter.api.Test
  void directModeRecordsOneNodePerEvaluationOfCompiledDynamics() {
    Mlp mlp = new Mlp(2, new int[] {16, 16}, 2, Activation.ELU, false, new Rng(9));
    OdeFunction eager = (t, y) -> mlp.apply(t, y);
    Tensor y0 = new Rng(10).normal(1, 2).requireGrad();
    double[] times = {0.0, 1.0};
    Solver euler = Solver.fixed("euler", 0.05);
    Tensor compiledYs = Odeint.solve(mlp, y0, times, euler).ys();
    Tensor eagerYs = Odeint.solve(eager, y0, times, euler).ys();
    long compiledNodes = dev.neuralode.tensor.GraphStats.of(compiledYs).nodes();
    long eagerNodes = dev.neuralode.tensor.GraphStats.of(eagerYs).nodes();
    // eager: 5 ops of f (3 fused affine maps, 2 ELUs) plus the step's combination, 6 per step;
    // compiled: one node for f (the first evaluation, which captures, stays eager) plus the
    // combination, about 2 per step
    assertThat(compiledNodes).isLessThan(eagerNodes / 2);
    List<Tensor> params = mlp.parameterValues();
    List<Tensor> wrt = new ArrayList<>(params);
    wrt.add(0, y0);
    List<Tensor> gc = Autograd.grad(List.of(compiledYs.square().sum()), wrt, null, false);
    List<Tensor> ge = Autograd.grad(List.of(eagerYs.square().sum()), wrt, null, false);
    for (int k = 0; k < ge.size(); k++) {
      assertThat(bits(gc.get(k))).as("gradient %d", k).containsExactly(bits(ge.get(k)));
    }
  }

  @org.junit.jupiter.api.Test
  void compiledRefusesNull() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OdeFunction.compiled(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("f must not be null");
  }

  @org.junit.jupiter.api.Test
  void dynamicsThatSolveInsideFallBackToTheEagerPath() {
    Mlp mlp = new Mlp(2, new int[] {8}, 2, Activation.TANH, false, new Rng(5));
    // a traceable f whose value comes from an inner solve: captures cannot nest, and the inner
    // solver reads values into Java, so both levels stay eager and give the eager bits
    OdeFunction nested = new OdeFunction() {
      @Override
      public Tensor apply(Tensor t, Tensor y) {
        return Odeint.solve(mlp, y, new double[] {0.0, 0.1}, Solver.fixed("rk4", 0.05)).ys().index(1).sub(y);
      }

      @Override
      public boolean traceable() {
        return true;
      }
    };
    OdeFunction eager = (t, y) -> nested.apply(t, y);
    Tensor y0 = new Rng(6).normal(3, 2);
    try (Autograd.Scope s = Autograd.noGrad()) {
      assertThat(bits(Odeint.solve(nested, y0, new double[] {0, 0.5}, Solver.fixed("euler", 0.1)).ys()))
          .containsExactly(bits(Odeint.solve(eager, y0, new double[] {0, 0.5}, Solver.fixed("euler", 0.1)).ys()));
    }
  }

  private static List<long[]> gradients(OdeFunction f, Mlp mlp, Tensor y0, double[] times, Solver solver,
      Sensitivity mode) {
    Tensor z0 = y0.requireGrad();
    Tensor t = Tensor.vector(times).requireGrad();
    List<Tensor> params = mlp.parameterValues();
    SensitivityResult r = mode.solve(f, z0, t, params, solver);
    Tensor loss = r.ys().square().sum().add(r.ys().sin().sum());
    List<Tensor> wrt = new ArrayList<>();
    wrt.add(z0);
    wrt.add(t);
    wrt.addAll(params);
    List<long[]> out = new ArrayList<>();
    out.add(bits(r.ys()));
    for (Tensor g : Autograd.grad(List.of(loss), wrt, null, false)) {
      out.add(bits(g));
    }
    return out;
  }
}
