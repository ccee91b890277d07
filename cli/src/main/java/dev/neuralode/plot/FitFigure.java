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
import java.util.List;
import java.util.Locale;

/**
 * A grid of small line-and-point panels drawn with Java2D, as {@code neuralode fit} draws its
 * fit: per panel shaded bands, lines, point sets, arrows (a vector field), dashed vertical markers
 * and a zero line. Each panel scales its own axes to its content, so columns with different
 * scales stay readable.
 */
public final class FitFigure {

  /** Colours of successive columns (tab10). */
  public static final Color[] COLORS = {new Color(0x1f, 0x77, 0xb4), new Color(0xd6, 0x27, 0x28),
      new Color(0x2c, 0xa0, 0x2c), new Color(0xff, 0x7f, 0x0e), new Color(0x94, 0x67, 0xbd),
      new Color(0x8c, 0x56, 0x4b)};

  /**
   * A shaded band between two curves.
   *
   * @param x the abscissae, increasing
   * @param lo the lower curve, same size
   * @param hi the upper curve, same size
   * @param color the colour (drawn translucent)
   */
  public record Band(double[] x, double[] lo, double[] hi, Color color) {}

  /**
   * A polyline.
   *
   * @param x the abscissae
   * @param y the ordinates, same size
   * @param color the colour
   * @param width the stroke width in pixels
   */
  public record Line(double[] x, double[] y, Color color, float width) {}

  /**
   * A set of points.
   *
   * @param x the abscissae
   * @param y the ordinates, same size
   * @param color the colour
   * @param hollow draw rings instead of discs (e.g. held-out points)
   */
  public record Points(double[] x, double[] y, Color color, boolean hollow) {}

  /**
   * One panel.
   *
   * @param title the panel title
   * @param xLabel the horizontal axis label
   * @param yLabel the vertical axis label
   * @param bands shaded bands, drawn first
   * @param lines polylines
   * @param points point sets, drawn last
   * @param arrows arrows {x, y, dx, dy} in data units (drawn grey)
   * @param markers x positions of dashed vertical lines
   * @param zeroLine whether to draw y = 0
   */
  public record Panel(String title, String xLabel, String yLabel, List<Band> bands,
      List<Line> lines, List<Points> points, List<double[]> arrows, double[] markers,
      boolean zeroLine) {}

  /** How a legend entry is drawn. */
  public enum Mark {
    /** A filled dot (data). */
    DOT,
    /** A ring (held-out data). */
    RING,
    /** A solid line (the model). */
    LINE,
    /** A shaded band (an ensemble's interval). */
    BAND,
    /** A dashed vertical line (a boundary in time). */
    DASHED,
    /** A solid line in the phase portrait's colour ({@code COLORS[2]}): the model's trajectory there. */
    TRAJECTORY,
    /** A line with a dot in the entry's colour: a column drawn in that colour in panels that share it. */
    COLUMN
  }

  /**
   * One entry of the legend row under the figure title.
   *
   * @param mark how it is drawn
   * @param label its text
   * @param color the colour of a {@link Mark#COLUMN} entry; null for the other marks (drawn in grey)
   */
  public record LegendEntry(Mark mark, String label, Color color) {
    /**
     * An entry drawn in the legend's grey.
     *
     * @param mark how it is drawn (not {@link Mark#COLUMN}, which needs a colour)
     * @param label its text
     */
    public LegendEntry(Mark mark, String label) {
      this(mark, label, null);
    }

    /**
     * Checks that a column entry has its colour.
     *
     * @param mark how it is drawn
     * @param label its text
     * @param color the colour of a {@link Mark#COLUMN} entry; null for the other marks
     * @throws IllegalArgumentException if mark is {@link Mark#COLUMN} and color is null
     */
    public LegendEntry {
      if (mark == Mark.COLUMN && color == null) {
        throw new IllegalArgumentException("a COLUMN legend entry needs its colour; got null for '" + label + "'");
      }
    }
  }

  private FitFigure() {}

  /**
   * Renders the panels in rows under a title and a legend row.
   *
   * @param title the figure title
   * @param legend the legend entries, drawn in one row under the title; empty for none
   * @param panels the panels, at least one
   * @param columns panels per row, {@code >= 1}
   * @param width the image width in pixels
   * @param panelHeight the height of each row in pixels
   * @return an RGB image
   * @throws IllegalArgumentException if there is no panel or a size is not positive
   */
  public static BufferedImage render(String title, List<LegendEntry> legend, List<Panel> panels,
      int columns, int width, int panelHeight) {
    return draw(title, legend, panels, columns, width, panelHeight);
  }

