package dev.neuralode.plot;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYDataset;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * One frame of a phase-plane picture: observed points coloured by time with the plasma map and a
 * colour bar, and model trajectories drawn as lines on top.
 *
 * <p>Build one with {@link #builder()}; a built plot is immutable and can be rendered any number
 * of times. The arrays passed in are not copied, so do not modify them until rendering is done.
 * For an animation, give every frame the same {@link AxisRange}s (and time range) so that the
 * axes and colours stay still.
 */
public final class TrajectoryPlot {

  private final Builder b;

  private TrajectoryPlot(Builder b) {
    this.b = b;
  }

  /**
   * Starts a plot of 800x600 pixels with axes {@code x} and {@code y} and time label {@code t}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Draws the plot.
   *
   * @return a new opaque image (TYPE_INT_RGB) of the configured size
   */
  public BufferedImage render() {
    XYPlot plot = new XYPlot();
    Charts.style(plot);
    plot.setDomainAxis(Charts.numberAxis(b.xLabel, b.xRange));
    plot.setRangeAxis(Charts.numberAxis(b.yLabel, b.yRange));

    boolean legend = b.observationLabel != null && b.observationTime != null;
    DefaultXYDataset lines = new DefaultXYDataset();
    XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, false);
    lineRenderer.setDrawSeriesLineAsPath(true);
    for (int s = 0; s < b.lines.size(); s++) {
      PlotLine line = b.lines.get(s);
      String key = (line.label() == null ? "line" : line.label()) + " #" + s;
      lines.addSeries(key, transpose(line.xy()));
      lineRenderer.setSeriesPaint(s, line.color());
      lineRenderer.setSeriesStroke(s, line.stroke());
      lineRenderer.setSeriesVisibleInLegend(s, line.label() != null);
      legend |= line.label() != null;
    }
    lineRenderer.setLegendItemLabelGenerator((dataset, series) -> b.lines.get(series).label());
    plot.setDataset(0, lines);
    plot.setRenderer(0, lineRenderer);

    JFreeChart chart;
    if (b.observationTime != null) {
      double[] t = b.observationTime;
      AxisRange timeRange = b.timeRange != null ? b.timeRange : AxisRange.covering(0.0, t);
      PaintScale scale = Colormaps.plasmaScale(timeRange.lower(), timeRange.upper());
      DefaultXYZDataset points = new DefaultXYZDataset();
      double[][] xy = transpose(b.observationXy);
      points.addSeries(b.observationLabel == null ? "observations" : b.observationLabel,
          new double[][] {xy[0], xy[1], t});
      XYShapeRenderer pointRenderer = new XYShapeRenderer();
      pointRenderer.setPaintScale(scale);
      pointRenderer.setDrawOutlines(false);
      double r = b.pointSize / 2.0;
      pointRenderer.setDefaultShape(new Ellipse2D.Double(-r, -r, 2 * r, 2 * r));
      pointRenderer.setSeriesShape(0, new Ellipse2D.Double(-r, -r, 2 * r, 2 * r));
      pointRenderer.setLegendShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
      pointRenderer.setSeriesPaint(0, Colormaps.plasma(0.5));
      pointRenderer.setSeriesVisibleInLegend(0, b.observationLabel != null);
      plot.setDataset(1, points);
      plot.setRenderer(1, pointRenderer);
      chart = Charts.chart(b.title, plot, legend);
      chart.addSubtitle(colourBar(scale, b.timeLabel));
    } else {
      chart = Charts.chart(b.title, plot, legend);
    }
    return Charts.render(chart, b.width, b.height);
  }

  /**
   * Draws the plot and writes it as a PNG file, atomically.
   *
   * @param file the file to create or replace; parent directories are created
   * @throws IOException if the file cannot be written
   */
  public void writePng(Path file) throws IOException {
    Charts.writePng(render(), file);
  }

  static PaintScaleLegend colourBar(PaintScale scale, String label) {
    NumberAxis axis = new NumberAxis(label);
    Charts.style(axis);
    axis.setRange(scale.getLowerBound(), scale.getUpperBound());
    PaintScaleLegend bar = new PaintScaleLegend(scale, axis);
    bar.setPosition(RectangleEdge.RIGHT);
    bar.setAxisLocation(AxisLocation.TOP_OR_RIGHT);
    bar.setStripWidth(14);
    bar.setSubdivisionCount(256);
    bar.setMargin(new RectangleInsets(10, 6, 10, 6));
    bar.setBackgroundPaint(Color.WHITE);
    return bar;
  }

  /** Turns shape [n][2] into the [2][n] layout JFreeChart datasets take. */
  private static double[][] transpose(double[][] xy) {
    double[][] out = new double[2][xy.length];
    for (int i = 0; i < xy.length; i++) {
      out[0][i] = xy[i][0];
      out[1][i] = xy[i][1];
    }
    return out;
  }

  /** Collects the settings of a {@link TrajectoryPlot}. Not thread-safe. */
  public static final class Builder extends ChartBuilder<Builder> {
    private String timeLabel = "t";
    private double[] observationTime;
    private double[][] observationXy;
    private String observationLabel;
    private AxisRange timeRange;
    private AxisRange xRange;
    private AxisRange yRange;
    private double pointSize = 6;
    private final List<PlotLine> lines = new ArrayList<>();

    private Builder() {
      super("x", "y", 800, 600);
    }

    @Override
    Builder self() {
      return this;
    }

    private Builder(Builder other) {
      super(other);
      timeLabel = other.timeLabel;
      observationTime = other.observationTime;
      observationXy = other.observationXy;
      observationLabel = other.observationLabel;
      timeRange = other.timeRange;
      xRange = other.xRange;
      yRange = other.yRange;
      pointSize = other.pointSize;
      lines.addAll(other.lines);
    }

    /**
     * Sets the observed points, drawn as dots coloured by their time.
     *
     * @param t the time of each point, shape {@code [n]}, finite
     * @param xy the points, shape {@code [n][2]}
     * @param label the legend text, or {@code null} to leave them out of the legend
     * @return this builder
     * @throws IllegalArgumentException if the shapes disagree or a time is not finite
     */
    public Builder observations(double[] t, double[][] xy, String label) {
      Charts.checkXy("xy", xy);
      if (t == null || t.length != xy.length) {
        throw new IllegalArgumentException("t: " + (t == null ? "null" : "length " + t.length)
            + " but xy has " + xy.length + " points; give one time per point");
      }
      for (double v : t) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("t: " + v + " is not finite; give finite times");
        }
      }
      this.observationTime = t.length == 0 ? null : t;
      this.observationXy = xy;
      this.observationLabel = label;
      return this;
    }

    /**
     * Fixes the time interval of the colour scale (default: the observed times' range).
     *
     * @param range the times drawn as {@code plasma(0)} and {@code plasma(1)}
     * @param label the colour bar label, e.g. {@code "t"}
     * @return this builder
     */
    public Builder timeScale(AxisRange range, String label) {
      this.timeRange = Objects.requireNonNull(range, "range");
      this.timeLabel = label;
      return this;
    }

    /**
     * Adds a solid trajectory of width 2.
     *
     * @param label the legend text, or {@code null} to leave it out of the legend
     * @param xy the points, shape {@code [n][2]}
     * @param color the line colour
     * @return this builder
     */
    public Builder line(String label, double[][] xy, Color color) {
      return line(PlotLine.solid(label, xy, color));
    }

    /**
     * Adds a trajectory; lines are drawn in the order added, later ones on top.
     *
     * @param line the trajectory
     * @return this builder
     */
    public Builder line(PlotLine line) {
      lines.add(Objects.requireNonNull(line, "line"));
      return this;
    }

    /**
     * Fixes the axis ranges; {@code null} means automatic.
     *
     * @param x the horizontal range, or {@code null}
     * @param y the vertical range, or {@code null}
     * @return this builder
     */
    public Builder ranges(AxisRange x, AxisRange y) {
      this.xRange = x;
      this.yRange = y;
      return this;
    }

    /**
     * Sets the diameter of the observation dots.
     *
     * @param pixels the diameter, in (0, 100]
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder pointSize(double pixels) {
      if (!(pixels > 0 && pixels <= 100)) {
        throw new IllegalArgumentException("pixels: " + pixels + " is outside (0, 100]; try 6");
      }
      this.pointSize = pixels;
      return this;
    }

    /**
     * Freezes the current settings into a plot; later changes to this builder do not affect it.
     *
     * @return the plot
     */
    public TrajectoryPlot build() {
      return new TrajectoryPlot(new Builder(this));
    }
  }
}
