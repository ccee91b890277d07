package dev.neuralode.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.ode.OdeResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every example with small settings and checks what it claims. */
class ExamplesTest {

  @Test
  void fitYourOwnArraysLearns() {
    double before = FitYourOwnArrays.fit(0);
    double after = FitYourOwnArrays.fit(40);
    assertThat(after).isLessThan(before / 5);
    assertThat(FitYourOwnArrays.fitWithTrainer(40)).isEqualTo(after);
  }

  @Test
  void solveWithEventsStopsAtTheLandingAndBounces() {
    OdeResult drop = SolveWithEvents.drop();
    double landing = Math.sqrt(2 * 10 / 9.81);
    assertThat(drop.status()).isEqualTo(OdeResult.Status.TERMINATED_BY_EVENT);
    assertThat(drop.events()).hasSize(1);
    assertThat(drop.events().get(0).t()).isCloseTo(landing, within(1e-6));
    assertThat(drop.events().get(0).y().toArray()[1]).isCloseTo(-9.81 * landing, within(1e-5));
    assertThat(drop.t()[drop.t().length - 1]).isLessThanOrEqualTo(landing);
    OdeResult bounce = SolveWithEvents.bounce();
    assertThat(bounce.events()).hasSize(2);
    assertThat(bounce.events().get(0).t()).isCloseTo(landing, within(1e-6));
    // second landing: up and down again at 0.8 × the landing speed takes 2 × 0.8 × landing
    assertThat(bounce.events().get(1).t()).isCloseTo(landing * (1 + 1.6), within(1e-5));
    SolveWithEvents.main(new String[0]);
  }

  @Test
  void trainCnfImprovesTheLikelihood() {
    TrainCnf.Result r = TrainCnf.train(8, 16);
    assertThat(r.trainedNll()).isLessThan(r.untrainedNll() - 0.1);
    assertThat(r.samples().shape()).containsExactly(1000, 2);
  }

  @Test
  void aSavedModelLoadsBitForBit(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("model.properties");
    assertThat(SaveAndLoadModel.roundTrip(file, 3)).isZero();
    assertThat(file).exists();
  }

  @Test
  void theExampleWritesUnderTheWorkingDirectoryOrWhereItIsTold(@TempDir Path dir) throws Exception {
    // walkthrough 2, finding 22: nothing is written outside the working directory by default
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    Path used = SaveAndLoadModel.run(new String[0], new java.io.PrintStream(bytes, true, "UTF-8"), dir);
    assertThat(used).isEqualTo(dir.resolve("runs/model.properties")).exists();
    assertThat(bytes.toString("UTF-8")).startsWith("saved to " + used).contains("differs by 0.0");
    Path kept = dir.resolve("kept.properties");
    SaveAndLoadModel.run(new String[] {kept.toString()}, new java.io.PrintStream(bytes, true, "UTF-8"));
    assertThat(kept).exists();
  }

  @Test
  void classifyDigitsLearnsAFewDigitsFromIdxFiles(@TempDir Path dir) throws Exception {
    // four 28×28 "digits" (a bright bar at a different place each) and their classes, in IDX
    int n = 4;
    java.io.ByteArrayOutputStream images = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(images);
    out.writeInt(2051);
    out.writeInt(n);
    out.writeInt(28);
    out.writeInt(28);
    for (int k = 0; k < n; k++) {
      for (int r = 0; r < 28; r++) {
        for (int c = 0; c < 28; c++) {
          boolean bar = k % 2 == 0 ? r / 7 == k / 2 + 1 : c / 7 == k / 2 + 1;
          out.writeByte(bar ? 255 : 0);
        }
      }
    }
    Path imageFile = dir.resolve("images-idx3-ubyte");
    java.nio.file.Files.write(imageFile, images.toByteArray());
    java.io.ByteArrayOutputStream labels = new java.io.ByteArrayOutputStream();
    out = new java.io.DataOutputStream(labels);
    out.writeInt(2049);
    out.writeInt(n);
    for (int k = 0; k < n; k++) {
      out.writeByte(3 * k % 10);
    }
    Path labelFile = dir.resolve("labels-idx1-ubyte");
    java.nio.file.Files.write(labelFile, labels.toByteArray());

    double[] losses = ClassifyDigits.train(imageFile, labelFile, n, 25);
    // untrained: about log 10 = 2.3 nats; 25 steps start to tell the four bars apart (2.2 -> 1.4)
    assertThat(losses[0]).isBetween(1.5, 3.5);
    double late = (losses[22] + losses[23] + losses[24]) / 3;
    assertThat(late).isLessThan(0.75 * losses[0]);
    assertThat(ClassifyDigits.train(imageFile, labelFile, n, 25)).as("seeded").containsExactly(losses);
    assertThat(ClassifyDigits.run(new String[] {imageFile.toString(), labelFile.toString() + ".missing"}))
        .as("a missing file exits 2").isEqualTo(2);
    assertThat(ClassifyDigits.run(new String[] {"--help"})).isZero();
  }

  @Test
  void augmentedClassifierAndLatentOdeGiveFiniteLosses() {
    AugmentedAndLatent.Losses l = AugmentedAndLatent.run();
    // an untrained classifier is near chance: log 2 ≈ 0.693 nats of binary cross-entropy
    assertThat(l.classification()).isBetween(0.3, 1.5);
    assertThat(l.negativeElbo()).isFinite().isPositive();
    assertThat(AugmentedAndLatent.run()).as("same seeds, same bits").isEqualTo(l);
  }
}
