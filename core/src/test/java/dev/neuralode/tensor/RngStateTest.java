package dev.neuralode.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Rng's draws are SplittableRandom's bits, and a restored state continues bit for bit. */
class RngStateTest {

  @Test
  void boundedIntegersArePlainSplittableRandomBits() {
    Rng rng = new Rng(7);
    SplittableRandom ref = new SplittableRandom(7);
    int[] bounds = {1, 2, 3, 7, 8, 100, 1000, 65537, Integer.MAX_VALUE, 1 << 30, 1_500_000_000};
    for (int i = 0; i < 20_000; i++) {
      int b = bounds[i % bounds.length];
      assertThat(rng.nextInt(b)).isEqualTo(ref.nextInt(b));
    }
    assertThat(rng.uniform()).isEqualTo(ref.nextDouble());
  }

  @Test
  void aRestoredGeneratorContinuesBitForBitAfterSplitsNormalsAndPermutations() {
    Rng a = new Rng(3);
    Rng child = a.split();
    a.normal(5);
    a.permutation(37);
    a.nextInt(1000);
    a.uniform(-1, 1);
    a.normal(); // leaves a spare normal
    child.permutation(11);
    Rng.State sa = a.state();
    Rng.State sc = child.state();

    Rng b = new Rng(3);
    Rng childB = b.split();
    b.restore(sa);
    childB.restore(sc);
    for (int i = 0; i < 100; i++) {
      assertThat(b.normal()).isEqualTo(a.normal());
      assertThat(b.nextInt(97)).isEqualTo(a.nextInt(97));
      assertThat(childB.uniform()).isEqualTo(child.uniform());
    }
    assertThat(b.split().uniform()).isEqualTo(a.split().uniform());
  }
}
