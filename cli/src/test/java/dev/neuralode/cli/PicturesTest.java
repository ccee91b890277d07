package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.plot.GifFiles;
import dev.neuralode.plot.LossPlot;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13's pictures: the final model in the last frame, a pause on it, three panels. */
class PicturesTest {
  @TempDir Path dir;

  @Test
  void theLastFrameIsTheFinalModelWithAPauseEvenWhenPlotEveryExceedsTheIterations() throws Exception {
    CliRun run = CliRun.of(new DemoCommand(), "spiral", "--iterations", "25", "--plot-every", "10", "-q", "--out",
        dir.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    Path gif = dir.resolve("spiral.gif");
    assertThat(GifFiles.frameCount(gif)).isEqualTo(4);   // untrained, after steps 10, 20 and the final 25
    assertThat(GifFiles.delayMillis(gif, 0)).isEqualTo(100);
    assertThat(GifFiles.delayMillis(gif, 3)).isEqualTo(DemoFrames.LAST_FRAME_MILLIS);
    BufferedImage last = ImageIO.read(dir.resolve("frames/0003.png").toFile());
    assertThat(last.getWidth()).isEqualTo(600 + 600 + 520);      // phase portrait, time series, vector field
    assertThat(Files.readString(dir.resolve("summary.json"))).contains("\"frames\" : 4");

    Path one = dir.resolve("one");
    CliRun few = CliRun.of(new DemoCommand(), "spiral", "--iterations", "5", "--plot-every", "100", "-q", "--out",
        one.toString());
    assertThat(few.exit()).as(few.err()).isZero();
    assertThat(GifFiles.frameCount(one.resolve("spiral.gif"))).isEqualTo(1);
    assertThat(GifFiles.delayMillis(one.resolve("spiral.gif"), 0)).isEqualTo(DemoFrames.LAST_FRAME_MILLIS);
  }

  @Test
  void theFirstFrameIsTheUntrainedModelAndTitlesGiveTheDrawnTrajectorysRmse() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    for (String[] run : new String[][] {{a.toString(), "0.01"}, {b.toString(), "0.05"}}) {
      CliRun r = CliRun.of(new DemoCommand(), "spiral", "--iterations", "6", "--plot-every", "3", "--lr", run[1],
          "-q", "--out", run[0]);
      assertThat(r.exit()).as(r.err()).isZero();
    }
    // another learning rate, the same seed: the untrained frames agree bit for bit, later ones do not
    assertThat(Files.readAllBytes(a.resolve("frames/0000.png"))).isEqualTo(Files.readAllBytes(b.resolve(
        "frames/0000.png")));
    assertThat(Files.readAllBytes(a.resolve("frames/0001.png"))).isNotEqualTo(Files.readAllBytes(b.resolve(
        "frames/0001.png")));
    assertThat(GifFiles.frameCount(a.resolve("spiral.gif"))).isEqualTo(3);
    assertThat(DemoFrames.title("spiral", 0, 6, false, 0.51234)).isEqualTo(
        "spiral: iteration 0 of 6 (untrained), trajectory RMSE 0.5123");
    assertThat(DemoFrames.title("spiral", 6, 6, true, 0.01)).doesNotContain("loss").contains("(final)");
  }

  @Test
  void lossPlotsTakeStageMarkersAndReadableLogTicks() {
    double[] x = new double[100];
    double[] y = new double[100];
    for (int i = 0; i < 100; i++) {
      x[i] = i + 1;
      y[i] = 0.05 + 0.4 * Math.exp(-i / 30.0) + (i >= 50 ? 0.2 : 0);
    }
    BufferedImage img = LossPlot.builder().series("loss", x, y).marker(51, "stage 2").build().render();
    assertThat(img.getWidth()).isEqualTo(800);
  }
}
