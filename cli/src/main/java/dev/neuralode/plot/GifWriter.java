package dev.neuralode.plot;

import dev.neuralode.io.AtomicFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.FileImageOutputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes an animated GIF that loops forever, with the JDK's ImageIO GIF writer only.
 *
 * <p>Each frame carries a Graphic Control Extension with its delay (GIF stores hundredths of a
 * second, so delays are rounded to 10 ms) and the first frame carries the Netscape 2.0
 * application extension with loop count 0, which viewers read as "repeat forever" (GIF89a
 * specification; the NETSCAPE2.0 block is the de-facto looping convention). Frames that are not
 * already {@code TYPE_INT_RGB} or indexed are flattened onto white, and ImageIO reduces each to a
 * local palette of at most 256 colours.
 *
 * <p>Frames are streamed to a temporary file next to the target as they are added, so memory
 * stays flat however many frames there are; {@link #close()} moves the finished file into place
 * atomically. Use it in try-with-resources. If any {@code addFrame} call fails, the writer is
 * failed: nothing more can be added and {@code close()} discards the file instead of writing a
 * partial animation. Call {@link #abort()} to discard it for reasons of your own. Not
 * thread-safe.
 */
public final class GifWriter implements Closeable {

  private static final String FORMAT = "javax_imageio_gif_image_1.0";

  private final Path target;
  private final Path temp;
  private final ImageOutputStream out;
  private final ImageWriter writer;
  private final int defaultDelayMillis;
  private int frames;
  private int width = -1;
  private int height = -1;
  private boolean closed;
  private Exception failure;

  private GifWriter(Path target, int defaultDelayMillis) throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
    if (!writers.hasNext()) {
      throw new IllegalStateException("this JDK has no ImageIO GIF writer");
    }
    this.target = target;
    this.defaultDelayMillis = defaultDelayMillis;
    this.writer = writers.next();
    this.temp = AtomicFiles.tempSibling(target);
    try {
      this.out = new FileImageOutputStream(temp.toFile());
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
    } catch (IOException | RuntimeException e) {
      writer.dispose();
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  /**
   * Opens a GIF for writing frame by frame.
   *
   * @param file the file to create or replace when {@link #close()} succeeds; parent directories
   *     are created
   * @param delayMillis the default time each frame is shown, in milliseconds, 10..655350
   * @return the open writer
   * @throws IllegalArgumentException if {@code delayMillis} is out of range
   * @throws IOException if the temporary file cannot be created
   */
  public static GifWriter open(Path file, int delayMillis) throws IOException {
    Objects.requireNonNull(file, "file");
    checkDelay(delayMillis);
    return new GifWriter(file, delayMillis);
  }

  /**
   * Writes a list of frames as a looping GIF, atomically.
   *
   * @param file the file to create or replace; parent directories are created
   * @param frames the frames, at least one, all of the same size; not modified
   * @param delayMillis the time each frame is shown, in milliseconds, 10..655350
   * @throws IllegalArgumentException if there are no frames, their sizes differ, or {@code
   *     delayMillis} is out of range
   * @throws IOException if the file cannot be written; the target is then unchanged
   */
  public static void write(Path file, List<? extends BufferedImage> frames, int delayMillis)
      throws IOException {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("frames: empty; give at least one frame");
    }
    try (GifWriter gif = open(file, delayMillis)) {
      for (BufferedImage frame : frames) {
        gif.addFrame(frame);
      }
    }
  }

  /**
   * Appends a frame shown for the default delay.
   *
   * @param frame the image, the same size as the first frame; not modified
   * @throws IllegalArgumentException if its size differs from the first frame's; the writer is
   *     then failed and will not write the file
   * @throws IllegalStateException if the writer is closed or an earlier frame failed
   * @throws IOException if writing fails; the writer is then failed
   */
  public void addFrame(BufferedImage frame) throws IOException {
    addFrame(frame, defaultDelayMillis);
  }

  /**
   * Appends a frame shown for the given time, e.g. a longer pause on the last frame.
   *
   * @param frame the image, the same size as the first frame; not modified
   * @param delayMillis how long to show it, in milliseconds, 10..655350
   * @throws IllegalArgumentException if the size differs from the first frame's or the delay is
   *     out of range; the writer is then failed and will not write the file
   * @throws IllegalStateException if the writer is closed or an earlier frame failed
   * @throws IOException if writing fails; the writer is then failed
   */
  public void addFrame(BufferedImage frame, int delayMillis) throws IOException {
    if (closed) {
      throw new IllegalStateException("the GIF writer is closed; open a new one");
    }
    if (failure != null) {
      throw new IllegalStateException("an earlier frame failed (" + failure.getMessage()
          + "); this GIF will not be written", failure);
    }
    try {
      writeFrame(frame, delayMillis);
    } catch (IOException | RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  private void writeFrame(BufferedImage frame, int delayMillis) throws IOException {
    Objects.requireNonNull(frame, "frame");
    checkDelay(delayMillis);
    if (frames == 0) {
      width = frame.getWidth();
      height = frame.getHeight();
    } else if (frame.getWidth() != width || frame.getHeight() != height) {
      throw new IllegalArgumentException("frame: " + frame.getWidth() + "x" + frame.getHeight()
          + " differs from the first frame's " + width + "x" + height
          + "; render every frame at the same size");
    }
    BufferedImage image = opaque(frame);
    ImageWriteParam param = writer.getDefaultWriteParam();
    IIOMetadata meta =
        writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
    IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(FORMAT);
    IIOMetadataNode control = child(root, "GraphicControlExtension");
    control.setAttribute("disposalMethod", "none");
    control.setAttribute("userInputFlag", "FALSE");
    control.setAttribute("transparentColorFlag", "FALSE");
    control.setAttribute("transparentColorIndex", "0");
    control.setAttribute("delayTime", Integer.toString(Math.round(delayMillis / 10f)));
    if (frames == 0) {
      IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
      app.setAttribute("applicationID", "NETSCAPE");
      app.setAttribute("authenticationCode", "2.0");
      app.setUserObject(new byte[] {1, 0, 0}); // sub-block 1: loop count 0 (little-endian) = forever
      child(root, "ApplicationExtensions").appendChild(app);
    }
    meta.setFromTree(FORMAT, root);
    writer.writeToSequence(new IIOImage(image, null, meta), param);
    frames++;
  }

  /**
   * Returns how many frames have been added.
   *
   * @return the frame count
   */
  public int frameCount() {
    return frames;
  }

  /**
   * Finishes the GIF and moves it into place atomically. Does nothing if already closed.
   *
   * @throws IllegalStateException if no frame was added or a frame failed; the temporary file is
   *     deleted and the target left unchanged
   * @throws IOException if finishing or moving fails; the target is then unchanged
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    boolean done = false;
    try {
      if (failure != null) {
        throw new IllegalStateException("an earlier frame failed (" + failure.getMessage()
            + "); " + target + " was not written");
      }
      if (frames == 0) {
        throw new IllegalStateException("no frames were added to " + target
            + "; add at least one frame before close()");
      }
      writer.endWriteSequence();
      out.close();
      AtomicFiles.commit(temp, target);
      done = true;
    } finally {
      writer.dispose();
      if (!done) {
        out.close();
        Files.deleteIfExists(temp);
      }
    }
  }

  /**
   * Abandons the GIF: deletes the temporary file and leaves the target unchanged. Does nothing if
   * already closed.
   *
   * @throws IOException if the temporary file cannot be deleted
   */
  public void abort() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.dispose();
      out.close();
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void checkDelay(int delayMillis) {
    if (delayMillis < 10 || delayMillis > 655_350) {
      throw new IllegalArgumentException("delayMillis: " + delayMillis
          + " is outside 10..655350 ms; try 100 (ten frames a second)");
    }
  }

  /** Returns the frame itself if it is RGB or indexed, else a copy flattened onto white. */
  private static BufferedImage opaque(BufferedImage frame) {
    int type = frame.getType();
    if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_BYTE_INDEXED) {
      return frame;
    }
    BufferedImage rgb =
        new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.drawImage(frame, 0, 0, Color.WHITE, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }

  /** Returns the first child of the given name, appending a new one if there is none. */
  private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
    for (int i = 0; i < parent.getLength(); i++) {
      if (parent.item(i).getNodeName().equalsIgnoreCase(name)) {
        return (IIOMetadataNode) parent.item(i);
      }
    }
    IIOMetadataNode node = new IIOMetadataNode(name);
    parent.appendChild(node);
    return node;
  }
}
