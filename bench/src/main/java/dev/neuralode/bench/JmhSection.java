package dev.neuralode.bench;

import dev.neuralode.ode.Odeint;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.tensor.Autograd;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks (P2, P2b, P3, P7) in forked JVMs and turns their medians (over all
 * measurement iterations) into rows.
 */
final class JmhSection {
  private final boolean quick;
  private final Map<String, Double> medians = new HashMap<>();

  JmhSection(boolean quick) {
    this.quick = quick;
  }

  /**
   * Runs the benchmark classes named (simple names), filling the medians in µs per operation. The
   * full mode runs JMH twice (rounds), one fork of every benchmark per round, so that a benchmark
   * and its peer alternate across rounds; the median is over the measurement iterations of all
   * rounds.
   */
  void run(List<String> classes, List<String> jvmArgs, java.util.function.Consumer<String> progress)
      throws RunnerException {
    int rounds = quick ? 1 : 2;
    Map<String, List<Double>> scores = new HashMap<>();
    for (int round = 0; round < rounds; round++) {
      progress.accept("JMH round " + (round + 1) + "/" + rounds + ": " + classes);
      for (String c : classes) {
        run(c, jvmArgs, scores);
      }
    }
    for (Map.Entry<String, List<Double>> e : scores.entrySet()) {
      medians.put(e.getKey(), Procs.median(e.getValue()));
    }
  }

  /**
   * Warm-up iterations of 1 s for a class: {@value #GRADIENT_WARMUP} for GradientBench (P7), whose
   * many small methods the JIT takes about 8 s to settle (a gradient costs 2.5–4× its steady time
   * for the first 3 s of a JVM on this machine), 2 for the others.
   */
  private int warmups(String benchClass) {
    return quick ? 1 : benchClass.equals("GradientBench") ? GRADIENT_WARMUP : 2;
  }

  /** P7's warm-up iterations (1 s each) in the full mode. */
  static final int GRADIENT_WARMUP = 10;

