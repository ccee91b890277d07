package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.neuralode.io.Json;
import dev.neuralode.plot.FitFigure;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walkthrough 2, items 5 and 6: {@code fit.png} has a legend and says the validation RMSE and the
 * augment setting in its title; predictions of a quantity never negative in the data are clipped
 * at 0 in {@code predictions.csv} and {@code fit.png}, and {@code summary.json} says so.
 */
class FitPicturesLegendTest {

  @TempDir Path dir;

  /** A series whose x is positive and falls towards 0 (an extrapolation goes below), y signed. */
  private Path series() throws Exception {
    StringBuilder b = new StringBuilder("t,x,y\n");
    for (int i = 0; i < 16; i++) {
      b.append(i).append(',').append(String.format(java.util.Locale.ROOT, "%.4f",
          Math.max(0, 10 - 0.7 * i))).append(',').append(String.format(java.util.Locale.ROOT,
          "%.4f", Math.sin(0.6 * i))).append('\n');
    }
    return Files.writeString(dir.resolve("series.csv"), b.toString());
  }

  @Test
  void theTitleNamesValidationRmseAugmentAndEnsemble() {
    assertThat(FitOutputs.figureTitle(List.of("hare", "lynx"), 2.5, 3.25, 18.7, false, 1, 3))
        .isEqualTo("Neural ODE fit of hare, lynx: RMSE 2.500, validation RMSE 3.250, mean-only"
            + " 18.70; augment K = 1; ensemble of 3");
    assertThat(FitOutputs.figureTitle(List.of("x"), 2.5, Double.NaN, 18.7, true, 0, 1))
        .isEqualTo("Neural ODE fit of x: RMSE 2.500, mean-only 18.70 (barely better than the"
            + " mean)");
  }

  @Test
  void theLegendSaysClippedOnlyWhenSomethingWasClippedAndPhasesAreMarked() throws Exception {
    FitData fd = FitData.of(dir.resolve("s.csv"), dev.neuralode.io.TimeSeriesCsv.read(series(), "t"), 0.2);
    assertThat(NonNegativeColumns.clippedAny(new boolean[] {true, false}, new int[] {0, 0}))
        .containsExactly(false, false);
    assertThat(NonNegativeColumns.clippedAny(new boolean[] {true, false}, new int[] {3, 0}))
        .containsExactly(true, false);
    assertThat(FitPictures.legend(fd, false, new boolean[] {false, false}).stream()
        .map(e -> e.mark() + " " + e.label()).toList()).contains("LINE model")
        .noneMatch(l -> l.contains("clipped"));
    assertThat(FitPictures.legend(fd, false, new boolean[] {false, false}, true)).last().asString()
        .contains("TRAJECTORY");

    int[] len = dev.neuralode.train.ShootingFit.phaseLengths(200);
    int[] phases = new int[200];
    java.util.Arrays.fill(phases, len[0], len[0] + len[1], 1);
    java.util.Arrays.fill(phases, len[0] + len[1], 200, 2);
    java.util.Map<Integer, String> m = FitPictures.phaseMarkers(phases, false);
    assertThat(m.keySet()).startsWith(1, len[0] + 1, len[0] + len[1] + 1);
    assertThat(m.get(1)).isEqualTo("collocation");
    assertThat(m.get(len[0] + 1)).startsWith("shooting").contains("spikes expected");
    // the polish fits a growing window until half-way (iteration 146 of 200): a line marks where
    // its losses cover the whole series, the only ones the model is chosen from
    assertThat(m.keySet()).containsExactly(1, 31, 91, 146, 174);
    assertThat(m.get(len[0] + len[1] + 1)).isEqualTo("polish (growing window)");
    assertThat(m.get(dev.neuralode.train.ShootingFit.wholeSeriesFrom(200))).isEqualTo("whole series");
    assertThat(m.get(174)).isEqualTo("polish lr/10");
    // with latent dimensions the same stretch merges shooting segments
    assertThat(FitPictures.phaseMarkers(phases, true).get(len[0] + len[1] + 1))
        .isEqualTo("polish (merging segments)");
    double[] losses = {5, 4, 3, 2, 1};
    assertThat(FitPictures.keptPoint(3, losses)).containsExactly(3, 3);
    assertThat(FitPictures.keptLabel(3, 5)).isEqualTo("model kept: iteration 3, the lowest"
        + " whole-series loss");
    // the parameters after the last step: the dot sits on the last plotted loss
    assertThat(FitPictures.keptPoint(6, losses)).containsExactly(5, 1);
    assertThat(FitPictures.keptLabel(6, 5)).startsWith("model kept: the parameters after the last");

    // a plain fit of two columns: the phase portrait's trajectory is in the legend
    Path out = dir.resolve("plain");
    CliRun run = CliRun.of(new FitCommand(), "--data", series().toString(), "--iterations", "8",
        "--hidden", "4", "--out", out.toString(), "-q");
    assertThat(run.exit()).as(run.err()).isZero();
    // summary.json names the iteration whose parameters are the model (9: after the last step)
    assertThat(java.nio.file.Files.readString(out.resolve("summary.json")))
        .containsPattern("\"iteration_kept\" : [1-9]");
  }

