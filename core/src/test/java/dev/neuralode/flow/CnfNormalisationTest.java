package dev.neuralode.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.data.ToyDensities;
import dev.neuralode.nn.Activation;
import dev.neuralode.optim.CosineSchedule;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.CnfTrainer;
import org.junit.jupiter.api.Test;

/** After training on a toy density, exp(log p) integrates to 1 ± 0.01 over a box holding the data. */
class CnfNormalisationTest {
  @Test
  void trainedDensityIntegratesToOne() {
    double[][] data = ToyDensities.sample("8gaussians", 512, 0);
    double[][] scaled = new double[data.length][];
    for (int i = 0; i < data.length; i++) {
      scaled[i] = new double[] {data[i][0] / 2, data[i][1] / 2};
    }
    Cnf cnf = Cnf.create(2, new int[] {24, 24}, Activation.TANH, Cnf.FlowSettings.defaults(), new Rng(0));
    CnfTrainer.History h = CnfTrainer.train(cnf, Tensor.matrix(scaled),
        new CnfTrainer.TrainingSettings(40, 256, new CosineSchedule(0.02, 40, 2e-4), 0, 1));
    assertThat(h.nll()[39]).isLessThan(h.nll()[0]);
    double lo = -6;
    double hi = 6;
    int g = 100;
    double cell = (hi - lo) / g;
    double[][] grid = new double[g * g][];
    for (int i = 0; i < g; i++) {
      for (int j = 0; j < g; j++) {
        grid[i * g + j] = new double[] {lo + (i + 0.5) * cell, lo + (j + 0.5) * cell};
      }
    }
    double[] lp = CnfTrainer.logProb(cnf, Tensor.matrix(grid), TraceEstimator.exact(), 5000, null);
    double integral = 0;
    for (double v : lp) {
      integral += Math.exp(v) * cell * cell;
    }
    System.out.println("normalisation integral over [-6,6]^2 after 40 iterations: " + integral
        + " (train nll " + h.nll()[0] + " -> " + h.nll()[39] + ")");
    assertThat(integral).isCloseTo(1.0, within(0.01));
  }
}
