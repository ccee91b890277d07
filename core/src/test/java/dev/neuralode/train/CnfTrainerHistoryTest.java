package dev.neuralode.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link CnfTrainer.History}'s totals, which the density commands' summaries report. */
class CnfTrainerHistoryTest {

  @Test
  void totalsSumEveryIterationInLongs() {
    int big = Integer.MAX_VALUE;
    CnfTrainer.History h = new CnfTrainer.History(new double[3], new double[3], new int[] {20, 26, big},
        new int[] {0, 7, big});
    assertThat(h.nfeForwardTotal()).isEqualTo(46L + big);
    assertThat(h.nfeBackwardTotal()).isEqualTo(7L + big);
    CnfTrainer.History empty = new CnfTrainer.History(new double[0], new double[0], new int[0], new int[0]);
    assertThat(empty.nfeForwardTotal()).isZero();
    assertThat(empty.nfeBackwardTotal()).isZero();
  }
}
