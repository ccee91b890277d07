package dev.neuralode.plot;

import java.awt.BasicStroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYDataset;

/**
 * Training curves: one or more series of loss against iteration, by default on a logarithmic
 * (base 10) loss axis. On a log axis, points whose loss is zero or negative are left out, as are
 * non-finite points on any axis.
 *
 * <p>Build one with {@link #builder()}; a built plot is immutable.
 */
public final class LossPlot {

  private record Series(String name, double[] x, double[] y) {}

  private record Marker(double x, String label) {}

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final boolean log;
  private final List<Series> series;
  private final List<Marker> markers;
  private final int width;
  private final int height;

  private LossPlot(Builder b) {
    title = b.title;
    xLabel = b.xLabel;
    yLabel = b.yLabel;
    log = b.log;
    series = List.copyOf(b.series);
    markers = List.copyOf(b.markers);
    width = b.width;
    height = b.height;
  }

  /**
   * Starts an 800x500 plot with axes {@code iteration} and {@code loss}, log scale.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Series with at most this many points are drawn with a dot at each point. */
  public static final int MARKED_POINTS = 30;

  /** The chart that {@link #render} draws: the axes, series and markers. */
  JFreeChart chart() {
    XYPlot plot = new XYPlot();
    Charts.style(plot);
    NumberAxis xAxis = Charts.numberAxis(xLabel, null);
    Charts.integerTicks(xAxis);
    plot.setDomainAxis(xAxis);
    List<double[][]> kept = series.stream().map(this::kept).toList();
    ValueAxis yAxis;
    if (log) {
      LogAxis axis = new LogAxis(yLabel);
      axis.setBase(10);
      axis.setSmallestValue(1e-300);
      axis.setAutoRangeMinimumSize(1e-12);
      if (decades(kept) >= 2) {
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // whole powers of 10
      } else {
        // less than two decades: plain numbers (0.05, 0.1, 0.2) instead of 10^0.05 … 10^0.50
        axis.setNumberFormatOverride(new SignificantDigits());
      }
      yAxis = axis;
    } else {
      yAxis = Charts.numberAxis(yLabel, null);
    }
    Charts.style(yAxis);
    plot.setRangeAxis(yAxis);
    DefaultXYDataset dataset = new DefaultXYDataset();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    renderer.setDrawSeriesLineAsPath(true);
    for (int s = 0; s < series.size(); s++) {
      Series one = series.get(s);
      dataset.addSeries(one.name() + " #" + s, kept.get(s));
      renderer.setSeriesPaint(s, Colormaps.category(s));
      renderer.setSeriesStroke(s, new BasicStroke(1.5f));
      // A short series (e.g. accuracy by epoch) also gets a dot at every point, so that a
      // one-point series, which draws no line, still shows.
      if (kept.get(s)[0].length <= MARKED_POINTS) {
        renderer.setSeriesShapesVisible(s, true);
        renderer.setSeriesShape(s, new java.awt.geom.Ellipse2D.Double(-3.5, -3.5, 7, 7));
      }
    }
    renderer.setLegendItemLabelGenerator((d, s) -> series.get(s).name());
    for (Marker m : markers) {
      org.jfree.chart.plot.ValueMarker vm = new org.jfree.chart.plot.ValueMarker(m.x(), java.awt.Color.GRAY,
          new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
      vm.setLabel(m.label());
      vm.setLabelFont(Charts.TICK_FONT);
      vm.setLabelPaint(java.awt.Color.DARK_GRAY);
      vm.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
      vm.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_LEFT);
      plot.addDomainMarker(vm);
    }
    plot.setDataset(dataset);
    plot.setRenderer(renderer);
    if (yAxis instanceof NumberAxis linear) {
      // JFreeChart picks the smallest tick unit whose labels fit: over a narrow range (one epoch's
      // accuracies, 91.5 and 93.0) that was 26 ticks; at most about 8 read better
      linear.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(niceStep(linear.getRange().getLength() / 8),
          linear.getNumberFormatOverride()), false, true);
    }
    return Charts.chart(title, plot, series.size() > 1);
  }

  /**
   * Draws the plot. Series of at most {@value #MARKED_POINTS} points get a dot at each point.
   *
   * @return a new opaque image (TYPE_INT_RGB) of the configured size
   */
  public BufferedImage render() {
    return Charts.render(chart(), width, height);
  }

  /** The smallest of 1, 2, 2.5 and 5 times a power of ten that is at least {@code step}. */
  static double niceStep(double step) {
    if (!(step > 0) || Double.isInfinite(step)) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(step)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * power >= step * (1 - 1e-12)) {
        return m * power;
      }
    }
    return 10 * power;
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

  /** How many powers of ten the plotted losses span. */
  private static double decades(List<double[][]> kept) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (double[][] xy : kept) {
      for (double y : xy[1]) {
        lo = Math.min(lo, y);
        hi = Math.max(hi, y);
      }
    }
    return hi > 0 && lo < hi ? Math.log10(hi / lo) : 0;
  }

  /** The plottable points of a series, in the [2][n] layout. */
  private double[][] kept(Series one) {
    int n = 0;
    double[] x = new double[one.x().length];
    double[] y = new double[one.y().length];
    for (int i = 0; i < x.length; i++) {
      double xi = one.x()[i];
      double yi = one.y()[i];
      if (Double.isFinite(xi) && Double.isFinite(yi) && (!log || yi > 0)) {
        x[n] = xi;
        y[n] = yi;
        n++;
      }
    }
    return new double[][] {Arrays.copyOf(x, n), Arrays.copyOf(y, n)};
  }

  /** Collects the settings of a {@link LossPlot}. Not thread-safe. */
  public static final class Builder extends ChartBuilder<Builder> {
    private boolean log = true;
    private final List<Series> series = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();

    private Builder() {
      super("iteration", "loss", 800, 500);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Chooses a logarithmic (default) or linear loss axis.
     *
     * @param log {@code true} for base-10 logarithmic
     * @return this builder
     */
    public Builder logScale(boolean log) {
      this.log = log;
      return this;
    }

    /**
     * Adds a curve; a legend appears when there is more than one.
     *
     * @param name the legend text, e.g. {@code "train"}
     * @param x the iterations, shape {@code [n]}; copied
     * @param y the losses, shape {@code [n]}; copied
     * @return this builder
     * @throws IllegalArgumentException if the lengths differ
     */
    public Builder series(String name, double[] x, double[] y) {
      Objects.requireNonNull(name, "name");
      if (x.length != y.length) {
        throw new IllegalArgumentException("x, y: lengths " + x.length + " and " + y.length
            + " differ; give one loss per iteration");
      }
      series.add(new Series(name, x.clone(), y.clone()));
      return this;
    }

    /**
     * Marks an iteration with a dashed vertical line and a label, e.g. the start of a curriculum
     * stage, so that a jump of the loss there reads as the stage it is, not as divergence.
     *
     * @param x the iteration
     * @param label the text beside the line, e.g. {@code "stage 2: 12 rows"}; may be null
     * @return this builder
     */
    public Builder marker(double x, String label) {
      markers.add(new Marker(x, label));
      return this;
    }

    /**
     * Freezes the current settings into a plot.
     *
     * @return the plot
     */
    public LossPlot build() {
      return new LossPlot(this);
    }
  }

  /** Tick labels with three significant digits and no exponent notation between 1e-4 and 1e5. */
  private static final class SignificantDigits extends java.text.NumberFormat {
    private static final long serialVersionUID = 1L;

    @Override
    public StringBuffer format(double number, StringBuffer to, java.text.FieldPosition pos) {
      double a = Math.abs(number);
      String text = a != 0 && (a < 1e-4 || a >= 1e5)
          ? String.format(java.util.Locale.ROOT, "%.2e", number)
          : new java.math.BigDecimal(number).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
      return to.append(text);
    }

    @Override
    public StringBuffer format(long number, StringBuffer to, java.text.FieldPosition pos) {
      return to.append(number);
    }

    @Override
    public Number parse(String source, java.text.ParsePosition pos) {
      return null;
    }
  }
}