  /**
   * Renders the panels in rows under a title.
   *
   * @param title the figure title
   * @param panels the panels, at least one
   * @param columns panels per row, {@code >= 1}
   * @param width the image width in pixels
   * @param panelHeight the height of each row in pixels
   * @return an RGB image
   * @throws IllegalArgumentException if there is no panel or a size is not positive
   */
  public static BufferedImage render(String title, List<Panel> panels, int columns, int width,
      int panelHeight) {
    return draw(title, List.of(), panels, columns, width, panelHeight);
  }

  private static BufferedImage draw(String title, List<LegendEntry> legend, List<Panel> panels,
      int columns, int width, int panelHeight) {
    if (panels == null || panels.isEmpty() || columns < 1 || width < 100 || panelHeight < 80) {
      throw new IllegalArgumentException("need at least one panel, columns >= 1, width >= 100 and"
          + " panelHeight >= 80; got " + (panels == null ? 0 : panels.size()) + " panels, "
          + columns + ", " + width + ", " + panelHeight);
    }
    int rows = (panels.size() + columns - 1) / columns;
    List<List<LegendEntry>> legendRows = legendRows(legend, width);
    List<String> titleLines = titleLines(title, width - 10);
    int titleHeight = 18 * (titleLines.size() - 1);
    int top = 34 + titleHeight + 20 * legendRows.size() + (legendRows.isEmpty() ? 0 : 2);
    BufferedImage img = new BufferedImage(width, top + rows * panelHeight,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    FontMetrics fm = g.getFontMetrics();
    for (int i = 0; i < titleLines.size(); i++) {
      String t = fit(titleLines.get(i), fm, width - 10);
      g.drawString(t, (width - fm.stringWidth(t)) / 2, 22 + 18 * i);
    }
    for (int r = 0; r < legendRows.size(); r++) {
      legend(g, legendRows.get(r), width, 44 + titleHeight + 20 * r);
    }
    int pw = width / columns;
    for (int p = 0; p < panels.size(); p++) {
      int x0 = (p % columns) * pw;
      int y0 = top + (p / columns) * panelHeight;
      draw(g, panels.get(p), x0, y0, pw, panelHeight);
    }
    g.dispose();
    return img;
  }

  /**
   * The title in lines that fit the width (bold 14-point), broken after "; " where it is too
   * long for one; a part that is still too long is shortened with an ellipsis when drawn.
   */
  private static List<String> titleLines(String title, int width) {
    BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scratch.createGraphics();
    FontMetrics fm = g.getFontMetrics(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    List<String> lines = new java.util.ArrayList<>();
    StringBuilder line = new StringBuilder();
    // break after "; " or ", ", or before " (", wherever the line would otherwise run off the image
    for (String part : title.split("(?<=; )|(?<=, )|(?= \\()")) {
      if (line.length() > 0 && fm.stringWidth(line + part) > width) {
        lines.add(line.toString().strip());
        line.setLength(0);
      }
      line.append(part);
    }
    lines.add(line.toString().strip());
    g.dispose();
    return lines;
  }

  private static final int LEGEND_GAP = 18;
  private static final int LEGEND_MARK = 22;

  /** The legend entries in rows that fit the width (with the 12-point font of the legend). */
  private static List<List<LegendEntry>> legendRows(List<LegendEntry> legend, int width) {
    List<List<LegendEntry>> rows = new java.util.ArrayList<>();
    if (legend.isEmpty()) {
      return rows;
    }
    BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scratch.createGraphics();
    FontMetrics fm = g.getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    List<LegendEntry> row = new java.util.ArrayList<>();
    int used = 0;
    for (LegendEntry e : legend) {
      int w = LEGEND_MARK + 4 + fm.stringWidth(e.label()) + LEGEND_GAP;
      if (!row.isEmpty() && used + w - LEGEND_GAP > width - 20) {
        rows.add(row);
        row = new java.util.ArrayList<>();
        used = 0;
      }
      row.add(e);
      used += w;
    }
    rows.add(row);
    g.dispose();
    return rows;
  }

  /** One legend row, centred, baseline at {@code y}. */
  private static void legend(Graphics2D g, List<LegendEntry> legend, int width, int y) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    int gap = LEGEND_GAP;
    int mark = LEGEND_MARK;
    int total = 0;
    for (LegendEntry e : legend) {
      total += mark + 4 + fm.stringWidth(e.label()) + gap;
    }
    int x = Math.max(5, (width - total + gap) / 2);
    Color ink = new Color(70, 70, 70);
    for (LegendEntry e : legend) {
      double cy = y - 4;
      g.setColor(ink);
      g.setStroke(new BasicStroke(1.2f));
      switch (e.mark()) {
        case DOT -> g.fill(new Ellipse2D.Double(x + mark / 2.0 - 3, cy - 3, 6, 6));
        case RING -> g.draw(new Ellipse2D.Double(x + mark / 2.0 - 3, cy - 3, 6, 6));
        case LINE -> {
          g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
          g.draw(new Line2D.Double(x, cy, x + mark, cy));
        }
        case BAND -> {
          g.setColor(new Color(ink.getRed(), ink.getGreen(), ink.getBlue(), 60));
          g.fillRect(x, (int) cy - 5, mark, 10);
        }
        case DASHED -> {
          g.setColor(Color.GRAY);
          g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
              new float[] {3f, 2f}, 0f));
          g.draw(new Line2D.Double(x + mark / 2.0, cy - 7, x + mark / 2.0, cy + 6));
        }
        case TRAJECTORY -> {
          g.setColor(COLORS[2]);
          g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
          g.draw(new Line2D.Double(x, cy, x + mark, cy));
        }
        case COLUMN -> {
          g.setColor(e.color());
          g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
          g.draw(new Line2D.Double(x, cy, x + mark, cy));
          g.fill(new Ellipse2D.Double(x + mark / 2.0 - 3, cy - 3, 6, 6));
        }
        default -> throw new IllegalStateException(e.mark().toString());
      }
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke(1f));
      g.drawString(e.label(), x + mark + 4, y);
      x += mark + 4 + fm.stringWidth(e.label()) + gap;
    }
  }

  private static String fit(String s, FontMetrics fm, int width) {
    if (fm.stringWidth(s) <= width) {
      return s;
    }
    String t = s;
    while (t.length() > 4 && fm.stringWidth(t + "…") > width) {
      t = t.substring(0, t.length() - 1);
    }
    return t + "…";
  }

  private static void draw(Graphics2D g, Panel p, int x0, int y0, int w, int h) {
    double[] xr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    double[] yr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (Band b : p.bands()) {
      extend(xr, b.x());
      extend(yr, b.lo());
      extend(yr, b.hi());
    }
    for (Line l : p.lines()) {
      extend(xr, l.x());
      extend(yr, l.y());
    }
    for (Points s : p.points()) {
      extend(xr, s.x());
      extend(yr, s.y());
    }
    for (double[] a : p.arrows()) {
      extend(xr, new double[] {a[0]});
      extend(yr, new double[] {a[1]});
    }
    if (p.zeroLine()) {
      extend(yr, new double[] {0});
    }
    if (!(xr[1] >= xr[0])) {
      xr = new double[] {0, 1};
      yr = new double[] {0, 1};
    }
    pad(xr, 0.02);
    pad(yr, 0.06);
    int left = x0 + 52;
    int right = x0 + w - 10;
    int upper = y0 + 22;
    int lower = y0 + h - 34;
    Mapper m = new Mapper(xr, yr, left, right, upper, lower);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics fm = g.getFontMetrics();
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
    String title = fit(p.title(), g.getFontMetrics(), w - 10);
    g.drawString(title, x0 + (w - g.getFontMetrics().stringWidth(title)) / 2, y0 + 15);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.setColor(new Color(235, 235, 235));
    for (double v : ticks(xr)) {
      g.draw(new Line2D.Double(m.x(v), upper, m.x(v), lower));
    }
    for (double v : ticks(yr)) {
      g.draw(new Line2D.Double(left, m.y(v), right, m.y(v)));
    }
    g.setColor(Color.DARK_GRAY);
    g.drawRect(left, upper, right - left, lower - upper);
    for (double v : ticks(xr)) {
      String s = label(v);
      g.drawString(s, (float) (m.x(v) - fm.stringWidth(s) / 2.0), lower + 13);
    }
    for (double v : ticks(yr)) {
      String s = label(v);
      g.drawString(s, left - 4 - fm.stringWidth(s), (float) (m.y(v) + 4));
    }
    g.drawString(p.xLabel(), (left + right - fm.stringWidth(p.xLabel())) / 2, lower + 27);
    java.awt.geom.AffineTransform saved = g.getTransform();
    g.rotate(-Math.PI / 2);
    g.drawString(fit(p.yLabel(), fm, lower - upper), -(upper + lower + fm.stringWidth(p.yLabel())) / 2,
        x0 + 12);
    g.setTransform(saved);
    java.awt.Shape clip = g.getClip();
    g.clipRect(left, upper, right - left, lower - upper);
    if (p.zeroLine()) {
      g.setColor(Color.GRAY);
      g.draw(new Line2D.Double(left, m.y(0), right, m.y(0)));
    }
    for (Band b : p.bands()) {
      Path2D.Double path = new Path2D.Double();
      for (int i = 0; i < b.x().length; i++) {
        if (i == 0) {
          path.moveTo(m.x(b.x()[i]), m.y(b.hi()[i]));
        } else {
          path.lineTo(m.x(b.x()[i]), m.y(b.hi()[i]));
        }
      }
      for (int i = b.x().length - 1; i >= 0; i--) {
        path.lineTo(m.x(b.x()[i]), m.y(b.lo()[i]));
      }
      path.closePath();
      Color c = b.color();
      g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
      g.fill(path);
    }
    g.setColor(new Color(150, 150, 150));
    g.setStroke(new BasicStroke(1f));
    for (double[] a : p.arrows()) {
      double ax = m.x(a[0]);
      double ay = m.y(a[1]);
      double bx = m.x(a[0] + a[2]);
      double by = m.y(a[1] + a[3]);
      g.draw(new Line2D.Double(ax, ay, bx, by));
      double ang = Math.atan2(by - ay, bx - ax);
      double len = Math.min(4, Math.hypot(bx - ax, by - ay) / 2);
      g.draw(new Line2D.Double(bx, by, bx - len * Math.cos(ang - 0.5), by - len * Math.sin(ang - 0.5)));
      g.draw(new Line2D.Double(bx, by, bx - len * Math.cos(ang + 0.5), by - len * Math.sin(ang + 0.5)));
    }
    g.setColor(Color.GRAY);
    g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {5f, 4f}, 0f));
    for (double v : p.markers()) {
      g.draw(new Line2D.Double(m.x(v), upper, m.x(v), lower));
    }
    for (Line l : p.lines()) {
      g.setColor(l.color());
      g.setStroke(new BasicStroke(l.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      Path2D.Double path = new Path2D.Double();
      for (int i = 0; i < l.x().length; i++) {
        if (i == 0) {
          path.moveTo(m.x(l.x()[i]), m.y(l.y()[i]));
        } else {
          path.lineTo(m.x(l.x()[i]), m.y(l.y()[i]));
        }
      }
      g.draw(path);
    }
    g.setStroke(new BasicStroke(1.2f));
    for (Points s : p.points()) {
      g.setColor(s.color());
      for (int i = 0; i < s.x().length; i++) {
        Ellipse2D.Double dot = new Ellipse2D.Double(m.x(s.x()[i]) - 3, m.y(s.y()[i]) - 3, 6, 6);
        if (s.hollow()) {
          g.draw(dot);
        } else {
          g.fill(dot);
        }
      }
    }
    g.setClip(clip);
    g.setStroke(new BasicStroke(1f));
  }

  private record Mapper(double[] xr, double[] yr, int left, int right, int upper, int lower) {
    double x(double v) {
      return left + (v - xr[0]) / (xr[1] - xr[0]) * (right - left);
    }

    double y(double v) {
      return lower - (v - yr[0]) / (yr[1] - yr[0]) * (lower - upper);
    }
  }

  private static void extend(double[] r, double[] v) {
    for (double x : v) {
      if (Double.isFinite(x)) {
        r[0] = Math.min(r[0], x);
        r[1] = Math.max(r[1], x);
      }
    }
  }

  private static void pad(double[] r, double f) {
    double span = r[1] - r[0];
    if (span <= 0) {
      span = Math.max(1e-9, Math.abs(r[0]));
    }
    r[0] -= f * span;
    r[1] += f * span;
  }

  /** About five round tick values inside the range. */
  static double[] ticks(double[] r) {
    double span = r[1] - r[0];
    double raw = span / 5;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag
        : 10 * mag;
    double first = Math.ceil(r[0] / step) * step;
    int n = (int) Math.floor((r[1] - first) / step) + 1;
    double[] out = new double[Math.max(0, Math.min(n, 20))];
    for (int i = 0; i < out.length; i++) {
      out[i] = first + i * step;
      if (Math.abs(out[i]) < step * 1e-9) {
        out[i] = 0;
      }
    }
    return out;
  }

  private static String label(double v) {
    double a = Math.abs(v);
    if (a != 0 && (a >= 1e5 || a < 1e-3)) {
      return String.format(Locale.ROOT, "%.1e", v);
    }
    String s = String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    return s.equals("-0") ? "0" : s;
  }
}
