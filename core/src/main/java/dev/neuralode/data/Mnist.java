package dev.neuralode.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Labelled MNIST digits (LeCun, Cortes &amp; Burges) read from a pair of IDX files, with a train/test
 * split by position.
 *
 * @param images the images, 28×28 for MNIST
 * @param labels one class per image, in [0, 10)
 */
public record Mnist(Images images, int[] labels) {

  /** The number of digit classes. */
  public static final int CLASSES = 10;

  /**
   * Checks that there is one label per image, each in [0, 10), and copies the labels.
   *
   * @param images the images
   * @param labels one class per image, not modified
   * @throws IllegalArgumentException if the counts differ or a label is out of range
   */
  public Mnist {
    if (images == null || labels == null) {
      throw new IllegalArgumentException("images and labels must not be null");
    }
    if (images.count() != labels.length) {
      throw new IllegalArgumentException("there are " + images.count() + " images but " + labels.length
          + " labels; pass the label file that belongs to the image file");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= CLASSES) {
        throw new IllegalArgumentException("labels[" + i + "] = " + labels[i] + " is not a digit class in [0, 10)");
      }
    }
    labels = labels.clone();
  }

  /**
   * Reads an image file and its label file (IDX, plain or gzipped).
   *
   * @param imagesFile the images (magic 2051)
   * @param labelsFile the labels (magic 2049)
   * @return the labelled digits
   * @throws IOException if a file cannot be read or is truncated
   * @throws IllegalArgumentException if a file is not of its kind, or the counts differ (naming both files)
   */
  public static Mnist read(Path imagesFile, Path labelsFile) throws IOException {
    Images images = Idx.readImages(imagesFile);
    int[] labels = Idx.readLabels(labelsFile);
    if (images.count() != labels.length) {
      throw new IllegalArgumentException(imagesFile + " holds " + images.count() + " images but " + labelsFile
          + " holds " + labels.length + " labels; pass matching files");
    }
    return new Mnist(images, labels);
  }

  /** {@return the number of digits} */
  public int size() {
    return labels.length;
  }

  /** {@return a copy of the labels} */
  @Override
  public int[] labels() {
    return labels.clone();
  }

  /**
   * The digits [from, to).
   *
   * @param from the first digit, inclusive
   * @param to the last digit, exclusive
   * @return the sub-range
   * @throws IllegalArgumentException if the range is out of bounds
   */
  public Mnist range(int from, int to) {
    return new Mnist(images.range(from, to), Arrays.copyOfRange(labels, from, Math.max(from, Math.min(to, labels.length))));
  }
}
