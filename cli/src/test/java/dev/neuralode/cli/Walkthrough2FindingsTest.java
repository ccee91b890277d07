package dev.neuralode.cli;

import static dev.neuralode.cli.CliRun.main;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI findings of the second fresh-clone README walkthrough (issue 13), numbered as in its
 * report: each now gets the message or output that the README describes.
 */
class Walkthrough2FindingsTest {

  @TempDir Path dir;

  private static Path fixture(String name) throws Exception {
    return Path.of(Walkthrough2FindingsTest.class.getResource("/dev/neuralode/io/" + name).toURI());
  }

  private CliRun predict(Path model) {
    return CliRun.of(new PredictCommand(), "--model", model.toString(), "--t0", "1900", "--t1",
        "1901", "-n", "3", "--y0", "30,4");
  }

  @Test
  void finding9MalformedModelJsonSaysWhatToFixWithoutJacksonInternals() throws Exception {
    String text = Files.readString(fixture("ode-mlp-v1.json"));
    Path trailing = Files.writeString(dir.resolve("trailing.json"), text + "{}\n");
    CliRun t = predict(trailing);
    assertThat(t.exit()).as(t.err()).isEqualTo(2);
    assertThat(t.errLines()).singleElement().asString().endsWith(": is not valid JSON: more text"
        + " follows the end of the JSON value; delete everything after its closing bracket");
    Path version = Files.writeString(dir.resolve("version.json"),
        text.replace("\"version\" : 1,", "\"version\" : 1.0,"));
    CliRun v = predict(version);
    assertThat(v.exit()).as(v.err()).isEqualTo(2);
    assertThat(v.errLines()).singleElement().asString().endsWith("version.json: does not match the"
        + " model file format: field 'version' holds 1.0 where a whole number belongs; write it"
        + " without a fraction (1)");
    Path word = Files.writeString(dir.resolve("word.json"),
        text.replace("\"in\" : 2,", "\"in\" : \"two\","));
    CliRun w = predict(word);
    assertThat(w.errLines()).singleElement().asString().endsWith("field 'architecture.in' holds the"
        + " text \"two\" where a whole number belongs; give a whole number");
    for (CliRun r : new CliRun[] {t, v, w}) {
      assertThat(r.err()).doesNotContain("`").doesNotContain("java.").doesNotContain("Jackson")
          .doesNotContain("Feature").doesNotContain("START_OBJECT").doesNotContain("CoercionConfig");
    }
  }

  @Test
  void finding11AnEmptyOutIsRefusedByName() {
    CliRun demo = CliRun.of(new DemoCommand(), "spiral", "--out", "", "--iterations", "1");
    assertThat(demo.exit()).isEqualTo(2);
    assertThat(demo.errLines()).singleElement().asString()
        .startsWith("demo: --out: the path is empty; give a file or"
            + " directory name")
        .doesNotContain("already holds");
    CliRun solve = CliRun.of(new SolveCommand(), "--vars", "x", "--rhs", "-x", "--y0", "1", "--t",
        "0,1", "--out", "");
    assertThat(solve.exit()).isEqualTo(2);
    assertThat(solve.err()).contains("--out: the path is empty");
  }

  @Test
  void finding13UnknownHelpTopicHasNoStrayFullStop() {
    CliRun run = main("help", "nonsense");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString()
        .contains("unknown subcommand 'nonsense'; see '").doesNotContain(".;");
  }

  @Test
  void finding14HelpTakesQuietAndVersionIsTheTopLevelsAlone() {
    CliRun help = main("help", "-q");
    assertThat(help.exit()).as(help.err()).isZero();
    assertThat(help.out()).contains("Usage: neuralode");
    assertThat(main("help", "--help").out()).contains("-q, --quiet");
    // -q before the command's name quiets the command as -q after it does (walkthrough 8)
    Path loud = dir.resolve("loud");
    CliRun said = main("demo", "spiral", "--iterations", "2", "--out", loud.toString());
    assertThat(said.exit()).as(said.err()).isZero();
    // progress and the last line share one prefix (walkthrough 8)
    assertThat(said.errLines()).allMatch(l -> l.startsWith("neuralode demo spiral: "), "prefixed")
        .last().asString().startsWith("neuralode demo spiral: trajectory RMSE");
    for (String q : new String[] {"-q", "--quiet"}) {
      Path out = dir.resolve("quiet" + q);
      CliRun before = main(q, "demo", "spiral", "--iterations", "2", "--out", out.toString());
      assertThat(before.exit()).as(before.err()).isZero();
      assertThat(before.err()).as(q + " before the command").isEmpty();
      assertThat(out.resolve("summary.json")).exists();
    }
    assertThat(main("--help").out()).contains("-q, --quiet");
    // --version is neuralode's own: refused by every subcommand, generate-completion included
    assertThat(main("generate-completion", "--version").exit()).isEqualTo(2);
    assertThat(main("demo", "--version").exit()).isEqualTo(2);
    assertThat(main("--version").exit()).isZero();
    assertThat(main("generate-completion", "--help").out()).contains("-q, --quiet", "-h, --help")
        .doesNotContain("--version");
  }

  @Test
  void finding18SummaryGifIsRelativeToTheOutputDirectoryLikeFiles() throws Exception {
    Path out = dir.resolve("sp");
    CliRun run = CliRun.of(new DemoCommand(), "spiral", "--iterations", "2", "--out",
        out.toString(), "--quiet");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode s = Json.mapper().readTree(out.resolve("summary.json").toFile());
    assertThat(s.get("gif").asText()).isEqualTo("spiral.gif");
    assertThat(s.get("files").toString()).contains("\"spiral.gif\"");
    assertThat(out.resolve(s.get("gif").asText())).exists();
  }

  @Test
  void finding19ARefusalNamesListOptionsAsTyped() throws Exception {
    Path data = Files.writeString(dir.resolve("s.csv"), "t,x,y\n0,1,1\n1,2,3\n2,3,1\n3,4,5\n");
    Path out = dir.resolve("fit");
    CliRun first = CliRun.of(new FitCommand(), "--data", data.toString(), "--columns", "x,y",
        "--hidden", "3,3", "--iterations", "1", "--out", out.toString(), "--quiet");
    assertThat(first.exit()).as(first.err()).isZero();
    CliRun other = CliRun.of(new FitCommand(), "--data", data.toString(), "--columns", "x",
        "--hidden", "4", "--iterations", "1", "--out", out.toString(), "--quiet");
    assertThat(other.exit()).isEqualTo(2);
    assertThat(other.err()).contains("--columns x,y -> x").contains("--hidden 3,3 -> 4")
        .doesNotContain("[");
  }

  @Test
  void finding19PredictsExtrapolationWarningWritesEveryTimeAlike() {
    assertThat(PredictCommand.time(0)).isEqualTo("0");
    assertThat(PredictCommand.time(48)).isEqualTo("48");
    assertThat(PredictCommand.time(0.25)).isEqualTo("0.25");
    assertThat(PredictCommand.time(24)).isEqualTo("24");
    assertThat(PredictCommand.time(1935.5)).isEqualTo("1935.5");
    assertThat(PredictCommand.time(-3.125)).isEqualTo("-3.125");
  }
}
