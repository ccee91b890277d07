package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Walkthrough 2, finding 2: shell completion offered only {@code --help} after {@code neuralode
 * spark density}, and nothing (so file names) after {@code --toy}, {@code --gradient} or {@code
 * --method}. The completion script is driven here as bash drives it on TAB.
 */
class SparkCompletionTest {
  @TempDir Path dir;

  /** What bash's completion offers for a command line whose last word is being completed. */
  private List<String> complete(String... words) throws Exception {
    Path script = dir.resolve("neuralode.bash");
    if (!Files.exists(script)) {
      Files.writeString(script, picocli.AutoComplete.bash("neuralode", Main.commandLine()));
    }
    StringBuilder array = new StringBuilder();
    for (String w : words) {
      array.append(" '").append(w.replace("'", "'\\''")).append('\'');
    }
    String driver = "source '" + script + "' 2>/dev/null\n"
        + "compopt() { :; }\n"   // only valid inside a real completion; a no-op here
        + "COMP_WORDS=(" + array + ")\n"
        + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
        + "COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()\n"
        + "_complete_neuralode neuralode \"${COMP_WORDS[-1]}\" \"${COMP_WORDS[-2]}\"\n"
        + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    Path drive = dir.resolve("drive.sh");
    Files.writeString(drive, driver);
    Process p = new ProcessBuilder("bash", drive.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out.lines().filter(l -> !l.isBlank()).toList();
  }

  private static boolean bashPresent() {
    try {
      return new ProcessBuilder("bash", "-c", "exit 0").start().waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void sparkSubcommandsCompleteTheirOptionsAndTheValuesOfOptionsWithAFixedSet() throws Exception {
    assumeTrue(bashPresent(), "bash is needed to drive the completion script");
    String methods = String.join(" ", dev.neuralode.ode.Methods.names());
    assertThat(complete("neuralode", "spark", "")).containsExactly("ensemble-solve", "fit-ensemble",
        "density", "logp");
    assertThat(complete("neuralode", "spark", "--")).contains("--master", "--partitions",
        "--overwrite", "--quiet", "--help");
    assertThat(complete("neuralode", "spark", "density", "--")).contains("--toy", "--rows",
        "--batch", "--master", "--partitions", "--overwrite", "--quiet", "--gradient");
    assertThat(String.join(" ", complete("neuralode", "spark", "density", "--toy", "")))
        .isEqualTo(String.join(" ", dev.neuralode.data.ToyDensities.NAMES));
    assertThat(complete("neuralode", "spark", "density", "--schedule", ""))
        .containsExactly("cosine", "constant");
    assertThat(complete("neuralode", "spark", "density", "--activation", ""))
        .containsExactly("tanh", "softplus");
    assertThat(String.join(" ", complete("neuralode", "spark", "density", "--method", "")))
        .isEqualTo(methods);
    assertThat(complete("neuralode", "spark", "fit-ensemble", "--gradient", ""))
        .containsExactly("direct", "checkpointed", "backsolve", "adjoint", "interpolating");
    assertThat(complete("neuralode", "spark", "fit-ensemble", "--activation", ""))
        .containsExactly("tanh", "elu", "relu", "softplus", "sigmoid", "identity");
    assertThat(String.join(" ", complete("neuralode", "spark", "ensemble-solve", "--method", "")))
        .isEqualTo(methods);
    assertThat(complete("neuralode", "spark", "ensemble-solve", "--data-format", ""))
        .containsExactly("csv", "parquet");
    assertThat(complete("neuralode", "spark", "logp", "--out-format", ""))
        .containsExactly("csv", "parquet");
    // a local command still completes as before
    assertThat(complete("neuralode", "density", "--toy", ""))
        .containsExactlyElementsOf(dev.neuralode.data.ToyDensities.NAMES);
  }

  /**
   * The entries declare exactly the options the spark module's commands take: the names its
   * SparkHelp lists per command (read from the source, as the CLI does not depend on the spark
   * module), so that completion can neither miss an option nor offer one the command refuses.
   */
  @Test
  void theEntriesDeclareExactlyTheSparkCommandsOptions() throws Exception {
    Path help = Path.of("..", "spark", "src", "main", "java", "dev", "neuralode", "spark",
        "SparkHelp.java");
    assumeTrue(Files.isRegularFile(help), "run from the cli module of a full checkout");
    String text = Files.readString(help);
    Pattern opt = Pattern.compile("new Opt\\(\"([^\"]+)\"");
    TreeSet<String> common = names(opt, text.substring(text.indexOf("COMMON = List.of("),
        text.indexOf("COMMANDS = new LinkedHashMap")));
    Map<String, TreeSet<String>> expected = new TreeMap<>();
    Matcher put = Pattern.compile("COMMANDS\\.put\\(\"([a-z-]+)\"").matcher(text);
    List<int[]> spans = new ArrayList<>();
    List<String> order = new ArrayList<>();
    while (put.find()) {
      spans.add(new int[] {put.end()});
      order.add(put.group(1));
    }
    for (int i = 0; i < order.size(); i++) {
      int end = i + 1 < spans.size() ? spans.get(i + 1)[0] : text.indexOf("private SparkHelp()");
      TreeSet<String> names = names(opt, text.substring(spans.get(i)[0], end));
      names.addAll(common);
      expected.put(order.get(i), names);
    }
    assertThat(expected.keySet()).containsExactlyInAnyOrder("ensemble-solve", "fit-ensemble",
        "density", "logp");
    CommandLine spark = Main.commandLine().getSubcommands().get("spark");
    for (Map.Entry<String, TreeSet<String>> e : expected.entrySet()) {
      TreeSet<String> declared = new TreeSet<>();
      for (OptionSpec o : spark.getSubcommands().get(e.getKey()).getCommandSpec().options()) {
        declared.addAll(List.of(o.names()));
      }
      assertThat(declared).as(e.getKey()).isEqualTo(e.getValue());
    }
    TreeSet<String> parent = new TreeSet<>();
    spark.getCommandSpec().options().forEach(o -> parent.addAll(List.of(o.names())));
    assertThat(parent).isEqualTo(common);
  }

  private static TreeSet<String> names(Pattern opt, String block) {
    TreeSet<String> names = new TreeSet<>();
    Matcher m = opt.matcher(block);
    while (m.find()) {
      for (String n : m.group(1).split(",")) {
        names.add(n.trim());
      }
    }
    return names;
  }
}
