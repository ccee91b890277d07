package dev.neuralode.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link KernelCounter}: m·k·n per product, per thread, nested scopes, misuse. */
class KernelCounterTest {

  @Test
  void countsEveryProductsMultiplyAddsIncludingTransposedAndSplitOnes() {
    Rng rng = new Rng(1);
    Tensor a = rng.normal(33, 7);
    Tensor b = rng.normal(7, 300);
    Tensor big = rng.normal(512, 64);
    Tensor w = rng.normal(64, 64);
    try (KernelCounter c = KernelCounter.start()) {
      assertThat(c.multiplyAdds()).isZero();
      Autograd.withoutGrad(() -> a.matmul(b)); // the column path on one thread
      assertThat(c.multiplyAdds()).isEqualTo(33L * 7 * 300);
      try (Parallelism p = Parallelism.threads(2)) {
        Autograd.withoutGrad(() -> big.matmul(w, false, true)); // blocked, split over two threads
      }
      assertThat(c.multiplyAdds()).isEqualTo(33L * 7 * 300 + 512L * 64 * 64);
    }
  }

  @Test
  void anMlpsForwardAndGradientCountTheirLayersProducts() {
    Rng rng = new Rng(2);
    Mlp mlp = new Mlp(3, new int[] {16, 8}, 2, Activation.TANH, false, rng);
    Tensor x = rng.normal(10, 3);
    long forward = 10L * (3 * 16 + 16 * 8 + 8 * 2);
    try (KernelCounter c = KernelCounter.start()) {
      Tensor y = mlp.forward(x);
      assertThat(c.multiplyAdds()).isEqualTo(forward);
      Autograd.grad(y.sum(), mlp.parameterValues());
      // backward: every layer's weight gradient, and the input gradient of every layer but the first
      long weightGradients = forward;
      long inputGradients = 10L * (16 * 8 + 8 * 2);
      assertThat(c.multiplyAdds()).isEqualTo(forward + weightGradients + inputGradients);
    }
  }

  @Test
  void aNestedScopeCountsOnItsOwnAndAddsToTheEnclosingOneAndOtherThreadsAreNotCounted() throws Exception {
    Tensor a = new Rng(3).normal(4, 5);
    Tensor b = new Rng(4).normal(5, 6);
    try (KernelCounter outer = KernelCounter.start()) {
      Autograd.withoutGrad(() -> a.matmul(b));
      try (KernelCounter inner = KernelCounter.start()) {
        Autograd.withoutGrad(() -> a.matmul(b));
        Autograd.withoutGrad(() -> a.matmul(b));
        assertThat(inner.multiplyAdds()).isEqualTo(2 * 120L);
        assertThat(outer.multiplyAdds()).isEqualTo(120L);
        CompletableFuture.runAsync(() -> Autograd.withoutGrad(() -> a.matmul(b))).get();
        assertThatThrownBy(() -> CompletableFuture.runAsync(inner::close).join())
            .hasCauseInstanceOf(IllegalStateException.class);
      }
      assertThat(outer.multiplyAdds()).isEqualTo(3 * 120L);
    }
    Autograd.withoutGrad(() -> a.matmul(b)); // no scope: nothing to count, nothing thrown
  }

  @Test
  void closingAnOuterCounterWhileAnInnerOneIsOpenThrowsButRestoresTheThread() {
    Tensor a = new Rng(5).normal(4, 5);
    Tensor b = new Rng(6).normal(5, 6);
    try (KernelCounter enclosing = KernelCounter.start()) {
      KernelCounter outer = KernelCounter.start();
      KernelCounter inner = KernelCounter.start();
      Autograd.withoutGrad(() -> a.matmul(b));
      assertThatThrownBy(outer::close).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("close the inner one first");
      Autograd.withoutGrad(() -> a.matmul(b)); // counted by the enclosing scope again, not by inner
      assertThat(inner.multiplyAdds()).isEqualTo(120L);
      assertThat(outer.multiplyAdds()).isZero();
      assertThat(enclosing.multiplyAdds()).isEqualTo(120L);
      outer.close(); // closed already: no effect
    }
  }

  @Test
  void aCapturesCheckReplayIsNotCountedButItsTracingRunAndLaterReplaysAre() {
    Tensor a = new Rng(7).normal(20, 30);
    Tensor w = new Rng(8).normal(30, 40);
    try (KernelCounter c = KernelCounter.start()) {
      Program.Captured cap = Autograd.withoutGrad(
          () -> Program.capture(List.of(a), in -> List.of(in.get(0).matmul(w))));
      assertThat(c.multiplyAdds()).isEqualTo(20L * 30 * 40);
      cap.program().run(a.toArray());
      assertThat(c.multiplyAdds()).isEqualTo(2 * 20L * 30 * 40);
    }
  }
}
