package dev.neuralode.plot;

import java.awt.Color;
import java.awt.Paint;
import org.jfree.chart.renderer.PaintScale;

/**
 * Colour maps for plots: matplotlib's perceptually uniform sequential map {@code plasma} and the
 * ten-colour categorical palette {@code tab10}.
 *
 * <p>{@code plasma} is by Nathaniel J. Smith and Stefan van der Walt (2015) and was released into
 * the public domain (CC0); its 256-entry table is published in matplotlib
 * ({@code lib/matplotlib/_cm_listed.py}, {@code _plasma_data}) and in the BIDS/colormap
 * repository ({@code colormaps.py}). This class keeps 33 of those entries, table indices 0, 8,
 * 16, ..., 248 and 255, placed at {@code index / 255}, and interpolates linearly in sRGB between
 * them; the result stays within 2.6/255 per channel of the full table. {@code tab10} is
 * matplotlib's default property cycle (the Tableau 10 palette).
 */
public final class Colormaps {

  /** Table index (0..255) of each anchor in matplotlib's 256-entry plasma table. */
  private static final int[] PLASMA_INDEX = {
      0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120, 128,
      136, 144, 152, 160, 168, 176, 184, 192, 200, 208, 216, 224, 232, 240, 248, 255};

  /** sRGB components in [0, 1] of matplotlib's plasma at the indices above. */
  private static final double[][] PLASMA_RGB = {
      {0.050383, 0.029803, 0.527975},
      {0.132381, 0.022258, 0.563250},
      {0.193374, 0.018354, 0.590330},
      {0.248032, 0.014439, 0.612868},
      {0.299855, 0.009561, 0.631624},
      {0.350150, 0.004382, 0.646298},
      {0.399411, 0.000859, 0.656133},
      {0.447714, 0.002080, 0.660240},
      {0.494877, 0.011990, 0.657865},
      {0.540570, 0.034950, 0.648640},
      {0.584391, 0.068579, 0.632812},
      {0.625987, 0.103312, 0.611305},
      {0.665129, 0.138566, 0.585582},
      {0.701769, 0.174005, 0.557296},
      {0.736019, 0.209439, 0.527908},
      {0.768090, 0.244817, 0.498465},
      {0.798216, 0.280197, 0.469538},
      {0.826588, 0.315714, 0.441316},
      {0.853319, 0.351553, 0.413734},
      {0.878423, 0.387932, 0.386600},
      {0.901807, 0.425087, 0.359688},
      {0.923287, 0.463251, 0.332801},
      {0.942598, 0.502639, 0.305816},
      {0.959424, 0.543431, 0.278701},
      {0.973416, 0.585761, 0.251540},
      {0.984199, 0.629718, 0.224595},
      {0.991365, 0.675355, 0.198453},
      {0.994474, 0.722691, 0.174381},
      {0.993033, 0.771720, 0.154808},
      {0.986509, 0.822401, 0.143557},
      {0.974443, 0.874622, 0.144061},
      {0.956808, 0.928152, 0.152409},
      {0.940015, 0.975158, 0.131326}};

  /** matplotlib's {@code tab10} colours, in cycle order. */
  private static final Color[] TAB10 = {
      new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
      new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
      new Color(0xbcbd22), new Color(0x17becf)};

  private Colormaps() {}

  /**
   * Returns the plasma colour for a value, as sRGB components.
   *
   * @param value the position on the map; values below 0 give {@code plasma(0)} (dark blue,
   *     about {@code #0d0887}) and above 1 give {@code plasma(1)} (yellow, about {@code #f0f921})
   * @return a new array {@code {r, g, b}}, each in [0, 1]
   * @throws IllegalArgumentException if {@code value} is NaN
   */
  public static double[] plasmaRgb(double value) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("value: NaN has no colour; pass a number in [0, 1]");
    }
    double position = Math.min(1.0, Math.max(0.0, value)) * 255.0;
    int k = 0;
    while (k < PLASMA_INDEX.length - 2 && position > PLASMA_INDEX[k + 1]) {
      k++;
    }
    double f = (position - PLASMA_INDEX[k]) / (PLASMA_INDEX[k + 1] - PLASMA_INDEX[k]);
    double[] lo = PLASMA_RGB[k];
    double[] hi = PLASMA_RGB[k + 1];
    return new double[] {
        lo[0] + f * (hi[0] - lo[0]), lo[1] + f * (hi[1] - lo[1]), lo[2] + f * (hi[2] - lo[2])};
  }

  /**
   * Returns the plasma colour for a value.
   *
   * @param value the position on the map, clamped to [0, 1]
   * @return the opaque colour, each channel rounded to 8 bits
   * @throws IllegalArgumentException if {@code value} is NaN
   */
  public static Color plasma(double value) {
    double[] rgb = plasmaRgb(value);
    return new Color(to8(rgb[0]), to8(rgb[1]), to8(rgb[2]));
  }

  /**
   * Returns a JFreeChart paint scale that maps {@code [lower, upper]} linearly onto plasma, for
   * colouring points by a third value (such as time) and for a colour bar.
   *
   * @param lower the value drawn as {@code plasma(0)}
   * @param upper the value drawn as {@code plasma(1)}
   * @return an immutable paint scale; values outside the bounds get the end colours and NaN
   *     gets grey
   * @throws IllegalArgumentException if the bounds are not finite or {@code lower >= upper}
   */
  public static PaintScale plasmaScale(double lower, double upper) {
    if (!Double.isFinite(lower) || !Double.isFinite(upper) || !(lower < upper)) {
      throw new IllegalArgumentException("lower, upper: [" + lower + ", " + upper
          + "] is not a finite interval with lower < upper; widen it");
    }
    return new PlasmaScale(lower, upper);
  }

  /**
   * Returns a colour of matplotlib's {@code tab10} cycle, for telling series apart.
   *
   * @param index the series index, {@code >= 0}; the cycle repeats after ten colours
   * @return the colour
   * @throws IllegalArgumentException if {@code index} is negative
   */
  public static Color category(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("index: " + index + " is negative; use 0 or more");
    }
    return TAB10[index % TAB10.length];
  }

  private static int to8(double channel) {
    return (int) Math.round(Math.min(1.0, Math.max(0.0, channel)) * 255.0);
  }

  /** Linear map of [lower, upper] onto plasma. */
  private record PlasmaScale(double lower, double upper) implements PaintScale {
    @Override
    public double getLowerBound() {
      return lower;
    }

    @Override
    public double getUpperBound() {
      return upper;
    }

    @Override
    public Paint getPaint(double value) {
      return Double.isNaN(value) ? Color.GRAY : plasma((value - lower) / (upper - lower));
    }
  }
}
