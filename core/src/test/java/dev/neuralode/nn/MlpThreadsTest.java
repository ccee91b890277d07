package dev.neuralode.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Parallelism;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The workload of the bench's P3 row at a smaller size: an MLP 2-160-160-2 with tanh, batch 700 (so the
 * blocked and narrow products, the few-rows weight gradient, the split tanh, bias additions and bias
 * sums all take their split paths), forward and gradient of every parameter, give the same bits on
 * 1, 2 and 3 threads.
 */
class MlpThreadsTest {
  private static List<long[]> outputAndGradients(int threads) {
    Rng rng = new Rng(5);
    Mlp mlp = new Mlp(2, new int[] {160, 160}, 2, Activation.TANH, false, rng);
    Tensor x = rng.normal(700, 2);
    Tensor gy = rng.normal(700, 2);
    try (Parallelism p = Parallelism.threads(threads)) {
      Tensor y = mlp.forward(x);
      List<long[]> out = new ArrayList<>();
      out.add(bits(y));
      for (Tensor g : Autograd.grad(List.of(y), mlp.parameterValues(), List.of(gy), false)) {
        out.add(bits(g));
      }
      return out;
    }
  }

  private static long[] bits(Tensor t) {
    return Arrays.stream(t.toArray()).mapToLong(Double::doubleToRawLongBits).toArray();
  }

  @Test
  void forwardAndGradientsAreTheSameBitsOnOneTwoAndThreeThreads() {
    List<long[]> one = outputAndGradients(1);
    for (int threads = 2; threads <= 3; threads++) {
      List<long[]> many = outputAndGradients(threads);
      assertThat(many).hasSameSizeAs(one);
      for (int k = 0; k < one.size(); k++) {
        assertThat(many.get(k)).as("threads=%d, output %d", threads, k).containsExactly(one.get(k));
      }
    }
  }
}
