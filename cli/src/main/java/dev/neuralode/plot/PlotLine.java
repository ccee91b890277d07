package dev.neuralode.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;
import java.util.Objects;

/**
 * A curve in the plane drawn as a line through its points, in order, such as a model trajectory
 * in {@link TrajectoryPlot}.
 *
 * <p>The array is held as given, not copied; do not modify it until rendering is done.
 *
 * @param label the legend text, or {@code null} to leave the line out of the legend
 * @param xy the points, shape {@code [n][2]}; a NaN coordinate breaks the line
 * @param color the line colour
 * @param width the line width in pixels, {@code > 0}
 * @param dashed whether to draw the line dashed
 */
public record PlotLine(String label, double[][] xy, Color color, float width, boolean dashed) {

  /**
   * Checks the components.
   *
   * @param label the legend text, or {@code null}
   * @param xy the points, shape {@code [n][2]}
   * @param color the line colour
   * @param width the line width in pixels
   * @param dashed whether to draw the line dashed
   * @throws IllegalArgumentException if {@code xy} is not of shape {@code [n][2]} or {@code
   *     width} is not positive
   * @throws NullPointerException if {@code color} is {@code null}
   */
  public PlotLine {
    Charts.checkXy("xy", xy);
    Objects.requireNonNull(color, "color");
    if (!(width > 0)) {
      throw new IllegalArgumentException("width: " + width + " must be > 0, e.g. 2");
    }
  }

  /**
   * Returns a solid line of width 2.
   *
   * @param label the legend text, or {@code null}
   * @param xy the points, shape {@code [n][2]}
   * @param color the line colour
   * @return the line
   */
  public static PlotLine solid(String label, double[][] xy, Color color) {
    return new PlotLine(label, xy, color, 2f, false);
  }

  /**
   * Returns a dashed line of width 2.
   *
   * @param label the legend text, or {@code null}
   * @param xy the points, shape {@code [n][2]}
   * @param color the line colour
   * @return the line
   */
  public static PlotLine dashed(String label, double[][] xy, Color color) {
    return new PlotLine(label, xy, color, 2f, true);
  }

  /** Returns the AWT stroke for this line's width and dash. */
  Stroke stroke() {
    return dashed
        ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {4 * width, 3 * width}, 0f)
        : new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  }
}
