package dev.neuralode.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a kill at any moment during output writing leaves either the complete old set or the
 * complete new set. A writer process replaces a directory's output set in a loop and is killed
 * (SIGKILL) 50 times at random moments (fixed seed); after each kill, {@link OutputSet#recover}
 * (which the next run performs) must find one complete generation and no leftovers.
 */
class OutputSetKillTest {

  @TempDir Path dir;

  @Test
  void killAtRandomMomentsDuringOutputWritingLeavesTheCompleteOldOrNewSet() throws Exception {
    Path target = dir.resolve("out");
    try (OutputSet first = OutputSet.begin(target, "--out", Map.of("command", "test"), false)) {
      for (int i = 0; i < OutputSetWriterMain.FILES; i++) {
        AtomicFiles.writeString(first.dir().resolve("f" + i + ".txt"),
            ("generation 0 file " + i + "\n").repeat(200));
      }
      first.commit();
    }
    Random random = new Random(14);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    long generation = 1;
    Set<Long> seen = new HashSet<>();
    for (int kill = 0; kill < 50; kill++) {
      Process p = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
          System.getProperty("java.class.path"), OutputSetWriterMain.class.getName(),
          target.toString(), Long.toString(generation * 1_000_000))
          .redirectErrorStream(true).start();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        assertThat(r.readLine()).isEqualTo("started");
        Thread.sleep(random.nextInt(200));
        p.destroyForcibly();
        p.waitFor();
      }
      OutputSet.recover(target);
      long g = completeGeneration(target);
      seen.add(g);
      try (Stream<Path> siblings = Files.list(dir)) {
        assertThat(siblings.map(s -> s.getFileName().toString()).toList())
            .as("no temporary directories after recovery").containsExactly("out");
      }
      generation++;
    }
    assertThat(seen).as("the kills fell at different moments").hasSizeGreaterThan(5);
  }

  @Test
  void sigtermDuringOutputWritingLeavesNoTemporaryFilesAndTheOldOrNewSet() throws Exception {
    Path target = dir.resolve("out");
    Random random = new Random(15);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int kill = 0; kill < 5; kill++) {
      Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp",
          System.getProperty("java.class.path"), OutputSetWriterMain.class.getName(),
          target.toString(), Long.toString((kill + 1) * 1_000_000L))
          .redirectErrorStream(true).start();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        assertThat(r.readLine()).isEqualTo("started");
        Thread.sleep(random.nextInt(200));
        p.destroy(); // SIGTERM: the shutdown hook removes the staging directory
        p.waitFor();
      }
      try (Stream<Path> siblings = Files.list(dir)) {
        List<String> names = siblings.map(s -> s.getFileName().toString()).toList();
        // Only a SIGTERM that lands inside the two renames of a commit can leave a set beside
        // "out", and recover() finishes it; staging directories never remain.
        assertThat(names).noneMatch(n -> n.contains(".staging-"));
      }
      OutputSet.recover(target);
      if (Files.exists(target)) {
        completeGeneration(target);
      }
    }
  }

  /** The generation every file of the set holds; fails on a mixed or incomplete set. */
  private static long completeGeneration(Path target) throws Exception {
    assertThat(target).isDirectory();
    try (Stream<Path> files = Files.list(target)) {
      List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
      assertThat(names).hasSize(OutputSetWriterMain.FILES + 2)
          .contains(OutputSet.IDENTITY, OutputSet.FILES);
    }
    Long generation = null;
    for (int i = 0; i < OutputSetWriterMain.FILES; i++) {
      String text = Files.readString(target.resolve("f" + i + ".txt"));
      String first = text.lines().findFirst().orElseThrow();
      long g = Long.parseLong(first.split(" ")[1]);
      assertThat(text).isEqualTo(("generation " + g + " file " + i + "\n").repeat(200));
      if (generation == null) {
        generation = g;
      }
      assertThat(g).as("file " + i + " is of the same run as the others").isEqualTo(generation);
    }
    return generation;
  }
}
