package dev.neuralode.cli;

import static dev.neuralode.cli.CliRun.main;
import static org.assertj.core.api.Assertions.assertThat;

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
   * Walkthrough 2, item 7: every option with a closed set of values completes them, e.g. {@code
   * fit --method} (the solver registry), {@code density --trace}, {@code --activation}.
   */
  @Test
  void completionOffersTheValuesOfEveryOptionWithAClosedSet() {
    String script = main("generate-completion", "-q").out();
    String methods = String.join(" ", dev.neuralode.ode.Methods.names());
    String[][] expected = {
        {"fit", "--method", methods}, {"demo", "--method", methods}, {"solve", "--method", methods},
        {"fit", "--activation", "tanh elu relu softplus sigmoid identity"},
        {"density", "--activation", "tanh softplus"},
        {"density", "--trace", "exact hutchinson hutchinson-gaussian hutchinson-rademacher"},
        {"density", "--schedule", "cosine step constant"},
        {"solve", "--norm", "rms max"},
        {"solve", "--event-direction", "rising falling both"},
        {"fit", "--gradient", "direct checkpointed backsolve adjoint interpolating"}};
    for (String[] e : expected) {
      // picocli's bash script: in the subcommand's function, the option's case completes from
      // a local variable named after its parameter label, which lists the candidates
      int fn = script.indexOf("function _picocli_neuralode_" + e[0] + "()");
      assertThat(fn).as(e[0]).isPositive();
      int end = script.indexOf("\n}", fn);
      String body = script.substring(fn, end < 0 ? script.length() : end);
      java.util.regex.Matcher use = java.util.regex.Pattern.compile("\\n    '"
          + java.util.regex.Pattern.quote(e[1]) + "'\\)\\n(?:[^\\n]*\\n){0,2}?[^\\n]*\\$\\{(\\w+)\\[@\\]\\}")
          .matcher(body);
      assertThat(use.find()).as("%s %s completes from a list", e[0], e[1]).isTrue();
      assertThat(body).as("%s %s", e[0], e[1])
          .contains("local " + use.group(1) + "=(\"" + e[2].replace(" ", "\" \"") + "\")");
      assertThat(body.split("local " + use.group(1) + "=", -1)).as("one list named %s in %s",
          use.group(1), e[0]).hasSize(2);
    }
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
    Files.writeString(summary, "{\"command\": \"fit\", \"settings\": {}, \"rmse\": 1.0, \"files\": ["
        + "\"model.json\", \"fit.png\"], \"seconds\": 1.0}");
    CliRun predicted = main("predict", "--model", summary.toString(), "--t0", "0", "--t1", "1");
    assertThat(predicted.exit()).isEqualTo(2);
    assertThat(predicted.errLines()).singleElement().asString()
        .contains("is the summary.json of 'neuralode fit', not a model file; pass the model.json")
        .doesNotContain("Exception").doesNotContain("class ");
    // walkthrough 21: fit's model.json is no flow, so sample is not sent there
    CliRun sampled = main("sample", "--model", summary.toString());
    assertThat(sampled.exit()).isEqualTo(2);
    assertThat(sampled.errLines()).singleElement().asString()
        .contains("is the summary.json of 'neuralode fit', not a model file; the model.json beside it is of another"
            + " kind; this command needs one written by 'neuralode density' or 'neuralode spark density' (a flow)");
    // a demo's summary: that command wrote no model.json, so the hint names the commands that do
    Path demo = dir.resolve("demo-summary.json");
    Files.writeString(demo, "{\"command\": \"demo spiral\", \"settings\": {}, \"files\": [\"spiral.gif\","
        + " \"loss.csv\"], \"seconds\": 1.0}");
    CliRun run = main("predict", "--model", demo.toString(), "--t0", "0", "--t1", "1");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString()
        .contains("is the demo-summary.json of 'neuralode demo spiral', not a model file; that command writes no"
            + " model.json: pass one written by 'neuralode fit'")
        .doesNotContain("in the same directory");
    // walkthrough 20: the Spark jobs' summaries list no files; spark density and fit-ensemble write
    // model.json beside theirs, ensemble-solve writes none
    Path sd = Files.createDirectories(dir.resolve("sd"));
    Files.writeString(sd.resolve("summary.json"), "{\"command\": \"spark density\", \"settings\": {}}");
    Files.writeString(sd.resolve("model.json"), "{}");
    CliRun density = main("logp", "--model", sd.resolve("summary.json").toString(), "--data", summary.toString());
    assertThat(density.exit()).isEqualTo(2);
    assertThat(density.errLines()).singleElement().asString()
        .contains("is the summary.json of 'neuralode spark density', not a model file; pass the model.json in the"
            + " same directory");
    Path ens = Files.createDirectories(dir.resolve("ens"));
    Files.writeString(ens.resolve("_neuralode_summary.json"), "{\"command\": \"spark ensemble-solve\", \"rows\": 2}");
    CliRun solved = main("predict", "--model", ens.resolve("_neuralode_summary.json").toString(), "--t0", "0",
        "--t1", "1");
    assertThat(solved.exit()).isEqualTo(2);
    assertThat(solved.errLines()).singleElement().asString()
        .contains("is the _neuralode_summary.json of 'neuralode spark ensemble-solve', not a model file; that"
            + " command writes no model.json: pass one written by 'neuralode fit' or 'neuralode spark fit-ensemble'")
        .doesNotContain("unknown field");
  }

  @Test
  void aFileGivenWithoutDataSaysToUseData() {
    // the seventh walkthrough: 'neuralode fit lynx_hare.csv'
    CliRun run = main("fit", "lynx_hare.csv");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString()
        .contains("unexpected argument 'lynx_hare.csv'")
        .contains("(to read a file, give it with --data: --data lynx_hare.csv)");
  }
}
