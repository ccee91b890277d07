package dev.neuralode.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A confusion matrix drawn with Java2D: one square per (true class, predicted class), its colour the
 * fraction of the true class's examples given that prediction (plasma colour map, 0 to 1), and its
 * count written inside. True classes run down, predictions across; the diagonal holds the correct
 * answers. Immutable.
 */
public final class ConfusionPlot {
  private static final int CELL = 52;
  private static final int LEFT = 90;
  private static final int TOP = 70;
  /** Room on the right for the colour bar, its ticks and its label. */
  private static final int BAR = 110;

  private final String title;
  private final String[] labels;
  private final int[][] counts;

  /**
   * A plot of counts[true][predicted].
   *
   * @param title the title drawn above the matrix
   * @param labels one name per class, not modified
   * @param counts a square matrix of non-negative counts, one row and column per label, not modified
   * @throws IllegalArgumentException if the matrix is not square, does not match the labels, or has a negative count
   */
  public ConfusionPlot(String title, String[] labels, int[][] counts) {
    if (labels == null || counts == null || labels.length == 0 || counts.length != labels.length) {
      throw new IllegalArgumentException("counts must be a k×k matrix with one label per class; got "
          + (counts == null ? "null" : counts.length + " rows") + " and " + (labels == null ? "null" : labels.length
          + " labels"));
    }
    int[][] copy = new int[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == null || counts[i].length != labels.length) {
        throw new IllegalArgumentException("counts[" + i + "] must have " + labels.length + " entries");
      }
      for (int c : counts[i]) {
        if (c < 0) {
          throw new IllegalArgumentException("counts[" + i + "] holds a negative count " + c);
        }
      }
      copy[i] = counts[i].clone();
    }
    this.title = title == null ? "" : title;
    this.labels = labels.clone();
    this.counts = copy;
  }

  /**
   * Draws the plot.
   *
   * @return a new opaque image (TYPE_INT_RGB)
   */
  public BufferedImage render() {
    int k = labels.length;
    int width = LEFT + k * CELL + 30 + BAR;
    int height = TOP + k * CELL + 60;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setFont(Charts.TITLE_FONT);
      center(g, title, width / 2, 28);
      g.setFont(Charts.LABEL_FONT);
      center(g, "predicted", LEFT + k * CELL / 2, TOP - 24);
      center(g, "each row sums to the class count", LEFT + k * CELL / 2, TOP + k * CELL + 42);
      java.awt.geom.AffineTransform plain = g.getTransform();
      g.rotate(-Math.PI / 2);
      center(g, "true", -(TOP + k * CELL / 2), 28);
      g.setTransform(plain);
      Font cellFont = new Font(Font.SANS_SERIF, Font.BOLD, 13);
      for (int i = 0; i < k; i++) {
        int rowTotal = 0;
        for (int c : counts[i]) {
          rowTotal += c;
        }
        g.setFont(Charts.LABEL_FONT);
        g.setColor(Color.BLACK);
        center(g, labels[i], LEFT - 20, TOP + i * CELL + CELL / 2 + 5);
        center(g, labels[i], LEFT + i * CELL + CELL / 2, TOP - 6);
        for (int j = 0; j < k; j++) {
          double frac = rowTotal == 0 ? 0 : (double) counts[i][j] / rowTotal;
          Color fill = Colormaps.plasma(Math.sqrt(frac)); // square root: the few errors stay visible
          g.setColor(fill);
          g.fillRect(LEFT + j * CELL, TOP + i * CELL, CELL, CELL);
          if (counts[i][j] > 0) {
            double lum = 0.299 * fill.getRed() + 0.587 * fill.getGreen() + 0.114 * fill.getBlue();
            g.setColor(lum > 140 ? Color.BLACK : Color.WHITE);
            g.setFont(cellFont);
            center(g, Integer.toString(counts[i][j]), LEFT + j * CELL + CELL / 2, TOP + i * CELL + CELL / 2 + 5);
          }
        }
      }
      g.setColor(Color.DARK_GRAY);
      g.setStroke(new BasicStroke(1f));
      g.drawRect(LEFT, TOP, k * CELL, k * CELL);
      colourBar(g, LEFT + k * CELL + 30, TOP, k * CELL);
    } finally {
      g.dispose();
    }
    return img;
  }

  /**
   * Draws the plot and writes it as a PNG file, atomically.
   *
   * @param file the file to create or replace
   * @throws IOException if the file cannot be written
   */
  public void writePng(Path file) throws IOException {
    Charts.writePng(render(), file);
  }

  /**
   * The colour bar: the fraction of the true class (on the square-root scale of the cells), 0 at
   * the bottom, 1 at the top, with ticks at 0, 0.05, 0.25, 0.5 and 1.
   */
  private static void colourBar(Graphics2D g, int x, int top, int h) {
    int w = 16;
    for (int y = 0; y < h; y++) {
      g.setColor(Colormaps.plasma(1.0 - (double) y / (h - 1)));
      g.fillRect(x, top + y, w, 1);
    }
    g.setColor(Color.DARK_GRAY);
    g.drawRect(x, top, w, h);
    g.setFont(Charts.LABEL_FONT);
    FontMetrics fm = g.getFontMetrics();
    for (double f : new double[] {0, 0.05, 0.25, 0.5, 1}) {
      int y = top + (int) Math.round((1 - Math.sqrt(f)) * h);
      g.setColor(Color.DARK_GRAY);
      g.drawLine(x + w, y, x + w + 4, y);
      g.setColor(Color.BLACK);
      String label = f == 0 ? "0" : f == 1 ? "1" : Double.toString(f);
      g.drawString(label, x + w + 7, y + fm.getAscent() / 2 - 1);
    }
    java.awt.geom.AffineTransform plain = g.getTransform();
    g.rotate(Math.PI / 2);
    center(g, "fraction of the true class", top + h / 2, -(x + w + 48));
    g.setTransform(plain);
  }

  static void center(Graphics2D g, String s, int x, int baseline) {
    FontMetrics fm = g.getFontMetrics();
    g.drawString(s, x - fm.stringWidth(s) / 2, baseline);
  }
}
