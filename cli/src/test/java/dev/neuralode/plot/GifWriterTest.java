package dev.neuralode.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Node;

class GifWriterTest {

  private static final String FORMAT = GifFiles.FORMAT;
  private static final Color[] COLORS = {Color.RED, Color.GREEN, Color.BLUE, Color.BLACK,
      Color.WHITE};

  @TempDir Path dir;

  private static BufferedImage solid(Color c, int w, int h, int type) {
    BufferedImage image = new BufferedImage(w, h, type);
    Graphics2D g = image.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return image;
  }

  /** What a GIF reader sees: frames, each frame's metadata tree. */
  private record Decoded(List<BufferedImage> frames, List<IIOMetadataNode> meta) {}

  private static Decoded decode(Path file) throws IOException {
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      reader.setInput(in);
      int n = reader.getNumImages(true);
      List<BufferedImage> frames = new ArrayList<>();
      List<IIOMetadataNode> meta = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        frames.add(reader.read(i));
        meta.add((IIOMetadataNode) reader.getImageMetadata(i).getAsTree(FORMAT));
      }
      return new Decoded(frames, meta);
    } finally {
      reader.dispose();
    }
  }

  private static Node find(Node node, String name) {
    return GifFiles.find(node, name);
  }

  private static int loopCount(IIOMetadataNode root) {
    return GifFiles.loopCount(root);
  }

  private static int delay(IIOMetadataNode root) {
    return Integer.parseInt(
        ((IIOMetadataNode) find(root, "GraphicControlExtension")).getAttribute("delayTime"));
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesAllFramesLoopingForeverWithDelays() throws IOException {
    List<BufferedImage> frames = new ArrayList<>();
    for (Color c : COLORS) {
      frames.add(solid(c, 40, 30, BufferedImage.TYPE_INT_RGB));
    }
    Path file = dir.resolve("anim.gif");
    GifWriter.write(file, frames, 120);

    Decoded gif = decode(file);
    assertThat(gif.frames()).hasSize(5);
    assertThat(loopCount(gif.meta().get(0))).isZero();
    for (int i = 0; i < 5; i++) {
      assertThat(delay(gif.meta().get(i))).as("delay of frame %d in 1/100 s", i).isEqualTo(12);
      BufferedImage f = gif.frames().get(i);
      assertThat(f.getWidth()).isEqualTo(40);
      assertThat(f.getHeight()).isEqualTo(30);
      assertThat(f.getRGB(20, 15) & 0xFFFFFF).isEqualTo(COLORS[i].getRGB() & 0xFFFFFF);
    }
    assertThat(files()).containsExactly("anim.gif");
  }

  @Test
  void streamingWriterSupportsPerFrameDelayAndFlattensTransparency() throws IOException {
    Path file = dir.resolve("out/stream.gif");
    try (GifWriter gif = GifWriter.open(file, 50)) {
      gif.addFrame(solid(new Color(0, 0, 0, 0), 16, 16, BufferedImage.TYPE_INT_ARGB));
      gif.addFrame(solid(Color.ORANGE, 16, 16, BufferedImage.TYPE_3BYTE_BGR), 2000);
      assertThat(gif.frameCount()).isEqualTo(2);
      assertThat(file).doesNotExist();
    }
    Decoded gif = decode(file);
    assertThat(gif.frames()).hasSize(2);
    assertThat(gif.frames().get(0).getRGB(5, 5) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    assertThat(delay(gif.meta().get(0))).isEqualTo(5);
    assertThat(delay(gif.meta().get(1))).isEqualTo(200);
    assertThat(loopCount(gif.meta().get(0))).isZero();
  }

  @Test
  void replacesAnExistingFile() throws IOException {
    Path file = dir.resolve("anim.gif");
    Files.writeString(file, "old");
    GifWriter.write(file, List.of(solid(Color.RED, 8, 8, BufferedImage.TYPE_INT_RGB)), 100);
    assertThat(decode(file).frames()).hasSize(1);
    assertThat(files()).containsExactly("anim.gif");
  }

  @Test
  void rejectsFramesOfDifferentSizesAndLeavesNothing() {
    List<BufferedImage> frames = List.of(solid(Color.RED, 10, 10, BufferedImage.TYPE_INT_RGB),
        solid(Color.RED, 11, 10, BufferedImage.TYPE_INT_RGB));
    assertThatThrownBy(() -> GifWriter.write(dir.resolve("bad.gif"), frames, 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("11x10");
    assertThat(dir.resolve("bad.gif")).doesNotExist();
  }

  @Test
  void abortAndEmptyCloseLeaveNoFiles() throws IOException {
    GifWriter aborted = GifWriter.open(dir.resolve("a.gif"), 100);
    aborted.addFrame(solid(Color.RED, 8, 8, BufferedImage.TYPE_INT_RGB));
    aborted.abort();
    GifWriter empty = GifWriter.open(dir.resolve("b.gif"), 100);
    assertThatThrownBy(empty::close).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no frames");
    assertThat(files()).isEmpty();
    assertThatThrownBy(() -> GifWriter.write(dir.resolve("c.gif"), List.of(), 100))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GifWriter.open(dir.resolve("d.gif"), 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delayMillis");
  }
}
