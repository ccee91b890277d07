package dev.neuralode.plot;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYDataset;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Pictures of 2-D densities: a heat map of a density on a grid (plasma colours, JFreeChart's
 * {@link XYBlockRenderer}) with points overlaid, and scatter plots of samples (also the frames of a
 * flow animation). Inputs are plain arrays; nothing here knows about training.
 */
public final class DensityPlot {
  private DensityPlot() {}

  /** The most points a heat map draws over the density. */
  public static final int MAX_OVERLAY = 400;

  /**
   * A heat map of a density with points on top.
   *
   * @param xs the grid's x cell centres, ascending, equally spaced, length ≥ 2; not modified
   * @param ys the grid's y cell centres, ascending, equally spaced, length ≥ 2; not modified
   * @param density values {@code density[i][j]} at (xs[i], ys[j]), ≥ 0; not modified
   * @param points points to overlay as {@code [n][2]}, or null; not modified; at most
   *     {@value #MAX_OVERLAY} are drawn (every k-th), so that they do not hide the density
   * @param title the chart title
   * @param xLabel the x-axis label
   * @param yLabel the y-axis label
   * @param width the image width in pixels
   * @param height the image height in pixels
   * @return the image
   * @throws IllegalArgumentException if the grid is smaller than 2 × 2 or shapes disagree
   */
  public static BufferedImage heatMap(double[] xs, double[] ys, double[][] density, double[][] points,
      String title, String xLabel, String yLabel, int width, int height) {
    Charts.checkSize(width, height);
    if (xs.length < 2 || ys.length < 2 || density.length != xs.length) {
      throw new IllegalArgumentException("density must be [xs.length][ys.length] with at least 2 × 2 cells");
    }
    int n = xs.length * ys.length;
    double[][] xyz = new double[3][n];
    double max = 0;
    for (int i = 0; i < xs.length; i++) {
      if (density[i].length != ys.length) {
        throw new IllegalArgumentException("density[" + i + "] has " + density[i].length + " values; expected "
            + ys.length);
      }
      for (int j = 0; j < ys.length; j++) {
        int k = i * ys.length + j;
        xyz[0][k] = xs[i];
        xyz[1][k] = ys[j];
        xyz[2][k] = density[i][j];
        max = Math.max(max, Double.isFinite(density[i][j]) ? density[i][j] : 0);
      }
    }
    double dx = xs[1] - xs[0];
    double dy = ys[1] - ys[0];
    DefaultXYZDataset grid = new DefaultXYZDataset();
    grid.addSeries("density", xyz);
    XYBlockRenderer block = new XYBlockRenderer();
    block.setBlockWidth(dx);
    block.setBlockHeight(dy);
    org.jfree.chart.renderer.PaintScale scale = Colormaps.plasmaScale(0, max > 0 ? max : 1);
    block.setPaintScale(scale);
    XYPlot plot = new XYPlot();
    plot.setDomainAxis(Charts.numberAxis(xLabel, new AxisRange(xs[0] - dx / 2, xs[xs.length - 1] + dx / 2)));
    plot.setRangeAxis(Charts.numberAxis(yLabel, new AxisRange(ys[0] - dy / 2, ys[ys.length - 1] + dy / 2)));
    Charts.style(plot);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    if (points != null) {
      int stride = (points.length + MAX_OVERLAY - 1) / MAX_OVERLAY;
      double[][] shown = stride <= 1 ? points : java.util.stream.IntStream.range(0, points.length / stride)
          .mapToObj(i -> points[i * stride]).toArray(double[][]::new);
      plot.setDataset(0, xy("data", shown));
      plot.setRenderer(0, dots(new Color(255, 255, 255, 120), 2.0));
    }
    plot.setDataset(1, grid);
    plot.setRenderer(1, block);
    JFreeChart chart = Charts.chart(title, plot, false);
    chart.addSubtitle(TrajectoryPlot.colourBar(scale, "density"));
    return Charts.render(chart, width, height);
  }

  /**
   * A scatter plot on fixed axes.
   *
   * @param points the points {@code [n][2]}; not modified
   * @param xRange the x-axis range
   * @param yRange the y-axis range
   * @param title the chart title
   * @param xLabel the x-axis label
   * @param yLabel the y-axis label
   * @param color the dot colour
   * @param width the image width in pixels
   * @param height the image height in pixels
   * @return the image
   */
  public static BufferedImage scatter(double[][] points, AxisRange xRange, AxisRange yRange, String title,
      String xLabel, String yLabel, Color color, int width, int height) {
    Charts.checkSize(width, height);
    XYPlot plot = new XYPlot();
    plot.setDomainAxis(Charts.numberAxis(xLabel, xRange));
    plot.setRangeAxis(Charts.numberAxis(yLabel, yRange));
    Charts.style(plot);
    plot.setDataset(0, xy("points", points));
    plot.setRenderer(0, dots(color, 3.0));
    JFreeChart chart = Charts.chart(title, plot, false);
    return Charts.render(chart, width, height);
  }

  /**
   * The data and a model's samples side by side, on the same axes, so that they can be compared.
   *
   * @param data the data points {@code [n][2]}; not modified
   * @param samples the samples {@code [m][2]}; not modified
   * @param xRange the x-axis range of both panels
   * @param yRange the y-axis range of both panels
   * @param dataTitle the left panel's title
   * @param samplesTitle the right panel's title
   * @param xLabel the x-axis label
   * @param yLabel the y-axis label
   * @param panelWidth the width of each panel in pixels
   * @param height the image height in pixels
   * @return the image, {@code 2 × panelWidth} wide
   */
  public static BufferedImage dataAndSamples(double[][] data, double[][] samples, AxisRange xRange,
      AxisRange yRange, String dataTitle, String samplesTitle, String xLabel, String yLabel, int panelWidth,
      int height) {
    return Panels.row(List.of(
        scatter(data, xRange, yRange, dataTitle, xLabel, yLabel, new Color(0x55, 0x55, 0x55), panelWidth, height),
        scatter(samples, xRange, yRange, samplesTitle, xLabel, yLabel, new Color(0x0D0887), panelWidth, height)));
  }

  /**
   * Writes an image as PNG, atomically.
   *
   * @param image the image
   * @param file the target
   * @throws IOException if it cannot be written
   */
  public static void writePng(BufferedImage image, Path file) throws IOException {
    Charts.writePng(image, file);
  }

  private static DefaultXYDataset xy(String key, double[][] points) {
    double[][] cols = new double[2][points.length];
    for (int i = 0; i < points.length; i++) {
      cols[0][i] = points[i][0];
      cols[1][i] = points[i][1];
    }
    DefaultXYDataset d = new DefaultXYDataset();
    d.addSeries(key, cols);
    return d;
  }

  private static XYLineAndShapeRenderer dots(Color color, double size) {
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
    r.setSeriesShape(0, new Ellipse2D.Double(-size / 2, -size / 2, size, size));
    r.setSeriesPaint(0, color);
    return r;
  }
}