  /** One JMH run of a class's benchmarks (one fork each), adding their iteration scores. */
  private void run(String c, List<String> jvmArgs, Map<String, List<Double>> scores) throws RunnerException {
    ChainedOptionsBuilder o = new OptionsBuilder()
        .forks(1)
        .warmupIterations(warmups(c))
        .warmupTime(TimeValue.milliseconds(quick ? 300 : 1000))
        .measurementIterations(quick ? 2 : 3)
        .measurementTime(TimeValue.milliseconds(quick ? 300 : 1000))
        .timeUnit(TimeUnit.MICROSECONDS)
        .timeout(TimeValue.seconds(120)) // per iteration: bounds a run that went wrong
        .shouldFailOnError(true)
        .jvmArgsAppend(jvmArgs.toArray(new String[0]))
        .include("dev\\.neuralode\\.bench\\." + c + "\\.");
    for (RunResult r : new Runner(o.build()).run()) {
      String label = r.getParams().getBenchmark();
      label = label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1);
      for (String key : r.getParams().getParamsKeys()) {
        label += "|" + r.getParams().getParam(key);
      }
      List<Double> list = scores.computeIfAbsent(label, k -> new ArrayList<>());
      for (BenchmarkResult br : r.getBenchmarkResults()) {
        for (IterationResult ir : br.getIterationResults()) {
          list.add(ir.getPrimaryResult().getScore());
        }
      }
    }
  }

  private double us(String label) {
    Double v = medians.get(label);
    return v == null ? Double.NaN : v;
  }

  /** P2 and P2b rows (after {@link #run} with SolveBench). */
  List<Row> solveRows() {
    List<Row> rows = new ArrayList<>();
    for (String mu : new String[] {"1", "10"}) {
      String m = mu;
      int[] nfe = nfe(Double.parseDouble(mu));
      double dev = (nfe[0] - nfe[1]) / (double) nfe[1];
      String nfeNote = "NFE ours " + nfe[0] + ", Hipparchus " + nfe[1]
          + String.format(" (%+.1f%%)", 100 * dev) + "; with a rule that may also shrink h after an"
          + " accepted step (Hipparchus's; torchdiffeq's default never does) ours is " + nfe[2];
      double h = us("SolveBench.dopri5Hipparchus|" + mu);
      for (String variant : new String[] {"Tensor", "Compiled", "Expr", "Plain"}) {
        double ours = us("SolveBench.dopri5" + variant + "|" + mu);
        double ratio = h / ours;
        String met = Row.atLeast(ratio, 1.0);
        if (met.equals("yes") && Math.abs(dev) > 0.10) {
          met = "no";
        }
        rows.add(new Row("P2-mu" + m + "-" + variant.toLowerCase(),
            "dopri5 Van der Pol μ=" + m + " [0,20] rtol=atol=1e-8, one solve, "
                + switch (variant) {
                  case "Tensor" -> "Tensor right-hand side (eager)";
                  case "Compiled" -> "Tensor right-hand side, compiled (OdeFunction.compiled)";
                  case "Expr" -> "expression ODE (`solve`)";
                  default -> "plain double[] right-hand side (FlatOde)";
                },
            ours, h, "µs/solve", "Hipparchus DormandPrince54 (double[])", ratio,
            "≥ 1.0× Hipparchus, NFE within 10%", met, nfeNote));
      }
      double h8 = us("SolveBench.dop853Hipparchus|" + mu);
      double o8 = us("SolveBench.dop853Tensor|" + mu);
      rows.add(new Row("P2-mu" + m + "-dop853", "dopri8 (DOP853) Van der Pol μ=" + m + ", one solve",
          o8, h8, "µs/solve", "Hipparchus DormandPrince853 (double[])", h8 / o8, "report", "report", ""));
      double hb = us("SolveBench.batchDopri5Hipparchus|" + mu);
      double ob = us("SolveBench.batchDopri5Plain|" + mu);
      double oe = us("SolveBench.batchDopri5Expr|" + mu);
      double or = us("SolveBench.batchDopri5PlainRows|" + mu);
      rows.add(new Row("P2b-mu" + m, "dopri5 Van der Pol μ=" + m + ", 1,024 initial conditions",
          ob / 1000, hb / 1000, "ms/batch", "Hipparchus DormandPrince54 in a loop", hb / ob,
          "≥ 5× Hipparchus in a loop", Row.atLeast(hb / ob, 5.0),
          "ours: one solve of [1024,2] with the plain right-hand side (one step size for the batch); "
              + String.format("the expression ODE %.2f ms (%.2f×); per-row step control (Odeint.solveRows)"
                  + " %.2f ms (%.2f×)", oe / 1000, hb / oe, or / 1000, hb / or)));
    }
    return rows;
  }

  /** NFE of one solve: ours (dopri5, Tensor right-hand side) and Hipparchus's DormandPrince54. */
  static int[] nfe(double mu) {
    int ours = Autograd.withoutGrad(() -> Odeint.solve(VanDerPol.tensor(mu),
        dev.neuralode.tensor.Tensor.of(new double[] {2, 0}, 1, 2), new double[] {0, VanDerPol.T1},
        dev.neuralode.ode.Solver.builder().method("dopri5").rtol(SolveBench.TOL).atol(SolveBench.TOL).build()))
        .stats().nfe();
    DormandPrince54Integrator dp = new DormandPrince54Integrator(0, VanDerPol.T1, SolveBench.TOL, SolveBench.TOL);
    dp.integrate(VanDerPol.plain(mu), new ODEState(0, new double[] {2, 0}), VanDerPol.T1);
    dev.neuralode.ode.StepSizeRule shrinking = (h, r, order) -> {
      if (!(r < Double.POSITIVE_INFINITY)) {
        return new dev.neuralode.ode.StepSizeRule.Decision(false, h * 0.2);
      }
      double f = Math.min(10, Math.max(0.2, 0.9 * Math.pow(r, -1.0 / order)));
      return new dev.neuralode.ode.StepSizeRule.Decision(r <= 1.0, h * f);
    };
    int like = Odeint.solve(VanDerPol.flat(mu), new double[] {2, 0}, new double[] {0, VanDerPol.T1},
        dev.neuralode.ode.Solver.builder().method("dopri5").rtol(SolveBench.TOL).atol(SolveBench.TOL)
            .rule(shrinking).build()).stats().nfe();
    return new int[] {ours, dp.getEvaluations(), like};
  }

  /** P3 rows (after {@link #run} with KernelBench), in GFLOP/s. */
  List<Row> kernelRows() {
    List<Row> rows = new ArrayList<>();
    for (String shape : new String[] {"512x256x256", "512x64x64"}) {
      String[] p = shape.split("x");
      double flop = 2.0 * Double.parseDouble(p[0]) * Double.parseDouble(p[1]) * Double.parseDouble(p[2]);
      double ours = flop / us("KernelBench.matmulOurs|" + shape) / 1e3;
      double vec = flop / us("KernelBench.matmulVector|" + shape) / 1e3;
      double ejml = flop / us("KernelBench.matmulEjml|" + shape) / 1e3;
      String dims = "[" + p[0] + "," + p[1] + "]×[" + p[1] + "," + p[2] + "]";
      boolean main = shape.equals("512x256x256");
      rows.add(new Row("P3-matmul-" + shape, "matmul " + dims + ", 1 thread", ours, vec, "GFLOP/s",
          "register-blocked Vector API kernel", ours / vec, main ? "≥ 0.5 of the Vector API kernel" : "report",
          main ? Row.atLeast(ours / vec, 0.5) : "report", String.format("EJML %.2f GFLOP/s", ejml)));
      double separate = flop / us("KernelBench.matmulVectorSeparate|" + shape) / 1e3;
      rows.add(new Row("P3-vector-separate-" + shape, "matmul " + dims + ", 1 thread", ours, separate, "GFLOP/s",
          "the Vector API kernel with a separate multiply and add (the library's bits)", ours / separate, "report",
          "report", String.format("the same kernel with fused multiply-adds: %.2f GFLOP/s (%.2f× this one)", vec,
              vec / separate)));
      rows.add(new Row("P3-ejml-" + shape, "matmul " + dims + ", 1 thread", ours, ejml, "GFLOP/s",
          "EJML CommonOps_DDRM.mult", ours / ejml, "report", "report", ""));
    }
    int[] w = KernelBench.Network.WIDTHS;
    double sum = 0;
    double inner = 0;
    for (int l = 0; l + 1 < w.length; l++) {
      sum += (double) w[l] * w[l + 1];
      if (l > 0) {
        inner += (double) w[l] * w[l + 1];
      }
    }
    double flop = 2.0 * KernelBench.Network.BATCH * (2 * sum + inner);
    double ours = flop / us("KernelBench.mlpOurs") / 1e3;
    double twin = flop / us("KernelBench.mlpVector") / 1e3;
    rows.add(new Row("P3-mlp", "MLP 2-256-256-2 tanh forward + backward, batch 512, 1 thread", ours,
        twin, "GFLOP/s", "Vector API twin", ours / twin, "≥ 1× the twin", Row.atLeast(ours / twin, 1.0),
        String.format("%.1f MFLOP per call", flop / 1e6)));
    double two = flop / us("KernelBench.mlpOurs2Threads") / 1e3;
    double copies = 2 * flop / us("KernelBench.mlpOursTwoCopies") / 1e3;
    rows.add(new Row("P3-mlp-2threads", "the same MLP on 2 threads (Parallelism.threads(2)) against 1",
        two, ours, "GFLOP/s", "ours on 1 thread", two / ours, "≥ 1.7× on 2 threads",
        Row.atLeast(two / ours, 1.7), String.format("%d cores available; %.0f%% of the machine's own"
            + " 2-thread scaling (P3-machine-2threads, %.2f×)", Runtime.getRuntime().availableProcessors(),
            100 * (two / ours) / (copies / ours), copies / ours)));
    rows.add(new Row("P3-machine-2threads", "two independent copies of the 1-thread MLP at once (two JMH"
        + " threads, nothing shared) against one: the ceiling of any 2-thread split", copies, ours,
        "GFLOP/s", "ours on 1 thread", copies / ours, "report", "report",
        "both threads' work together: the practical ceiling of a split of one MLP over two threads"));
    return rows;
  }

  /** P7 rows (after {@link #run} with GradientBench), in ms per gradient. */
  List<Row> gradientRows() {
    List<Row> rows = new ArrayList<>();
    String[][] modes = {{"interpolating", "interpolating adjoint"}, {"backsolve", "backsolve adjoint"},
        {"direct", "direct backpropagation"}};
    SciMlSpiral spiral = new SciMlSpiral();
    for (String[] m : modes) {
      double ours = us("GradientBench." + m[0]) / 1000;
      SciMlSpiral.Gradient g = spiral.gradient(Sensitivity.parse(m[0]));
      String stats = "NFE forward " + g.result().forward().nfe() + ", backward "
          + g.result().stats().backward().nfe() + "; JIT warm (" + warmups("GradientBench")
          + " warm-up iterations of 1 s per fork); SciML: " + SciMlSpiral.CITATION;
      if (m[0].equals("interpolating")) {
        double r = SciMlSpiral.SCIML_INTERPOLATING_MS / ours;
        rows.add(new Row("P7-interpolating", "SciML spiral 2-50-2, one gradient, " + m[1], ours,
            SciMlSpiral.SCIML_INTERPOLATING_MS, "ms/gradient", "SciML published (constant)", r,
            "≤ 0.4 ms (4× SciML's 1.66 ms)", ours <= 0.4 ? "yes" : "no", stats));
      } else if (m[0].equals("backsolve")) {
        double r = SciMlSpiral.SCIML_BACKSOLVE_MS / ours;
        rows.add(new Row("P7-backsolve", "SciML spiral 2-50-2, one gradient, " + m[1], ours,
            SciMlSpiral.SCIML_BACKSOLVE_MS, "ms/gradient", "SciML published (constant)", r, "report",
            "report", stats));
      } else {
        rows.add(new Row("P7-direct", "SciML spiral 2-50-2, one gradient, " + m[1], ours,
            SciMlSpiral.SCIML_INTERPOLATING_MS, "ms/gradient", "SciML published interpolating (constant)",
            SciMlSpiral.SCIML_INTERPOLATING_MS / ours, "report", "report", stats));
      }
    }
    return rows;
  }
}