  @Test
  void anEnsembleWithValidationHasALegendAndClipsNonNegativeColumnsAtZero() throws Exception {
    Path out = dir.resolve("out");
    CliRun run = CliRun.of(new FitCommand(), "--data", series().toString(), "--iterations", "8",
        "--hidden", "4", "--validate", "0.2", "--ensemble", "2", "--out", out.toString(), "-q");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode summary = Json.mapper().readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("clipped_at_zero").has("x")).isTrue();
    assertThat(summary.get("clipped_at_zero").has("y")).as("y is negative in the data").isFalse();
    List<String> rows = Files.readAllLines(out.resolve("predictions.csv"));
    assertThat(rows.get(0)).isEqualTo("t,x,y,x_lo,x_hi,y_lo,y_hi");
    int clippedOnes = 0;
    for (String row : rows.subList(1, rows.size())) {
      String[] c = row.split(",");
      for (int j : new int[] {1, 3, 4}) {
        assertThat(Double.parseDouble(c[j])).as(row).isGreaterThanOrEqualTo(0);
        clippedOnes += Double.parseDouble(c[j]) == 0 ? 1 : 0;
      }
    }
    assertThat(summary.get("clipped_at_zero").get("x").asInt()).isEqualTo(clippedOnes);

    FitData fd = FitData.of(dir.resolve("series.csv"), dev.neuralode.io.TimeSeriesCsv.read(
        dir.resolve("series.csv"), "t"), 0.2);
    assertThat(FitPictures.legend(fd, true, NonNegativeColumns.of(fd)).stream()
        .map(e -> e.mark() + " " + e.label()).toList()).containsExactly("DOT training data",
        "RING held out (validation)", "LINE ensemble median",
        "BAND ensemble 90% band (clipped at 0)", "DASHED end of training / of data");
    assertThat(NonNegativeColumns.of(fd)).containsExactly(true, false);

    // the legend takes room under the title: 5 panels in 3 rows of 260 pixels under it, or 4 in 2
    // when the kept fits have latent dimensions (no phase portrait then)
    int panelRows = summary.get("augment_kept").asInt() == 0 ? 3 : 2;
    BufferedImage png = ImageIO.read(out.resolve("fit.png").toFile());
    assertThat(png.getHeight() - panelRows * 260).isGreaterThanOrEqualTo(34 + 20);
    BufferedImage bare = FitFigure.render("t", List.of(new FitFigure.Panel("p", "x", "y",
        List.of(), List.of(), List.of(), List.of(), new double[0], false)), 1, 400, 100);
    BufferedImage withLegend = FitFigure.render("t", List.of(new FitFigure.LegendEntry(
        FitFigure.Mark.DOT, "data")), List.of(new FitFigure.Panel("p", "x", "y", List.of(),
        List.of(), List.of(), List.of(), new double[0], false)), 1, 400, 100);
    assertThat(withLegend.getHeight()).isEqualTo(bare.getHeight() + 22);
  }

  @Test
  void aGroupFigureWithSeveralColumnsNamesEachColumnsColour() {
    List<FitFigure.LegendEntry> base = List.of(new FitFigure.LegendEntry(FitFigure.Mark.DOT, "data"));
    assertThat(FitPictures.groupLegend(base, List.of("conc"))).isEqualTo(base);
    List<FitFigure.LegendEntry> two = FitPictures.groupLegend(base, List.of("hare", "lynx"));
    assertThat(two).hasSize(3);
    assertThat(two.get(1)).isEqualTo(new FitFigure.LegendEntry(FitFigure.Mark.COLUMN, "hare", FitFigure.COLORS[0]));
    assertThat(two.get(2)).isEqualTo(new FitFigure.LegendEntry(FitFigure.Mark.COLUMN, "lynx", FitFigure.COLORS[1]));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FitFigure.LegendEntry(FitFigure.Mark.COLUMN, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs its colour");
    // the entry is drawn in its colour: the legend row holds pixels of that colour
    BufferedImage img = FitFigure.render("t", two, List.of(new FitFigure.Panel("p", "x", "y", List.of(),
        List.of(), List.of(), List.of(), new double[0], false)), 1, 400, 100);
    int want = FitFigure.COLORS[1].getRGB() & 0xffffff;
    boolean found = false;
    for (int y = 30; y < 80 && !found; y++) {
      for (int x = 0; x < 400 && !found; x++) {
        found = (img.getRGB(x, y) & 0xffffff) == want;
      }
    }
    assertThat(found).as("a pixel of lynx's colour in the legend row").isTrue();
  }
}
