package dev.neuralode.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Linear;
import dev.neuralode.nn.Losses;
import dev.neuralode.nn.Mlp;
import dev.neuralode.nn.Parameter;
import dev.neuralode.optim.Adam;
import dev.neuralode.optim.CosineSchedule;
import dev.neuralode.optim.LrSchedule;
import dev.neuralode.optim.Sgd;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {
  /** y = X·w + b without noise, so that least squares recovers w and b exactly. */
  private static final double[] W = {1.5, -2.0, 0.5};
  private static final double B = 0.7;

  private static Tensor inputs(long seed) {
    return new Rng(seed).normal(64, 3);
  }

  private static Tensor targets(Tensor x) {
    double[] xs = x.toArray();
    double[] ys = new double[x.dim(0)];
    for (int i = 0; i < ys.length; i++) {
      ys[i] = B;
      for (int j = 0; j < 3; j++) {
        ys[i] += xs[i * 3 + j] * W[j];
      }
    }
    return Tensor.of(ys, ys.length, 1);
  }

  @Test
  void leastSquaresConverges() {
    Tensor x = inputs(1);
    Tensor y = targets(x);
    Linear model = new Linear(3, 1, true, new Rng(2));
    Trainer.Result r = new Trainer(Trainer.LoopSettings.of(500, 0.1)).run(model.parameters(), new Sgd(0.1, 0.9),
        it -> Evaluation.of(Losses.mse(model.forward(x), y)));
    assertThat(model.flatParameters()).containsExactly(new double[] {W[0], W[1], W[2], B}, within(1e-9));
    assertThat(r.iterations()).isEqualTo(500);
    assertThat(r.stopped()).isFalse();
  }

  @Test
  void listenersSeeEveryStepInOrder() {
    Parameter p = new Parameter("x", Tensor.vector(1.0, -2.0));
    List<StepReport> first = new ArrayList<>();
    List<StepReport> second = new ArrayList<>();
    List<String> order = new ArrayList<>();
    LrSchedule schedule = step -> 0.1 / (1 + step);
    Trainer.Result r = new Trainer(Trainer.LoopSettings.of(7, schedule)).run(List.of(p), new Adam(0.1),
        it -> Evaluation.of(p.value().square().sum(), 10 + it, () -> 100 + it).withMetric("it", it),
        rep -> {
          first.add(rep);
          order.add("a" + rep.iteration());
        },
        rep -> {
          second.add(rep);
          order.add("b" + rep.iteration());
        });
    assertThat(first).isEqualTo(second).hasSize(7);
    assertThat(order).containsExactly("a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4", "a5", "b5", "a6", "b6",
        "a7", "b7");
    for (int i = 0; i < 7; i++) {
      StepReport rep = first.get(i);
      assertThat(rep.iteration()).isEqualTo(i + 1);
      assertThat(rep.lr()).isEqualTo(schedule.lr(i));
      assertThat(rep.nfeForward()).isEqualTo(10 + i);
      assertThat(rep.nfeBackward()).isEqualTo(100 + i);
      assertThat(rep.metric("it")).isEqualTo(i);
      assertThat(rep.skipped()).isFalse();
      assertThat(rep.seconds()).isGreaterThanOrEqualTo(0);
    }
    assertThat(first.get(6).loss()).isLessThan(first.get(0).loss());
    assertThat(r.nfeForward()).isEqualTo(7 * 10 + 21);
    assertThat(r.nfeBackward()).isEqualTo(7 * 100 + 21);
  }

  @Test
  void stopRequestIsHonouredAfterTheStep() {
    Parameter p = new Parameter("x", Tensor.vector(3.0));
    Adam adam = new Adam(0.1);
    TrainingHistory history = new TrainingHistory();
    TrainingListener stopAtThree = new TrainingListener() {
      private boolean stop;

      @Override
      public void onStep(StepReport report) {
        stop = report.iteration() == 3;
      }

      @Override
      public boolean stopRequested() {
        return stop;
      }
    };
    Trainer.Result r = new Trainer(Trainer.LoopSettings.of(100, 0.1)).run(List.of(p), adam,
        it -> Evaluation.of(p.value().square().sum()), stopAtThree, history);
    assertThat(r.iterations()).isEqualTo(3);
    assertThat(r.stopped()).isTrue();
    assertThat(adam.steps()).isEqualTo(3);
    assertThat(history.reports()).hasSize(3);
    assertThat(history.losses()).hasSize(3);
  }

  @Test
  void loopWithAdamEqualsHandWrittenLoopBitForBit() {
    Tensor x = inputs(3);
    Tensor y = targets(x).mul(0.1).tanh();
    Mlp looped = new Mlp(3, new int[] {8, 8}, 1, Activation.TANH, false, new Rng(4));
    Mlp byHand = new Mlp(3, new int[] {8, 8}, 1, Activation.TANH, false, new Rng(4));
    int iters = 60;
    LrSchedule schedule = new CosineSchedule(0.02, iters, 2e-4);
    // restart the optimizer at iteration 20 and 45, as a curriculum does
    Trainer.LoopSettings settings = Trainer.LoopSettings.of(iters, schedule).withRestarts(it -> it == 20 || it == 45);
    TrainingHistory history = new TrainingHistory();
    new Trainer(settings).run(looped.parameters(), new Adam(0.02, 0.9, 0.999, 1e-8, 1e-4),
        it -> Evaluation.of(Losses.mse(looped.forward(x), y)), history);

    double[] losses = new double[iters];
    Adam adam = null;
    for (int it = 0; it < iters; it++) {
      if (it == 0 || it == 20 || it == 45) {
        adam = new Adam(0.02, 0.9, 0.999, 1e-8, 1e-4);
      }
      List<Tensor> values = byHand.parameterValues();
      Tensor loss = Losses.mse(byHand.forward(x), y);
      List<Tensor> grads = Autograd.grad(loss, values);
      List<Tensor> updated = adam.step(values, grads, schedule.lr(it));
      for (int i = 0; i < updated.size(); i++) {
        byHand.parameters().get(i).set(updated.get(i));
      }
      losses[it] = loss.item();
    }
    assertThat(looped.flatParameters()).containsExactly(byHand.flatParameters());
    assertThat(history.losses()).containsExactly(losses);
  }

  @Test
  void skippedIterationTakesNoStep() {
    Parameter p = new Parameter("x", Tensor.vector(3.0));
    Sgd sgd = new Sgd(0.25);
    TrainingHistory history = new TrainingHistory();
    new Trainer(Trainer.LoopSettings.of(3, 0.25)).run(List.of(p), sgd,
        it -> it == 1 ? Evaluation.skip() : Evaluation.of(p.value().square().sum()), history);
    // two steps x ← x − 0.25·2x = x/2
    assertThat(p.value().item()).isEqualTo(0.75);
    assertThat(sgd.steps()).isEqualTo(2);
    StepReport skipped = history.reports().get(1);
    assertThat(skipped.skipped()).isTrue();
    assertThat(skipped.loss()).isNaN();
    assertThat(skipped.iteration()).isEqualTo(2);
  }

  @Test
  void nonFiniteLossOrGradientStopsWithDivergence() {
    Parameter p = new Parameter("x", Tensor.vector(1.0));
    assertThatThrownBy(() -> new Trainer(Trainer.LoopSettings.of(5, 0.1)).run(List.of(p), new Adam(0.1),
        it -> Evaluation.of(it == 2 ? p.value().mul(Double.NaN).sum() : p.value().square().sum())))
        .isInstanceOf(TrainingDivergedException.class).hasMessageContaining("iteration 3")
        .hasMessageContaining("loss NaN")
        .satisfies(e -> assertThat(((TrainingDivergedException) e).gradient()).isFalse());
    double before = p.value().item();
    Parameter zero = new Parameter("z", Tensor.vector(0.0));
    // d√z/dz is infinite at 0 while the loss is finite
    assertThatThrownBy(() -> new Trainer(Trainer.LoopSettings.of(5, 0.1)).run(List.of(zero), new Adam(0.1),
        it -> Evaluation.of(zero.value().sqrt().sum())))
        .isInstanceOf(TrainingDivergedException.class).hasMessageContaining("iteration 1")
        .hasMessageContaining("non-finite gradient")
        .satisfies(e -> assertThat(((TrainingDivergedException) e).gradient()).isTrue());
    assertThat(zero.value().item()).isEqualTo(0.0);
    assertThat(before).isLessThan(1.0);
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> Trainer.LoopSettings.of(0, 0.1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("iterations=0");
    assertThatThrownBy(() -> new Trainer(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("settings");
    Parameter p = new Parameter("x", Tensor.vector(1.0));
    Trainer t = new Trainer(Trainer.LoopSettings.of(1, 0.1));
    assertThatThrownBy(() -> t.run(List.of(p), null, it -> Evaluation.of(p.value().sum())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("optimizer=null");
    assertThatThrownBy(() -> t.run(List.of(p), new Adam(0.1), it -> null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("returned null");
    assertThat(Evaluation.of(p.value()).skipped()).isFalse();
    assertThatThrownBy(() -> Evaluation.of(Tensor.vector(1, 2))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scalar");
  }
}
