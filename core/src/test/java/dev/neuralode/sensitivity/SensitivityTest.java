package dev.neuralode.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parsing the modes; statistics held by each result (no thread-local "last"); the binomial schedule
 * against the revolve optimum; and the checkpointing table of docs/gradients.md.
 */
class SensitivityTest {

  @Test
  void parseAcceptsTheOldAndNewNames() {
    assertThat(Sensitivity.parse("direct")).isEqualTo(Sensitivity.direct());
    assertThat(Sensitivity.parse(" Adjoint ")).isEqualTo(Sensitivity.backsolveAdjoint());
    assertThat(Sensitivity.parse("backsolve")).isEqualTo(Sensitivity.backsolveAdjoint());
    assertThat(Sensitivity.parse("checkpointed")).isEqualTo(Sensitivity.checkpointed());
    assertThat(Sensitivity.parse("direct-checkpointed")).isEqualTo(Sensitivity.checkpointed());
    assertThat(Sensitivity.parse("interpolating")).isEqualTo(Sensitivity.interpolatingAdjoint());
    assertThat(Sensitivity.parse("INTERPOLATING_ADJOINT")).isEqualTo(Sensitivity.interpolatingAdjoint());
    assertThatThrownBy(() -> Sensitivity.parse("reverse")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("direct, checkpointed, backsolve (or adjoint), interpolating")
        .hasMessageContaining("'reverse'");
    for (String name : Sensitivity.names()) {
      assertThat(Sensitivity.parse(name).name()).isEqualTo(name);
    }
    assertThat(Sensitivity.checkpointed().checkpoints()).isEqualTo(Checkpointed.DEFAULT_CHECKPOINTS);
    assertThatThrownBy(() -> Sensitivity.checkpointed(0)).hasMessageContaining("checkpoints=0");
    assertThat(Sensitivity.backsolveAdjoint().withSeminorm(true).seminorm()).isTrue();
  }

  @Test
  void eachResultHoldsItsOwnForwardAndBackwardStatistics() {
    Tensor p = Tensor.scalar(-0.5).requireGrad();
    List<SensitivityResult> results = new ArrayList<>();
    for (double tEnd : new double[] {1.0, 4.0}) {
      results.add(Sensitivity.backsolveAdjoint().solve((t, y) -> y.mul(p), Tensor.vector(1.0),
          Tensor.vector(0.0, tEnd), List.of(p), Solver.defaults()));
    }
    for (SensitivityResult r : results) {
      assertThat(r.stats().mode()).isEqualTo("backsolve");
      assertThat(r.stats().forward()).isEqualTo(r.forward());
      assertThat(r.stats().backwardPass()).isEqualTo(GradientStats.Backward.NONE);
    }
    Autograd.grad(results.get(1).ys().sum(), List.of(p));
    assertThat(results.get(0).stats().backward().nfe()).isZero();
    assertThat(results.get(1).stats().backward().nfe()).isPositive();
    Autograd.grad(results.get(0).ys().sum(), List.of(p));
    assertThat(results.get(0).stats().backward().nfe()).isPositive()
        .isLessThan(results.get(1).stats().backward().nfe());
  }

  /** t(l, c) = r·l − β(c+1, r−1) is the minimum of the recursion over every split, for small l and c. */
  @Test
  void theClosedFormIsTheOptimumOfTheRecursion() {
    int maxL = 80;
    int maxC = 6;
    long[][] t = new long[maxL + 1][maxC + 1];
    for (int c = 1; c <= maxC; c++) {
      for (int l = 1; l <= maxL; l++) {
        if (l == 1) {
          t[l][c] = 0;
        } else if (c == 1) {
          t[l][c] = (long) l * (l - 1) / 2;
        } else {
          long best = Long.MAX_VALUE;
          for (int j = 1; j < l; j++) {
            best = Math.min(best, j + t[l - j][c - 1] + t[j][c]);
          }
          t[l][c] = best;
        }
        assertThat(BinomialSchedule.advances(l, c)).as("t(%d, %d)", l, c).isEqualTo(t[l][c]);
      }
    }
    assertThat(BinomialSchedule.beta(16, 2)).isEqualTo(153);
    assertThat(BinomialSchedule.repetitions(10_000, 16)).isEqualTo(5);
  }

  /** A dry run counts the work: advances = t(N, c), every step reversed once, last to first, ≤ c stored. */
  @Test
  void theScheduleReachesTheBinomialOptimum() {
    int[][] cases = {{1, 1}, {2, 1}, {10, 1}, {10, 2}, {37, 3}, {100, 4}, {100, 16}, {153, 16}, {154, 16},
        {1000, 5}, {1000, 16}, {10_000, 16}, {16, 16}, {5, 40}};
    for (int[] nc : cases) {
      int n = nc[0];
      int c = nc[1];
      Count count = new Count(n);
      BinomialSchedule.Work w = BinomialSchedule.run(n, c, 0, count);
      assertThat(w.advanced()).as("advances N=%d c=%d", n, c).isEqualTo(BinomialSchedule.advances(n, c))
          .isEqualTo(count.advanced);
      assertThat(w.reversed()).isEqualTo(n);
      assertThat(count.next).as("every step reversed, in reverse order").isEqualTo(-1);
      assertThat(w.peakStored()).as("stored N=%d c=%d", n, c).isEqualTo(Math.min(n, c));
    }
  }

  /**
   * The table of docs/gradients.md: stored states and the recompute factor (steps replayed in the
   * backward pass per forward step) for N = 100, 1,000, 10,000 and c = 4, 8, 16, 32, 64 checkpoints.
   */
  @Test
  void checkpointingTable() {
    StringBuilder table = new StringBuilder("| N | c | stored states | advanced steps t(N, c) | reversed"
        + " | recompute factor (t + N)/N |\n|---|---|---|---|---|---|\n");
    for (int n : new int[] {100, 1000, 10_000}) {
      for (int c : new int[] {4, 8, 16, 32, 64}) {
        Count count = new Count(n);
        BinomialSchedule.Work w = BinomialSchedule.run(n, c, 0, count);
        double factor = (double) (w.advanced() + w.reversed()) / n;
        table.append(String.format("| %,d | %d | %d | %,d | %,d | %.2f |%n", n, c, w.peakStored(), w.advanced(),
            w.reversed(), factor));
        assertThat(factor).isLessThanOrEqualTo(BinomialSchedule.repetitions(n, c) + 1.0);
      }
    }
    System.out.print(table);
  }

  /** Integer "states": the step index reached; checks that every step is reversed in order. */
  private static final class Count implements BinomialSchedule.Ops<Integer> {
    long advanced;
    int next;

    Count(int n) {
      next = n - 1;
    }

    @Override
    public Integer advance(Integer state, int from, int to) {
      assertThat(state).isEqualTo(from);
      advanced += to - from;
      return to;
    }

    @Override
    public void reverse(int step, Integer state) {
      assertThat(state).isEqualTo(step);
      assertThat(step).isEqualTo(next);
      next--;
    }
  }
}
