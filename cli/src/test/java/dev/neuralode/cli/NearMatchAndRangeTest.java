package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Typo suggestions are near matches only; {@code sample -n} past int's range gets the range message. */
class NearMatchAndRangeTest {

  private static String[] run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(new StringWriter()));
    int exit = cl.execute(args);
    return new String[] {Integer.toString(exit), err.toString()};
  }

  @Test
  void editDistanceIsLevenshteinWithSwapsOfNeighbours() {
    assertThat(Errors.editDistance("fitt", "fit")).isEqualTo(1);
    assertThat(Errors.editDistance("fti", "fit")).isEqualTo(1);
    assertThat(Errors.editDistance("sovle", "solve")).isEqualTo(1);
    assertThat(Errors.editDistance("ab", "ba")).isEqualTo(1);
    assertThat(CliRun.main("fti").errLines()).singleElement().asString().contains("(did you mean fit?)");
    assertThat(CliRun.main("sovle").errLines()).singleElement().asString().contains("(did you mean solve?)");
    assertThat(Errors.editDistance("kitten", "sitting")).isEqualTo(3);
    assertThat(Errors.editDistance("", "abc")).isEqualTo(3);
    assertThat(Errors.nearMatches("fitt", List.of("fit", "density"))).containsExactly("fit");
    assertThat(Errors.nearMatches("--date=x", List.of("--seed", "--data"))).containsExactly("--data");
  }

  @Test
  void fittSuggestsFitOnly() {
    String[] r = run("fitt");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1]).contains("did you mean fit?").doesNotContain("density");
  }

  @Test
  void sampleCountsOutOfRangeGetOneMessage() {
    for (String n : new String[] {"0", "2000000000", "10000000000", "-99999999999"}) {
      String[] r = run("sample", "--model", "no-such-model.json", "-n", n);
      assertThat(r[0]).as(n).isEqualTo("2");
      assertThat(r[1]).as(n).contains("between 1 and 10000000").doesNotContain("is not an int");
    }
  }
}
