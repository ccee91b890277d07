package dev.neuralode.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import dev.neuralode.nn.Losses;
import dev.neuralode.nn.Mlp;
import dev.neuralode.nn.NeuralOde;
import dev.neuralode.nn.Parameter;
import dev.neuralode.ode.Solver;
import dev.neuralode.optim.Adam;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.sensitivity.SensitivityResult;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.Evaluation;
import dev.neuralode.train.Trainer;
import java.util.List;

/**
 * P1: the tutorial's nonlinear training loop (MLP 2-16-16-2 ELU, Euler h = 0.05, Adam lr 1e-3,
 * minibatch windows of up to 32 observations), one implementation per process:
 * {@code ours-adjoint} and {@code ours-direct} (the library's training loop, as {@code neuralode demo
 * nonlinear} runs it, without the plots) and {@code djl} (DJL + PyTorch, float64, the same loop
 * written with DJL's autograd). All use the same data, windows and initial parameters ({@link
 * Tutorial}); the numpy twin is {@code bench/src/main/python/nonlinear_numpy.py}.
 *
 * <p>Prints one line {@code RESULT {"impl":..,"seconds":..,"steps":..,"final_loss":..,"late_from":..,
 * "late_seconds":..,"late_steps":..}}: the loop's seconds (JVM start and DJL's native loading
 * excluded), the Euler steps taken, the loss of the last iteration, and the seconds and Euler steps
 * from iteration {@code late_from} ({@link #lateFrom}) to the end.
 */
public final class NonlinearLoop {
  private NonlinearLoop() {}

  /**
   * Runs one implementation.
   *
   * @param args {@code IMPL ITERATIONS [SEED]}
   */
  public static void main(String[] args) {
    String impl = args[0];
    int iterations = Integer.parseInt(args[1]);
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 0;
    Tutorial data = Tutorial.create(seed, iterations);
    double[] out;
    switch (impl) {
      case "ours-adjoint":
        out = ours(data, Sensitivity.backsolveAdjoint());
        break;
      case "ours-direct":
        out = ours(data, Sensitivity.direct());
        break;
      case "djl":
        out = djl(data);
        break;
      default:
        throw new IllegalArgumentException("impl must be ours-adjoint, ours-direct or djl; got " + impl);
    }
    long lateSteps = 0;
    for (int i = lateFrom(data); i < data.windows().length; i++) {
      lateSteps += data.steps(i);
    }
    System.out.println("RESULT {\"impl\":\"" + impl + "\",\"seconds\":" + out[0] + ",\"steps\":"
        + data.totalSteps() + ",\"final_loss\":" + out[1] + ",\"late_from\":" + lateFrom(data)
        + ",\"late_seconds\":" + out[2] + ",\"late_steps\":" + lateSteps + "}");
  }

  /**
   * The first iteration of the loop's "late" part, a third of the way in: the time from its start to
   * the end, over its Euler steps, is the cost per step once the JIT has compiled the loop (the whole
   * loop's time includes the JIT's warm-up; bench/README.md, P1).
   *
   * @param data the loop's data
   * @return the index of the first late iteration
   */
  static int lateFrom(Tutorial data) {
    return data.windows().length / 3;
  }

  /**
   * The library's loop: NeuralOde + Trainer + Adam, as SpiralDemo trains the nonlinear model.
   *
   * @return the loop's seconds, the last loss and the seconds from {@link #lateFrom} on
   */
  static double[] ours(Tutorial data, Sensitivity mode) {
    Mlp mlp = new Mlp(2, new int[] {16, 16}, 2, dev.neuralode.nn.Activation.ELU, false,
        new dev.neuralode.tensor.Rng(1));
    List<Parameter> ps = mlp.parameters();
    for (int i = 0; i < ps.size(); i++) {
      ps.get(i).set(Tensor.of(data.params()[i].clone(), data.shapes()[i]));
    }
    NeuralOde node = new NeuralOde(mlp, Solver.builder().method("euler").stepSize(Tutorial.STEP).build(), mode);
    int[] k = {0};
    double[] last = {Double.NaN};
    double[] t = data.t();
    double[][] obs = data.observed();
    int lateFrom = lateFrom(data);
    long start = System.nanoTime();
    long[] late = {start};
    new Trainer(Trainer.LoopSettings.of(data.windows().length, Tutorial.LR)).run(ps, new Adam(Tutorial.LR), it -> {
      if (k[0] == lateFrom) {
        late[0] = System.nanoTime();
      }
      int[] idx = data.windows()[k[0]++];
      double[] ts = new double[idx.length];
      double[] target = new double[idx.length * 2];
      for (int j = 0; j < idx.length; j++) {
        ts[j] = t[idx[j]];
        target[2 * j] = obs[idx[j]][0];
        target[2 * j + 1] = obs[idx[j]][1];
      }
      Tensor targetT = Tensor.of(target, idx.length, 1, 2);
      SensitivityResult solved = node.solve(targetT.index(0), Tensor.vector(ts));
      Tensor loss = Losses.mse(solved.ys(), targetT);
      last[0] = loss.item();
      return Evaluation.of(loss, solved.forward().nfe(), () -> solved.stats().backward().nfe());
    });
    long end = System.nanoTime();
    return new double[] {(end - start) / 1e9, last[0], (end - late[0]) / 1e9};
  }

