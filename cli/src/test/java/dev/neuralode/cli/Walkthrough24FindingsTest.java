package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CLI findings of walkthrough 24 (issue 13). */
class Walkthrough24FindingsTest {
  @TempDir Path dir;

  /** Finding 3: density's --hidden is checked with the other options, in one line naming it. */
  @ParameterizedTest
  @ValueSource(strings = {"64,-3", "0", "64,100001"})
  void densityRefusesABadHiddenWidthInOneLineNamingTheOption(String widths) {
    CliRun r = CliRun.of(new DensityCommand(), "--toy", "pinwheel", "--hidden", widths, "--out",
        dir.resolve("d").toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString()
        .startsWith("density: --hidden widths must be between 1 and 100000, e.g. 64,64,64; got ");
    assertThat(dir.resolve("d")).doesNotExist();
  }
}
