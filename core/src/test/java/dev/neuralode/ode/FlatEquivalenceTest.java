package dev.neuralode.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The flat engine gives the same bits and statistics as the Tensor path: every explicit method of the
 * registry, adaptive and fixed-grid, forward and backward, one state and a batch, several output grids
 * and solver settings; through a captured program (a traceable f), and through the public flat API
 * with a right-hand side that computes the same values.
 */
class FlatEquivalenceTest {
  private static final double MU = 1.5;

  /** Van der Pol on [.., 2] as tensor ops (eager: a plain lambda is not traceable). */
  private static final OdeFunction EAGER = (t, y) -> {
    int r = y.rank();
    Tensor x = y.slice(r - 1, 0, 1);
    Tensor v = y.slice(r - 1, 1, 2);
    Tensor dv = v.mul(x.mul(x).neg().add(1)).mul(MU).sub(x).add(t.sin().mul(0.25));
    return Tensor.concat(r - 1, v, dv);
  };

  /** The same values on arrays (the same operations in the same order). */
  private static final FlatOde PLAIN = (t, y, dy) -> {
    double s = Math.sin(t) * 0.25;
    for (int i = 0; i < y.length; i += 2) {
      double x = y[i];
      double v = y[i + 1];
      dy[i] = v;
      dy[i + 1] = v * (-(x * x) + 1) * MU - x + s;
    }
  };

  private static List<double[]> grids() {
    List<double[]> g = new ArrayList<>();
    g.add(new double[] {0.0, 3.0});
    g.add(new double[] {0.0, 0.1, 0.35, 1.0, 1.7, 2.0, 2.9, 3.0});
    g.add(new double[] {1.0, 0.6, 0.1, -0.3});
    double[] many = new double[31];
    for (int i = 0; i < many.length; i++) {
      many[i] = -0.5 + 0.1 * i;
    }
    g.add(many);
    return g;
  }

  /**
   * One state, a batch of 3 and a batch of 40 (80 entries: at least StageSums.WIDE, so the sums
   * run a term at a time over all entries; the shorter ones entry by entry).
   */
  private static List<Tensor> states() {
    double[] three = {2.0, 0.0, -1.0, 0.5, 0.3, -2.0};
    double[] wide = new double[80];
    for (int i = 0; i < wide.length; i++) {
      // the three rows below, each moved a little: states whose backward solves stay bounded
      wide[i] = three[i % 6] + 0.01 * (i / 6);
    }
    assertTrue(wide.length >= StageSums.WIDE);
    return List.of(Tensor.of(new double[] {2.0, 0.0}, 2),
        Tensor.of(new double[] {2.0, 0.0, -1.0, 0.5, 0.3, -2.0}, 3, 2), Tensor.of(wide, 40, 2));
  }

  private static Solver solverFor(String name, double[] grid) {
    Method m = Methods.byName(name);
    return m.adaptive() ? Solver.builder().method(m).rtol(1e-6).atol(1e-8).build()
        : Solver.fixed(name, Math.abs(grid[grid.length - 1] - grid[0]) / 40);
  }

  @Test
  void everyExplicitMethodGivesTheSameBitsThroughACapturedProgram() {
    for (String name : Methods.explicitNames()) {
      for (double[] grid : grids()) {
        for (Tensor y0 : states()) {
          same(name, Odeint.solve(EAGER, y0, grid, solverFor(name, grid)),
              flatSolve(OdeFunction.compiled(EAGER), y0, grid, solverFor(name, grid)));
        }
      }
    }
  }

  @Test
  void everyExplicitMethodGivesTheSameBitsThroughThePlainApi() {
    for (String name : Methods.explicitNames()) {
      for (double[] grid : grids()) {
        for (Tensor y0 : states()) {
          OdeResult tensor = Odeint.solve(EAGER, y0, grid, solverFor(name, grid));
          int rows = y0.rank() == 1 ? 1 : y0.dim(0);
          FlatOdeResult flat = Odeint.solve(PLAIN, y0.toArray(), rows, grid, solverFor(name, grid));
          assertEquals(tensor.stats(), flat.stats(), name);
          assertArrayEquals(tensor.t(), flat.t(), name);
          for (int i = 0; i < grid.length; i++) {
            assertArrayEquals(tensor.ys().slice(0, i, i + 1).toArray(), flat.ys()[i], 0.0, name + " t=" + grid[i]);
            assertBits(tensor.ys().slice(0, i, i + 1).toArray(), flat.ys()[i], name);
          }
        }
      }
    }
  }

