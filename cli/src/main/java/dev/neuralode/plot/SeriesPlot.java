package dev.neuralode.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYDataset;

/**
 * Time series against time, as for {@code neuralode fit}: observed values as dots and the model's
 * values as lines, one colour per column ({@link Colormaps#category(int)}), so a column's dots
 * and line share a colour and one legend entry.
 *
 * <p>Build one with {@link #builder()}; a built plot is immutable. The arrays passed in are not
 * copied, so do not modify them until rendering is done.
 */
public final class SeriesPlot {

  private static final double DOT = 6;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<String> names;
  private final double[] dataT;
  private final double[][] data;
  private final double[] modelT;
  private final double[][] model;
  private final Double markerX;
  private final String markerLabel;
  private final AxisRange xRange;
  private final AxisRange yRange;
  private final int width;
  private final int height;
  private final boolean legendByKind;

  private SeriesPlot(Builder b) {
    if (b.names == null) {
      throw new IllegalStateException("names: not set; call names(...) before build()");
    }
    title = b.title;
    legendByKind = b.legendByKind;
    xLabel = b.xLabel;
    yLabel = b.yLabel;
    names = b.names;
    dataT = b.dataT;
    data = b.data;
    modelT = b.modelT;
    model = b.model;
    markerX = b.markerX;
    markerLabel = b.markerLabel;
    xRange = b.xRange;
    yRange = b.yRange;
    width = b.width;
    height = b.height;
    if (data != null) {
      Charts.checkTable("data", data, dataT.length, names.size());
    }
    if (model != null) {
      Charts.checkTable("model", model, modelT.length, names.size());
    }
  }

  /**
   * Starts a plot of 800x500 pixels with axis labels {@code t} and {@code value}.
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
    plot.setDomainAxis(Charts.numberAxis(xLabel, xRange));
    if (wholeNumbers(dataT) && wholeNumbers(modelT)) {
      Charts.integerTicks((NumberAxis) plot.getDomainAxis());
    }
    plot.setRangeAxis(Charts.numberAxis(yLabel, yRange));
    int k = names.size();
    Shape dot = new Ellipse2D.Double(-DOT / 2, -DOT / 2, DOT, DOT);
    if (model != null) {
      XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
      lines.setDrawSeriesLineAsPath(true);
      plot.setDataset(0, columns(modelT, model, "model"));
      plot.setRenderer(0, lines);
      for (int j = 0; j < k; j++) {
        lines.setSeriesPaint(j, Colormaps.category(j));
        lines.setSeriesStroke(j, new BasicStroke(2f, BasicStroke.CAP_ROUND,
            BasicStroke.JOIN_ROUND));
      }
    }
    if (data != null) {
      XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
      plot.setDataset(1, columns(dataT, data, "data"));
      plot.setRenderer(1, dots);
      for (int j = 0; j < k; j++) {
        dots.setSeriesPaint(j, Colormaps.category(j));
        dots.setSeriesShape(j, dot);
      }
    }
    if (markerX != null) {
      ValueMarker marker = new ValueMarker(markerX, Color.GRAY, new BasicStroke(1f,
          BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
      if (markerLabel != null) {
        marker.setLabel(markerLabel);
        marker.setLabelFont(Charts.TICK_FONT);
        marker.setLabelPaint(Color.DARK_GRAY);
        marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      }
      plot.addDomainMarker(marker);
    }
    LegendItemCollection legend = new LegendItemCollection();
    Shape stroke = new Line2D.Double(-9, 0, 9, 0);
    for (int j = 0; j < k; j++) {
      Color c = Colormaps.category(j);
      if (legendByKind && data != null && model != null) {
        // one entry for the dots, one for the line: data and model cannot be mistaken
        legend.add(new LegendItem(names.get(j) + " data", null, null, null, true, dot, true, c,
            false, c, new BasicStroke(1f), false, stroke, new BasicStroke(2f), c));
        legend.add(new LegendItem(names.get(j) + " model", null, null, null, false, dot, false, c,
            false, c, new BasicStroke(1f), true, stroke, new BasicStroke(2f), c));
      } else {
        legend.add(new LegendItem(names.get(j), null, null, null, data != null, dot, true, c,
            false, c, new BasicStroke(1f), model != null, stroke, new BasicStroke(2f), c));
      }
    }
    plot.setFixedLegendItems(legend);
    JFreeChart chart = Charts.chart(title, plot, k > 0);
    return Charts.render(chart, width, height);
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

  /** Whether every time is a whole number (e.g. years), so ticks should be too. */
  private static boolean wholeNumbers(double[] t) {
    if (t == null) {
      return true;
    }
    for (double v : t) {
      if (v != Math.rint(v)) {
        return false;
      }
    }
    return true;
  }

