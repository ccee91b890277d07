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
}
