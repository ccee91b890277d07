package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.io.Json;
import dev.neuralode.io.OutputSet;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 acceptance: a kill at any moment leaves either the complete old set or the complete new
 * set, tested on a real {@code neuralode fit} process ({@link FitLoopMain}, which reruns {@code fit}
 * over one {@code --out} alternating two seeds) killed with SIGKILL at random moments (fixed
 * seed). After each kill, as the next run does first, {@link OutputSet#recover} tidies up; then
 * {@code --out} must hold exactly the files of one of the two reference runs, byte for byte (the
 * timing in {@code summary.json} aside), beside it no temporary directory, and the checkpoint
 * directory, if a checkpoint was being kept, a complete checkpoint.
 */
class FitKillTest {

  /** How many kills; each costs a JVM start and up to {@link #MAX_WAIT_MILLIS}. */
  static final int KILLS = 50;
  /** The longest wait before a kill: about two runs of the tiny fit, JVM start included. */
  static final int MAX_WAIT_MILLIS = 1500;

  @TempDir Path dir;

  /** The tiny fit the loop runs: a few iterations, a checkpoint every 2, a small plot. */
  static String[] arguments(String data, String out, long seed) {
    return new String[] {"fit", "--data", data, "--iterations", "4", "--hidden", "3",
        "--checkpoint-every", "2", "--seed", Long.toString(seed), "--out", out, "--overwrite",
        "--quiet"};
  }

  @Test
  @org.junit.jupiter.api.Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES,
      threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
  void killingARealFitAtRandomMomentsLeavesOneCompleteGeneration() throws Exception {
    Path data = Files.writeString(dir.resolve("s.csv"),
        "t,x,y\n0,1,1\n1,2,3\n2,3,1\n3,4,5\n4,2,2\n5,1,0\n");
    Map<Long, Map<String, byte[]>> reference = new HashMap<>();
    for (long seed = 0; seed < 2; seed++) {
      Path ref = dir.resolve("ref" + seed);
      assertThat(Main.run(arguments(data.toString(), ref.toString(), seed))).isZero();
      reference.put(seed, contents(ref));
    }
    assertThat(reference.get(0L).get("model.json")).isNotEqualTo(reference.get(1L).get("model.json"));
    Path out = dir.resolve("out");
    assertThat(Main.run(arguments(data.toString(), out.toString(), 0))).isZero();

    Random random = new Random(14);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // on a busy machine one tiny fit can take longer than MAX_WAIT_MILLIS: time the first run of one
    // loop and wait up to one and a half runs (half the kills also wait for a swap, see below)
    int maxWait = Math.max(MAX_WAIT_MILLIS, (int) Math.min(30_000, 1.5 * firstRunMillis(java, data, out,
        1 - generation(out, reference))));
    OutputSet.recover(out);
    Map<Long, Integer> seen = new TreeMap<>();
    for (int kill = 0; kill < KILLS; kill++) {
      long current = generation(out, reference);
      Process p = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
          "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
          FitLoopMain.class.getName(), data.toString(), out.toString(),
          Long.toString(1 - current)).redirectErrorStream(true).start();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        assertThat(r.readLine()).isEqualTo("started");
        if (random.nextBoolean()) {
          // anywhere from the JVM's start: most such kills fall before the first swap
          Thread.sleep(random.nextInt(maxWait));
        } else {
          // after the first run's swap, however slow the machine: at once (the new set stays, as
          // the next run has barely begun) or a little later (in the next run, or after its swap)
          for (String line = r.readLine(); !"done".equals(line); line = r.readLine()) {
            assertThat(line).as("the fit loop's output before its first run ended").isNotNull()
                .doesNotStartWith("status");
          }
          if (random.nextBoolean()) {
            Thread.sleep(random.nextInt(maxWait / 3));
          }
        }
        p.destroyForcibly();
        p.waitFor();
      }
      OutputSet.recover(out);
      long g = generation(out, reference);
      seen.merge(g == current ? 0L : 1L, 1, Integer::sum);
      List<String> siblings = names(dir);
      assertThat(siblings).as("no temporary directories beside --out after kill " + kill)
          .allMatch(n -> List.of("s.csv", "ref0", "ref1", "out", ".out.checkpoint").contains(n));
      Path checkpoint = OutputSet.checkpointDir(out);
      if (Files.exists(checkpoint)) {
        assertThat(names(checkpoint)).containsExactlyInAnyOrder(CheckpointFile.NAME,
            OutputSet.IDENTITY, OutputSet.FILES);
        JsonNode c = Json.mapper().readTree(checkpoint.resolve(CheckpointFile.NAME).toFile());
        // the default's two fits: one may not have saved yet (iteration 0, not started)
        int most = 0;
        for (JsonNode m : c.get("state").get("members")) {
          assertThat(m.get("iteration").asInt()).isBetween(0, 4);
          most = Math.max(most, m.get("iteration").asInt());
        }
        assertThat(most).isBetween(1, 4);
      }
    }
    // Some kills left the old set, some the new one: the kills fell before and after swaps.
    assertThat(seen).as("kills that left the old (0) and the new (1) set").containsKeys(0L, 1L);
    System.out.println("FitKillTest: kills that left the old set / a new set: " + seen);
  }

  /**
   * Item 1 of the walkthrough, with a real signal: {@code fit} rerun over a complete earlier
   * output and stopped by SIGTERM after its first checkpoint exits with status 130, leaves the
   * earlier output byte for byte, and {@code --resume} then ends byte-identical to an
   * uninterrupted run.
   */
  @Test
  void sigtermAfterTheFirstCheckpointKeepsTheOldOutputAndResumes() throws Exception {
    Path data = Files.writeString(dir.resolve("s.csv"),
        "t,x,y\n0,1,1\n1,2,3\n2,3,1\n3,4,5\n4,2,2\n5,1,0\n");
    String[] run = {"fit", "--data", data.toString(), "--iterations", "120", "--hidden", "8",
        "--checkpoint-every", "5", "--quiet"};
    Path whole = dir.resolve("whole");
    assertThat(Main.run(with(run, "--out", whole.toString()))).isZero();
    Path out = dir.resolve("out");
    assertThat(Main.run(with(run, "--out", out.toString(), "--seed", "1"))).isZero();
    Map<String, byte[]> before = contents(out);

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    java.util.List<String> cmd = new java.util.ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1",
        "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    cmd.addAll(List.of(with(run, "--out", out.toString(), "--overwrite")));
    Path log = dir.resolve("fit.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    Path checkpoint = OutputSet.checkpointDir(out).resolve(CheckpointFile.NAME);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(checkpoint) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(p.isAlive()).as("still training when the first checkpoint appeared").isTrue();
    p.destroy(); // SIGTERM, as a cluster pre-empting the job
    int status = p.waitFor();
    assertThat(status).as(Files.readString(log)).isEqualTo(130);
    Files.delete(log);
    Map<String, byte[]> after = contents(out);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    after.forEach((k, v) -> assertThat(v).as(k).isEqualTo(before.get(k)));
    assertThat(names(dir)).containsExactlyInAnyOrder("s.csv", "whole", "out", ".out.checkpoint");

    assertThat(Main.run("fit", "--resume", out.toString(), "--quiet")).isZero();
    for (String f : new String[] {"model.json", "loss.csv", "predictions.csv"}) {
      assertThat(Files.readAllBytes(out.resolve(f))).as(f)
          .isEqualTo(Files.readAllBytes(whole.resolve(f)));
    }
    assertThat(names(dir)).containsExactlyInAnyOrder("s.csv", "whole", "out");
  }

  /**
   * Walkthrough 17: two SIGTERMs a few milliseconds apart in the middle of a real {@code fit} (after
   * its first checkpoint) end it with exit 143 and one line that says what stays, or, if the first
   * signal's checkpoint and line came first, with exit 130 and the usual stop line; never a stack
   * trace, a file error or the "after the last iteration" line. The earlier output stays byte for
   * byte, and {@code --resume} ends byte-identical to an uninterrupted run.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {0, 3, 10})
  void twoSignalsMillisecondsApartMidRunHaltWithOneLine(int gapMillis) throws Exception {
    Path data = Files.writeString(dir.resolve("s.csv"),
        "t,x,y\n0,1,1\n1,2,3\n2,3,1\n3,4,5\n4,2,2\n5,1,0\n");
    String[] run = {"fit", "--data", data.toString(), "--iterations", "300", "--hidden", "8",
        "--checkpoint-every", "5"};
    Path whole = dir.resolve("whole");
    assertThat(Main.run(with(run, "--out", whole.toString(), "--quiet"))).isZero();
    Path out = dir.resolve("out");
    assertThat(Main.run(with(run, "--out", out.toString(), "--seed", "1", "--quiet"))).isZero();
    Map<String, byte[]> before = contents(out);

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new java.util.ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1",
        "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(with(run, "--out", out.toString(), "--overwrite")));
    Path log = dir.resolve("fit.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Path checkpoint = OutputSet.checkpointDir(out).resolve(CheckpointFile.NAME);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(checkpoint) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(p.isAlive()).as("still training when the first checkpoint appeared").isTrue();
    p.destroy();
    if (gapMillis > 0) {
      Thread.sleep(gapMillis);
    }
    p.destroy();
    int status = p.waitFor();
    String said = Files.readString(log);
    Files.delete(log);
    System.out.println("FitKillTest: two signals " + gapMillis + " ms apart: exit " + status + ", "
        + (said.contains("second signal") ? "the second signal's line" : "the first signal's stop line"));
    assertThat(said).as(said).doesNotContain("Exception", "\tat ", "after the last iteration",
        "cannot read or write");
    if (said.contains("second signal")) {
      assertThat(status).as(said).isEqualTo(143);
      assertThat(said).contains("neuralode fit: second signal: stopping at once; the output directory keeps"
          + " its previous contents; continue from the last checkpoint with: ")
          .contains(" fit --resume " + out);
    } else {
      assertThat(status).as(said).isIn(130, 143);
      assertThat(said).as(said).contains("checkpoint saved, continue with");
    }
    Map<String, byte[]> after = contents(out);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    after.forEach((k, v) -> assertThat(v).as(k).isEqualTo(before.get(k)));

    assertThat(Main.run("fit", "--resume", out.toString(), "--quiet")).isZero();
    for (String f : new String[] {"model.json", "loss.csv", "predictions.csv"}) {
      assertThat(Files.readAllBytes(out.resolve(f))).as(f).isEqualTo(Files.readAllBytes(whole.resolve(f)));
    }
    assertThat(names(dir)).containsExactlyInAnyOrder("s.csv", "whole", "out");
  }

  private static String[] with(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  /**
   * How long the loop's first run takes after its JVM has started: from "started" until a new
   * output set is in place ({@code summary.json} changes); the loop is then killed.
   */
  private static long firstRunMillis(String java, Path data, Path out, long seed) throws Exception {
    Path summary = out.resolve("summary.json");
    java.nio.file.attribute.FileTime before = Files.getLastModifiedTime(summary);
    Process p = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
        FitLoopMain.class.getName(), data.toString(), out.toString(), Long.toString(seed))
        .redirectErrorStream(true).start();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      assertThat(r.readLine()).isEqualTo("started");
      long start = System.nanoTime();
      while (System.nanoTime() - start < 60_000_000_000L) {
        try {
          if (!Files.getLastModifiedTime(summary).equals(before)) {
            return (System.nanoTime() - start) / 1_000_000;
          }
        } catch (java.nio.file.NoSuchFileException e) {
          // between the two renames of a swap
        }
        Thread.sleep(10);
      }
      throw new AssertionError("the fit loop wrote no new output set within 60 s");
    } finally {
      p.destroyForcibly();
      p.waitFor();
    }
  }

  /** The seed of the reference run whose files {@code out} holds; fails on anything else. */
  private static long generation(Path out, Map<Long, Map<String, byte[]>> reference)
      throws Exception {
    Map<String, byte[]> now = contents(out);
    for (Map.Entry<Long, Map<String, byte[]>> ref : reference.entrySet()) {
      Map<String, byte[]> want = ref.getValue();
      if (!now.keySet().equals(want.keySet())) {
        continue;
      }
      boolean same = true;
      for (String f : want.keySet()) {
        if (!f.equals("summary.json") && !f.equals(OutputSet.IDENTITY) && !f.equals(OutputSet.FILES)
            && !java.util.Arrays.equals(now.get(f), want.get(f))) {
          same = false;
        }
      }
      JsonNode s = Json.mapper().readTree(now.get("summary.json"));
      if (same && s.get("settings").get("seed").asLong() == ref.getKey()) {
        return ref.getKey();
      }
    }
    throw new AssertionError(out + " holds neither complete set: " + now.keySet());
  }

  private static Map<String, byte[]> contents(Path root) throws Exception {
    Map<String, byte[]> m = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        m.put(root.relativize(f).toString(), Files.readAllBytes(f));
      }
    }
    return m;
  }

  private static List<String> names(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
