package dev.neuralode.cli;

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
  private final List<Object[]> previous = new ArrayList<>();

  private Interrupts() {}

  /**
   * Installs the handlers where the platform allows it (else the signals act as before).
   *
   * @return the handle; close it when training ends
   */
  @SuppressWarnings("removal")
  static Interrupts install() {
    Interrupts i = new Interrupts();
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        sun.misc.Signal signal = new sun.misc.Signal(name);
        sun.misc.SignalHandler[] old = new sun.misc.SignalHandler[1];
        old[0] = sun.misc.Signal.handle(signal, s -> {
          if (!i.requested.compareAndSet(false, true) && old[0] != null) {
            old[0].handle(s);
          }
        });
        i.previous.add(new Object[] {signal, old[0]});
      } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
        // Signal not available here (e.g. in use by the JVM): keep the default behaviour.
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
  @SuppressWarnings("removal")
  public void close() {
    for (Object[] p : previous) {
      try {
        sun.misc.Signal.handle((sun.misc.Signal) p[0], (sun.misc.SignalHandler) p[1]);
      } catch (IllegalArgumentException e) {
        // Leave it.
      }
    }
    previous.clear();
  }
}
