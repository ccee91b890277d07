package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.io.NearMatches;
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
    assertThat(NearMatches.editDistance("fitt", "fit")).isEqualTo(1);
    assertThat(NearMatches.editDistance("fti", "fit")).isEqualTo(1);
    assertThat(NearMatches.editDistance("sovle", "solve")).isEqualTo(1);
    assertThat(NearMatches.editDistance("ab", "ba")).isEqualTo(1);
    assertThat(CliRun.main("fti").errLines()).singleElement().asString().contains("(did you mean fit?)");
    assertThat(CliRun.main("sovle").errLines()).singleElement().asString().contains("(did you mean solve?)");
    assertThat(NearMatches.editDistance("kitten", "sitting")).isEqualTo(3);
    assertThat(NearMatches.editDistance("", "abc")).isEqualTo(3);
    assertThat(NearMatches.of("fitt", List.of("fit", "density"))).containsExactly("fit");
    assertThat(NearMatches.of("--date=x", List.of("--seed", "--data"))).containsExactly("--data");
  }

  @Test
  void aMistypedToyDensityGetsTheNearName(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    String out = dir.resolve("out").toString();
    List<String> err = CliRun.main("density", "--toy", "pinwheels", "--out", out).errLines();
    assertThat(err).singleElement().asString()
        .startsWith("neuralode density: unknown toy density --toy 'pinwheels' (did you mean pinwheel?); choose one of [");
    assertThat(CliRun.main("density", "--toy", "zebra", "--out", out).errLines()).singleElement().asString()
        .doesNotContain("did you mean");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  /** Walkthrough 12, finding 12: picocli's phrasing in the commands' words, the option first. */
  @Test
  void picocliMessagesNameTheOptionFirst() {
    assertThat(Errors.plainWords("Invalid value for option '--lr': 'abc' is not a number"))
        .isEqualTo("--lr: 'abc' is not a number");
    assertThat(Errors.plainWords("Invalid value for option '--y0' (VALUES): 'x' is not a number"))
        .isEqualTo("--y0: 'x' is not a number");
    assertThat(Errors.plainWords("Missing required options: '--y0=VALUES', '--t=TIMES'"))
        .isEqualTo("missing required options --y0 VALUES and --t TIMES");
    assertThat(Errors.plainWords("Missing required option: '--t1=TIME'")).isEqualTo("missing required option --t1 TIME");
    assertThat(Errors.plainWords("unknown option '--x'")).isEqualTo("unknown option '--x'");
    assertThat(Errors.plainWords("Missing required parameter: 'NAME'")).isEqualTo("missing required parameter: 'NAME'");
    assertThat(CliRun.main("solve", "--vars", "x", "--rhs", "-x").errLines()).singleElement().asString()
        .isEqualTo("neuralode solve: missing required options --y0 VALUES and --t TIMES; see 'neuralode solve --help'");
    assertThat(CliRun.main("solve", "--vars", "x", "--rhs", "-x", "--y0", "1", "--t", "0:1:3", "--rtol", "0x1p1")
        .errLines()).singleElement().asString().startsWith("neuralode solve: --rtol '0x1p1' is not a number");
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
