package dev.neuralode.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a refusal names the settings that differ from the run that wrote a directory. */
class OutputSetDifferencesTest {

  @Test
  void listOptionsAreShownAsTypedNotInJavaListSyntax() {
    // walkthrough 2, finding 19: "--columns [hare, lynx] -> (none)" read as Java, not as typed
    String before = "{\"command\":\"fit\",\"settings\":{\"--columns\":\"[hare, lynx]\","
        + "\"--hidden\":\"[[32, 32]]\",\"--lr\":\"0.01\"}}";
    String now = "{\"command\":\"fit\",\"settings\":{\"--hidden\":\"[[64]]\",\"--lr\":\"0.02\"}}";
    assertThat(OutputSet.differences(before, now))
        .isEqualTo("--columns hare,lynx -> (not given), --hidden 32,32 -> 64, --lr 0.01 -> 0.02");
  }
}
