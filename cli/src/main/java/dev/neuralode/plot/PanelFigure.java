package dev.neuralode.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A row of scatter panels drawn with Java2D: each panel has a title, axis ranges with their end
 * values, optional background field in [0, 1] (shown on a blue–white–red scale, e.g. a class
 * probability), optional line segments and labelled point groups.
 */
public final class PanelFigure {
  /** Colour of group 0 (blue) and group 1 (red), and of further groups from tab10. */
  public static final Color[] GROUP_COLORS = {new Color(0x1f, 0x77, 0xb4), new Color(0xd6, 0x27, 0x28)};

  /**
   * One panel.
   *
   * @param title the panel's title
   * @param x the horizontal range
   * @param y the vertical range
   * @param points the points, n × 2 (may be empty)
   * @param groups the group of each point (0, 1, …), length n
   * @param field a background field {@code [rows][cols]} in [0, 1] over the ranges (row 0 at the
   *     bottom), or null
   * @param segments line segments {x₁, y₁, x₂, y₂}, drawn in black; may be empty
   * @param lines coloured polylines, drawn before the points; may be empty
   * @param xLabel the horizontal axis's label, or null for none
   * @param yLabel the vertical axis's label, or null for none
   */
  public record Panel(String title, AxisRange x, AxisRange y, double[][] points, int[] groups, double[][] field,
      List<double[]> segments, List<PlotLine> lines, String xLabel, String yLabel) {

    /**
     * A panel without axis labels.
     *
     * @param title see the record
     * @param x see the record
     * @param y see the record
     * @param points see the record
     * @param groups see the record
     * @param field see the record
     * @param segments see the record
     * @param lines see the record
     */
    public Panel(String title, AxisRange x, AxisRange y, double[][] points, int[] groups, double[][] field,
        List<double[]> segments, List<PlotLine> lines) {
      this(title, x, y, points, groups, field, segments, lines, null, null);
    }

    /**
     * The same panel with axis labels.
     *
     * @param xLabel the horizontal axis's label
     * @param yLabel the vertical axis's label
     * @return a new panel
     */
    public Panel withAxes(String xLabel, String yLabel) {
      return new Panel(title, x, y, points, groups, field, segments, lines, xLabel, yLabel);
    }
  }

  private PanelFigure() {}

  /**
   * Renders the panels side by side under a title.
   *
   * @param title the figure title
   * @param panels the panels, at least one
   * @param panelSize the width and height of each panel's plot area in pixels
   * @param pointSize the diameter of each point in pixels
   * @return an RGB image
   * @throws IllegalArgumentException if no panel is given
   */
  public static BufferedImage render(String title, List<Panel> panels, int panelSize, double pointSize) {
    return render(title, panels, panels == null ? 1 : panels.size(), panelSize, pointSize);
  }

  /**
   * Renders the panels in rows of {@code columns} under a title.
   *
   * @param title the figure title
   * @param panels the panels, at least one
   * @param columns panels per row, at least 1
   * @param panelSize the width and height of each panel's plot area in pixels
   * @param pointSize the diameter of each point in pixels
   * @return an RGB image
   * @throws IllegalArgumentException if no panel is given or columns &lt; 1
   */
  public static BufferedImage render(String title, List<Panel> panels, int columns, int panelSize,
      double pointSize) {
    return render(title, panels, columns, panelSize, pointSize, null);
  }

  /**
   * The scale of the panels' background fields, drawn as a colour bar right of the panels: the
   * field's 0 is {@code low} (blue), 1 is {@code high} (red), 0.5 white.
   *
   * @param label what the field shows, written beside the bar
   * @param low the value the field's 0 stands for (and anything below it)
   * @param high the value the field's 1 stands for (and anything above it)
   */
  public record FieldScale(String label, double low, double high) {}

