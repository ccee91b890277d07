package dev.neuralode.io;

import java.nio.file.Path;
import java.util.Map;

/**
 * A process for {@link OutputSetKillTest}: replaces the output set of a directory again and
 * again, generation after generation, until it is killed. Every file of generation g holds g, so
 * a mixed set is easy to see. Prints {@code started} once it has replaced one set.
 */
final class OutputSetWriterMain {

  /** The files of each set. */
  static final int FILES = 12;

  private OutputSetWriterMain() {}

  /**
   * Runs the writer.
   *
   * @param args the output directory and the first generation number
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    Path target = Path.of(args[0]);
    long generation = Long.parseLong(args[1]);
    boolean announced = false;
    while (true) {
      try (OutputSet set = OutputSet.begin(target, "--out", Map.of("command", "test"), false)) {
        for (int i = 0; i < FILES; i++) {
          String text = ("generation " + generation + " file " + i + "\n").repeat(200);
          AtomicFiles.writeString(set.dir().resolve("f" + i + ".txt"), text);
        }
        set.commit();
      }
      if (!announced) {
        // After one full set: the JVM is warm, so the kills fall across the whole write cycle.
        System.out.println("started");
        System.out.flush();
        announced = true;
      }
      generation++;
    }
  }
}
