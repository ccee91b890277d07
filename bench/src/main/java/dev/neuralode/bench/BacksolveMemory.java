package dev.neuralode.bench;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import dev.neuralode.ode.Solver;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.sensitivity.SensitivityResult;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;

/**
 * P5: the memory a gradient keeps between the forward solve and the backward pass, as the number
 * of steps grows: an MLP 2-16-16-2 tanh over [0, 1] with Euler steps of 1/N, backsolve adjoint (or
 * direct backpropagation, for contrast), one gradient of the sum of the end state. Measured as the
 * heap still in use after full collections while the forward result is held, less the heap in use
 * before the solve (run with {@code -XX:+UseSerialGC} so that {@code System.gc()} is a full
 * collection), and as the library's own account ({@code GradientStats.retainedDoubles()}).
 *
 * <p>Prints {@code RESULT {"mode":..,"steps":..,"retained_bytes":..,"stats_retained_doubles":..}}.
 */
public final class BacksolveMemory {
  private BacksolveMemory() {}

  /**
   * Measures one mode and step count.
   *
   * @param args {@code MODE STEPS}: {@code backsolve} or {@code direct}, and N
   */
  public static void main(String[] args) {
    Sensitivity mode = Sensitivity.parse(args[0]);
    int steps = Integer.parseInt(args[1]);
    Mlp mlp = new Mlp(2, new int[] {16, 16}, 2, Activation.TANH, false, new Rng(2));
    List<Tensor> params = mlp.parameterValues();
    Solver euler = Solver.builder().method("euler").stepSize(1.0 / steps).maxSteps(steps + 10).build();
    Tensor y0 = Tensor.of(new double[] {0.5, -0.3}, 1, 2);
    Tensor t = Tensor.vector(0, 1);
    // warm the code paths so that class loading does not count as retained memory
    Sensitivity.backsolveAdjoint().solve(mlp, y0, t, params, euler).ys().sum();
    long before = usedAfterGc();
    SensitivityResult r = mode.solve(mlp, y0, t, params, euler);
    Tensor loss = r.ys().slice(0, 1, 2).sum();
    long after = usedAfterGc();
    List<Tensor> g = Autograd.grad(loss, params);
    if (g.size() != params.size() || !g.get(0).isFinite()) {
      throw new IllegalStateException("no gradient");
    }
    System.out.println("RESULT {\"mode\":\"" + mode.name() + "\",\"steps\":" + steps
        + ",\"retained_bytes\":" + (after - before) + ",\"stats_retained_doubles\":"
        + r.stats().retainedDoubles() + ",\"nfe_forward\":" + r.forward().nfe() + "}");
  }

  private static long usedAfterGc() {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
