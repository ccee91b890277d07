package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A real SIGTERM to this JVM while the handlers are installed (one signal only: a second would end it). */
class InterruptsTest {
  private static void raiseTerm() throws Exception {
    Class<?> signal = Class.forName("sun.misc.Signal");
    Object term = signal.getConstructor(String.class).newInstance("TERM");
    signal.getMethod("raise", signal).invoke(null, term);
  }

  private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + 10_000_000_000L;
    while (!done.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(10);
    }
  }

  @Test
  void aSignalAfterTrainingEndedIsAcknowledgedOnceAndTheRunGoesOn() throws Exception {
    List<String> said = new CopyOnWriteArrayList<>();
    try (Interrupts signals = Interrupts.install()) {
      assumeTrue(signals.installed(), "this platform does not let the JVM handle SIGTERM");
      raiseTerm();
      await(signals::requested);
      assertThat(signals.requested()).isTrue();
      assertThat(said).isEmpty();
      // the signal came before training ended: finishing() acknowledges it at once, and only once
      signals.finishing(said::add);
      signals.finishing(said::add);
    }
    assertThat(said).containsExactly("SIGTERM received after the last iteration: writing the output, then"
        + " exiting 0 (a second signal stops at once, without it)");
  }
}
