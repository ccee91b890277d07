package dev.neuralode.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import dev.neuralode.nn.NeuralOde;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The merged shooting layouts of the polish with latent dimensions ({@link ShootingFit}). */
class ShootingMergeTest {

  private static final List<ShootingFit.Series> DATA =
      List.of(ShootingFitTest.spiral(21, 0), ShootingFitTest.spiral(16, 1.0));

  private static ShootingFit.Settings settings(boolean bootstrap) {
    return ShootingFitTest.settings(10, 1, 0, bootstrap);
  }

  @Test
  void pairsOfSegmentsOfOneSeriesStartFromTheirFirstSegment() {
    // 21 rows: 4 segments (rows 0-5-10-15-20); 16 rows: 3 segments (0-5-10-15)
    ShootingLayout one = new ShootingLayout(DATA, settings(false));
    assertThat(one.segments).isEqualTo(7);
    assertThat(one.startRows).containsExactly(0, 1, 2, 3, 4, 5, 6);
    assertThat(one.longestSeries()).isEqualTo(4);
    ShootingLayout two = one.merged(2);
    assertThat(two.segments).isEqualTo(4);
    assertThat(two.startRows).containsExactly(0, 2, 4, 6);
    assertThat(two.continues).containsExactly(true, false, true, false);
    // each run's rows: the first covers rows 0-10 of the first series, the last row 10-15 of the
    // second, at times relative to their starts
    ShootingLayout.Batch b = two.shooting.get(0);
    double[] tau = DATA.get(0).tau();
    double[] end = b.end().toArray();
    int rows = b.rows().length;
    for (int r = 0; r < rows; r++) {
      int last = -1;
      for (int k = 0; k < b.times().length; k++) {
        if (end[k * rows + r] > 0) {
          last = k;
        }
      }
      double[] t = r < 2 ? tau : DATA.get(1).tau();
      int[][] span = {{0, 10}, {10, 20}, {0, 10}, {10, 15}};
      assertThat(b.times()[last]).as("run %d", r).isEqualTo(t[span[r][1]] - t[span[r][0]]);
    }
    // runs longer than any series: one per series, whatever the factor
    ShootingLayout all = one.merged(8);
    assertThat(all.startRows).containsExactly(0, 4);
    assertThat(all.continues).containsExactly(false, false);
  }

  @Test
  void aLatentFitInterruptedInItsMergingStagesResumesBitForBit() {
    // 40 iterations: polish from 19 (0-based 18), merging stages until the whole polish at 30
    ShootingFit.Settings s = ShootingFitTest.settings(40, 2, 0, true);
    assertThat(ShootingFit.wholeSeriesFrom(40)).isEqualTo(30);
    ShootingFit.Result whole = ShootingFit.train(DATA, s, (a, b, c, d) -> { }, null,
        ShootingFit.Checkpoints.none()).result();
    ShootingFit.Checkpoint[] saved = new ShootingFit.Checkpoint[1];
    int[] done = {0};
    ShootingFit.Listener count = (it, phase, loss, nfe) -> done[0] = it;
    ShootingFit.train(DATA, s, count, null,
        new ShootingFit.Checkpoints(0, c -> saved[0] = c, () -> done[0] >= 22));
    assertThat(saved[0].iteration()).isEqualTo(22);
    ShootingFit.train(DATA, s, count, saved[0],
        new ShootingFit.Checkpoints(0, c -> saved[0] = c, () -> done[0] >= 29));
    assertThat(saved[0].iteration()).isEqualTo(29);
    ShootingFit.Result resumed = ShootingFit.train(DATA, s, count, saved[0],
        ShootingFit.Checkpoints.none()).result();
    assertThat(resumed.losses()).containsExactly(whole.losses());
    assertThat(resumed.mlp().flatParameters()).containsExactly(whole.mlp().flatParameters());
    assertThat(resumed.initialStates()[1]).containsExactly(whole.initialStates()[1]);
  }

  @Test
  void wholeSeriesRunsGiveThePolishLossWithAndWithoutTheBootstrap() {
    for (boolean bootstrap : new boolean[] {false, true}) {
      ShootingFit.Settings s = settings(bootstrap);
      ShootingLayout layout = new ShootingLayout(DATA, s);
      ShootingLayout whole = layout.merged(4);
      Mlp mlp = new Mlp(layout.d, new int[] {8}, layout.d, Activation.TANH, false, new Rng(5));
      NeuralOde ode = new NeuralOde(mlp, Solver.builder().rtol(1e-9).atol(1e-11).build(),
          Sensitivity.backsolveAdjoint());
      Tensor segStates = Tensor.matrix(layout.segmentInit);
      Tensor starts = Tensor.matrix(new double[][] {layout.segmentInit[0], layout.segmentInit[4]});
      double merged = new ShootingObjectives(whole, ode, mlp, s).shooting(segStates, 1000)
          .loss().item();
      double polish = new ShootingObjectives(layout, ode, mlp, s).polish(starts, 1).loss().item();
      // the same points with the same weights: the same loss but for the summation order
      assertThat(merged).as("bootstrap %s", bootstrap)
          .isCloseTo(polish, org.assertj.core.api.Assertions.within(1e-12 * polish));
      // and not the loss of the unmerged segments, which start at the smoothed data
      double pieces = new ShootingObjectives(layout, ode, mlp, s).shooting(segStates, 0)
          .loss().item();
      assertThat(Math.abs(pieces - polish)).isGreaterThan(1e-3 * polish);
    }
  }
}