  @Test
  void controllerSettingsGiveTheSameBits() {
    Tensor y0 = states().get(1);
    double[] grid = {0.0, 0.7, 2.0, 4.0};
    List<Supplier<SolverBuilder>> builders = List.of(
        () -> Solver.builder().method("dopri5").rtol(1e-5).atol(1e-7).rule(PidController.of(0.3, 0.3, 0.0)),
        () -> Solver.builder().method("tsit5").rtol(1e-6).atol(1e-9).jumpTimes(1.0, 2.5),
        () -> Solver.builder().method("dopri8").rtol(1e-9).atol(1e-9).norm(ErrorNorm.MAX),
        () -> Solver.builder().method("bosh3").rtol(new double[] {1e-4, 1e-6}).atol(1e-8).firstStep(0.01),
        () -> Solver.builder().method("fehlberg2").rtol(1e-4).atol(1e-6).stepLimits(1e-4, 0.05),
        () -> Solver.builder().method("adaptive_heun").rtol(1e-4).atol(1e-6).jumpTimes(0.7, 3.0));
    for (Supplier<SolverBuilder> b : builders) {
      same(b.get().build().toString(), Odeint.solve(EAGER, y0, grid, b.get().build()),
          flatSolve(OdeFunction.compiled(EAGER), y0, grid, b.get().build()));
    }
  }

  @Test
  void failuresAreTheSameExceptions() {
    Tensor y0 = states().get(0);
    double[] grid = {0.0, 20.0};
    Solver few = Solver.builder().method("dopri5").rtol(1e-8).atol(1e-8).maxSteps(20).build();
    MaxStepsExceededException a = assertThrows(MaxStepsExceededException.class,
        () -> Odeint.solve(EAGER, y0, grid, few));
    MaxStepsExceededException b = assertThrows(MaxStepsExceededException.class,
        () -> flatSolve(OdeFunction.compiled(EAGER), y0, grid, few));
    MaxStepsExceededException c = assertThrows(MaxStepsExceededException.class,
        () -> Odeint.solve(PLAIN, y0.toArray(), grid, few));
    assertEquals(a.getMessage(), b.getMessage());
    assertEquals(a.getMessage(), c.getMessage());
    OdeFunction blowUp = (t, y) -> y.mul(y);
    Tensor big = Tensor.of(new double[] {1.0}, 1);
    Solver fixed = Solver.fixed("euler", 0.5);
    NonFiniteStateException d = assertThrows(NonFiniteStateException.class,
        () -> Odeint.solve(blowUp, big, new double[] {0, 100}, fixed));
    NonFiniteStateException e = assertThrows(NonFiniteStateException.class,
        () -> flatSolve(OdeFunction.compiled(blowUp), big, new double[] {0, 100}, fixed));
    assertEquals(d.getMessage(), e.getMessage());
    OdeFunction nan = (t, y) -> y.mul(Double.NaN);
    NonFiniteStateException g = assertThrows(NonFiniteStateException.class,
        () -> flatSolve(OdeFunction.compiled(nan), big, new double[] {0, 1}, Solver.defaults()));
    assertEquals(assertThrows(NonFiniteStateException.class,
        () -> Odeint.solve(nan, big, new double[] {0, 1}, Solver.defaults())).getMessage(), g.getMessage());
  }

