package dev.neuralode.bench;

import dev.neuralode.sensitivity.Sensitivity;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * P7: one gradient of SciMLSensitivity's spiral benchmark ({@link SciMlSpiral}) with the
 * interpolating adjoint, the backsolve adjoint and direct backpropagation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GradientBench {

  /** The problem, built once per fork. */
  @State(Scope.Thread)
  public static class Spiral {
    SciMlSpiral problem;

    /** Builds it and checks that the three modes agree on the gradient (to the solver's tolerance). */
    @Setup
    public void setup() {
      problem = new SciMlSpiral();
      SciMlSpiral.Gradient direct = problem.gradient(Sensitivity.direct());
      for (Sensitivity s : new Sensitivity[] {Sensitivity.interpolatingAdjoint(), Sensitivity.backsolveAdjoint()}) {
        SciMlSpiral.Gradient g = problem.gradient(s);
        for (int i = 0; i < g.grads().size(); i++) {
          // adjoints and backpropagation differ by the solver's error (rtol 1e-3): a loose check
          Checks.close(s.name() + " vs direct gradient " + i, direct.grads().get(i).toArray(),
              g.grads().get(i).toArray(), 0.05);
        }
      }
    }
  }

  /**
   * Interpolating adjoint.
   *
   * @param s the problem
   * @return the gradient
   */
  @Benchmark
  public Object interpolating(Spiral s) {
    return s.problem.gradient(Sensitivity.interpolatingAdjoint());
  }

  /**
   * Backsolve adjoint.
   *
   * @param s the problem
   * @return the gradient
   */
  @Benchmark
  public Object backsolve(Spiral s) {
    return s.problem.gradient(Sensitivity.backsolveAdjoint());
  }

  /**
   * Direct backpropagation through the solver.
   *
   * @param s the problem
   * @return the gradient
   */
  @Benchmark
  public Object direct(Spiral s) {
    return s.problem.gradient(Sensitivity.direct());
  }
}
