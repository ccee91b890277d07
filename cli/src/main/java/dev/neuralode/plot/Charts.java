package dev.neuralode.plot;

import dev.neuralode.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;

/** Shared look and rendering for the plots of this package. */
final class Charts {

  static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
  static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
  static final Color GRID = new Color(0xDDDDDD);

  private Charts() {}

  /** Checks an image size. */
  static void checkSize(int width, int height) {
    if (width < 50 || height < 50 || width > 8000 || height > 8000) {
      throw new IllegalArgumentException("width, height: " + width + "x" + height
          + " is outside 50..8000 pixels; use e.g. 800x600");
    }
  }

  /** Checks that xy has shape [n][2]. */
  static void checkXy(String name, double[][] xy) {
    if (xy == null) {
      throw new IllegalArgumentException(name + ": null; give an array of shape [n][2]");
    }
    for (int i = 0; i < xy.length; i++) {
      if (xy[i] == null || xy[i].length != 2) {
        throw new IllegalArgumentException(name + "[" + i + "]: length "
            + (xy[i] == null ? "null" : xy[i].length) + "; expected shape [n][2]");
      }
    }
  }

  /** Checks that values has shape [n][k]. */
  static void checkTable(String name, double[][] values, int n, int k) {
    if (values == null || values.length != n) {
      throw new IllegalArgumentException(name + ": " + (values == null ? "null" : values.length
          + " rows") + " but there are " + n + " times; give shape [" + n + "][" + k + "]");
    }
    for (int i = 0; i < n; i++) {
      if (values[i] == null || values[i].length != k) {
        throw new IllegalArgumentException(name + "[" + i + "]: length "
            + (values[i] == null ? "null" : values[i].length) + " but there are " + k
            + " names; give shape [" + n + "][" + k + "]");
      }
    }
  }

  /** A number axis with the house style, fixed to range when given, else auto without zero. */
  static NumberAxis numberAxis(String label, AxisRange range) {
    NumberAxis axis = new NumberAxis(label);
    axis.setAutoRangeIncludesZero(false);
    // Plain tick labels: no digit grouping (years read 1900, not 1,900) and no locale surprises.
    axis.setNumberFormatOverride(new DecimalFormat("0.######", DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)));
    if (range != null) {
      axis.setAutoRange(false);
      axis.setRange(range.lower(), range.upper());
    }
    style(axis);
    return axis;
  }

  /** Makes an axis tick at whole numbers only, printed without grouping (1900, not 1,900). */
  static void integerTicks(NumberAxis axis) {
    axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    axis.setNumberFormatOverride(new DecimalFormat("0"));
  }

  /** Applies the house fonts to an axis. */
  static void style(ValueAxis axis) {
    axis.setLabelFont(LABEL_FONT);
    axis.setTickLabelFont(TICK_FONT);
    axis.setLabelPaint(Color.DARK_GRAY);
    axis.setTickLabelPaint(Color.DARK_GRAY);
  }

  /** Applies the house look to a plot: white background, light grid. */
  static void style(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlinePaint(Color.GRAY);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    plot.setDomainGridlineStroke(new BasicStroke(0.8f));
    plot.setRangeGridlineStroke(new BasicStroke(0.8f));
  }

  /** Wraps a plot in a chart with an optional title and legend. */
  static JFreeChart chart(String title, XYPlot plot, boolean legend) {
    JFreeChart chart = new JFreeChart(null, TITLE_FONT, plot, legend);
    if (title != null && !title.isEmpty()) {
      chart.setTitle(new TextTitle(title, TITLE_FONT));
    }
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    LegendTitle legendTitle = chart.getLegend();
    if (legendTitle != null) {
      legendTitle.setItemFont(LABEL_FONT);
      legendTitle.setPosition(RectangleEdge.BOTTOM);
      legendTitle.setFrame(org.jfree.chart.block.BlockBorder.NONE);
    }
    return chart;
  }

  /** Draws a chart into a new opaque TYPE_INT_RGB image on white. */
  static BufferedImage render(JFreeChart chart, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Encodes an image as PNG and writes it atomically. */
  static void writePng(BufferedImage image, Path file) throws IOException {
    byte[] png = ChartUtils.encodeAsPNG(image);
    AtomicFiles.write(file, png);
  }
}
