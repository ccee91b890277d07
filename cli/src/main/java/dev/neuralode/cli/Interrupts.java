package dev.neuralode.cli;

import dev.neuralode.io.Signals;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Ctrl-C (SIGINT) and SIGTERM as a request to stop training, for the time of a run: while
 * installed, the signals no longer end the JVM at once but set a flag that the training loop
 * polls after each iteration; the command then writes a final checkpoint and exits with status
 * {@value #EXIT_STATUS}. Closing restores the previous handlers. A second signal while the flag is
 * set ends the JVM as usual.
 */
final class Interrupts implements AutoCloseable {

  /** The exit status of a run stopped by a signal, as shells report SIGINT: {@value}. */
  static final int EXIT_STATUS = 130;

  private final AtomicBoolean requested = new AtomicBoolean();
  private final AtomicBoolean acknowledged = new AtomicBoolean();
  private final List<Signals.Installed> previous = new ArrayList<>();
  private volatile String signal = "INT";
  private volatile Consumer<String> finishing;

  private Interrupts() {}

  /**
   * Installs the handlers where the platform allows it (else the signals act as before).
   *
   * @return the handle; close it when training ends
   */
  static Interrupts install() {
    Interrupts i = new Interrupts();
    for (String name : new String[] {"INT", "TERM"}) {
      // a second signal while the flag is set runs the previous handler (the JVM's: exit)
      Signals.Installed h = Signals.on(name, chain -> {
        i.signal = name;
        if (!i.requested.compareAndSet(false, true)) {
          Consumer<String> say = i.finishing;
          if (say != null) {
            // while the output is written: stop at once, without the errors that writing into a
            // JVM shutting down would print; the output set's staging files are removed by the
            // next run into the same --out
            say.accept("second signal: stopping at once; the output directory keeps its previous"
                + " contents");
            Runtime.getRuntime().halt(name.equals("INT") ? 130 : 143);
          }
          chain.run();
        } else {
          i.acknowledge();
        }
      });
      if (h != null) {
        i.previous.add(h);
      }
    }
    return i;
  }

  /**
   * Marks the end of training: from now on a first signal no longer stops the run, which writes its
   * output and exits 0, and says so through {@code say} (at once if a signal has already arrived); a
   * second signal says so and halts the JVM at once (status 130 for SIGINT, 143 for SIGTERM).
   *
   * @param say prints one status line (the command's prefix and -q applied)
   */
  void finishing(Consumer<String> say) {
    finishing = say;
    if (requested.get()) {
      acknowledge();
    }
  }

  private void acknowledge() {
    Consumer<String> say = finishing;
    if (say != null && acknowledged.compareAndSet(false, true)) {
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
