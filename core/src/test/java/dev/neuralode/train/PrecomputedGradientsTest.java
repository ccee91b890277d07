package dev.neuralode.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuralode.nn.Parameter;
import dev.neuralode.optim.Adam;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop steps with gradients an objective computed itself exactly as with its own autograd. */
class PrecomputedGradientsTest {

  private static Tensor loss(Parameter p) {
    return p.value().mul(p.value()).sum().add(p.value().sum().mul(0.5));
  }

  @Test
  void precomputedGradientsGiveTheSameStepsAsAutograd() {
    Parameter a = new Parameter("a", Tensor.vector(1.0, -2.0, 0.25));
    Parameter b = new Parameter("b", Tensor.vector(1.0, -2.0, 0.25));
    Trainer loop = new Trainer(Trainer.LoopSettings.of(20, 0.05));
    loop.run(List.of(a), new Adam(0.05), it -> Evaluation.of(loss(a)));
    loop.run(List.of(b), new Adam(0.05), it -> {
      Tensor l = loss(b);
      List<Tensor> g = Autograd.grad(l, List.of(b.value()));
      return Evaluation.ofGradients(l.item(), List.of(Tensor.of(g.get(0).toArray(), 3)), 0, 0);
    });
    assertThat(b.value().toArray()).containsExactly(a.value().toArray());
  }

  @Test
  void gradientsOfTheWrongShapeAreRejected() {
    Parameter p = new Parameter("p", Tensor.vector(1.0, 2.0));
    assertThatThrownBy(() -> new Trainer(Trainer.LoopSettings.of(1, 0.1)).run(List.of(p), new Adam(0.1),
        it -> Evaluation.ofGradients(1.0, List.of(Tensor.vector(1.0)), 0, 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape");
  }

  @Test
  void aBatchScheduleDrawsTheRowsOfShuffledBatches() {
    Tensor data = new Rng(1).normal(10, 2);
    ShuffledBatches rows = new ShuffledBatches(data, 4, new Rng(9));
    BatchSchedule idx = new BatchSchedule(10, 4, new Rng(9));
    double[] all = data.toArray();
    for (int k = 0; k < 7; k++) {
      double[] batch = rows.next().toArray();
      int[] i = idx.next();
      for (int r = 0; r < i.length; r++) {
        assertThat(batch[2 * r]).isEqualTo(all[2 * i[r]]);
        assertThat(batch[2 * r + 1]).isEqualTo(all[2 * i[r] + 1]);
      }
    }
  }
}