  /**
   * Renders the panels in rows of {@code columns} under a title, with a colour bar for their
   * background fields.
   *
   * @param title the figure title
   * @param panels the panels, at least one
   * @param columns panels per row, at least 1
   * @param panelSize the width and height of each panel's plot area in pixels
   * @param pointSize the diameter of each point in pixels
   * @param scale the fields' scale, or null for no colour bar
   * @return an RGB image
   * @throws IllegalArgumentException if no panel is given or columns &lt; 1
   */
  public static BufferedImage render(String title, List<Panel> panels, int columns, int panelSize,
      double pointSize, FieldScale scale) {
    if (panels == null || panels.isEmpty() || columns < 1) {
      throw new IllegalArgumentException("need at least one panel and one column");
    }
    int margin = 64;
    int top = 60;
    int rows = (panels.size() + columns - 1) / columns;
    int cols = Math.min(columns, panels.size());
    int bar = scale == null ? 0 : 90;
    int w = cols * (panelSize + margin) + margin + bar;
    int h = top + rows * (panelSize + 66) - 10;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    // exact coordinates: the default stroke normalisation snaps small rings' vertices to the pixel
    // grid, which drew some as hexagons
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    centered(g, title, w / 2, 22);
    for (int p = 0; p < panels.size(); p++) {
      int x0 = margin + (p % columns) * (panelSize + margin);
      int y0 = top + (p / columns) * (panelSize + 66);
      draw(g, panels.get(p), x0, y0, panelSize, pointSize);
    }
    if (scale != null) {
      colourBar(g, scale, w - bar - 10, top, panelSize);
    }
    g.dispose();
    return img;
  }

