package dev.neuralode.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.VectorRenderer;
import org.jfree.data.xy.VectorSeries;
import org.jfree.data.xy.VectorSeriesCollection;

/**
 * Two vector fields of a 2-D system on one grid, as direction arrows of equal length: the true
 * field in light grey under the learned one in colour, as the vector-field panel of torchdiffeq's
 * {@code ode_demo}. Arrows show direction only (each is normalised), so a field that is too weak
 * or too strong still shows where it points.
 */
public final class VectorFieldPlot {
  private VectorFieldPlot() {}

  /**
   * Draws the fields.
   *
   * @param points the grid points {@code [n][2]}; not modified
   * @param learned the learned field at the points {@code [n][2]}; not modified
   * @param truth the true field at the points {@code [n][2]}, or null; not modified
   * @param xRange the x-axis range
   * @param yRange the y-axis range
   * @param cell the grid spacing, in axis units (arrows are 0.8 of it long)
   * @param title the chart title
   * @param width the image width in pixels
   * @param height the image height in pixels
   * @return the image
   * @throws IllegalArgumentException if the shapes disagree
   */
  public static BufferedImage render(double[][] points, double[][] learned, double[][] truth, AxisRange xRange,
      AxisRange yRange, double cell, String title, int width, int height) {
    Charts.checkSize(width, height);
    Charts.checkXy("points", points);
    Charts.checkTable("learned", learned, points.length, 2);
    if (truth != null) {
      Charts.checkTable("truth", truth, points.length, 2);
    }
    VectorSeriesCollection data = new VectorSeriesCollection();
    if (truth != null) {
      data.addSeries(arrows("true field", points, truth, 0.8 * cell));
    }
    data.addSeries(arrows("learned field", points, learned, 0.8 * cell));
    XYPlot plot = new XYPlot();
    plot.setDomainAxis(Charts.numberAxis("z₁", xRange));
    plot.setRangeAxis(Charts.numberAxis("z₂", yRange));
    Charts.style(plot);
    VectorRenderer r = new VectorRenderer();
    int s = 0;
    if (truth != null) {
      r.setSeriesPaint(s, new Color(0xAAAAAA));
      r.setSeriesStroke(s++, new BasicStroke(2.2f));
    }
    r.setSeriesPaint(s, new Color(0x1f, 0x77, 0xb4));
    r.setSeriesStroke(s, new BasicStroke(1.2f));
    plot.setDataset(data);
    plot.setRenderer(r);
    plot.setSeriesRenderingOrder(org.jfree.chart.plot.SeriesRenderingOrder.FORWARD);   // learned on top
    JFreeChart chart = Charts.chart(title, plot, truth != null);
    return Charts.render(chart, width, height);
  }

  private static VectorSeries arrows(String name, double[][] points, double[][] field, double length) {
    VectorSeries s = new VectorSeries(name);
    for (int i = 0; i < points.length; i++) {
      double u = field[i][0];
      double v = field[i][1];
      double m = Math.hypot(u, v);
      if (!(m > 0) || !Double.isFinite(m)) {
        continue;
      }
      s.add(points[i][0] - 0.5 * length * u / m, points[i][1] - 0.5 * length * v / m,
          length * u / m, length * v / m);
    }
    return s;
  }
}
