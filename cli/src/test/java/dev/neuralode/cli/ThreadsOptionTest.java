package dev.neuralode.cli;

import static dev.neuralode.cli.CliRun.main;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --threads N} on the training commands: present on exactly demo, fit, density and latent,
 * refused below 1 with one line and status 2, and without effect on the figures (the same loss and
 * weights from 1 and 2 threads).
 */
class ThreadsOptionTest {
  @TempDir Path dir;

  @Test
  void theTrainingCommandsTakeThreads() {
    List<String> with = Main.commandLine().getSubcommands().entrySet().stream()
        .filter(e -> e.getValue().getCommandSpec().findOption("--threads") != null).map(e -> e.getKey())
        .sorted().toList();
    assertThat(with).containsExactly("demo", "density", "fit", "latent");
  }

  @Test
  void aCountBelowOneIsRefusedWithOneLine() {
    for (String command : List.of("demo", "fit", "density", "latent")) {
      for (String n : List.of("0", "100000")) {
        CliRun r = main(command, "--threads", n);
        assertThat(r.exit()).as(command).isEqualTo(2);
        assertThat(r.err().strip()).as(command)
            .contains("--threads must be between 1 and 256; got " + n)
            .doesNotContain("\n").doesNotContain("Exception");
      }
    }
  }

  @Test
  void theFiguresAreTheSameOnOneAndTwoThreads() throws Exception {
    String[] summaries = new String[2];
    for (int threads = 1; threads <= 2; threads++) {
      Path out = dir.resolve("t" + threads);
      CliRun r = main("demo", "spiral", "--iterations", "20", "--plot-every", "1000", "--threads",
          String.valueOf(threads), "-q", "--out", out.toString());
      assertThat(r.exit()).as(r.err()).isZero();
      summaries[threads - 1] = Files.readString(out.resolve("summary.json"))
          .replaceAll("\"seconds\" : [0-9.eE+-]+", "").replace(out.toString(), "OUT");
    }
    assertThat(summaries[1]).isEqualTo(summaries[0]).contains("final_loss");
  }
}
