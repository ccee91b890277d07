package dev.neuralode.plot;

import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.Node;

/** Reads back what a GIF viewer sees: the frame count and the NETSCAPE2.0 loop count. */
public final class GifFiles {
  static final String FORMAT = "javax_imageio_gif_image_1.0";

  private GifFiles() {}

  /** Number of frames, as the JDK's GIF reader counts them. */
  public static int frameCount(Path file) throws IOException {
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      reader.setInput(in);
      return reader.getNumImages(true);
    } finally {
      reader.dispose();
    }
  }

  /** The loop count of the first frame's NETSCAPE2.0 extension (0 = forever), or -1 if it has none. */
  public static int loopCount(Path file) throws IOException {
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      reader.setInput(in);
      return loopCount((IIOMetadataNode) reader.getImageMetadata(0).getAsTree(FORMAT));
    } finally {
      reader.dispose();
    }
  }

  /** The delay of a frame in milliseconds (the GIF stores hundredths of a second). */
  public static int delayMillis(Path file, int frame) throws IOException {
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      reader.setInput(in);
      Node gce = find((IIOMetadataNode) reader.getImageMetadata(frame).getAsTree(FORMAT), "GraphicControlExtension");
      return Integer.parseInt(((IIOMetadataNode) gce).getAttribute("delayTime")) * 10;
    } finally {
      reader.dispose();
    }
  }

  /** The loop count in one frame's metadata tree, or -1 if it has no NETSCAPE2.0 extension. */
  static int loopCount(IIOMetadataNode root) {
    Node apps = find(root, "ApplicationExtensions");
    if (apps == null) {
      return -1;
    }
    for (Node a = apps.getFirstChild(); a != null; a = a.getNextSibling()) {
      IIOMetadataNode app = (IIOMetadataNode) a;
      if ("NETSCAPE".equals(app.getAttribute("applicationID"))
          && "2.0".equals(app.getAttribute("authenticationCode"))) {
        byte[] data = (byte[]) app.getUserObject();
        if (data.length != 3 || data[0] != 1) {
          throw new IllegalStateException("malformed NETSCAPE2.0 block of " + data.length + " bytes");
        }
        return (data[1] & 0xFF) | (data[2] & 0xFF) << 8;
      }
    }
    return -1;
  }

  static Node find(Node node, String name) {
    for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c.getNodeName().equals(name)) {
        return c;
      }
    }
    return null;
  }
}
