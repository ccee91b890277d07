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
  static Interrupts install() {
    Interrupts i = new Interrupts();
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        // sun.misc.Signal through reflection (jdk.unsupported): the same calls, without javac's
        // "internal proprietary API" warnings in every build
        Class<?> signalClass = Class.forName("sun.misc.Signal");
        Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
        Object signal = signalClass.getConstructor(String.class).newInstance(name);
        java.lang.reflect.Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
        java.lang.reflect.Method onSignal = handlerClass.getMethod("handle", signalClass);
        Object[] old = new Object[1];
        Object ours = java.lang.reflect.Proxy.newProxyInstance(handlerClass.getClassLoader(),
            new Class<?>[] {handlerClass}, (proxy, method, args) -> {
              switch (method.getName()) {
                case "handle" -> {
                  if (!i.requested.compareAndSet(false, true) && old[0] != null) {
                    onSignal.invoke(old[0], args[0]);
                  }
                  return null;
                }
                case "hashCode" -> {
                  return System.identityHashCode(proxy);
                }
                case "equals" -> {
                  return proxy == args[0];
                }
                default -> {
                  return "neuralode's " + name + " handler";
                }
              }
            });
        old[0] = handle.invoke(null, signal, ours);
        i.previous.add(new Object[] {handle, signal, old[0]});
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
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
  public void close() {
    for (Object[] p : previous) {
      try {
        ((java.lang.reflect.Method) p[0]).invoke(null, p[1], p[2]);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // Leave it.
      }
    }
    previous.clear();
  }
}
