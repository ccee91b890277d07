package dev.neuralode.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Small grey images in a grid, each with a caption beneath, drawn with Java2D (for example
 * misclassified digits captioned "true 4 → 9"). Pixels are in [0, 1], 0 drawn white and 1 black,
 * each enlarged by an integer factor without smoothing. Immutable.
 */
public final class ImageGrid {
  private final String title;
  private final double[][][] images;
  private final String[] captions;
  private final int columns;
  private final int scale;

  /**
   * A grid of images.
   *
   * @param title the title drawn above the grid
   * @param images the images, each [rows][columns] with values in [0, 1] (clamped), not modified
   * @param captions one caption per image, not modified
   * @param columns images per row, ≥ 1
   * @param scale the enlargement factor, ≥ 1
   * @throws IllegalArgumentException if the counts differ, an image is empty, or columns or scale is below 1
   */
  public ImageGrid(String title, double[][][] images, String[] captions, int columns, int scale) {
    if (images == null || captions == null || images.length != captions.length) {
      throw new IllegalArgumentException("need one caption per image; got " + (images == null ? "null" : images.length)
          + " images and " + (captions == null ? "null" : captions.length) + " captions");
    }
    if (columns < 1 || scale < 1) {
      throw new IllegalArgumentException("columns and scale must be ≥ 1; got " + columns + " and " + scale);
    }
    for (int i = 0; i < images.length; i++) {
      if (images[i] == null || images[i].length == 0 || images[i][0].length == 0) {
        throw new IllegalArgumentException("images[" + i + "] is empty");
      }
    }
    this.title = title == null ? "" : title;
    this.images = images.clone();
    this.captions = captions.clone();
    this.columns = columns;
    this.scale = scale;
  }

  /**
   * Draws the grid; an empty grid draws only the title and a note.
   *
   * @return a new opaque image (TYPE_INT_RGB)
   */
  public BufferedImage render() {
    int h = images.length == 0 ? 28 : images[0].length;
    int w = images.length == 0 ? 28 : images[0][0].length;
    int cellW = Math.max(w * scale, 90) + 12;
    int cellH = h * scale + 30;
    int rows = Math.max(1, (images.length + columns - 1) / columns);
    int width = Math.max(columns * cellW + 20, 420);
    int height = 50 + rows * cellH + 10;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setFont(Charts.TITLE_FONT);
      ConfusionPlot.center(g, title, width / 2, 28);
      g.setFont(Charts.LABEL_FONT);
      if (images.length == 0) {
        ConfusionPlot.center(g, "(none)", width / 2, 70);
      }
      for (int n = 0; n < images.length; n++) {
        int x0 = 10 + (n % columns) * cellW + (cellW - images[n][0].length * scale) / 2;
        int y0 = 45 + (n / columns) * cellH;
        double[][] im = images[n];
        for (int r = 0; r < im.length; r++) {
          for (int c = 0; c < im[r].length; c++) {
            int v = 255 - (int) Math.round(255 * Math.max(0, Math.min(1, im[r][c])));
            g.setColor(new Color(v, v, v));
            g.fillRect(x0 + c * scale, y0 + r * scale, scale, scale);
          }
        }
        g.setColor(Color.LIGHT_GRAY);
        g.drawRect(x0 - 1, y0 - 1, im[0].length * scale + 1, im.length * scale + 1);
        g.setColor(Color.BLACK);
        ConfusionPlot.center(g, captions[n], 10 + (n % columns) * cellW + cellW / 2, y0 + im.length * scale + 18);
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  /**
   * Draws the grid and writes it as a PNG file, atomically.
   *
   * @param file the file to create or replace
   * @throws IOException if the file cannot be written
   */
  public void writePng(Path file) throws IOException {
    Charts.writePng(render(), file);
  }
}