  @Test
  void theFallbackDecisionIsExplicit() {
    Tensor y0 = states().get(0);
    OdeFunction traced = OdeFunction.compiled(EAGER);
    Solver s = Solver.defaults();
    assertNull(FlatRoute.eagerReason(traced, y0, s, List.of(), StepCallbacks.NONE, false));
    assertEquals("f is not traceable", FlatRoute.eagerReason(EAGER, y0, s, List.of(), StepCallbacks.NONE, false));
    assertEquals("implicit method", FlatRoute.eagerReason(traced, y0, Solver.of("kvaerno5"), List.of(),
        StepCallbacks.NONE, false));
    Event ev = Event.of((t, y) -> t - 0.5);
    assertEquals("events", FlatRoute.eagerReason(traced, y0, s, List.of(ev), StepCallbacks.NONE, false));
    StepCallbacks cb = StepCallbacks.onAccepted(info -> { });
    assertEquals("step callbacks", FlatRoute.eagerReason(traced, y0, s, List.of(), cb, false));
    assertEquals("dense solution", FlatRoute.eagerReason(traced, y0, s, List.of(), StepCallbacks.NONE, true));
    Tensor grad = y0.requireGrad();
    assertEquals("y0 requires a gradient", FlatRoute.eagerReason(traced, grad, s, List.of(),
        StepCallbacks.NONE, false));
    try (Autograd.Scope scope = Autograd.noGrad()) {
      assertNull(FlatRoute.eagerReason(traced, grad, s, List.of(), StepCallbacks.NONE, false));
    }
    // the flat engine runs (a program was captured) and the recorded path still gives gradients
    try (Autograd.Scope scope = Autograd.noGrad()) {
      assertNotNull(FlatRoute.tryFlat(traced, y0, new double[] {0, 1}, s, List.of(), StepCallbacks.NONE));
      OdeFunction readsValues = OdeFunction.compiled((t, y) -> y.mul(y.toArray()[0]));
      assertNull(FlatRoute.tryFlat(readsValues, y0, new double[] {0, 1}, s, List.of(), StepCallbacks.NONE));
    }
    // recording on: a program is not tried (f might read parameters that require a gradient) ...
    assertNull(FlatRoute.tryFlat(traced, y0, new double[] {0, 1}, s, List.of(), StepCallbacks.NONE));
    assertNull(FlatRoute.tryFlat(traced, grad, new double[] {0, 1}, s, List.of(), StepCallbacks.NONE));
    // ... but a flat twin is used
    FlatOde twin = (t, y, dy) -> dy[0] = -y[0];
    OdeFunction withTwin = new OdeFunction() {
      @Override
      public Tensor apply(Tensor t, Tensor y) {
        return y.neg();
      }

      @Override
      public boolean traceable() {
        return true;
      }

      @Override
      public FlatOde flat() {
        return twin;
      }
    };
    Tensor one = Tensor.of(new double[] {1.0}, 1);
    assertNotNull(FlatRoute.tryFlat(withTwin, one, new double[] {0, 1}, s, List.of(), StepCallbacks.NONE));
    same("twin", Odeint.solve((t, y) -> y.neg(), one, new double[] {0, 0.5, 1}, s),
        Odeint.solve(withTwin, one, new double[] {0, 0.5, 1}, s));
    Tensor g = Odeint.solve(traced, grad, new double[] {0, 1}, s).ys().sum();
    assertEquals(2, Autograd.grad(g, List.of(grad)).get(0).size());
  }

  /** A solve with autograd off, where a traceable f takes the flat engine (checked to be taken). */
  private static OdeResult flatSolve(OdeFunction f, Tensor y0, double[] t, Solver s) {
    try (Autograd.Scope scope = Autograd.noGrad()) {
      assertNull(FlatRoute.eagerReason(f, y0, s, List.of(), StepCallbacks.NONE, false));
      return Odeint.solve(f, y0, t, s);
    }
  }

  private static void same(String what, OdeResult eager, OdeResult flat) {
    assertEquals(eager.stats(), flat.stats(), what);
    assertArrayEquals(eager.t(), flat.t(), what);
    assertArrayEquals(eager.ys().shape(), flat.ys().shape(), what);
    assertBits(eager.ys().toArray(), flat.ys().toArray(), what);
  }

  private static void assertBits(double[] a, double[] b, String what) {
    assertEquals(a.length, b.length, what);
    for (int i = 0; i < a.length; i++) {
      assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]),
          what + ": entry " + i + " " + a[i] + " vs " + b[i]);
    }
  }
}
