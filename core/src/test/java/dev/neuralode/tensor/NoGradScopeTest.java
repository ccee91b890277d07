package dev.neuralode.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: the no-grad scope's contract. An unclosed scope would disable gradients for later
 * tasks on the same pool thread; try-with-resources and {@link Autograd#withoutGrad} close it on
 * every path, so the next task records again.
 */
class NoGradScopeTest {

  @Test
  void aScopeClosedByTryWithResourcesOrWithoutGradNeverLeaksToTheNextTaskOnAPoolThread()
      throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      pool.submit(() -> {
        try (Autograd.Scope s = Autograd.noGrad()) {
          throw new IllegalStateException("task fails inside the scope");
        }
      });
      assertThat(pool.submit(Autograd::isRecording).get()).isTrue();
      pool.submit(() -> Autograd.withoutGrad(() -> {
        throw new IllegalStateException("fails");
      }));
      assertThat(pool.submit(Autograd::isRecording).get()).isTrue();
      assertThat(pool.submit(() -> Autograd.withoutGrad(Autograd::isRecording)).get()).isFalse();
    } finally {
      pool.shutdownNow();
    }
    assertThatThrownBy(() -> Autograd.withoutGrad(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
