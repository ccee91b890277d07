package dev.neuralode.cli;

import dev.neuralode.latent.IrregularBatch;
import dev.neuralode.nn.GruCell;
import dev.neuralode.nn.Linear;
import dev.neuralode.nn.Module;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;

/**
 * The baseline of {@code demo latent}: a deterministic GRU sequence-to-sequence autoencoder with time
 * deltas as input ("RNN-Δt"). The encoder GRU reads [x ⊙ m, m, Δt] backward in time over the grid,
 * Δt being the gap to the previously read time, and updates only where something is observed (as
 * the ODE-RNN encoder does, but without an ODE between observations); the decoder GRU starts from the
 * encoder's state and steps forward over the query times with Δt as its only input; a linear layer
 * reads each decoder state out. Trained by the masked squared error.
 */
final class GruDeltaBaseline extends Module {
  private final int obsDim;
  private final int hidden;
  private final GruCell encoder;
  private final GruCell decoder;
  private final Linear out;

  GruDeltaBaseline(int obsDim, int hidden, Rng rng) {
    this.obsDim = obsDim;
    this.hidden = hidden;
    this.encoder = register("encoder", new GruCell(2 * obsDim + 1, hidden, rng));
    this.decoder = register("decoder", new GruCell(1, hidden, rng));
    this.out = register("out", new Linear(hidden, obsDim, true, rng));
  }

  /** The predictions {@code [T, batch, D]} at the query times (starting at the batch's t₀). */
  Tensor forward(IrregularBatch batch, double[] queryTimes) {
    double[] t = batch.times();
    int b = batch.batchSize();
    double[] m = batch.mask().toArray();
    Tensor h = Tensor.zeros(b, hidden);
    for (int i = t.length - 1; i >= 0; i--) {
      double[] any = new double[b];
      for (int k = 0; k < b; k++) {
        for (int j = 0; j < obsDim; j++) {
          if (m[(i * b + k) * obsDim + j] != 0.0) {
            any[k] = 1.0;
          }
        }
      }
      double gap = i == t.length - 1 ? 0.0 : t[i + 1] - t[i];
      Tensor in = Tensor.concat(1, batch.values().index(i), batch.mask().index(i), Tensor.full(gap, b, 1));
      h = h.add(Tensor.of(any, b, 1).mul(encoder.forward(in, h).sub(h)));
    }
    Tensor[] outs = new Tensor[queryTimes.length];
    for (int i = 0; i < queryTimes.length; i++) {
      double gap = i == 0 ? 0.0 : queryTimes[i] - queryTimes[i - 1];
      h = decoder.forward(Tensor.full(gap, b, 1), h);
      outs[i] = out.forward(h);
    }
    return Tensor.stack(java.util.Arrays.asList(outs));
  }
}
