package dev.neuralode.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output set whose record of files is missing holds nothing that is known to be its run's: it is
 * refused, naming what lies there, even with {@code --overwrite}, and nothing is deleted.
 */
class OutputSetFailClosedTest {
  @TempDir Path dir;

  @Test
  void aSetWithoutItsFileRecordIsNotReplacedEvenWithOverwrite() throws Exception {
    Path out = dir.resolve("out");
    Map<String, Object> id = Map.of("command", "fit", "settings", Map.of("--lr", "0.01"));
    try (OutputSet set = OutputSet.begin(out, "--out", id, false)) {
      Files.writeString(set.dir().resolve("model.json"), "{}");
      set.commit();
    }
    assertThat(OutputSet.localOutput(out).foreign()).isEmpty();
    // the record of files gone: everything but the identity is foreign
    Files.delete(out.resolve(OutputSet.FILES));
    assertThat(OutputSet.localOutput(out).foreign()).containsExactly("model.json");
    assertThatThrownBy(() -> OutputSet.begin(out, "--out", id, true))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("holds files that the previous run did not write (model.json)");
    assertThat(out.resolve("model.json")).exists();
  }

  /**
   * A review of walkthrough 17's fixes: recover() takes only names of the form {@code .D.kind-PID-R}
   * with R hexadecimal, as the sets write them, for leftovers; a user's own hidden directory that
   * happens to look like one (a number where the PID goes) is never moved or deleted.
   */
  @Test
  void recoverLeavesAUsersLookAlikeDirectoriesAlone() throws Exception {
    Path target = dir.resolve("out");
    Files.createDirectories(target);
    Files.writeString(target.resolve("mine.txt"), "mine");
    for (String name : new String[] {".out.old-2024-jan", ".out.ready-999999-notes", ".out.staging-1-final"}) {
      Path lookAlike = Files.createDirectories(dir.resolve(name));
      Files.writeString(lookAlike.resolve("keep.txt"), "keep");
    }
    OutputSet.recover(target);
    for (String name : new String[] {".out.old-2024-jan", ".out.ready-999999-notes", ".out.staging-1-final"}) {
      assertThat(dir.resolve(name).resolve("keep.txt")).as(name).hasContent("keep");
    }
    assertThat(target.resolve("mine.txt")).hasContent("mine");
    // a real leftover of a process that has ended (PID 999999 is not running here) goes
    Path leftover = Files.createDirectories(dir.resolve(".out.staging-999999-1f3a"));
    Files.writeString(leftover.resolve("part.csv"), "x");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.lang.ProcessHandle.of(999999).isEmpty(),
        "PID 999999 runs here");
    OutputSet.recover(target);
    assertThat(leftover).doesNotExist();
  }

  /** Walkthrough 19: the refusal of a directory no run wrote names its visible files first. */
  @Test
  void aForeignDirectoryIsNamedByItsVisibleFilesFirst() throws Exception {
    Path out = Files.createDirectories(dir.resolve("stopped-job"));
    for (String n : new String[] {"._SUCCESS.crc", ".part-00000-a.csv.crc", "_SUCCESS", "part-00000-a.csv"}) {
      Files.writeString(out.resolve(n), "x");
    }
    assertThatThrownBy(() -> OutputSet.begin(out, "--out", Map.of("command", "fit"), true))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("(_SUCCESS, part-00000-a.csv, ._SUCCESS.crc and 1 more)");
    assertThat(out.resolve("part-00000-a.csv")).exists();
  }
}
