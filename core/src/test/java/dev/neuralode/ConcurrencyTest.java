package dev.neuralode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.flow.Cnf;
import dev.neuralode.flow.TraceEstimator;
import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import dev.neuralode.nn.NeuralOde;
import dev.neuralode.ode.Solver;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.sensitivity.SensitivityResult;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The library is safe on many threads: 8 differentiated solves (two in each sensitivity) and 8 CNF
 * log-density evaluations with their parameter gradients, each with its own model and shared
 * read-only settings, run concurrently on 4 threads and must equal their sequential results bit for
 * bit (values, gradients and statistics).
 */
class ConcurrencyTest {
  private static final Solver SOLVER = Solver.builder().method("dopri5").rtol(1e-6).atol(1e-8).build();
  private static final double[] TIMES = {0.0, 0.3, 0.7, 1.0};

  /** A differentiated solve: states, gradients for y0 and every parameter, forward and backward NFE. */
  private static double[] differentiatedSolve(int i) {
    Sensitivity s = Sensitivity.parse(Sensitivity.names().get(i % Sensitivity.names().size()));
    Mlp mlp = new Mlp(2, new int[] {16, 16}, 2, Activation.TANH, true, new Rng(10 + i));
    NeuralOde node = new NeuralOde(mlp, SOLVER, s);
    Tensor y0 = new Rng(50 + i).normal(8, 2).requireGrad();
    try (Autograd.Scope scope = Autograd.enableGrad()) {
      SensitivityResult r = node.solve(y0, Tensor.vector(TIMES));
      Tensor loss = r.ys().square().sum();
      List<Tensor> wrt = new ArrayList<>(mlp.parameterValues());
      wrt.add(y0);
      List<Tensor> g = Autograd.grad(loss, wrt);
      List<Tensor> out = new ArrayList<>(g);
      out.add(r.ys());
      out.add(Tensor.vector(r.forward().nfe(), r.stats().backward().nfe()));
      return flatten(out);
    }
  }

  /** A CNF log density with a Hutchinson trace (seeded probes) and the gradient of its mean. */
  private static double[] cnfLogDensity(int i) {
    Cnf.FlowSettings settings = Cnf.FlowSettings.defaults();
    Cnf cnf = Cnf.create(2, new int[] {16, 16}, Activation.TANH, settings, new Rng(200 + i));
    Tensor x = new Rng(300 + i).normal(16, 2);
    try (Autograd.Scope scope = Autograd.enableGrad()) {
      TraceEstimator trace = i % 2 == 0 ? TraceEstimator.exact() : TraceEstimator.hutchinson(TraceEstimator.Noise.RADEMACHER, 1);
      Cnf.Density d = cnf.logProb(x, trace, new Rng(400 + i));
      List<Tensor> g = Autograd.grad(d.logProb().mean(), cnf.parameterValues());
      List<Tensor> out = new ArrayList<>(g);
      out.add(d.logProb());
      out.add(Tensor.vector(d.stats().nfe(), d.gradientStats().backward().nfe()));
      return flatten(out);
    }
  }

  private static double[] flatten(List<Tensor> ts) {
    int n = 0;
    for (Tensor t : ts) {
      n += t.size();
    }
    double[] flat = new double[n];
    int k = 0;
    for (Tensor t : ts) {
      double[] a = t.toArray();
      System.arraycopy(a, 0, flat, k, a.length);
      k += a.length;
    }
    return flat;
  }

  private static List<Callable<double[]>> tasks() {
    List<Callable<double[]>> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      int k = i;
      tasks.add(() -> differentiatedSolve(k));
      tasks.add(() -> cnfLogDensity(k));
    }
    return tasks;
  }

  @Test
  void concurrentSolvesAndDensitiesEqualTheirSequentialResultsBitForBit() throws Exception {
    List<Callable<double[]>> tasks = tasks();
    List<double[]> sequential = new ArrayList<>();
    for (Callable<double[]> task : tasks) {
      sequential.add(task.call());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 2; round++) {
        List<Future<double[]>> futures = pool.invokeAll(tasks());
        for (int i = 0; i < futures.size(); i++) {
          double[] got = futures.get(i).get(5, TimeUnit.MINUTES);
          assertThat(got).as("task %d, round %d", i, round).hasSize(sequential.get(i).length);
          for (int j = 0; j < got.length; j++) {
            assertThat(Double.doubleToRawLongBits(got[j]))
                .as("task %d, round %d, entry %d", i, round, j)
                .isEqualTo(Double.doubleToRawLongBits(sequential.get(i)[j]));
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aNoGradScopeOnOneThreadDoesNotDisableGradientsOnAnother() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      double[] other;
      try (Autograd.Scope scope = Autograd.noGrad()) {
        other = pool.submit(() -> differentiatedSolve(0)).get(5, TimeUnit.MINUTES);
      }
      assertThat(other).containsExactly(differentiatedSolve(0));
    } finally {
      pool.shutdownNow();
    }
  }
}
