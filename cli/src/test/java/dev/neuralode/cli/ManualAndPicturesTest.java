package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.plot.PlotLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The second README walkthrough's findings on the manual page, the README's exit-status sentence
 * and {@code demo latent}'s picture: the statuses the manual lists are those the README's
 * sentence lists (130 included), and the spirals mark where the observations end.
 */
class ManualAndPicturesTest {

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @Test
  void theManualListsStatus130ForAStoppedTrainingCommand() {
    String page = ManCommand.page(Main.commandLine().getCommandSpec());
    String section = page.substring(page.indexOf(".SH EXIT STATUS"), page.indexOf(".SH SEE ALSO"));
    List<String> statuses = Pattern.compile("\\.TP\\n(\\d+)\\n").matcher(section).results()
        .map(m -> m.group(1)).toList();
    assertThat(statuses).containsExactly("0", "1", "2", String.valueOf(Interrupts.EXIT_STATUS));
    assertThat(section).contains("Ctrl\\-C").contains("SIGTERM").contains("checkpoint");
  }

  @Test
  void theReadmesExitStatusSentenceListsTheSameStatuses() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md")).replace('\n', ' ');
    Matcher m = Pattern.compile("Exit status: (.*?)\\.(?: |$)").matcher(readme);
    assertThat(m.find()).as("the README's 'Exit status:' sentence").isTrue();
    String sentence = m.group(1);
    for (String status : new String[] {"0 on success", "1 when a run fails", "2 on bad input",
        "130 when Ctrl-C or SIGTERM"}) {
      assertThat(sentence).contains(status);
    }
  }

  @Test
  void theEndOfTheObservationsIsACrossOnTopOfTheCurves() {
    List<PlotLine> cross = LatentDemoRun.cross(new double[] {2, -1}, 0.5);
    assertThat(cross).hasSize(2).allSatisfy(l -> {
      assertThat(l.dashed()).isFalse();
      assertThat(l.xy()).hasNumberOfRows(2);
      // each stroke is centred on the point
      assertThat((l.xy()[0][0] + l.xy()[1][0]) / 2).isEqualTo(2.0);
      assertThat((l.xy()[0][1] + l.xy()[1][1]) / 2).isEqualTo(-1.0);
    });
    assertThat(cross.get(0).xy()[0]).containsExactly(1.5, -1.5);
    assertThat(cross.get(1).xy()[0]).containsExactly(1.5, -0.5);
  }
}
