package dev.neuralode.examples;

import dev.neuralode.flow.Cnf;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.CnfTrainer;

/**
 * Trains a continuous normalizing flow (FFJORD) on two-dimensional data, then evaluates log p and
 * draws samples. The data here are two Gaussian blobs; replace {@code x} with your own
 * {@code [n, 2]} tensor.
 */
public final class TrainCnf {
  private TrainCnf() {}

  /**
   * Two Gaussian blobs of {@code n} points in all, centred at (±2, 0) with standard deviation 0.5.
   *
   * @param n the number of points, even
   * @return the data, {@code [n, 2]}
   */
  static Tensor blobs(int n) {
    Rng rng = new Rng(7);
    double[] v = new double[2 * n];
    for (int i = 0; i < n; i++) {
      v[2 * i] = (i % 2 == 0 ? 2 : -2) + 0.5 * rng.normal();
      v[2 * i + 1] = 0.5 * rng.normal();
    }
    return Tensor.of(v, n, 2);
  }

  /**
   * What training reached.
   *
   * @param untrainedNll the mean −log p of the data under the untrained flow
   * @param trainedNll the mean −log p after training
   * @param samples 1000 samples of the trained flow, {@code [1000, 2]}
   */
  public record Result(double untrainedNll, double trainedNll, Tensor samples) {}

  /**
   * Trains the flow.
   *
   * @param iterations the number of training steps
   * @param hidden the network's hidden widths
   * @return the likelihoods before and after, and samples
   */
  public static Result train(int iterations, int... hidden) {
    Tensor x = blobs(512);
    // README:begin cnf
    Cnf cnf = Cnf.builder(2).hidden(hidden).seed(0).build();               // FFJORD, exact trace
    double before = -mean(cnf.logProb(x, null).logProb());
    CnfTrainer.train(cnf, x, CnfTrainer.TrainingSettings.defaults().withIterations(iterations).withBatch(256));
    Tensor logp = cnf.logProb(x, null).logProb();                          // [batch]
    Tensor samples = cnf.sample(1000, new Rng(1));                         // [1000, 2]
    // README:end cnf
    return new Result(before, -mean(logp), samples);
  }

  private static double mean(Tensor t) {
    return Autograd.withoutGrad(() -> t.mean().item());
  }

  /**
   * Runs the example.
   *
   * @param args the number of iterations (default 100)
   */
  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    Result r = train(iterations, 32, 32);
    System.out.printf("NLL %.3f -> %.3f nats per point%n", r.untrainedNll(), r.trainedNll());
  }
}
