package dev.neuralode.plot;

/**
 * The settings every plot's builder shares, and their setters: the title, the axis labels and the
 * image size. Each plot's {@code Builder} extends it, so the setters return that builder and chain.
 *
 * @param <B> the concrete builder type
 */
public abstract class ChartBuilder<B extends ChartBuilder<B>> {
  String title;
  String xLabel;
  String yLabel;
  int width;
  int height;

  ChartBuilder(String xLabel, String yLabel, int width, int height) {
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.width = width;
    this.height = height;
  }

  /** Copies the shared settings of another builder. */
  ChartBuilder(ChartBuilder<?> other) {
    this(other.xLabel, other.yLabel, other.width, other.height);
    this.title = other.title;
  }

  /** This builder, typed as the concrete builder. */
  abstract B self();

  /**
   * Sets the title shown above the plot.
   *
   * @param title the title, or {@code null} for none
   * @return this builder
   */
  public B title(String title) {
    this.title = title;
    return self();
  }

  /**
   * Sets the axis labels.
   *
   * @param x the horizontal axis label
   * @param y the vertical axis label
   * @return this builder
   */
  public B axisLabels(String x, String y) {
    this.xLabel = x;
    this.yLabel = y;
    return self();
  }

  /**
   * Sets the image size.
   *
   * @param width the width in pixels, 50..8000
   * @param height the height in pixels, 50..8000
   * @return this builder
   * @throws IllegalArgumentException if out of range
   */
  public B size(int width, int height) {
    Charts.checkSize(width, height);
    this.width = width;
    this.height = height;
    return self();
  }
}
