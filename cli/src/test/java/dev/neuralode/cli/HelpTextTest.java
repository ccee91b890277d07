package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Help texts: defaults listed for every demo, and no file name or path broken across lines. */
class HelpTextTest {

  private static void collect(CommandLine cl, Map<String, String> into) {
    into.put(cl.getCommandSpec().qualifiedName(), cl.getUsageMessage(CommandLine.Help.Ansi.OFF));
    for (CommandLine sub : cl.getSubcommands().values()) {
      collect(sub, into);
    }
  }

  /** A line ending inside a word at '.', '/' or '-' and the next line going on with the rest. */
  static List<String> brokenWords(String help) {
    String[] lines = help.split("\\R");
    List<String> broken = new ArrayList<>();
    for (int i = 0; i + 1 < lines.length; i++) {
      String a = lines[i].stripTrailing();
      String b = lines[i + 1].strip();
      if (a.length() < 2 || b.isEmpty()) {
        continue;
      }
      char end = a.charAt(a.length() - 1);
      char before = a.charAt(a.length() - 2);
      String first = b.split("\\s+")[0];
      // the rest of a word: a path's tail, or a short piece that ends the line or meets punctuation
      boolean rest = b.charAt(0) == '/' || (Character.isLowerCase(b.charAt(0))
          && (first.equals(b) || !first.chars().allMatch(Character::isLetterOrDigit))
          && !b.startsWith(first + "  "));   // not a name in a two-column list
      boolean midWord = (end == '.' || end == '/' || end == '-') && !Character.isWhitespace(before) && rest;
      if (midWord) {
        broken.add(a.strip() + "⏎" + b);
      }
    }
    return broken;
  }

  /** Walkthrough 17: {@code neuralode} alone shows the command list (status 2), not a one-line error. */
  @Test
  void noCommandShowsTheCommandList() {
    CliRun r = CliRun.main();
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("Usage: neuralode").contains("Commands:", "fit", "density")
        .doesNotContain("missing required subcommand");
  }

  @Test
  void theDetectorSeesTheWalkthroughsBreaks() {
    assertThat(brokenWords("  mnist   accuracy.png, misclassified.\npng\n")).hasSize(1);
    assertThat(brokenWords("   (default: ..\n      /shared/data).\n")).hasSize(1);
    assertThat(brokenWords("   ends a sentence.\n   Next one.\n")).isEmpty();
  }

  @Test
  void noHelpTextBreaksAWord() {
    Map<String, String> helps = new java.util.TreeMap<>();
    collect(Main.commandLine(), helps);
    assertThat(helps).containsKey("neuralode demo");
    helps.forEach((name, help) -> assertThat(brokenWords(help)).as(name).isEmpty());
    String demo = helps.get("neuralode demo");
    assertThat(demo).contains("misclassified.png", "../shared/data", "mnist10k-images-idx3-ubyte.gz");
  }

  @Test
  void demoLrDefaultNamesEveryDemo() {
    String lr = Main.commandLine().getSubcommands().get("demo").getCommandSpec().findOption("--lr")
        .description()[0];
    assertThat(lr).contains("0.01 spiral", "0.001 nonlinear", "0.003 mnist", AnodeDemoRun.DEFAULT_LR + " anode",
        LatentDemoRun.DEFAULT_LR + " latent");
  }
}
