package dev.neuralode.cli;

import dev.neuralode.io.Signals;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

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
  private final List<Signals.Installed> previous = new ArrayList<>();

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
        if (!i.requested.compareAndSet(false, true)) {
          chain.run();
        }
      });
      if (h != null) {
        i.previous.add(h);
      }
    }
    return i;
  }

  /**
   * Whether a stop was requested.
   *
   * @return true after SIGINT or SIGTERM
   */
  boolean requested() {
    return requested.get();
  }

  @Override
  public void close() {
    previous.forEach(Signals.Installed::restore);
    previous.clear();
  }
}
