package dev.neuralode.latent;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.GruCell;
import dev.neuralode.nn.Linear;
import dev.neuralode.nn.Mlp;
import dev.neuralode.nn.Module;
import dev.neuralode.nn.NeuralOde;
import dev.neuralode.ode.Solver;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;

/**
 * The ODE-RNN encoder of Rubanova, Chen &amp; Duvenaud ("Latent ODEs for Irregularly-Sampled Time
 * Series", NeurIPS 2019, Algorithm 1), run backward in time as in their latent ODE's recognition
 * network: the hidden state h starts at 0 at the last grid time; between grid times it evolves by
 * dh/dt = f(h) (an MLP, solved from t_{i+1} back to tᵢ), and at each grid time a {@link GruCell}
 * reads [x ⊙ m, m] and updates h for the series with at least one observed component there (the
 * others keep h exactly). The state at t₀ is mapped by a linear layer to the mean and log-variance of
 * q(z₀ | x).
 *
 * <p>Parameters: {@code ode} (the hidden dynamics), {@code gru}, {@code out}.
 */
public final class OdeRnnEncoder extends Module {
  private final int obsDim;
  private final int hiddenSize;
  private final int latentDim;
  private final NeuralOde ode;
  private final GruCell gru;
  private final Linear out;

  /**
   * What the encoder read.
   *
   * @param mean the posterior means {@code [batch, latentDim]}
   * @param logVar the posterior log-variances {@code [batch, latentDim]}
   * @param nfe the forward function evaluations of all the hidden-state solves
   */
  public record Posterior(Tensor mean, Tensor logVar, long nfe) {}

  /**
   * An encoder with a tanh MLP as the hidden dynamics.
   *
   * @param obsDim D, the observed components
   * @param hiddenSize H, the GRU's hidden size
   * @param odeHidden hidden widths of the dynamics MLP H → … → H
   * @param latentDim the latent dimension L
   * @param solver the solver of the hidden-state ODE between grid times
   * @param sensitivity how those solves are differentiated
   * @param rng the initialisation, drawn in the order dynamics, GRU, output
   * @throws IllegalArgumentException if a size is below 1 or an argument is null
   */
  public OdeRnnEncoder(int obsDim, int hiddenSize, int[] odeHidden, int latentDim, Solver solver,
      Sensitivity sensitivity, Rng rng) {
    if (obsDim < 1 || hiddenSize < 1 || latentDim < 1 || rng == null) {
      throw new IllegalArgumentException("need obsDim, hiddenSize, latentDim >= 1 and an rng; got obsDim="
          + obsDim + ", hiddenSize=" + hiddenSize + ", latentDim=" + latentDim + ", rng=" + rng);
    }
    this.obsDim = obsDim;
    this.hiddenSize = hiddenSize;
    this.latentDim = latentDim;
    this.ode = register("ode", new NeuralOde(new Mlp(hiddenSize, odeHidden, hiddenSize, Activation.TANH,
        false, rng), solver, sensitivity));
    this.gru = register("gru", new GruCell(2 * obsDim, hiddenSize, rng));
    this.out = register("out", new Linear(hiddenSize, 2 * latentDim, true, rng));
  }

  /**
   * Reads a batch backward in time.
   *
   * @param batch the series on their grid, D = {@code obsDim}
   * @return the posterior over z(t₀)
   * @throws IllegalArgumentException if the batch's D differs
   */
  public Posterior encode(IrregularBatch batch) {
    if (batch == null || batch.dim() != obsDim) {
      throw new IllegalArgumentException("the encoder reads " + obsDim + " components; got "
          + (batch == null ? "null" : batch.dim()));
    }
    double[] t = batch.times();
    int b = batch.batchSize();
    Tensor h = Tensor.zeros(b, hiddenSize);
    long nfe = 0;
    double[] m = batch.mask().toArray();
    for (int i = t.length - 1; i >= 0; i--) {
      if (i < t.length - 1) {
        var r = ode.solve(h, Tensor.vector(t[i + 1], t[i]));
        h = r.last();
        nfe += r.forward().nfe();
      }
      Tensor xi = batch.values().index(i);
      Tensor mi = batch.mask().index(i);
      double[] any = new double[b];
      boolean anyObserved = false;
      for (int k = 0; k < b; k++) {
        for (int j = 0; j < obsDim; j++) {
          if (m[(i * b + k) * obsDim + j] != 0.0) {
            any[k] = 1.0;
            anyObserved = true;
          }
        }
      }
      if (!anyObserved) {
        continue;
      }
      Tensor updated = gru.forward(Tensor.concat(1, xi, mi), h);
      h = h.add(Tensor.of(any, b, 1).mul(updated.sub(h)));
    }
    Tensor stats = out.forward(h);
    return new Posterior(stats.slice(1, 0, latentDim), stats.slice(1, latentDim, 2 * latentDim), nfe);
  }

  /**
   * The observed dimension.
   *
   * @return D
   */
  public int obsDim() {
    return obsDim;
  }

  /**
   * The hidden size.
   *
   * @return H
   */
  public int hiddenSize() {
    return hiddenSize;
  }

  /**
   * The latent dimension.
   *
   * @return L
   */
  public int latentDim() {
    return latentDim;
  }
}
