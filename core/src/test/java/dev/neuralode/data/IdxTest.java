package dev.neuralode.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader on files written here, and on the shared 10,000-digit MNIST subset when present. */
class IdxTest {
  @TempDir Path dir;

  private static byte[] idx(int magic, int[] dims, byte[] body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(magic);
      for (int d : dims) {
        out.writeInt(d);
      }
      out.write(body);
    }
    return bytes.toByteArray();
  }

  private Path write(String name, byte[] data, boolean gzip) throws IOException {
    Path p = dir.resolve(name);
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
      out.write(data);
    }
    return p;
  }

  @Test
  void readsPlainAndGzippedFilesWithUnsignedBytes() throws IOException {
    byte[] px = new byte[2 * 3 * 2];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 23); // includes values above 127
    }
    for (boolean gz : new boolean[] {false, true}) {
      Path images = write("img" + gz, idx(2051, new int[] {2, 3, 2}, px), gz);
      Path labels = write("lab" + gz, idx(2049, new int[] {2}, new byte[] {7, 3}), gz);
      Mnist m = Mnist.read(images, labels);
      assertThat(m.size()).isEqualTo(2);
      assertThat(m.labels()).containsExactly(7, 3);
      Images im = m.images();
      assertThat(new int[] {im.count(), im.rows(), im.columns()}).containsExactly(2, 3, 2);
      assertThat(im.pixel(1, 2, 1)).isEqualTo((11 * 23) & 0xff);
      assertThat(im.pixel(0, 1, 0)).isEqualTo(46);
      Tensor t = im.batch(new int[] {1}, 0, null);
      assertThat(t.shape()).containsExactly(1, 1, 3, 2);
      assertThat(t.get(0, 0, 2, 1)).isEqualTo(((11 * 23) & 0xff) / 255.0);
    }
  }

  @Test
  void shiftsMoveTheImageAndFillWithZeros() throws IOException {
    byte[] px = new byte[25];
    px[12] = (byte) 255; // centre of a 5×5 image
    Images im = new Images(1, 5, 5, px);
    Tensor t = im.batch(new int[] {0, 0, 0, 0, 0, 0}, 2, new Rng(3));
    for (int b = 0; b < 6; b++) {
      Tensor img = t.index(b);
      assertThat(img.sum().item()).isEqualTo(1.0); // the bright pixel stays inside (shift ≤ 2)
    }
    assertThat(Arrays.stream(new int[] {0, 1, 2, 3, 4, 5}).filter(b -> t.get(b, 0, 2, 2) == 1.0).count())
        .as("some images are shifted").isLessThan(6);
  }

  @Test
  void badFilesAreNamedWithTheProblem() throws IOException {
    Path labels = write("labels", idx(2049, new int[] {3}, new byte[] {1, 2, 3}), true);
    assertThatThrownBy(() -> Idx.readImages(labels)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(labels.toString()).hasMessageContaining("magic number 2049")
        .hasMessageContaining("swapped");
    Path junk = write("junk", new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, false);
    assertThatThrownBy(() -> Idx.readLabels(junk)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an IDX label file");
    Path truncated = write("cut", idx(2051, new int[] {2, 2, 2}, new byte[7]), true);
    assertThatThrownBy(() -> Idx.readImages(truncated)).isInstanceOf(EOFException.class)
        .hasMessageContaining(truncated.toString()).hasMessageContaining("truncated")
        .hasMessageContaining("8 bytes").hasMessageContaining("only 7");
    Path header = write("header", new byte[] {0, 0, 8, 3, 0, 0}, false);
    assertThatThrownBy(() -> Idx.readImages(header)).isInstanceOf(EOFException.class)
        .hasMessageContaining("image count");
    Path trailing = write("trailing", idx(2049, new int[] {1}, new byte[] {1, 2}), false);
    assertThatThrownBy(() -> Idx.readLabels(trailing)).isInstanceOf(IOException.class)
        .hasMessageContaining("trailing bytes");
    Path images = write("images", idx(2051, new int[] {2, 1, 1}, new byte[] {1, 2}), false);
    assertThatThrownBy(() -> Mnist.read(images, labels)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 images").hasMessageContaining("3 labels");
    Path badLabel = write("bad", idx(2049, new int[] {2}, new byte[] {1, 12}), false);
    assertThatThrownBy(() -> Mnist.read(images, badLabel)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labels[1] = 12");
  }

  @Test
  void sharedMnistSubsetHasTheDocumentedShapeSplitAndChecksums() throws Exception {
    Path images = SharedData.file("data/mnist10k-images-idx3-ubyte.gz");
    Path labels = SharedData.file("data/mnist10k-labels-idx1-ubyte.gz");
    assertThat(sha256(images)).isEqualTo("82b004595a4e99bd14b39b6948c8818feea86aed02ad78a1d5801a12512869c7");
    assertThat(sha256(labels)).isEqualTo("b632f61b395ad60652f5b4756f14dabcef2916f33ed7d19de4d460cda32e0582");
    Mnist m = Mnist.read(images, labels);
    assertThat(m.size()).isEqualTo(10_000);
    assertThat(m.images().rows()).isEqualTo(28);
    assertThat(m.images().columns()).isEqualTo(28);
    int[] train = counts(m.range(0, 8000).labels());
    int[] test = counts(m.range(8000, 10_000).labels());
    assertThat(Arrays.stream(train).min().getAsInt()).isEqualTo(686);
    assertThat(Arrays.stream(train).max().getAsInt()).isEqualTo(913);
    assertThat(Arrays.stream(test).min().getAsInt()).isEqualTo(177);
    assertThat(Arrays.stream(test).max().getAsInt()).isEqualTo(214);
    // digits are mostly dark background with a bright stroke
    Tensor first = m.images().batch(new int[] {0}, 0, null);
    assertThat(first.mean().item()).isBetween(0.05, 0.3);
    assertThat(first.toArray()).contains(1.0);
  }

  private static int[] counts(int[] labels) {
    int[] c = new int[10];
    for (int l : labels) {
      c[l]++;
    }
    return c;
  }

  private static String sha256(Path p) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }
}
