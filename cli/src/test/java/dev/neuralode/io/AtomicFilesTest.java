package dev.neuralode.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  private List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesStringCreatingParentsAndLeavesNoTempFile() throws IOException {
    Path target = dir.resolve("a/b/out.txt");
    AtomicFiles.writeString(target, "héllo\n");
    assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo("héllo\n");
    assertThat(names(target.getParent())).containsExactly("out.txt");
  }

  @Test
  void outputGetsDefaultPermissionsNotOwnerOnly() throws IOException {
    Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
        "POSIX permissions not supported here");
    Path plain = Files.createFile(dir.resolve("plain.txt"));
    Path atomic = dir.resolve("atomic.txt");
    AtomicFiles.writeString(atomic, "x");
    assertThat(Files.getPosixFilePermissions(atomic))
        .isEqualTo(Files.getPosixFilePermissions(plain));
  }

  @Test
  void replacesExistingFile() throws IOException {
    Path target = dir.resolve("out.bin");
    AtomicFiles.write(target, new byte[] {1, 2, 3});
    AtomicFiles.write(target, new byte[] {9});
    assertThat(Files.readAllBytes(target)).containsExactly(9);
    assertThat(names(dir)).containsExactly("out.bin");
  }

  @Test
  void failedWriteKeepsOldContentAndRemovesTemp() throws IOException {
    Path target = dir.resolve("keep.txt");
    AtomicFiles.writeString(target, "old");
    assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
      out.write("partial".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    })).isInstanceOf(IOException.class).hasMessage("disk full");
    assertThat(Files.readString(target)).isEqualTo("old");
    assertThat(names(dir)).containsExactly("keep.txt");
  }

  @Test
  void writesImageThatReadsBack() throws IOException {
    BufferedImage image = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
    image.setRGB(3, 2, 0x123456);
    Path target = dir.resolve("img.png");
    AtomicFiles.writeImage(target, image, "png");
    BufferedImage back = ImageIO.read(target.toFile());
    assertThat(back.getWidth()).isEqualTo(7);
    assertThat(back.getRGB(3, 2) & 0xFFFFFF).isEqualTo(0x123456);
    assertThat(names(dir)).containsExactly("img.png");
  }

  @Test
  void unknownImageFormatFailsWithoutLeavingFiles() {
    BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    assertThatThrownBy(() -> AtomicFiles.writeImage(dir.resolve("x.foo"), image, "foo"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'foo'");
    assertThat(dir.resolve("x.foo")).doesNotExist();
  }

  @Test
  void tempSiblingIsInTargetDirectoryAndCommitMovesIt() throws IOException {
    Path target = dir.resolve("sub/final.gif");
    Path temp = AtomicFiles.tempSibling(target);
    assertThat(temp.getParent()).isEqualTo(target.toAbsolutePath().getParent());
    assertThat(temp.getFileName().toString()).startsWith(".final.gif").endsWith(".tmp");
    Files.writeString(temp, "data");
    AtomicFiles.commit(temp, target);
    assertThat(temp).doesNotExist();
    assertThat(Files.readString(target)).isEqualTo("data");
  }

  @Test
  void writesThroughASymbolicLinkAndKeepsTheLink() throws IOException {
    Path real = dir.resolve("target.csv");
    Files.writeString(real, "old");
    Path link = Files.createSymbolicLink(dir.resolve("link.csv"), real.getFileName());
    AtomicFiles.writeString(link, "new");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(real)).isEqualTo("new");
  }

  @Test
  void refusesADirectoryWithAClearMessage() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AtomicFiles.writeString(dir, "x"))
        .isInstanceOf(InputException.class).hasMessageContaining("is a directory; give a file path");
  }

  @Test
  void streamsIntoAPipeOrDeviceInsteadOfReplacingIt() throws IOException {
    Path devNull = Path.of("/dev/null");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devNull), "needs /dev/null");
    AtomicFiles.writeString(devNull, "discarded");
    assertThat(Files.isRegularFile(devNull)).as("/dev/null is still a device").isFalse();
  }
}
