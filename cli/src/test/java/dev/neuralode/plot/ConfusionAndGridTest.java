package dev.neuralode.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The confusion matrix and the image grid draw what they are given and reject bad input. */
class ConfusionAndGridTest {

  @Test
  void confusionCellsAreColouredByRowFraction() {
    int[][] counts = {{9, 1}, {0, 10}};
    BufferedImage img = new ConfusionPlot("t", new String[] {"a", "b"}, counts).render();
    assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    // cell (1, 0) holds 0: the colour map's low end; cell (1, 1) the full row: its high end
    Color empty = new Color(img.getRGB(90 + 3, 70 + 52 + 3));
    Color full = new Color(img.getRGB(90 + 52 + 3, 70 + 52 + 3));
    assertThat(empty).isEqualTo(Colormaps.plasma(0));
    assertThat(full).isEqualTo(Colormaps.plasma(1));
    assertThatThrownBy(() -> new ConfusionPlot("t", new String[] {"a"}, counts))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k×k");
    assertThatThrownBy(() -> new ConfusionPlot("t", new String[] {"a", "b"}, new int[][] {{1, -1}, {0, 0}}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
  }

  @Test
  void confusionHasAColourBarFromZeroAtTheBottomToOneAtTheTop() {
    BufferedImage img = new ConfusionPlot("t", new String[] {"a", "b"}, new int[][] {{9, 1}, {0, 10}})
        .render();
    int x = 90 + 2 * 52 + 30 + 8;
    // the first row inside the border is 1 - 1/103 (103 rows from 1 down to 0)
    assertThat(new Color(img.getRGB(x, 71))).isEqualTo(Colormaps.plasma(1 - 1.0 / 103));
    assertThat(new Color(img.getRGB(x, 70 + 2 * 52 - 1))).isEqualTo(Colormaps.plasma(0));
  }

  @Test
  void gridDrawsDarkPixelsForBrightValues() {
    double[][] image = new double[4][4];
    image[0][0] = 1.0;
    ImageGrid grid = new ImageGrid("digits", new double[][][] {image, image, image}, new String[] {"x", "y", "z"}, 2, 5);
    BufferedImage img = grid.render();
    assertThat(img.getWidth()).isGreaterThanOrEqualTo(420);
    int dark = 0;
    for (int x = 0; x < img.getWidth(); x++) {
      for (int y = 40; y < img.getHeight(); y++) {
        dark += img.getRGB(x, y) == Color.BLACK.getRGB() ? 1 : 0;
      }
    }
    assertThat(dark).as("three 5×5 black squares, plus caption text").isGreaterThanOrEqualTo(75);
    assertThat(new ImageGrid("none", new double[0][][], new String[0], 4, 3).render()).isNotNull();
    assertThatThrownBy(() -> new ImageGrid("t", new double[][][] {image}, new String[0], 2, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one caption per image");
  }
}
