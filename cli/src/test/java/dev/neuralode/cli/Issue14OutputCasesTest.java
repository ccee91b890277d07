package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cases of issue 14's "Why" about outputs ("Data loss"), one test each, named after the case,
 * with the exit status and message they now get.
 */
class Issue14OutputCasesTest {

  @TempDir Path dir;

  private static Path fixture(String name) throws Exception {
    return Path.of(Issue14OutputCasesTest.class.getResource("/dev/neuralode/io/" + name).toURI());
  }

  private Path series() throws Exception {
    return Files.writeString(dir.resolve("series.csv"),
        "t,x,y\n0,1,1\n1,2,3\n2,3,1\n3,4,5\n4,2,2\n");
  }

  private List<String> names(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void overwritingAnExistingOutOfAnotherCommandOrOtherSettingsIsRefusedUnlessOverwrite()
      throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("notes.txt"), "mine");
    String[] fit = {"--data", series().toString(), "--iterations", "1", "--hidden", "4",
        "--out", out.toString(), "--quiet"};
    CliRun refused = CliRun.of(new FitCommand(), fit);
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.errLines()).containsExactly("fit: " + out + ": already holds files that no"
        + " neuralode run wrote (notes.txt); neuralode replaces only its own output, even with"
        + " --overwrite: give --out a new or empty directory");
    assertThat(names(out)).containsExactly("notes.txt");

    // --overwrite never deletes a directory that no neuralode run wrote (a home directory, say)
    String[] withOverwrite = java.util.Arrays.copyOf(fit, fit.length + 1);
    withOverwrite[fit.length] = "--overwrite";
    CliRun stillRefused = CliRun.of(new FitCommand(), withOverwrite);
    assertThat(stillRefused.exit()).isEqualTo(2);
    assertThat(stillRefused.errLines()).isEqualTo(refused.errLines());
    assertThat(Files.readString(out.resolve("notes.txt"))).isEqualTo("mine");
    Files.delete(out.resolve("notes.txt"));
    assertThat(CliRun.of(new FitCommand(), fit).exit()).isZero();
    assertThat(names(out)).contains("model.json");
    // The same command with the same settings replaces its own output without --overwrite.
    assertThat(CliRun.of(new FitCommand(), fit).exit()).isZero();
    List<String> other = new ArrayList<>(List.of(fit));
    other.addAll(List.of("--seed", "3"));
    CliRun otherSeed = CliRun.of(new FitCommand(), other.toArray(String[]::new));
    assertThat(otherSeed.exit()).isEqualTo(2);
    assertThat(otherSeed.errLines()).containsExactly("fit: " + out + ": already holds the output"
        + " of 'fit' with other settings (--seed 0 -> 3); give --out another directory, or add"
        + " --overwrite to replace its contents");
    CliRun density = CliRun.of(new DensityCommand(), "--toy", "moons", "--out", out.toString(),
        "--quiet");
    assertThat(density.exit()).isEqualTo(2);
    assertThat(density.errLines()).containsExactly("density: " + out + ": already holds the"
        + " output of 'fit'; give --out another directory, or add --overwrite to replace its"
        + " contents");
  }

  @Test
  void aRerunWithTheSameSettingsRefusesToDeleteTheUsersOwnFilesInOut() throws Exception {
    Path out = dir.resolve("out");
    String[] fit = {"--data", series().toString(), "--iterations", "1", "--hidden", "4",
        "--out", out.toString(), "--quiet"};
    assertThat(CliRun.of(new FitCommand(), fit).exit()).isZero();
    Files.writeString(out.resolve("myfile"), "mine");
    Files.createDirectories(out.resolve("notes").resolve("deep"));
    CliRun refused = CliRun.of(new FitCommand(), fit);
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.errLines()).containsExactly("fit: " + out + ": holds files that the"
        + " previous run did not write (myfile, notes), which replacing it would delete (even with"
        + " --overwrite); move them out, or give --out another directory");
    assertThat(Files.readString(out.resolve("myfile"))).isEqualTo("mine");
    CliRun overwrite = CliRun.of(new FitCommand(), NewCommandsResumeTest.with(fit, "--overwrite", "--seed", "4"));
    assertThat(overwrite.exit()).isEqualTo(2);
    assertThat(Files.readString(out.resolve("myfile"))).isEqualTo("mine");
    Files.delete(out.resolve("myfile"));
    Files.delete(out.resolve("notes").resolve("deep"));
    Files.delete(out.resolve("notes"));
    assertThat(CliRun.of(new FitCommand(), fit).exit()).isZero();
  }

  @Test
  void aRerunWithAnotherThreadCountIsTheSameRunAndReplacesItsOutput() throws Exception {
    Path out = dir.resolve("out");
    String[] fit = {"--data", series().toString(), "--iterations", "1", "--hidden", "4",
        "--out", out.toString(), "--quiet"};
    assertThat(CliRun.of(new FitCommand(), NewCommandsResumeTest.with(fit, "--threads", "1"))
        .exit()).isZero();
    CliRun again = CliRun.of(new FitCommand(), NewCommandsResumeTest.with(fit, "--threads", "2"));
    assertThat(again.exit()).as(again.err()).isZero();
  }

  @Test
  void unwritableOutIsFoundBeforeAnyWork() throws Exception {
    Path blocked = dir.resolve("blocked");
    Files.writeString(blocked, "a file");
    long start = System.nanoTime();
    CliRun run = CliRun.of(new FitCommand(), "--data", series().toString(), "--iterations",
        "100000", "--out", blocked.resolve("sub").toString(), "--quiet");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString()
        .contains("cannot be written").contains("give --out a writable path");
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
  }

  @Test
  void aRunThatFailsLeavesTheOldSetAndNoTemporaryFiles() throws Exception {
    Path out = dir.resolve("out");
    String data = series().toString();
    assertThat(CliRun.of(new FitCommand(), "--data", data, "--iterations", "1", "--hidden", "4",
        "--out", out.toString(), "--quiet").exit()).isZero();
    byte[] model = Files.readAllBytes(out.resolve("model.json"));
    Path constant = Files.writeString(dir.resolve("c.csv"), "t,x\n0,1\n1,1\n2,1\n");
    CliRun failed = CliRun.of(new FitCommand(), "--data", constant.toString(), "--iterations",
        "1", "--hidden", "4", "--out", out.toString(), "--quiet", "--overwrite");
    assertThat(failed.exit()).isEqualTo(2);
    assertThat(Files.readAllBytes(out.resolve("model.json"))).isEqualTo(model);
    assertThat(names(dir)).containsExactly("c.csv", "out", "series.csv");
  }

  @Test
  void logpWithDataFromDevStdinReadsTheInputOnce() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "logp", "--model",
        fixture("cnf-v1.json").toString(), "--data", "/dev/stdin").start();
    try (var in = p.getOutputStream()) {
      in.write("eruptions,waiting\n3.6,79\n1.8,54\n".getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(err).isZero();
    assertThat(out.lines().toList()).hasSize(3).first().isEqualTo("eruptions,waiting,log_p");
  }

  @Test
  void solveSampleAndPredictWritingToDevFullExitOneWithAMessage() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<List<String>> commands = List.of(
        List.of("solve", "--vars", "x", "--rhs", "-x", "--y0", "1", "--t", "0:1:2000"),
        List.of("sample", "--model", fixture("cnf-v1.json").toString(), "-n", "2000"),
        List.of("predict", "--model", fixture("ode-mlp-v1.json").toString(), "--t0", "1900",
            "--t1", "1910", "--points", "2000"));
    for (List<String> c : commands) {
      List<String> line = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-cp",
          System.getProperty("java.class.path"), Main.class.getName()));
      line.addAll(c);
      Process p = new ProcessBuilder(line).redirectOutput(new File("/dev/full")).start();
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(c.get(0) + ": " + err).isEqualTo(1);
      assertThat(err.lines().toList()).as(c.get(0)).containsExactly("neuralode " + c.get(0)
          + ": cannot write to standard output (the disk may be full or the pipe closed); the"
          + " output is incomplete");
    }
  }
}