  /** One dataset series per column j, keyed "prefix:j" so keys are unique. */
  private static DefaultXYDataset columns(double[] t, double[][] values, String prefix) {
    DefaultXYDataset dataset = new DefaultXYDataset();
    int k = values.length == 0 ? 0 : values[0].length;
    for (int j = 0; j < k; j++) {
      double[] y = new double[t.length];
      for (int i = 0; i < t.length; i++) {
        y[i] = values[i][j];
      }
      dataset.addSeries(prefix + ":" + j, new double[][] {t, y});
    }
    return dataset;
  }

  /** Collects the settings of a {@link SeriesPlot}. Not thread-safe. */
  public static final class Builder extends ChartBuilder<Builder> {
    private List<String> names;
    private double[] dataT;
    private double[][] data;
    private double[] modelT;
    private double[][] model;
    private Double markerX;
    private String markerLabel;
    private AxisRange xRange;
    private AxisRange yRange;
    private boolean legendByKind;

    private Builder() {
      super("t", "value", 800, 500);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Sets the column names, which fix {@code k} and the legend.
     *
     * @param names the names of the {@code k} columns
     * @return this builder
     */
    public Builder names(List<String> names) {
      this.names = List.copyOf(names);
      return this;
    }

    /**
     * Sets the observed values, drawn as dots.
     *
     * @param t the times, shape {@code [n]}
     * @param values the values, shape {@code [n][k]}
     * @return this builder
     */
    public Builder data(double[] t, double[][] values) {
      this.dataT = Objects.requireNonNull(t, "t");
      this.data = Objects.requireNonNull(values, "values");
      return this;
    }

    /**
     * Sets the model's values, drawn as lines.
     *
     * @param t the times, shape {@code [m]}, increasing
     * @param values the values, shape {@code [m][k]}
     * @return this builder
     */
    public Builder model(double[] t, double[][] values) {
      this.modelT = Objects.requireNonNull(t, "t");
      this.model = Objects.requireNonNull(values, "values");
      return this;
    }

    /**
     * Draws a dashed vertical line, e.g. where the data end and a forecast begins.
     *
     * @param x the time at which to draw it
     * @param label the text beside it, or {@code null}
     * @return this builder
     */
    public Builder marker(double x, String label) {
      this.markerX = x;
      this.markerLabel = label;
      return this;
    }

    /**
     * Fixes the axis ranges; {@code null} means automatic.
     *
     * @param x the time range, or {@code null}
     * @param y the value range, or {@code null}
     * @return this builder
     */
    public Builder ranges(AxisRange x, AxisRange y) {
      this.xRange = x;
      this.yRange = y;
      return this;
    }

    /**
     * Freezes the current settings into a plot.
     *
     * @return the plot
     * @throws IllegalStateException if {@link #names(List)} was not called
     * @throws IllegalArgumentException if a data or model array's shape disagrees with the names
     */
    public SeriesPlot build() {
      return new SeriesPlot(this);
    }

    /**
     * Gives each column two legend entries, "NAME data" (a dot) and "NAME model" (a line),
     * instead of one entry with both marks.
     *
     * @return this builder
     */
    public Builder legendByKind() {
      this.legendByKind = true;
      return this;
    }
  }
}
