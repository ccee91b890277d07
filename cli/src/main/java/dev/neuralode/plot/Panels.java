package dev.neuralode.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/** Puts rendered charts side by side in one image, for multi-panel figures and GIF frames. */
public final class Panels {
  private Panels() {}

  /**
   * The images in a row, left to right, top-aligned on a white background.
   *
   * @param panels the images, at least one; not modified
   * @return a new opaque image as wide as the panels together and as high as the highest
   * @throws IllegalArgumentException if {@code panels} is empty
   */
  public static BufferedImage row(List<BufferedImage> panels) {
    if (panels.isEmpty()) {
      throw new IllegalArgumentException("panels is empty; give at least one image");
    }
    int w = 0;
    int h = 0;
    for (BufferedImage p : panels) {
      w += p.getWidth();
      h = Math.max(h, p.getHeight());
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      int x = 0;
      for (BufferedImage p : panels) {
        g.drawImage(p, x, 0, null);
        x += p.getWidth();
      }
    } finally {
      g.dispose();
    }
    return out;
  }
}
