package dev.neuralode.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.data.ToyDensities;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Parallelism;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A CNF's loss and parameter gradient (dopri5, the adjoint, the exact trace, batch 256, hidden
 * 64-64-64, so the matrix products and tanh take the split paths) are the same bits on 1, 2 and 3
 * threads.
 */
class CnfThreadsTest {
  private static List<long[]> lossAndGradient(int threads) {
    Cnf cnf = Cnf.builder(2).hidden(64, 64, 64).seed(7).build();
    Tensor x = Tensor.matrix(ToyDensities.sample("pinwheel", 256, 11L));
    try (Parallelism p = Parallelism.threads(threads)) {
      Tensor loss = cnf.logProb(x, new Rng(12)).logProb().mean().neg();
      List<long[]> out = new ArrayList<>();
      out.add(bits(loss));
      for (Tensor g : Autograd.grad(List.of(loss), cnf.parameterValues(), null, false)) {
        out.add(bits(g));
      }
      return out;
    }
  }

  private static long[] bits(Tensor t) {
    return Arrays.stream(t.toArray()).mapToLong(Double::doubleToRawLongBits).toArray();
  }

  @Test
  void lossAndGradientAreTheSameBitsOnOneTwoAndThreeThreads() {
    List<long[]> one = lossAndGradient(1);
    for (int threads = 2; threads <= 3; threads++) {
      List<long[]> many = lossAndGradient(threads);
      assertThat(many).hasSameSizeAs(one);
      for (int k = 0; k < one.size(); k++) {
        assertThat(many.get(k)).as("threads=%d, output %d", threads, k).containsExactly(one.get(k));
      }
    }
  }
}
