package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Issue 13's one CLI vocabulary: the same option names for the same meaning in every command. */
class CliVocabularyTest {
  @TempDir Path dir;

  private static Map<String, CommandLine> commands() {
    return Main.commandLine().getSubcommands();
  }

  private static CliRun main(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  @Test
  void everyCommandAcceptsQuietAndHelp() {
    commands().forEach((name, cl) -> {
      if (name.equals("help")) {
        return;
      }
      CommandSpec spec = cl.getCommandSpec();
      assertThat(spec.findOption("-q")).as("%s -q", name).isNotNull();
      assertThat(spec.findOption("--quiet")).as("%s --quiet", name).isNotNull();
    });
  }

  @Test
  void gradientTakesTheSameFourModesEverywhere() {
    int withGradient = 0;
    for (Map.Entry<String, CommandLine> e : commands().entrySet()) {
      OptionSpec g = e.getValue().getCommandSpec().findOption("--gradient");
      if (g == null) {
        continue;
      }
      withGradient++;
      assertThat(g.paramLabel()).as(e.getKey()).isEqualTo("MODE");
      assertThat(String.join(" ", g.description())).as(e.getKey()).contains(Vocabulary.GRADIENT_MODES);
    }
    assertThat(withGradient).isEqualTo(4);   // demo, fit, density, solve
  }

  @Test
  void countsAreDashNOrCount() {
    for (String name : new String[] {"predict", "sample", "density"}) {
      CommandSpec spec = commands().get(name).getCommandSpec();
      assertThat(spec.findOption("-n")).as(name).isNotNull();
      assertThat(spec.findOption("--count")).as(name).isSameAs(spec.findOption("-n"));
    }
  }

  @Test
  void topLevelHelpEndsEveryCommandsLineWithASentence() {
    CliRun run = main("--help");
    assertThat(run.exit()).isZero();
    commands().forEach((name, cl) -> {
      String[] d = cl.getCommandSpec().usageMessage().description();
      assertThat(d).as(name).isNotEmpty();
      assertThat(d[0]).as("%s's first description line", name).endsWith(".");
    });
    assertThat(run.out()).contains("man").contains("generate-completion");
  }

  @Test
  void manPageAndCompletionScript() throws Exception {
    CliRun man = main("man");
    assertThat(man.exit()).isZero();
    assertThat(man.out()).startsWith(".TH NEURALODE 1");
    for (String name : new String[] {"demo", "fit", "predict", "solve", "density", "sample", "logp",
        "latent", "spark"}) {
      assertThat(man.out()).contains(".SS \"neuralode " + name + "\"");
    }
    assertThat(man.out()).contains("\\fB\\-\\-gradient\\fR").doesNotContain("--points");
    Path page = dir.resolve("man1/neuralode.1");
    assertThat(main("man", "-q", "--out", page.toString()).exit()).isZero();
    assertThat(Files.readString(page)).isEqualTo(man.out());

    CliRun completion = main("generate-completion", "-q");
    assertThat(completion.exit()).isZero();
    assertThat(completion.out()).contains("complete -F").contains("predict").contains("--gradient");
  }

  /**
   * Walkthrough: {@code spark} was missing from the top-level help, the man page and completion;
   * its entries name the shared options, and run outside the launcher they say how to run them.
   */
  @Test
  void sparkIsListedInHelpManPageAndCompletionWithTheSharedOptionNames() {
    CliRun help = main("--help");
    assertThat(help.out()).containsPattern("(?m)^\\s+spark\\s+Run ODE ensembles");
    CliRun completion = main("generate-completion", "-q");
    assertThat(completion.out()).contains("spark").contains("ensemble-solve").contains("fit-ensemble");
    CliRun sub = main("spark", "ensemble-solve", "--help");
    assertThat(sub.exit()).isZero();
    assertThat(sub.out()).contains("--data FILE --out DIR").contains("--param mu=1").contains("--t 0:10:11")
        .doesNotContain("--input").doesNotContain("--times");
    CliRun run = main("spark", "logp", "--model", "m.json");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly("neuralode spark logp: the Spark commands run from the"
        + " spark module's jar: use the launcher, './neuralode spark logp ...', or spark-submit (see"
        + " docs/spark.md)");
  }

  @Test
  void aSummaryPassedAsAModelIsOneLineThatSaysWhatToPass() throws Exception {
    Path summary = dir.resolve("summary.json");
    Files.writeString(summary, "{\"command\": \"fit\", \"settings\": {}, \"rmse\": 1.0, \"files\": [],"
        + " \"seconds\": 1.0}");
    for (String cmd : new String[] {"predict", "sample"}) {
      CliRun run = cmd.equals("predict")
          ? main("predict", "--model", summary.toString(), "--t0", "0", "--t1", "1")
          : main("sample", "--model", summary.toString());
      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.errLines()).singleElement().asString()
          .contains("is the summary.json of 'neuralode fit', not a model file; pass the model.json")
          .doesNotContain("Exception").doesNotContain("class ");
    }
  }
}
