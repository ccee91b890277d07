package dev.neuralode.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * Walkthrough: {@code demo mnist --epochs 1} drew an empty {@code accuracy.png}, as a one-point
 * series draws no line. Short series now get a dot at every point.
 */
class LossPlotPointsTest {

  private static int pixelsOf(BufferedImage img, Color c) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        n += (img.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff) ? 1 : 0;
      }
    }
    return n;
  }

  @Test
  void aOnePointSeriesIsDrawnAsADot() {
    BufferedImage img = LossPlot.builder().logScale(false).axisLabels("epoch", "test accuracy (%)")
        .series("ODE-Net", new double[] {1}, new double[] {91.5})
        .series("ResNet", new double[] {1}, new double[] {93.0}).build().render();
    // a dot of 7 pixels across: about 38 pixels of each series' colour (the legend adds its own)
    assertThat(pixelsOf(img, Colormaps.category(0))).isGreaterThan(30);
    assertThat(pixelsOf(img, Colormaps.category(1))).isGreaterThan(30);
  }

  @Test
  void aLongSeriesKeepsItsPlainLine() {
    double[] x = new double[200];
    double[] y = new double[200];
    for (int i = 0; i < x.length; i++) {
      x[i] = i + 1;
      y[i] = 1.0 / (i + 1);
    }
    BufferedImage lineOnly = LossPlot.builder().series("loss", x, y).build().render();
    double[] x2 = java.util.Arrays.copyOf(x, LossPlot.MARKED_POINTS + 1);
    double[] y2 = java.util.Arrays.copyOf(y, LossPlot.MARKED_POINTS + 1);
    BufferedImage justAbove = LossPlot.builder().series("loss", x2, y2).build().render();
    // no dots on long series: the line's pixels stay few (a dot each would add ~38 per point)
    assertThat(pixelsOf(lineOnly, Colormaps.category(0))).isLessThan(200 * 10);
    assertThat(pixelsOf(justAbove, Colormaps.category(0))).isLessThan(31 * 30);
  }

  @Test
  void aNarrowLinearRangeGetsAFewReadableTicksNotDozens() {
    org.jfree.chart.JFreeChart chart = LossPlot.builder().logScale(false).axisLabels("epoch", "test accuracy (%)")
        .series("ODE-Net", new double[] {1}, new double[] {91.5})
        .series("ResNet", new double[] {1}, new double[] {93.0}).build().chart();
    Charts.render(chart, 800, 500);
    org.jfree.chart.axis.NumberAxis y = (org.jfree.chart.axis.NumberAxis) chart.getXYPlot().getRangeAxis();
    double ticks = y.getRange().getLength() / y.getTickUnit().getSize();
    assertThat(ticks).isBetween(3.0, 9.0);
    assertThat(LossPlot.niceStep(0.19)).isEqualTo(0.2);
    assertThat(LossPlot.niceStep(0.21)).isEqualTo(0.25);
    assertThat(LossPlot.niceStep(3.0)).isEqualTo(5.0);
    assertThat(LossPlot.niceStep(7.0)).isEqualTo(10.0);
  }
}
