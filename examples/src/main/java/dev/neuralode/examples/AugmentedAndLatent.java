package dev.neuralode.examples;

import dev.neuralode.latent.Elbo;
import dev.neuralode.latent.IrregularBatch;
import dev.neuralode.latent.LatentOde;
import dev.neuralode.nn.Activation;
import dev.neuralode.nn.AugmentedOde;
import dev.neuralode.nn.ClassificationLosses;
import dev.neuralode.nn.Mlp;
import dev.neuralode.nn.NeuralOde;
import dev.neuralode.nn.OdeClassifier;
import dev.neuralode.ode.Solver;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;

/**
 * The README's augmented-ODE and latent-ODE snippet, runnable: an augmented Neural ODE classifier
 * (Dupont, Doucet &amp; Teh 2019: the 2-D state padded with K = 5 zeros) scores a few points with
 * the binary cross-entropy of ±1 labels, and a latent ODE (Rubanova, Chen &amp; Duvenaud 2019)
 * gives the negative ELBO of an irregularly sampled batch with a missing value.
 */
public final class AugmentedAndLatent {
  private AugmentedAndLatent() {}

  /**
   * The two losses of the snippet.
   *
   * @param classification the binary cross-entropy of the augmented classifier, nats
   * @param negativeElbo the latent ODE's negative ELBO
   */
  public record Losses(double classification, double negativeElbo) {}

  /**
   * Evaluates both models once on small seeded data.
   *
   * @return the two losses
   */
  public static Losses run() {
    Rng rng = new Rng(0);
    Tensor x = new Rng(5).normal(8, 2);                                  // [8, 2] points
    double[] labels = {1, -1, 1, -1, 1, -1, 1, -1};
    double[] times = {0.0, 0.4, 0.9, 1.5};
    double[] grid = new Rng(6).normal(4, 3, 2).toArray();                // [T, batch, D]
    grid[5] = Double.NaN;                                                // one missing value
    Tensor values = Tensor.of(grid, 4, 3, 2);
    // README:begin augmented
    NeuralOde ode = new NeuralOde(new Mlp(2 + 5, new int[] {32, 32}, 2 + 5, Activation.RELU, false, rng),
        Solver.defaults(), Sensitivity.backsolveAdjoint());
    OdeClassifier clf = new OdeClassifier(new AugmentedOde(ode, 2, 5), 1, 1.0, rng);   // K = 5 zeros
    Tensor loss = ClassificationLosses.binaryCrossEntropy(clf.forward(x).logits(), labels);  // labels ±1

    LatentOde lode = new LatentOde(new LatentOde.Sizes(2, 4, 25, new int[] {20}, new int[] {20}, new int[] {20}),
        Solver.of("rk4"), Solver.of("rk4"), Sensitivity.direct(), new Rng(0));
    IrregularBatch batch = IrregularBatch.fromNaN(times, values);       // [T, batch, D], NaN = missing
    LatentOde.Output out = lode.forward(batch, times, new Rng(1));      // z0 = mu + sigma * eps
    Tensor negElbo = Elbo.loss(out, batch, 0.1, 1.0);                   // Gaussian likelihood, KL to N(0, I)
    // README:end augmented
    return new Losses(loss.item(), negElbo.item());
  }

  /**
   * Prints both losses.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Losses l = run();
    System.out.printf("classifier BCE %.4f, latent ODE negative ELBO %.4f%n", l.classification(),
        l.negativeElbo());
  }
}
