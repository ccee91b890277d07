package dev.neuralode.examples;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Losses;
import dev.neuralode.nn.Mlp;
import dev.neuralode.nn.NeuralOde;
import dev.neuralode.ode.Solver;
import dev.neuralode.optim.Adam;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.Evaluation;
import dev.neuralode.train.ParameterOptimizer;
import dev.neuralode.train.Trainer;

/**
 * Fits a Neural ODE, dz/dt = MLP(z), to your own arrays: times {@code t[i]} and states {@code
 * y[i]}. Here the arrays are a damped spiral, z(t) = 2·e^(−0.1t)·(cos t, sin t); replace them with
 * yours. This is the README's first Java snippet.
 */
public final class FitYourOwnArrays {
  private FitYourOwnArrays() {}

  /**
   * The example's arrays: 20 times over [0, 4] and the spiral's states there.
   *
   * @return {@code {t, y}} with y as {@code double[20][2]} flattened row by row
   */
  static double[][] spiral() {
    int n = 20;
    double[] t = new double[n];
    double[] y = new double[2 * n];
    for (int i = 0; i < n; i++) {
      t[i] = 4.0 * i / (n - 1);
      double r = 2 * Math.exp(-0.1 * t[i]);
      y[2 * i] = r * Math.cos(t[i]);
      y[2 * i + 1] = r * Math.sin(t[i]);
    }
    return new double[][] {t, y};
  }

  /**
   * Trains with the hand-written loop of the README.
   *
   * @param iterations the number of Adam steps
   * @return the mean squared error at the data times after training
   */
  public static double fit(int iterations) {
    double[][] data = spiral();
    double[] t = data[0];
    Tensor z0 = Tensor.of(new double[] {data[1][0], data[1][1]}, 1, 2);   // [batch = 1, dim = 2]
    Tensor observed = Tensor.of(data[1], t.length, 1, 2);                  // [T, batch, dim]
    // README:begin fit
    Mlp f = Mlp.builder(2, 2).hidden(16, 16).activation(Activation.ELU).seed(0).build();
    NeuralOde node = new NeuralOde(f, Solver.defaults(), Sensitivity.backsolveAdjoint());
    ParameterOptimizer opt = new ParameterOptimizer(f.parameters(), Adam.builder().lr(0.01).build());
    for (int it = 0; it < iterations; it++) {
      Tensor zs = node.forward(z0, t);                     // [T, batch, dim]
      Tensor loss = Losses.mse(zs, observed);
      opt.step(loss);      // gradients at the parameters' current values; Adam keeps its state
    }
    // README:end fit
    try (Autograd.Scope s = Autograd.noGrad()) {
      return Losses.mse(node.forward(z0, t), observed).item();
    }
  }

  /**
   * Trains with {@link Trainer}, the library's loop (schedules, restarts, listeners).
   *
   * @param iterations the number of Adam steps
   * @return the mean squared error at the data times after training
   */
  public static double fitWithTrainer(int iterations) {
    double[][] data = spiral();
    double[] t = data[0];
    Tensor z0 = Tensor.of(new double[] {data[1][0], data[1][1]}, 1, 2);
    Tensor observed = Tensor.of(data[1], t.length, 1, 2);
    Mlp f = Mlp.builder(2, 2).hidden(16, 16).activation(Activation.ELU).seed(0).build();
    NeuralOde node = new NeuralOde(f, Solver.defaults(), Sensitivity.backsolveAdjoint());
    // README:begin trainer
    new Trainer(Trainer.LoopSettings.of(iterations, 0.01)).run(f.parameters(), new Adam(0.01),
        it -> Evaluation.of(Losses.mse(node.forward(z0, t), observed)),
        r -> System.err.println(r.iteration() + " " + r.loss()));
    // README:end trainer
    try (Autograd.Scope s = Autograd.noGrad()) {
      return Losses.mse(node.forward(z0, t), observed).item();
    }
  }

  /**
   * Runs the example.
   *
   * @param args the number of iterations (default 300)
   */
  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    System.out.printf("MSE after %d steps: %.3g%n", iterations, fit(iterations));
  }
}
