package dev.neuralode.cli;

import dev.neuralode.io.Signals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Ctrl-C (SIGINT) and SIGTERM as a request to stop training, for the time of a run: while
 * installed, the signals no longer end the JVM at once but set a flag that the training loop
 * polls after each iteration; the command then writes a final checkpoint and exits with status
 * {@value #EXIT_STATUS}. A second signal while the flag is set says so in one line and halts the
 * JVM at once (status 143 for SIGTERM, 130 for SIGINT), whatever the command is doing: no shutdown
 * hook runs beside a main thread that goes on writing, so nothing prints a stack trace or a false
 * line. What a halt leaves on disk is what a kill leaves: the previous output, the last complete
 * checkpoint, and hidden staging directories that the next run into the same {@code --out} removes.
 * Closing restores the previous handlers.
 */
final class Interrupts implements AutoCloseable {

  /** The exit status of a run stopped by a signal, as shells report SIGINT: {@value}. */
  static final int EXIT_STATUS = 130;

  private final AtomicBoolean requested = new AtomicBoolean();
  private final AtomicBoolean acknowledged = new AtomicBoolean();
  private final List<Signals.Installed> previous = new ArrayList<>();
  private final Consumer<String> say;
  private final Path out;
  private final String resume;
  private volatile String signal = "INT";
  private volatile boolean finishing;
  private volatile boolean committed;

  private Interrupts(Consumer<String> say, Path out, String resume) {
    this.say = say;
    this.out = out;
    this.resume = resume;
  }

  /**
   * Installs the handlers where the platform allows it (else the signals act as before).
   *
   * @param say prints one status line (the command's prefix and -q applied)
   * @param out the run's {@code --out}, whose checkpoint a second signal's line looks for
   * @param resume the command that continues the run, e.g. {@code neuralode fit --resume runs/x}
   * @return the handle; close it when training ends
   */
  static Interrupts install(Consumer<String> say, Path out, String resume) {
    Interrupts i = new Interrupts(say, out, resume);
    for (String name : new String[] {"INT", "TERM"}) {
      Signals.Installed h = Signals.on(name, chain -> {
        i.signal = name;
        if (!i.requested.compareAndSet(false, true)) {
          if (i.committed) {
            return; // the output is being swapped in: the run ends in a moment, complete, status 0
          }
          String line = i.secondSignal();
          Signals.haltAfter(() -> i.say.accept(line), name.equals("INT") ? 130 : 143);
        }
        i.acknowledge();
      });
      if (h != null) {
        i.previous.add(h);
      }
    }
    return i;
  }

  /** The line of a second signal, which halts the JVM: what stays on disk and how to go on. */
  String secondSignal() {
    String line = "second signal: stopping at once; the output directory keeps its previous contents";
    if (finishing) {
      return line;
    }
    boolean checkpoint;
    try {
      checkpoint = Files.isRegularFile(CheckpointFile.locate(out).resolve(CheckpointFile.NAME));
    } catch (RuntimeException e) {
      checkpoint = false;
    }
    return line + (checkpoint ? "; continue from the last checkpoint with: " + resume
        : "; no checkpoint had been saved yet");
  }

  /**
   * Marks the end of training: from now on a first signal no longer stops the run, which writes its
   * output and exits 0, and says so (at once if a signal has already arrived); a second signal says
   * that it stops at once without the output, and halts the JVM.
   */
  void finishing() {
    finishing = true;
    if (requested.get()) {
      acknowledge();
    }
  }

  /**
   * Marks the swap of the output into place ({@code OutputSet.commit}, then the checkpoint's
   * removal): from now on signals are ignored, since the run ends within moments with its output
   * complete and status 0 (a halt here would leave the finished run's checkpoint behind, or the
   * swap for the next run to complete).
   */
  void committing() {
    committed = true;
  }

  private void acknowledge() {
    if (finishing && acknowledged.compareAndSet(false, true)) {
      say.accept((signal.equals("INT") ? "Ctrl-C (SIGINT)" : "SIG" + signal) + " received after the last"
          + " iteration: writing the output, then exiting 0 (a second signal stops at once, without it)");
    }
  }

  /**
   * Whether a stop was requested.
   *
   * @return true after SIGINT or SIGTERM
   */
  boolean requested() {
    return requested.get();
  }

  /** Whether both handlers are installed (else the signals act as before). */
  boolean installed() {
    return previous.size() == 2;
  }

  @Override
  public void close() {
    previous.forEach(Signals.Installed::restore);
    previous.clear();
  }
}
