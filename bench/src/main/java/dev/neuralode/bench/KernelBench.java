package dev.neuralode.bench;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Linear;
import dev.neuralode.nn.Mlp;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * P3: matrix products and an MLP forward + backward, the library against EJML and the
 * register-blocked Vector API kernel ({@link VectorKernels}, {@link VectorMlp}), one thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KernelBench {

  /** Operands of one product {@code [m, k] × [k, n]}. */
  @State(Scope.Thread)
  public static class Product {
    /** The shape {@code MxKxN}. */
    @Param({"512x256x256", "512x64x64"})
    public String shape;
    int m;
    int k;
    int n;
    Tensor ta;
    Tensor tb;
    DMatrixRMaj ea;
    DMatrixRMaj eb;
    DMatrixRMaj ec;
    double[] a;
    double[] b;
    double[] c;

    /** Draws the operands (seeded) and checks that the three products agree. */
    @Setup
    public void setup() {
      String[] p = shape.split("x");
      m = Integer.parseInt(p[0]);
      k = Integer.parseInt(p[1]);
      n = Integer.parseInt(p[2]);
      Rng rng = new Rng(3);
      ta = rng.normal(m, k);
      tb = rng.normal(k, n);
      a = ta.toArray();
      b = tb.toArray();
      c = new double[m * n];
      ea = new DMatrixRMaj(m, k, true, a);
      eb = new DMatrixRMaj(k, n, true, b);
      ec = new DMatrixRMaj(m, n);
      double[] ours = Autograd.withoutGrad(() -> ta.matmul(tb)).toArray();
      VectorKernels.matmul(a, b, c, m, k, n);
      CommonOps_DDRM.mult(ea, eb, ec);
      Checks.close("vector matmul", ours, c, 1e-12);
      double[] separate = new double[m * n];
      VectorKernels.matmulSeparate(a, b, separate, m, k, n);
      for (int q = 0; q < separate.length; q++) {
        if (Double.doubleToLongBits(separate[q]) != Double.doubleToLongBits(ours[q])) {
          throw new IllegalStateException("the Vector API kernel without FMA differs from Tensor.matmul at " + q
              + ": " + separate[q] + " vs " + ours[q]);
        }
      }
      Checks.close("EJML matmul", ours, ec.getData(), 1e-12);
    }
  }

  /**
   * The library's {@code Tensor.matmul}.
   *
   * @param p the operands
   * @return the product
   */
  @Benchmark
  public Tensor matmulOurs(Product p) {
    return Autograd.withoutGrad(() -> p.ta.matmul(p.tb));
  }

  /**
   * EJML's {@code CommonOps_DDRM.mult}.
   *
   * @param p the operands
   * @return the product
   */
  @Benchmark
  public DMatrixRMaj matmulEjml(Product p) {
    CommonOps_DDRM.mult(p.ea, p.eb, p.ec);
    return p.ec;
  }

  /**
   * The register-blocked Vector API kernel.
   *
   * @param p the operands
   * @return the product
   */
  @Benchmark
  public double[] matmulVector(Product p) {
    VectorKernels.matmul(p.a, p.b, p.c, p.m, p.k, p.n);
    return p.c;
  }

  /**
   * The same register-blocked Vector API kernel with a separate multiply and add ({@link
   * VectorKernels#matmulSeparate}): the library's bits (the setup checks every entry).
   *
   * @param p the operands
   * @return the product
   */
  @Benchmark
  public double[] matmulVectorSeparate(Product p) {
    VectorKernels.matmulSeparate(p.a, p.b, p.c, p.m, p.k, p.n);
    return p.c;
  }

  /** An MLP 2-256-256-2 tanh, batch 512, its input and an output gradient. */
  @State(Scope.Thread)
  public static class Network {
    static final int BATCH = 512;
    static final int[] WIDTHS = {2, 256, 256, 2};
    Mlp mlp;
    List<Tensor> params;
    Tensor x;
    Tensor gy;
    VectorMlp twin;
    double[] xa;
    double[] gya;

    /** Builds both networks with the same weights and checks that their gradients agree. */
    @Setup
    public void setup() {
      Rng rng = new Rng(5);
      mlp = new Mlp(2, new int[] {256, 256}, 2, Activation.TANH, false, rng);
      params = mlp.parameterValues();
      x = rng.normal(BATCH, 2);
      gy = rng.normal(BATCH, 2);
      List<Linear> layers = mlp.layers();
      double[][] w = new double[layers.size()][];
      double[][] b = new double[layers.size()][];
      for (int l = 0; l < layers.size(); l++) {
        w[l] = layers.get(l).weight().value().toArray();
        b[l] = layers.get(l).bias().value().toArray();
      }
      twin = new VectorMlp(w, b, WIDTHS, BATCH);
      xa = x.toArray();
      gya = gy.toArray();
      List<Tensor> g = oursGradients(this);
      twin.forwardBackward(xa, gya);
      for (int l = 0; l < layers.size(); l++) {
        int in = WIDTHS[l];
        int out = WIDTHS[l + 1];
        double[] gw = g.get(2 * l).toArray(); // [out, in]
        double[] gwt = new double[in * out];
        for (int o = 0; o < out; o++) {
          for (int i = 0; i < in; i++) {
            gwt[i * out + o] = gw[o * in + i];
          }
        }
        Checks.close("twin weight gradient " + l, gwt, twin.gwt[l], 1e-9);
        Checks.close("twin bias gradient " + l, g.get(2 * l + 1).toArray(), twin.gb[l], 1e-9);
      }
    }
  }

  static List<Tensor> oursGradients(Network n) {
    Tensor y = n.mlp.forward(n.x);
    return Autograd.grad(List.of(y), n.params, List.of(n.gy), false);
  }

  /**
   * The library: {@code Mlp.forward} then {@code Autograd.grad} for every parameter.
   *
   * @param n the network
   * @return the gradients
   */
  @Benchmark
  public List<Tensor> mlpOurs(Network n) {
    return oursGradients(n);
  }

  /**
   * The library on two threads: the same forward and gradients inside a
   * {@code Parallelism.threads(2)} scope, opened per call (its pool start is part of the cost).
   *
   * @param n the network
   * @return the gradients
   */
  @Benchmark
  public List<Tensor> mlpOurs2Threads(Network n) {
    try (dev.neuralode.tensor.Parallelism p = dev.neuralode.tensor.Parallelism.threads(2)) {
      return oursGradients(n);
    }
  }

  /**
   * The machine's own scaling, the ceiling of any split of one MLP over two threads: two JMH threads
   * each run {@link #mlpOurs} on a network of their own (a {@code Scope.Thread} state), with nothing
   * shared and no {@code Parallelism} scope. The score is the time per call of each thread, so two
   * threads do 2 × t(1 thread) / t(this) times the work of one.
   *
   * @param n this thread's network
   * @return the gradients
   */
  @Benchmark
  @Threads(2)
  public List<Tensor> mlpOursTwoCopies(Network n) {
    return oursGradients(n);
  }

  /**
   * The Vector API twin.
   *
   * @param n the network
   * @return the output
   */
  @Benchmark
  public double[] mlpVector(Network n) {
    return n.twin.forwardBackward(n.xa, n.gya);
  }
}
