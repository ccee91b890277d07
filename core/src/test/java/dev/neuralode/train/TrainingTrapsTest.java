package dev.neuralode.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Losses;
import dev.neuralode.nn.Mlp;
import dev.neuralode.nn.NeuralOde;
import dev.neuralode.ode.Solver;
import dev.neuralode.optim.Adam;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's two silent traps, written as a PyTorch user would write them: an optimizer created
 * inside the loop (its state lost every step) and parameter values cached before the loop (every
 * gradient zero). Both now fail on the step where they go wrong, with a message saying what to do,
 * and the loop written the documented way reaches the same loss as the {@link Trainer}.
 */
class TrainingTrapsTest {
  private static final int STEPS = 150;
  private static final double[] T = {0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0};

  /** Observations of dz/dt = z·Aᵀ, A = [[-0.1, -1], [1, -0.1]], from z0 = [2, 0]. */
  private static Tensor observed() {
    double[][][] z = new double[T.length][1][2];
    for (int i = 0; i < T.length; i++) {
      double r = 2 * Math.exp(-0.1 * T[i]);
      z[i][0][0] = r * Math.cos(T[i]);
      z[i][0][1] = r * Math.sin(T[i]);
    }
    double[] flat = new double[T.length * 2];
    for (int i = 0; i < T.length; i++) {
      flat[2 * i] = z[i][0][0];
      flat[2 * i + 1] = z[i][0][1];
    }
    return Tensor.of(flat, T.length, 1, 2);
  }

  private static final Tensor Z0 = Tensor.matrix(new double[][] {{2, 0}});

  private static Mlp model() {
    return Mlp.builder(2, 2).hidden(16).activation(Activation.TANH).seed(3).build();
  }

  private static NeuralOde node(Mlp f) {
    return new NeuralOde(f, Solver.fixed("rk4", 0.25), Sensitivity.direct());
  }

  private static double mse(NeuralOde node) {
    try (Autograd.Scope s = Autograd.noGrad()) {
      return Losses.mse(node.forward(Z0, T), observed()).item();
    }
  }

  /** The documented loop: an optimizer bound to the parameters, created once. */
  private static double correctLoop() {
    Mlp f = model();
    NeuralOde node = node(f);
    Tensor observed = observed();
    ParameterOptimizer opt = new ParameterOptimizer(f.parameters(), Adam.builder().lr(0.01).build());
    for (int it = 0; it < STEPS; it++) {
      opt.step(Losses.mse(node.forward(Z0, T), observed));
    }
    assertThat(opt.steps()).isEqualTo(STEPS);
    return mse(node);
  }

  @Test
  void theDocumentedLoopMatchesTheTrainerAndLearns() {
    double initial = mse(node(model()));
    double correct = correctLoop();

    Mlp f = model();
    NeuralOde node = node(f);
    Tensor observed = observed();
    new Trainer(Trainer.LoopSettings.of(STEPS, 0.01)).run(f.parameters(), new Adam(0.01),
        it -> Evaluation.of(Losses.mse(node.forward(Z0, T), observed)));
    assertThat(mse(node)).isEqualTo(correct);
    assertThat(correct).isLessThan(initial / 20);
  }

  /** Trap 1: {@code opt = Adam(...)} inside the loop. The second step fails and says why. */
  @Test
  void anOptimizerCreatedEveryStepFailsLoudly() {
    Mlp f = model();
    NeuralOde node = node(f);
    Tensor observed = observed();
    int[] done = {0};
    assertThatThrownBy(() -> {
      for (int it = 0; it < STEPS; it++) {
        ParameterOptimizer opt = new ParameterOptimizer(f.parameters(), new Adam(0.01));
        opt.step(Losses.mse(node.forward(Z0, T), observed));
        done[0]++;
      }
    }).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a new optimizer every step loses its state")
        .hasMessageContaining("Create the optimizer once, before the loop");
    assertThat(done[0]).isEqualTo(1);
  }

  /** Trap 1 with the tensor-level optimizer through a ParameterSet: fails the same way. */
  @Test
  void aFreshTensorOptimizerEveryStepFailsLoudly() {
    Mlp f = model();
    NeuralOde node = node(f);
    Tensor observed = observed();
    ParameterSet params = new ParameterSet(f.parameters());
    assertThatThrownBy(() -> {
      for (int it = 0; it < STEPS; it++) {
        List<Tensor> grads = params.gradients(Losses.mse(node.forward(Z0, T), observed));
        params.step(new Adam(0.01), grads, 0.01);
      }
    }).isInstanceOf(IllegalStateException.class).hasMessageContaining("Create the optimizer once");
  }

  /** Trap 2: {@code params = list(f.parameters())} values cached once, then differentiated. */
  @Test
  void cachedParameterValuesFailLoudlyInsteadOfGivingZeroGradients() {
    Mlp f = model();
    NeuralOde node = node(f);
    Tensor observed = observed();
    ParameterOptimizer opt = new ParameterOptimizer(f.parameters(), new Adam(0.01));
    List<Tensor> cached = f.parameterValues();
    int[] done = {0};
    assertThatThrownBy(() -> {
      for (int it = 0; it < STEPS; it++) {
        Tensor loss = Losses.mse(node.forward(Z0, T), observed);
        List<Tensor> grads = Autograd.grad(loss, cached);
        opt.step(grads);
        done[0]++;
      }
    }).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("every gradient would be zero")
        .hasMessageContaining("ParameterOptimizer.gradients(loss)");
    assertThat(done[0]).isEqualTo(1);
  }

  /** The fixes of both traps, as one would write them after reading the messages: the right answer. */
  @Test
  void theFixedLoopsGiveTheRightAnswer() {
    double correct = correctLoop();
    Mlp f = model();
    NeuralOde node = node(f);
    Tensor observed = observed();
    ParameterOptimizer opt = new ParameterOptimizer(f.parameters(), new Adam(0.01));
    for (int it = 0; it < STEPS; it++) {
      Tensor loss = Losses.mse(node.forward(Z0, T), observed);
      List<Tensor> grads = Autograd.grad(loss, f.parameterValues());   // read afresh every step
      opt.step(grads);
    }
    assertThat(mse(node)).isEqualTo(correct);
  }

  /**
   * What the trap cost: the same loop with a fresh Adam every step (only possible now by writing the
   * values back by hand with Parameter.set) ends far above the correct loop, as issue 13 measured.
   */
  @Test
  void losingAdamsStateEveryStepIsMuchWorse() {
    double correct = correctLoop();
    Mlp f = model();
    NeuralOde node = node(f);
    Tensor observed = observed();
    for (int it = 0; it < STEPS; it++) {
      List<Tensor> values = f.parameterValues();
      List<Tensor> grads = Autograd.grad(Losses.mse(node.forward(Z0, T), observed), values);
      List<Tensor> next = new Adam(0.01).step(values, grads);
      for (int i = 0; i < next.size(); i++) {
        f.parameters().get(i).set(next.get(i));
      }
    }
    assertThat(mse(node)).isGreaterThan(2 * correct);
  }
}
