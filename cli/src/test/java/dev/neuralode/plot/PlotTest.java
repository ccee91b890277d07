package dev.neuralode.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders each plot and checks size, file output and that the intended colours appear. */
class PlotTest {

  private static final Color GREEN = new Color(0, 190, 0);

  @TempDir Path dir;

  /** Counts pixels whose channels are each within tol of c. */
  static int count(BufferedImage image, Color c, int tol) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        if (Math.abs(((p >> 16) & 0xFF) - c.getRed()) <= tol
            && Math.abs(((p >> 8) & 0xFF) - c.getGreen()) <= tol
            && Math.abs((p & 0xFF) - c.getBlue()) <= tol) {
          n++;
        }
      }
    }
    return n;
  }

  /** Mean row of the pixels of colour c. */
  static double meanRow(BufferedImage image, Color c) {
    long sum = 0;
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
          sum += y;
          n++;
        }
      }
    }
    assertThat(n).as("pixels of %s", c).isPositive();
    return (double) sum / n;
  }

  private static double[][] spiral(int n) {
    double[][] xy = new double[n][2];
    for (int i = 0; i < n; i++) {
      double t = 0.1 * i;
      xy[i][0] = Math.exp(-0.1 * t) * Math.cos(t);
      xy[i][1] = Math.exp(-0.1 * t) * Math.sin(t);
    }
    return xy;
  }

  @Test
  void trajectoryFrameHasSizeColourBarPointsAndLine() throws IOException {
    int n = 200;
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = 0.1 * i;
    }
    TrajectoryPlot plot = TrajectoryPlot.builder().title("iteration 100")
        .observations(t, spiral(n), "true")
        .line(new PlotLine("model", spiral(n), GREEN, 3f, false))
        .ranges(new AxisRange(-1.2, 1.2), new AxisRange(-1.2, 1.2))
        .size(640, 480).build();
    BufferedImage image = plot.render();
    assertThat(image.getWidth()).isEqualTo(640);
    assertThat(image.getHeight()).isEqualTo(480);
    assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    // The colour bar's strip runs from plasma(0) to plasma(1); the dots use both ends too.
    assertThat(count(image, Colormaps.plasma(1), 8)).as("yellow end").isGreaterThan(30);
    assertThat(count(image, Colormaps.plasma(0), 8)).as("blue end").isGreaterThan(30);
    assertThat(count(image, GREEN, 0)).as("model line").isGreaterThan(200);

    Path png = dir.resolve("frames/frame_0001.png");
    plot.writePng(png);
    BufferedImage back = ImageIO.read(png.toFile());
    assertThat(back.getWidth()).isEqualTo(640);
    assertThat(back.getHeight()).isEqualTo(480);
  }

  @Test
  void withoutObservationsThereIsNoColourBar() {
    BufferedImage image = TrajectoryPlot.builder()
        .line(PlotLine.dashed(null, spiral(50), GREEN)).size(300, 200).build().render();
    assertThat(count(image, Colormaps.plasma(1), 8)).isZero();
    assertThat(count(image, GREEN, 0)).isPositive();
  }

  @Test
  void fixedRangesPlaceTheLine() {
    double[][] flat = {{0, 5}, {10, 5}};
    BufferedImage middle = TrajectoryPlot.builder().line(null, flat, GREEN)
        .ranges(new AxisRange(0, 10), new AxisRange(0, 10)).size(400, 400).build().render();
    BufferedImage low = TrajectoryPlot.builder().line(null, flat, GREEN)
        .ranges(new AxisRange(0, 10), new AxisRange(0, 20)).size(400, 400).build().render();
    // y = 5 sits half-way up in [0, 10] but a quarter of the way up in [0, 20].
    assertThat(meanRow(low, GREEN)).isGreaterThan(meanRow(middle, GREEN) + 50);
  }

  @Test
  void trajectoryRejectsBadShapes() {
    assertThatThrownBy(() -> TrajectoryPlot.builder()
        .observations(new double[3], new double[2][2], null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t: length 3");
    assertThatThrownBy(() -> PlotLine.solid("x", new double[][] {{1, 2, 3}}, GREEN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[n][2]");
    assertThatThrownBy(() -> new AxisRange(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void seriesPlotUsesOneColourPerColumn() throws IOException {
    double[] t = {0, 1, 2, 3, 4, 5};
    double[][] data = {{1, 5}, {2, 4}, {3, 3}, {4, 2}, {5, 1}, {6, 0}};
    double[] tm = {0, 2.5, 5};
    double[][] model = {{1, 5}, {3.5, 2.5}, {6, 0}};
    SeriesPlot plot = SeriesPlot.builder().title("fit").axisLabels("year", "pelts")
        .names(List.of("hare", "lynx")).data(t, data).model(tm, model)
        .marker(5, "forecast").size(500, 300).build();
    BufferedImage image = plot.render();
    assertThat(image.getWidth()).isEqualTo(500);
    assertThat(count(image, Colormaps.category(0), 0)).isGreaterThan(100);
    assertThat(count(image, Colormaps.category(1), 0)).isGreaterThan(100);
    assertThat(count(image, Colormaps.category(2), 0)).isZero();
    plot.writePng(dir.resolve("fit.png"));
    assertThat(ImageIO.read(dir.resolve("fit.png").toFile()).getHeight()).isEqualTo(300);
    assertThatThrownBy(() -> SeriesPlot.builder().names(List.of("only"))
        .data(t, data).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data[0]");
  }

  @Test
  void lossPlotSkipsUnplottablePointsOnLogAxis() {
    double[] it = {0, 1, 2, 3, 4, 5};
    double[] loss = {1.0, 0.5, 0.0, Double.NaN, 0.01, 1e-4};
    BufferedImage image = LossPlot.builder().series("train", it, loss)
        .series("test", it, new double[] {2, 1, 0.5, 0.2, 0.1, 0.05})
        .size(400, 300).build().render();
    assertThat(image.getHeight()).isEqualTo(300);
    assertThat(count(image, Colormaps.category(0), 0)).isPositive();
    assertThat(count(image, Colormaps.category(1), 0)).isPositive();
    assertThatThrownBy(() -> LossPlot.builder().series("x", it, new double[2]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lengths 6 and 2");
  }
}