  /**
   * The same loop in DJL + PyTorch (float64). Each iteration creates its parameter arrays in a
   * sub-manager, records the Euler steps under a gradient collector, reads the gradients back and
   * takes the same Adam step as the library in plain Java (about 400 numbers: negligible next to the
   * solve). Scalars are tensors owned by the iteration's manager: {@code NDArray.mul(Number)} under
   * autograd frees a scalar that PyTorch keeps for the backward pass.
   *
   * @return as {@link #ours}
   */
  static double[] djl(Tutorial data) {
    double[][] theta = new double[data.params().length][];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = data.params()[i].clone();
    }
    AdamJ adam = new AdamJ(theta);
    double[] t = data.t();
    double[][] obs = data.observed();
    double last = Double.NaN;
    try (NDManager base = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      base.create(1.0).close(); // loads the native library before the clock starts
      int lateFrom = lateFrom(data);
      long start = System.nanoTime();
      long late = start;
      for (int w = 0; w < data.windows().length; w++) {
        if (w == lateFrom) {
          late = System.nanoTime();
        }
        int[] idx = data.windows()[w];
        try (NDManager m = base.newSubManager()) {
          NDArray[] p = new NDArray[theta.length];
          for (int i = 0; i < theta.length; i++) {
            int[] s = data.shapes()[i];
            p[i] = m.create(theta[i], s.length == 2 ? new Shape(s[0], s[1]) : new Shape(s[0]));
            p[i].setRequiresGradient(true);
          }
          NDArray[] wt = {null, null, null};
          double[] target = new double[idx.length * 2];
          for (int j = 0; j < idx.length; j++) {
            target[2 * j] = obs[idx[j]][0];
            target[2 * j + 1] = obs[idx[j]][1];
          }
          NDArray targetA = m.create(target, new Shape(idx.length, 1, 2));
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            for (int l = 0; l < 3; l++) {
              wt[l] = p[2 * l].transpose();
            }
            NDArray z = m.create(new double[] {target[0], target[1]}, new Shape(1, 2));
            NDList states = new NDList(z);
            for (int j = 0; j + 1 < idx.length; j++) {
              double span = t[idx[j + 1]] - t[idx[j]];
              int steps = Tutorial.stepsOver(span);
              NDArray h = m.create(span / steps);
              for (int s = 0; s < steps; s++) {
                NDArray a = Activation.elu(z.matMul(wt[0]).add(p[1]), 1f);
                a = Activation.elu(a.matMul(wt[1]).add(p[3]), 1f);
                NDArray f = a.matMul(wt[2]).add(p[5]);
                z = z.add(f.mul(h));
              }
              states.add(z);
            }
            NDArray pred = NDArrays.stack(states);
            NDArray d = pred.sub(targetA);
            NDArray loss = d.mul(d).mean();
            last = loss.getDouble();
            gc.backward(loss);
          }
          double[][] g = new double[theta.length][];
          for (int i = 0; i < theta.length; i++) {
            g[i] = p[i].getGradient().toDoubleArray();
          }
          adam.step(theta, g);
        }
      }
      long end = System.nanoTime();
      return new double[] {(end - start) / 1e9, last, (end - late) / 1e9};
    }
  }

  /** Adam with the library's defaults and update order (bias corrections, eps outside the root). */
  static final class AdamJ {
    private final double[][] m;
    private final double[][] v;
    private long steps;

    AdamJ(double[][] theta) {
      m = new double[theta.length][];
      v = new double[theta.length][];
      for (int i = 0; i < theta.length; i++) {
        m[i] = new double[theta[i].length];
        v[i] = new double[theta[i].length];
      }
    }

    void step(double[][] theta, double[][] g) {
      steps++;
      double b1 = 0.9;
      double b2 = 0.999;
      double bc1 = 1 - Math.pow(b1, steps);
      double bc2 = Math.sqrt(1 - Math.pow(b2, steps));
      double stepSize = Tutorial.LR / bc1;
      for (int i = 0; i < theta.length; i++) {
        for (int k = 0; k < theta[i].length; k++) {
          double gk = g[i][k];
          m[i][k] += (1 - b1) * (gk - m[i][k]);
          v[i][k] = b2 * v[i][k] + (1 - b2) * gk * gk;
          theta[i][k] += -stepSize * (m[i][k] / (Math.sqrt(v[i][k]) / bc2 + 1e-8));
        }
      }
    }
  }
}
