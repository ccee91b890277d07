package dev.neuralode.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A reader of the IDX files of the MNIST database (LeCun, Cortes &amp; Burges, "The MNIST database of
 * handwritten digits"): a big-endian 32-bit magic number — 2051 (0x00000803) for images, 2049
 * (0x00000801) for labels, i.e. unsigned-byte data of 3 or 1 dimensions — then one big-endian 32-bit
 * extent per dimension, then the unsigned bytes in row-major order. Files may be gzip-compressed
 * (recognised by their first two bytes), as the database distributes them.
 *
 * <p>Every failure names the file: a wrong magic number or a bad extent gives an
 * {@link IllegalArgumentException}; a file that ends early gives an {@link EOFException} saying how
 * many bytes were expected; trailing bytes give an {@link IOException}.
 */
public final class Idx {
  /** The magic number of an IDX file of unsigned-byte images: 0x00000803. */
  public static final int IMAGES_MAGIC = 2051;
  /** The magic number of an IDX file of unsigned-byte labels: 0x00000801. */
  public static final int LABELS_MAGIC = 2049;

  private Idx() {}

  /**
   * Reads an IDX image file (magic 2051): count × rows × columns unsigned bytes.
   *
   * @param file the file, plain or gzipped
   * @return the images, pixels 0–255
   * @throws IOException if the file cannot be read, is truncated or has trailing bytes
   * @throws IllegalArgumentException if the magic number or an extent is wrong
   */
  public static Images readImages(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      checkMagic(file, in, IMAGES_MAGIC, "image", LABELS_MAGIC);
      int count = extent(file, in, "image count");
      int rows = extent(file, in, "row count");
      int columns = extent(file, in, "column count");
      long total = (long) count * rows * columns;
      if (total > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(file + ": " + count + " images of " + rows + "×" + columns
            + " pixels are too many for one array");
      }
      byte[] pixels = body(file, in, (int) total, count + " images of " + rows + "×" + columns + " pixels");
      return new Images(count, rows, columns, pixels);
    }
  }

  /**
   * Reads an IDX label file (magic 2049): one unsigned byte per label.
   *
   * @param file the file, plain or gzipped
   * @return the labels, 0–255
   * @throws IOException if the file cannot be read, is truncated or has trailing bytes
   * @throws IllegalArgumentException if the magic number or the count is wrong
   */
  public static int[] readLabels(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      checkMagic(file, in, LABELS_MAGIC, "label", IMAGES_MAGIC);
      int count = extent(file, in, "label count");
      byte[] raw = body(file, in, count, count + " labels");
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = raw[i] & 0xff;
      }
      return labels;
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null; pass the path of an IDX file");
    }
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    InputStream in = b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    return new DataInputStream(in);
  }

  private static void checkMagic(Path file, DataInputStream in, int magic, String what, int other) throws IOException {
    int m;
    try {
      m = in.readInt();
    } catch (EOFException e) {
      throw eof(file, "a 4-byte magic number");
    }
    if (m != magic) {
      String hint = m == other ? " (it is the magic number of the other kind of IDX file: images and labels swapped?)"
          : "; this is not an IDX " + what + " file (or it is compressed other than by gzip)";
      throw new IllegalArgumentException(file + ": magic number " + m + String.format(" (0x%08x)", m)
          + " is not " + magic + String.format(" (0x%08x)", magic) + ", that of an IDX " + what + " file" + hint);
    }
  }

  private static int extent(Path file, DataInputStream in, String name) throws IOException {
    int v;
    try {
      v = in.readInt();
    } catch (EOFException e) {
      throw eof(file, "the header's " + name);
    }
    if (v < 0) {
      throw new IllegalArgumentException(file + ": the header's " + name + " is negative (" + v
          + "); the file is corrupt");
    }
    return v;
  }

  private static byte[] body(Path file, DataInputStream in, int n, String what) throws IOException {
    byte[] data = new byte[n];
    int read = 0;
    while (read < n) {
      int r = in.read(data, read, n - read);
      if (r < 0) {
        throw new EOFException(file + ": truncated: the header promises " + what + " (" + n + " bytes) but only "
            + read + " follow; re-download or re-create the file");
      }
      read += r;
    }
    if (in.read() >= 0) {
      throw new IOException(file + ": trailing bytes after the " + what + " the header promises;"
          + " the header or the file is wrong");
    }
    return data;
  }

  private static EOFException eof(Path file, String what) {
    return new EOFException(file + ": truncated: the file ends before " + what + "; it is empty or cut short");
  }
}
