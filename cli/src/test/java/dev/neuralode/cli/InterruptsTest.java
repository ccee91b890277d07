package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
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

  /** The handlers, printing into {@code said}; the test is skipped where the JVM cannot handle SIGTERM. */
  private static Interrupts installed(List<String> said) {
    Interrupts signals = Interrupts.install(said::add, Path.of("runs", "never-written"),
        "neuralode fit --resume runs/never-written");
    boolean handled = signals.installed();
    if (!handled) {
      signals.close(); // puts back whichever handler was installed
    }
    assumeTrue(handled, "this platform does not let the JVM handle SIGTERM");
    return signals;
  }

  @Test
  void aSignalAfterTrainingEndedIsAcknowledgedOnceAndTheRunGoesOn() throws Exception {
    List<String> said = new CopyOnWriteArrayList<>();
    try (Interrupts signals = installed(said)) {
      raiseTerm();
      await(signals::requested);
      assertThat(signals.requested()).isTrue();
      assertThat(said).isEmpty();
      // the signal came before training ended: finishing() acknowledges it at once, and only once
      signals.finishing();
      signals.finishing();
    }
    assertThat(said).containsExactly("SIGTERM received after the last iteration: writing the output, then"
        + " exiting 0 (a second signal stops at once, without it)");
  }

  /** The second signal's line says what stays and how to go on, looking for the checkpoint. */
  @Test
  void aSecondSignalsLineNamesTheCheckpointOrItsAbsence(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("run");
    try (Interrupts signals = Interrupts.install(s -> { }, out, "neuralode fit --resume " + out)) {
      assertThat(signals.secondSignal()).isEqualTo("second signal: stopping at once; the output directory keeps"
          + " its previous contents; no checkpoint had been saved yet");
      Path checkpoint = java.nio.file.Files.createDirectories(dev.neuralode.io.OutputSet.checkpointDir(out));
      java.nio.file.Files.writeString(checkpoint.resolve(CheckpointFile.NAME), "{}");
      assertThat(signals.secondSignal()).isEqualTo("second signal: stopping at once; the output directory keeps"
          + " its previous contents; continue from the last checkpoint with: neuralode fit --resume " + out);
      signals.finishing();
      assertThat(signals.secondSignal())
          .isEqualTo("second signal: stopping at once; the output directory keeps its previous contents");
    }
  }

  /**
   * Once the output is being swapped in, signals are ignored (the run ends a moment later with its
   * output complete): a real second SIGTERM then neither halts this JVM nor prints a line.
   */
  @Test
  void signalsWhileTheOutputIsSwappedInAreIgnored() throws Exception {
    List<String> said = new CopyOnWriteArrayList<>();
    try (Interrupts signals = installed(said)) {
      signals.finishing();
      raiseTerm();
      await(() -> !said.isEmpty());
      signals.committing();
      raiseTerm(); // a second signal: halts the JVM unless committing() is honoured
      Thread.sleep(300);
    }
    assertThat(said).containsExactly("SIGTERM received after the last iteration: writing the output, then"
        + " exiting 0 (a second signal stops at once, without it)");
  }
}
