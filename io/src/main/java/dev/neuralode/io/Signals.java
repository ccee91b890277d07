package dev.neuralode.io;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/**
 * SIGINT and SIGTERM handlers for the commands that stop cleanly on a signal (the CLI's training
 * commands and the Spark jobs). They use {@code sun.misc.Signal} (module jdk.unsupported) through
 * reflection: the same calls, without javac's "internal proprietary API" warning in every build.
 */
public final class Signals {
  private Signals() {}

  /** A handler in place, until {@link #restore()} puts the previous one back. */
  public interface Installed {
    /** Puts back the handler the signal had before; failures leave the handler as it is. */
    void restore();
  }

  /**
   * Handles a signal.
   *
   * @param name the signal's name without "SIG", e.g. {@code TERM} or {@code INT}
   * @param handler called on the signal's thread each time the signal arrives, with an action that
   *     runs the handler the signal had before (the JVM's default ends the process)
   * @return the installed handler, or null where the signal cannot be handled here (no
   *     jdk.unsupported, or the JVM uses the signal): the signal then acts as before
   */
  public static Installed on(String name, Consumer<Runnable> handler) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance(name);
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      Method onSignal = handlerClass.getMethod("handle", signalClass);
      Object[] previous = new Object[1];
      Object ours = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
          (proxy, method, args) -> {
            switch (method.getName()) {
              case "handle" -> {
                handler.accept(() -> {
                  if (previous[0] != null) {
                    try {
                      onSignal.invoke(previous[0], args[0]);
                    } catch (ReflectiveOperationException e) {
                      // the previous handler cannot run: the signal is ignored this time
                    }
                  }
                });
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
      previous[0] = invoke(handle, signal, ours);
      return () -> {
        try {
          invoke(handle, signal, previous[0]);
        } catch (ReflectiveOperationException | RuntimeException e) {
          // left as it is
        }
      };
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null; // e.g. IllegalArgumentException: the signal is in use by the JVM
    }
  }

  /**
   * Runs {@code line} (a second signal's message) on a thread of its own and halts the JVM once it
   * has run, or after a second at most: a stderr that blocks (a full pipe, a paused terminal), a
   * slow look at the disk or a failing print never keeps the process from stopping. No shutdown
   * hook runs.
   *
   * @param line prints the message; may be null for none
   * @param status the exit status, e.g. 143 for SIGTERM
   */
  public static void haltAfter(Runnable line, int status) {
    try {
      if (line != null) {
        Thread t = new Thread(line, "neuralode-second-signal");
        t.setDaemon(true);
        t.start();
        t.join(1000);
      }
    } catch (InterruptedException | RuntimeException e) {
      // the process halts all the same
    } finally {
      Runtime.getRuntime().halt(status);
    }
  }

  /** Signal.handle(signal, handler), with a RuntimeException it throws unwrapped. */
  private static Object invoke(Method handle, Object signal, Object handler) throws ReflectiveOperationException {
    try {
      return handle.invoke(null, signal, handler);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
