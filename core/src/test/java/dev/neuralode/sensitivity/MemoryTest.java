package dev.neuralode.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.GraphStats;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retained state against the number of steps: an MLP ODE (2-16-2 tanh, z0 of shape [8, 2]) solved
 * with rk4 over [0, 1] in N = 100, 1,000 and 10,000 fixed steps. Measured, not timed on the heap:
 * the autograd nodes reachable from the output ({@link GraphStats}) and the state doubles each
 * recorded op keeps for its backward pass ({@link GradientStats#retainedDoubles()}).
 *
 * <p>Expected: direct mode's graph grows linearly with N; the adjoints record one node whatever N,
 * and backsolve retains only the T outputs; checkpointed mode stores at most c = 16 states in the
 * backward pass whatever N (plus 3 doubles of step record a step) and keeps one step's graph alive at
 * a time. The interpolating adjoint records no graph but keeps the dense forward
 * solution, which grows linearly with N (see docs/gradients.md) — unless checkpointing is on, when
 * it retains only the T outputs and re-solves each interval in the backward pass. The table is
 * printed.
 */
class MemoryTest {

  private record Row(long nodes, long retained, long stepRecords, long peak, int nfeF, int nfeB, double ms) {}

  @Test
  void retainedStateAgainstTheNumberOfSteps() {
    int[] sizes = {100, 1000, 10000};
    List<Sensitivity> modes = GradientModesTest.modes().toList();
    Map<Sensitivity, Row[]> rows = new LinkedHashMap<>();
    for (Sensitivity m : modes) {
      Row[] r = new Row[sizes.length];
      for (int k = 0; k < sizes.length; k++) {
        r[k] = measure(m, sizes[k]);
      }
      rows.put(m, r);
    }
    Row[] ck = new Row[sizes.length];
    for (int k = 0; k < sizes.length; k++) {
      ck[k] = measure(Sensitivity.interpolatingAdjoint(), sizes[k], true);
    }
    StringBuilder table = new StringBuilder(
        "mode | N | graph nodes | retained state doubles | step-record doubles | peak backward nodes"
            + " | NFE fwd | NFE bwd | ms (fwd+bwd)\n");
    for (Sensitivity m : modes) {
      for (int k = 0; k < sizes.length; k++) {
        Row r = rows.get(m)[k];
        table.append(String.format("%s | %d | %d | %d | %d | %d | %d | %d | %.0f%n", m.name(), sizes[k], r.nodes,
            r.retained, r.stepRecords, r.peak, r.nfeF, r.nfeB, r.ms));
      }
    }
    for (int k = 0; k < sizes.length; k++) {
      Row r = ck[k];
      table.append(String.format("%s | %d | %d | %d | %d | %d | %d | %d | %.0f%n",
          "interpolating+checkpointing", sizes[k], r.nodes, r.retained, r.stepRecords, r.peak, r.nfeF,
          r.nfeB, r.ms));
    }
    System.out.print(table);
    assertThat(ck[0].nodes).isEqualTo(1);
    assertThat(ck[0].retained).isEqualTo(ck[1].retained).isEqualTo(ck[2].retained);

    Row[] direct = rows.get(Sensitivity.direct());
    assertThat(direct[2].nodes).isGreaterThan(90 * direct[0].nodes);
    for (Sensitivity m : List.of(Sensitivity.backsolveAdjoint(), Sensitivity.interpolatingAdjoint(),
        Sensitivity.checkpointed())) {
      Row[] r = rows.get(m);
      assertThat(r[0].nodes).as("%s recorded nodes", m).isEqualTo(r[1].nodes).isEqualTo(r[2].nodes);
    }
    Row[] back = rows.get(Sensitivity.backsolveAdjoint());
    assertThat(back[0].retained).isEqualTo(back[1].retained).isEqualTo(back[2].retained);
    Row[] cp = rows.get(Sensitivity.checkpointed());
    // At most c states whatever N: far less than the 100× growth in steps.
    assertThat(cp[2].retained).isLessThan(20 * cp[0].retained);
    assertThat(cp[2].peak).isLessThan(20 * cp[0].peak);
    assertThat(cp[2].peak).isLessThan(direct[2].nodes / 20);
  }

  private static Row measure(Sensitivity mode, int steps) {
    return measure(mode, steps, false);
  }

  private static Row measure(Sensitivity mode, int steps, boolean checkpointing) {
    if (checkpointing) {
      mode = ((InterpolatingAdjoint) mode).withCheckpointing(true);
    }
    Mlp mlp = new Mlp(2, new int[] {16}, 2, Activation.TANH, false, new Rng(1));
    Tensor y0 = new Rng(2).normal(8, 2).requireGrad();
    Tensor t = Tensor.vector(0.0, 1.0).requireGrad();
    Solver o = Solver.builder().method("rk4").stepSize(1.0 / steps).build();
    long start = System.nanoTime();
    SensitivityResult r = mode.solve(mlp, y0, t, mlp.parameterValues(), o);
    long nodes = GraphStats.of(r.ys()).nodes();
    List<Tensor> wrt = new ArrayList<>(List.of(y0, t));
    wrt.addAll(mlp.parameterValues());
    Autograd.grad(r.ys().index(1).sum(), wrt);
    double ms = (System.nanoTime() - start) / 1e6;
    if (mode instanceof Direct) {
      long doubles = GraphStats.of(r.ys()).doubles();
      return new Row(nodes, doubles, 0, nodes, r.forward().nfe(), 0, ms);
    }
    GradientStats s = r.stats();
    GradientStats.Backward b = s.backwardPass();
    long retained = mode instanceof Checkpointed ? (long) b.checkpoints() * y0.size() : s.retainedDoubles();
    return new Row(nodes, retained, s.stepRecordDoubles(), b.peakRecordedNodes(),
        s.forward().nfe(), s.backward().nfe(), ms);
  }
}
