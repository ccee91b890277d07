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
  void augmentedClassifierAndLatentOdeGiveFiniteLosses() {
    AugmentedAndLatent.Losses l = AugmentedAndLatent.run();
    // an untrained classifier is near chance: log 2 ≈ 0.693 nats of binary cross-entropy
    assertThat(l.classification()).isBetween(0.3, 1.5);
    assertThat(l.negativeElbo()).isFinite().isPositive();
    assertThat(AugmentedAndLatent.run()).as("same seeds, same bits").isEqualTo(l);
  }
}
