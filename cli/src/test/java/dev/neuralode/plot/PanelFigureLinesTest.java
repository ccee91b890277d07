package dev.neuralode.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lines in {@link PanelFigure}: a dashed curve sampled finely (segments of a pixel or two, as a
 * small panel of {@code demo latent}'s spirals draws an extrapolation) still shows its gaps, and a
 * NaN breaks a line.
 */
class PanelFigureLinesTest {

  private static final int SIZE = 200;
  private static final int MARGIN = 64; // PanelFigure's left margin
  private static final int TOP = 60; // PanelFigure's top margin

  private static BufferedImage draw(PlotLine line) {
    PanelFigure.Panel panel = new PanelFigure.Panel("p", new AxisRange(0, 1), new AxisRange(0, 1),
        new double[0][], new int[0], null, List.of(), List.of(line));
    return PanelFigure.render("t", List.of(panel), SIZE, 4);
  }

  /** Of the pixels along the horizontal line y = 0.5 inside the panel, the fraction left white. */
  private static double whiteAlongTheMiddle(BufferedImage img) {
    int y = TOP + SIZE / 2;
    int white = 0;
    int n = 0;
    for (int x = MARGIN + 10; x < MARGIN + SIZE - 10; x++) {
      n++;
      if ((img.getRGB(x, y) & 0xffffff) == 0xffffff) {
        white++;
      }
    }
    return (double) white / n;
  }

  private static double[][] horizontal(int points) {
    double[][] xy = new double[points][];
    for (int i = 0; i < points; i++) {
      xy[i] = new double[] {(double) i / (points - 1), 0.5};
    }
    return xy;
  }

  @Test
  void aFinelySampledDashedLineShowsItsGaps() {
    // 400 points over 200 pixels: each segment is half a pixel, shorter than any dash
    double dashed = whiteAlongTheMiddle(draw(new PlotLine(null, horizontal(400), Color.RED, 3.5f, true)));
    double solid = whiteAlongTheMiddle(draw(new PlotLine(null, horizontal(400), Color.RED, 3.5f, false)));
    assertThat(solid).isZero();
    // dashes of 4 widths and gaps of 3: about 3/7 of the line is background
    assertThat(dashed).isBetween(0.3, 0.55);
  }

  @Test
  void aFieldScaleAddsAColourBarFromBlueAtTheBottomToRedAtTheTop() {
    PanelFigure.Panel panel = new PanelFigure.Panel("p", new AxisRange(0, 1), new AxisRange(0, 1),
        new double[0][], new int[0], new double[][] {{0.0, 1.0}}, List.of(), List.of());
    BufferedImage plain = PanelFigure.render("t", List.of(panel), 1, SIZE, 4);
    BufferedImage barred = PanelFigure.render("t", List.of(panel), 1, SIZE, 4,
        new PanelFigure.FieldScale("read-out", -1, 1));
    assertThat(barred.getWidth()).isGreaterThan(plain.getWidth());
    // the bar's middle column: blue near the bottom, red near the top, white half way
    int x = plain.getWidth() - 2; // the bar is 16 px wide, from 10 px left of the plain width
    Color bottom = new Color(barred.getRGB(x, TOP + SIZE - 3));
    Color top = new Color(barred.getRGB(x, TOP + 3));
    Color middle = new Color(barred.getRGB(x, TOP + SIZE / 2));
    assertThat(bottom.getBlue()).isGreaterThan(bottom.getRed() + 40);
    assertThat(top.getRed()).isGreaterThan(top.getBlue() + 40);
    assertThat(middle.getRed()).isGreaterThan(240);
    assertThat(middle.getBlue()).isGreaterThan(240);
  }

  @Test
  void aNanBreaksTheLine() {
    double[][] xy = horizontal(201);
    for (int i = 90; i <= 110; i++) {
      xy[i] = new double[] {Double.NaN, 0.5};
    }
    BufferedImage img = draw(new PlotLine(null, xy, Color.RED, 3f, false));
    int y = TOP + SIZE / 2;
    assertThat(img.getRGB(MARGIN + SIZE / 2, y) & 0xffffff).isEqualTo(0xffffff);
    assertThat(img.getRGB(MARGIN + SIZE / 4, y) & 0xffffff).isNotEqualTo(0xffffff);
  }
}
