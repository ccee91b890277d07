package dev.neuralode.examples;

// README:begin imports
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
// README:end imports

/**
 * Fits a Neural ODE, dz/dt = MLP(z), to your own arrays: times {@code t[i]} and states {@code
 * y[i]}. Here the arrays are a damped spiral, z(t) = 2·e^(−0.1t)·(cos t, sin t); replace them with
 * yours. This is the README's first Java snippet.
 */
public final class FitYourOwnArrays {
  private FitYourOwnArrays() {}

  /**
   * The example's times: 20 over [0, 4].
   *
   * @return {@code t}, increasing
   */
  static double[] times() {
    int n = 20;
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = 4.0 * i / (n - 1);
    }
    return t;
  }

  /**
   * The example's states: the spiral at each time.
   *
   * @param t the times
   * @return {@code y[i]} = the state {x, y} at {@code t[i]}, {@code double[T][2]}
   */
  static double[][] states(double[] t) {
    double[][] y = new double[t.length][];
    for (int i = 0; i < t.length; i++) {
      double r = 2 * Math.exp(-0.1 * t[i]);
      y[i] = new double[] {r * Math.cos(t[i]), r * Math.sin(t[i])};
    }
    return y;
  }

  /**
   * Trains with the hand-written loop of the README.
   *
   * @param iterations the number of Adam steps
   * @return the mean squared error at the data times after training
   */
  public static double fit(int iterations) {
    double[] t = times();                // your times, increasing
    double[][] y = states(t);            // your states: y[i] = {y1, y2} at t[i]
    // README:begin fit
    Tensor z0 = Tensor.matrix(new double[][] {y[0]});             // [batch = 1, dim = 2]: the first state
    Tensor observed = Tensor.matrix(y).reshape(t.length, 1, 2);   // [T, batch = 1, dim = 2]
    Mlp f = Mlp.builder(2, 2).hidden(16, 16).activation(Activation.ELU).seed(0).build();
    NeuralOde node = new NeuralOde(f, Solver.defaults(), Sensitivity.backsolveAdjoint());
    ParameterOptimizer opt = new ParameterOptimizer(f.parameters(), Adam.builder().lr(0.01).build());
    for (int it = 0; it < iterations; it++) {
      Tensor zs = node.forward(z0, t);                     // [T, batch, dim]
      Tensor loss = Losses.mse(zs, observed);
      opt.step(loss);      // gradients at the parameters' current values; Adam keeps its state
    }
    // README:end fit
    return Autograd.withoutGrad(() -> Losses.mse(node.forward(z0, t), observed).item());
  }

  /**
   * Trains with {@link Trainer}, the library's loop (schedules, restarts, listeners).
   *
   * @param iterations the number of Adam steps
   * @return the mean squared error at the data times after training
   */
  public static double fitWithTrainer(int iterations) {
    double[] t = times();
    double[][] y = states(t);
    Tensor z0 = Tensor.matrix(new double[][] {y[0]});
    Tensor observed = Tensor.matrix(y).reshape(t.length, 1, 2);
    Mlp f = Mlp.builder(2, 2).hidden(16, 16).activation(Activation.ELU).seed(0).build();
    NeuralOde node = new NeuralOde(f, Solver.defaults(), Sensitivity.backsolveAdjoint());
    // README:begin trainer
    new Trainer(Trainer.LoopSettings.of(iterations, 0.01)).run(f.parameters(), new Adam(0.01),
        it -> Evaluation.of(Losses.mse(node.forward(z0, t), observed)),
        r -> System.err.println(r.iteration() + " " + r.loss()));
    // README:end trainer
    return Autograd.withoutGrad(() -> Losses.mse(node.forward(z0, t), observed).item());
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
