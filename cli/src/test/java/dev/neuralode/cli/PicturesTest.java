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
    assertThat(GifFiles.frameCount(gif)).isEqualTo(3);          // after steps 10, 20 and the final 25
    assertThat(GifFiles.delayMillis(gif, 0)).isEqualTo(100);
    assertThat(GifFiles.delayMillis(gif, 2)).isEqualTo(DemoFrames.LAST_FRAME_MILLIS);
    BufferedImage last = ImageIO.read(dir.resolve("frames/0002.png").toFile());
    assertThat(last.getWidth()).isEqualTo(600 + 600 + 520);      // phase portrait, time series, vector field
    assertThat(Files.readString(dir.resolve("summary.json"))).contains("\"frames\" : 3");

    Path one = dir.resolve("one");
    CliRun few = CliRun.of(new DemoCommand(), "spiral", "--iterations", "5", "--plot-every", "100", "-q", "--out",
        one.toString());
    assertThat(few.exit()).as(few.err()).isZero();
    assertThat(GifFiles.frameCount(one.resolve("spiral.gif"))).isEqualTo(1);
    assertThat(GifFiles.delayMillis(one.resolve("spiral.gif"), 0)).isEqualTo(DemoFrames.LAST_FRAME_MILLIS);
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