  /** A vertical bar of the diverging scale, low at the bottom, with three labelled ticks. */
  private static void colourBar(Graphics2D g, FieldScale scale, int x0, int y0, int height) {
    int width = 16;
    for (int py = 0; py < height; py++) {
      g.setColor(diverging(1.0 - (py + 0.5) / height));
      g.fillRect(x0, y0 + py, width, 1);
    }
    g.setColor(Color.DARK_GRAY);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(x0, y0, width, height);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics fm = g.getFontMetrics();
    for (int i = 0; i <= 2; i++) {
      double v = scale.low() + (scale.high() - scale.low()) * i / 2;
      int py = y0 + height - i * height / 2;
      g.drawLine(x0 + width, py, x0 + width + 4, py);
      g.drawString(num(v), x0 + width + 7, py + fm.getAscent() / 2 - 1);
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    java.awt.geom.AffineTransform plain = g.getTransform();
    g.rotate(-Math.PI / 2);
    centered(g, scale.label(), -(y0 + height / 2), x0 - 6);
    g.setTransform(plain);
  }

  private static void draw(Graphics2D g, Panel p, int x0, int y0, int size, double pointSize) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.setColor(Color.BLACK);
    centered(g, p.title(), x0 + size / 2, y0 - 8);
    if (p.field() != null) {
      int rows = p.field().length;
      int cols = p.field()[0].length;
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          g.setColor(diverging(p.field()[r][c]));
          int px = x0 + c * size / cols;
          int px2 = x0 + (c + 1) * size / cols;
          int py = y0 + size - (r + 1) * size / rows;
          int py2 = y0 + size - r * size / rows;
          g.fillRect(px, py, px2 - px, py2 - py);
        }
      }
    }
    java.awt.Shape clip = g.getClip();
    g.setClip(x0, y0, size, size);
    g.setStroke(new BasicStroke(1.5f));
    g.setColor(Color.BLACK);
    for (double[] s : p.segments()) {
      g.draw(new Line2D.Double(sx(p, s[0], x0, size), sy(p, s[1], y0, size), sx(p, s[2], x0, size),
          sy(p, s[3], y0, size)));
    }
    for (PlotLine line : p.lines()) {
      // one path per line, so that a dash pattern runs on across short segments (drawn one by
      // one, each segment would restart it and a finely sampled curve would look solid)
      g.setStroke(line.stroke());
      g.setColor(line.color());
      g.draw(path(p, line.xy(), x0, y0, size));
    }
    for (int i = 0; i < p.points().length; i++) {
      int grp = p.groups()[i];
      Color c = grp < GROUP_COLORS.length ? GROUP_COLORS[grp] : Colormaps.category(grp);
      g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 190));
      double px = sx(p, p.points()[i][0], x0, size);
      double py = sy(p, p.points()[i][1], y0, size);
      g.fill(new Ellipse2D.Double(px - pointSize / 2, py - pointSize / 2, pointSize, pointSize));
    }
    g.setClip(clip);
    g.setColor(Color.DARK_GRAY);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(x0, y0, size, size);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics fm = g.getFontMetrics();
    for (double t : ticks(p.x().lower(), p.x().upper())) {
      int px = (int) Math.round(sx(p, t, x0, size));
      g.drawLine(px, y0 + size, px, y0 + size + 4);
      centered(g, num(t), px, y0 + size + 16);
    }
    for (double t : ticks(p.y().lower(), p.y().upper())) {
      int py = (int) Math.round(sy(p, t, y0, size));
      g.drawLine(x0 - 4, py, x0, py);
      String label = num(t);
      g.drawString(label, x0 - fm.stringWidth(label) - 6, py + fm.getAscent() / 2 - 1);
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    if (p.xLabel() != null) {
      centered(g, p.xLabel(), x0 + size / 2, y0 + size + 32);
    }
    if (p.yLabel() != null) {
      java.awt.geom.AffineTransform plain = g.getTransform();
      g.rotate(-Math.PI / 2);
      centered(g, p.yLabel(), -(y0 + size / 2), x0 - 44);
      g.setTransform(plain);
    }
  }

  /** The polyline through xy in pixels; a NaN coordinate breaks it. */
  private static Path2D path(Panel p, double[][] xy, int x0, int y0, int size) {
    Path2D.Double path = new Path2D.Double();
    boolean open = false;
    for (double[] pt : xy) {
      if (Double.isNaN(pt[0]) || Double.isNaN(pt[1])) {
        open = false;
        continue;
      }
      double px = sx(p, pt[0], x0, size);
      double py = sy(p, pt[1], y0, size);
      if (open) {
        path.lineTo(px, py);
      } else {
        path.moveTo(px, py);
        open = true;
      }
    }
    return path;
  }

  /** Round tick values inside [lo, hi]: steps of 1, 2 or 5 times a power of ten, 4 to 8 ticks. */
  static double[] ticks(double lo, double hi) {
    if (!(hi > lo) || !Double.isFinite(hi - lo)) {
      return new double[] {lo};
    }
    double raw = (hi - lo) / 5;
    double pow = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = raw / pow < 1.5 ? pow : raw / pow < 3.5 ? 2 * pow : raw / pow < 7.5 ? 5 * pow : 10 * pow;
    List<Double> out = new java.util.ArrayList<>();
    for (long k = (long) Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * step; k++) {
      double v = k * step;
      out.add(Math.abs(v) < 1e-12 * step ? 0.0 : v);
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double sx(Panel p, double x, int x0, int size) {
    return x0 + (x - p.x().lower()) / p.x().width() * size;
  }

  private static double sy(Panel p, double y, int y0, int size) {
    return y0 + size - (y - p.y().lower()) / (p.y().upper() - p.y().lower()) * size;
  }

  private static String num(double v) {
    String t = String.format(Locale.ROOT, "%.3g", v);
    // 2.00 -> 2, 0.500 -> 0.5: tick values are round
    return t.contains(".") && !t.contains("e") ? t.replaceAll("0+$", "").replaceAll("\\.$", "") : t;
  }

  private static void centered(Graphics2D g, String s, int cx, int y) {
    FontMetrics fm = g.getFontMetrics();
    g.drawString(s, cx - fm.stringWidth(s) / 2, y);
  }

  /** Blue (0) – white (½) – red (1), pale so that points on top stay visible. */
  static Color diverging(double v) {
    double t = Double.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0.5;
    double[] blue = {0.62, 0.76, 0.90};
    double[] red = {0.96, 0.66, 0.62};
    double[] end = t < 0.5 ? blue : red;
    double a = Math.abs(t - 0.5) * 2;
    int r = (int) Math.round(255 * (1 - a + a * end[0]));
    int gg = (int) Math.round(255 * (1 - a + a * end[1]));
    int b = (int) Math.round(255 * (1 - a + a * end[2]));
    return new Color(r, gg, b);
  }

  /**
   * Segments of a polyline, for {@link Panel#segments()}.
   *
   * @param xy the vertices, n × 2
   * @return n − 1 segments
   */
  public static List<double[]> polyline(double[][] xy) {
    List<double[]> out = new ArrayList<>();
    for (int i = 1; i < xy.length; i++) {
      out.add(new double[] {xy[i - 1][0], xy[i - 1][1], xy[i][0], xy[i][1]});
    }
    return out;
  }
}
