package dev.neuralode.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import org.jfree.chart.renderer.PaintScale;
import org.junit.jupiter.api.Test;

class ColormapsTest {

  /** Asserts each channel is within tol of the hex colour (e.g. matplotlib's to_hex output). */
  private static void assertNear(Color c, int rgb, int tol) {
    assertThat(c.getRed()).as("red of %s", c).isCloseTo((rgb >> 16) & 0xFF,
        org.assertj.core.data.Offset.offset(tol));
    assertThat(c.getGreen()).as("green of %s", c).isCloseTo((rgb >> 8) & 0xFF,
        org.assertj.core.data.Offset.offset(tol));
    assertThat(c.getBlue()).as("blue of %s", c).isCloseTo(rgb & 0xFF,
        org.assertj.core.data.Offset.offset(tol));
  }

  @Test
  void endpointsMatchMatplotlibExactly() {
    assertThat(Colormaps.plasma(0.0).getRGB() & 0xFFFFFF).isEqualTo(0x0d0887);
    assertThat(Colormaps.plasma(1.0).getRGB() & 0xFFFFFF).isEqualTo(0xf0f921);
  }

  @Test
  void interiorMatchesPublishedValues() {
    // matplotlib: to_hex(plasma(x)) for x = 0.25, 0.5, 0.75 (table entries 64, 128, 192).
    assertNear(Colormaps.plasma(0.25), 0x7e03a8, 3);
    assertNear(Colormaps.plasma(0.5), 0xcc4778, 3);
    assertNear(Colormaps.plasma(0.75), 0xf89540, 3);
  }

  @Test
  void anchorIndexIsReproducedExactly() {
    // Table entry 128 is an anchor: value 128/255 must give it unrounded.
    double[] rgb = Colormaps.plasmaRgb(128.0 / 255.0);
    assertThat(rgb).containsExactly(new double[] {0.798216, 0.280197, 0.469538},
        org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void luminanceIncreasesMonotonically() {
    double previous = -1;
    for (int i = 0; i <= 200; i++) {
      double[] c = Colormaps.plasmaRgb(i / 200.0);
      double y = 0.2126 * linear(c[0]) + 0.7152 * linear(c[1]) + 0.0722 * linear(c[2]);
      assertThat(y).as("luminance at %d/200", i).isGreaterThan(previous);
      previous = y;
    }
  }

  private static double linear(double srgb) {
    return srgb <= 0.04045 ? srgb / 12.92 : Math.pow((srgb + 0.055) / 1.055, 2.4);
  }

  @Test
  void clampsOutOfRangeAndRejectsNan() {
    assertThat(Colormaps.plasma(-3)).isEqualTo(Colormaps.plasma(0));
    assertThat(Colormaps.plasma(7)).isEqualTo(Colormaps.plasma(1));
    assertThatThrownBy(() -> Colormaps.plasma(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
  }

  @Test
  void paintScaleMapsBoundsToEnds() {
    PaintScale scale = Colormaps.plasmaScale(10, 30);
    assertThat(scale.getLowerBound()).isEqualTo(10);
    assertThat(scale.getUpperBound()).isEqualTo(30);
    assertThat(scale.getPaint(10)).isEqualTo(Colormaps.plasma(0));
    assertThat(scale.getPaint(20)).isEqualTo(Colormaps.plasma(0.5));
    assertThat(scale.getPaint(99)).isEqualTo(Colormaps.plasma(1));
    assertThatThrownBy(() -> Colormaps.plasmaScale(1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void categoryCyclesTab10() {
    assertThat(Colormaps.category(0).getRGB() & 0xFFFFFF).isEqualTo(0x1f77b4);
    assertThat(Colormaps.category(1).getRGB() & 0xFFFFFF).isEqualTo(0xff7f0e);
    assertThat(Colormaps.category(10)).isEqualTo(Colormaps.category(0));
    assertThatThrownBy(() -> Colormaps.category(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
