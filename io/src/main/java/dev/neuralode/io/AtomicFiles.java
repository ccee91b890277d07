package dev.neuralode.io;

import java.awt.image.RenderedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;

/**
 * Writes files so that a reader never sees a half-written file: the content goes to a temporary
 * file in the target's directory, which is then renamed over the target.
 *
 * <p>The rename uses {@link StandardCopyOption#ATOMIC_MOVE} with {@link
 * StandardCopyOption#REPLACE_EXISTING}; where the file system cannot move atomically it falls
 * back to an ordinary replacing move. Missing parent directories are created. On failure the
 * temporary file is deleted and the previous target, if any, is left untouched.
 *
 * <p>Temporary files are named {@code .<target name>.<random>.tmp}, next to the target, and are
 * created with the default permissions (the process umask), which the output then keeps.
 */
public final class AtomicFiles {

  /** Writes the content of a file to an output stream. */
  @FunctionalInterface
  public interface OutputWriter {
    /**
     * Writes the whole content.
     *
     * @param out the stream to write to (modified); the caller closes it
     * @throws IOException if writing fails
     */
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Writes bytes to {@code target} atomically.
   *
   * @param target the file to create or replace; parent directories are created
   * @param bytes the content, not modified
   * @throws IOException if the directory cannot be created or the file cannot be written
   */
  public static void write(Path target, byte[] bytes) throws IOException {
    Objects.requireNonNull(bytes, "bytes");
    write(target, out -> out.write(bytes));
  }

  /**
   * Writes a string as UTF-8 to {@code target} atomically.
   *
   * @param target the file to create or replace; parent directories are created
   * @param text the content
   * @throws IOException if the directory cannot be created or the file cannot be written
   */
  public static void writeString(Path target, String text) throws IOException {
    Objects.requireNonNull(text, "text");
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Encodes an image with ImageIO and writes it to {@code target} atomically.
   *
   * @param target the file to create or replace; parent directories are created
   * @param image the image, not modified
   * @param formatName an ImageIO format name such as {@code "png"}
   * @throws IllegalArgumentException if no ImageIO writer exists for {@code formatName} and this
   *     image type
   * @throws IOException if the file cannot be written
   */
  public static void writeImage(Path target, RenderedImage image, String formatName)
      throws IOException {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(formatName, "formatName");
    write(target, out -> {
      if (!ImageIO.write(image, formatName, out)) {
        throw new IllegalArgumentException(
            "formatName: no ImageIO writer for '" + formatName + "' and this image type;"
                + " use \"png\" or convert the image to TYPE_INT_RGB");
      }
    });
  }

  /**
   * Streams content to {@code target} atomically: {@code writer} writes to a temporary file,
   * which replaces the target only after the writer returns normally.
   *
   * @param target the file to create or replace; parent directories are created
   * @param writer writes the content; it must not close the stream
   * <p>A symbolic link is written through: the file it names is replaced atomically and the link
   * stays. A target that exists but is neither a regular file nor a directory (a device, pipe or
   * terminal such as {@code /dev/stdout}) is streamed into directly, since it cannot be replaced.
   *
   * @throws InputException if {@code target} is a directory
   * @throws IOException if the writer or the file system fails; the target is then unchanged
   */
  public static void write(Path target, OutputWriter writer) throws IOException {
    Objects.requireNonNull(writer, "writer");
    Objects.requireNonNull(target, "target");
    if (Files.isDirectory(target)) {
      throw InputException.at(target, 0, "is a directory; give a file path such as "
          + target.resolve("out.csv"));
    }
    if (Files.exists(target) && !Files.isRegularFile(target)) {
      // A device, pipe or terminal (for example /dev/stdout): nothing to replace atomically, and
      // renaming over it would destroy it. Stream straight into it.
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target))) {
        writer.writeTo(out);
      }
      return;
    }
    if (Files.isSymbolicLink(target)) {
      // Write through the link, atomically at the file it names, and leave the link in place.
      target = Files.exists(target) ? target.toRealPath()
          : target.toAbsolutePath().getParent().resolve(Files.readSymbolicLink(target)).normalize();
    }
    Path temp = tempSibling(target);
    boolean done = false;
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp))) {
        writer.writeTo(out);
      }
      // Flush the data to the disk before the rename, and the directory after it, so that a
      // crash leaves the old file or the complete new one, never an empty file under its name.
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(temp,
          java.nio.file.StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      commit(temp, target);
      OutputSet.syncDirectory(target.toAbsolutePath().getParent());
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /**
   * Creates an empty temporary file in the directory of {@code target}, creating that directory
   * if needed. Pair it with {@link #commit(Path, Path)}, or delete it on failure.
   *
   * @param target the file that the temporary file will later replace
   * @return the path of the new, empty temporary file
   * @throws IOException if the directory or the file cannot be created
   */
  public static Path tempSibling(Path target) throws IOException {
    Path absolute = Objects.requireNonNull(target, "target").toAbsolutePath();
    Path dir = absolute.getParent();
    Path name = absolute.getFileName();
    if (dir == null || name == null) {
      throw new IllegalArgumentException(
          "target: '" + target + "' names no file; give a file path such as out/plot.png");
    }
    Files.createDirectories(dir);
    // Not Files.createTempFile: that makes the file owner-only (0600), and the rename would carry
    // those permissions over to the output. createFile uses the default permissions (umask).
    for (int attempt = 0; ; attempt++) {
      String random = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
      try {
        return Files.createFile(dir.resolve("." + name + "." + random + ".tmp"));
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
  }

  /**
   * Whether a file name is one of this class's temporary files ({@code .<target name>.<random>.tmp},
   * the random part hexadecimal), as a writer stopped before its rename leaves it.
   *
   * @param name a file name, without directories
   * @return true for such a name
   */
  public static boolean isTemporaryName(String name) {
    return name != null && name.matches("\\..+\\.[0-9a-f]{1,16}\\.tmp");
  }

  /**
   * Renames {@code temp} over {@code target}, atomically where the file system supports it and
   * as an ordinary replacing move otherwise.
   *
   * @param temp a file written in the target's directory, typically from {@link
   *     #tempSibling(Path)}; it no longer exists afterwards
   * @param target the file to create or replace
   * @throws IOException if the move fails
   */
  public static void commit(Path temp, Path target) throws IOException {
    Objects.requireNonNull(temp, "temp");
    Objects.requireNonNull(target, "target");
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
