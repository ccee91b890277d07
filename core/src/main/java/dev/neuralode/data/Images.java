package dev.neuralode.data;

import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;

/**
 * Grey images of one size, as read from an IDX file ({@link Idx#readImages}): {@code count} images
 * of {@code rows × columns} unsigned-byte pixels (0–255), row-major, image after image. Immutable:
 * the pixels are copied in and never handed out.
 */
public final class Images {
  private final int count;
  private final int rows;
  private final int columns;
  private final byte[] pixels;

  /**
   * Images from raw pixels.
   *
   * @param count the number of images, ≥ 0
   * @param rows the image height, ≥ 1
   * @param columns the image width, ≥ 1
   * @param pixels count·rows·columns bytes, read as unsigned (0–255), not modified
   * @throws IllegalArgumentException if an extent is out of range or the pixel count differs
   */
  public Images(int count, int rows, int columns, byte[] pixels) {
    if (count < 0 || rows < 1 || columns < 1) {
      throw new IllegalArgumentException("images need count ≥ 0, rows ≥ 1 and columns ≥ 1; got " + count + ", "
          + rows + ", " + columns);
    }
    if (pixels == null || pixels.length != (long) count * rows * columns) {
      throw new IllegalArgumentException("pixels must hold count·rows·columns = " + (long) count * rows * columns
          + " bytes; got " + (pixels == null ? "null" : pixels.length));
    }
    this.count = count;
    this.rows = rows;
    this.columns = columns;
    this.pixels = pixels.clone();
  }

  /** {@return the number of images} */
  public int count() {
    return count;
  }

  /** {@return the image height in pixels} */
  public int rows() {
    return rows;
  }

  /** {@return the image width in pixels} */
  public int columns() {
    return columns;
  }

  /**
   * One pixel.
   *
   * @param image the image index, in [0, count)
   * @param row the row, in [0, rows)
   * @param column the column, in [0, columns)
   * @return its value, 0–255
   * @throws IllegalArgumentException if an index is out of range
   */
  public int pixel(int image, int row, int column) {
    checkImage(image, "image");
    if (row < 0 || row >= rows || column < 0 || column >= columns) {
      throw new IllegalArgumentException("pixel (" + row + ", " + column + ") is outside the " + rows + "×"
          + columns + " image");
    }
    return pixels[(image * rows + row) * columns + column] & 0xff;
  }

  /**
   * A batch as a tensor {@code [indices.length, 1, rows, columns]} of pixel/255 values in [0, 1],
   * each image optionally shifted by a random whole number of pixels in [−maxShift, maxShift] along
   * each axis (zeros fill the vacated border): the translation augmentation of LeCun et al. 1998.
   *
   * @param indices the images, each in [0, count), not modified
   * @param maxShift the largest shift, ≥ 0; 0 for none
   * @param rng the randomness for the shifts (used only when maxShift &gt; 0)
   * @return a new tensor
   * @throws IllegalArgumentException if an index or maxShift is out of range, or rng is null with maxShift &gt; 0
   */
  public Tensor batch(int[] indices, int maxShift, Rng rng) {
    if (maxShift < 0 || (maxShift > 0 && rng == null)) {
      throw new IllegalArgumentException("maxShift must be ≥ 0 (with an rng when > 0); got " + maxShift
          + (rng == null ? " and no rng" : ""));
    }
    int size = rows * columns;
    double[] out = new double[indices.length * size];
    for (int b = 0; b < indices.length; b++) {
      checkImage(indices[b], "indices[" + b + "]");
      int dy = maxShift > 0 ? rng.nextInt(2 * maxShift + 1) - maxShift : 0;
      int dx = maxShift > 0 ? rng.nextInt(2 * maxShift + 1) - maxShift : 0;
      int src = indices[b] * size;
      for (int r = 0; r < rows; r++) {
        int sr = r - dy;
        if (sr < 0 || sr >= rows) {
          continue;
        }
        for (int c = 0; c < columns; c++) {
          int sc = c - dx;
          if (sc >= 0 && sc < columns) {
            out[b * size + r * columns + c] = (pixels[src + sr * columns + sc] & 0xff) / 255.0;
          }
        }
      }
    }
    return Tensor.of(out, indices.length, 1, rows, columns);
  }

  /**
   * The images [from, to) as a new set.
   *
   * @param from the first image, inclusive
   * @param to the last image, exclusive
   * @return the sub-range
   * @throws IllegalArgumentException if the range is out of bounds
   */
  public Images range(int from, int to) {
    if (from < 0 || to > count || from > to) {
      throw new IllegalArgumentException("range [" + from + ", " + to + ") is outside [0, " + count + "]");
    }
    byte[] sub = new byte[(to - from) * rows * columns];
    System.arraycopy(pixels, from * rows * columns, sub, 0, sub.length);
    return new Images(to - from, rows, columns, sub);
  }

  private void checkImage(int image, String name) {
    if (image < 0 || image >= count) {
      throw new IllegalArgumentException(name + " = " + image + " is not an image index in [0, " + count + ")");
    }
  }
}
