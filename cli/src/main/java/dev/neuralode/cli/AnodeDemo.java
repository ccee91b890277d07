package dev.neuralode.cli;

import dev.neuralode.data.NestedAnnuli;
import dev.neuralode.nn.Activation;
import dev.neuralode.nn.AugmentedOde;
import dev.neuralode.nn.Losses;
import dev.neuralode.nn.Mlp;
import dev.neuralode.nn.NeuralOde;
import dev.neuralode.nn.OdeClassifier;
import dev.neuralode.ode.Solver;
import dev.neuralode.optim.Adam;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.sensitivity.SensitivityResult;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.Evaluation;
import dev.neuralode.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;

/**
 * The numerics of {@code neuralode demo anode}: Dupont, Doucet &amp; Teh's nested annuli (2019, §4)
 * classified by a plain Neural ODE and by augmented ones, each an ODE block on ℝ²⁺ᴷ (an MLP
 * (2+K)-W-W-(2+K) with ReLU, time-independent, as their {@code ODEFunc}) from t = 0 to 1 followed by a
 * linear read-out that regresses the ±1 label (squared error, the paper's regression set-up for this
 * data), trained on minibatches with Adam on the core training loop; a point is classified by the
 * sign of the read-out.
 */
final class AnodeDemo {
  /** Inner and outer points of the data set, as in the paper's 2-D experiment. */
  static final int INNER = 500;
  static final int OUTER = 1500;

  /**
   * Settings shared by every model.
   *
   * @param iterations Adam steps
   * @param lr the learning rate
   * @param width the hidden width of the dynamics
   * @param seed the seed of the data and of every model's weights
   * @param solver the ODE solver
   * @param sensitivity the gradient mode
   * @param batch the minibatch size
   */
  record Settings(int iterations, double lr, int width, int batch, long seed, Solver solver,
      Sensitivity sensitivity) {}

  /**
   * One trained model.
   *
   * @param label its name in the summary and the pictures
   * @param augment K
   * @param model the trained classifier
   * @param accuracy the training accuracy after training
   * @param finalLoss the full-batch loss after training
   * @param meanNfe the mean NFE per forward solve during training
   * @param lastNfe the NFE of the last training solve
   * @param losses the loss of every iteration
   * @param accuracyHistory {iteration, training accuracy} every {@link #ACCURACY_EVERY} iterations
   * @param seconds the training time, accuracy measurements included
   * @param nfeForwardTotal function evaluations of every training forward pass
   * @param nfeBackwardTotal function evaluations of every training backward pass
   */
  record Trained(String label, int augment, OdeClassifier model, double accuracy, double finalLoss, double meanNfe,
      long lastNfe, double[] losses, List<double[]> accuracyHistory, double seconds, long nfeForwardTotal,
      long nfeBackwardTotal) {}

  /** Iterations between two accuracy measurements of the history. */
  static final int ACCURACY_EVERY = 25;

  private AnodeDemo() {}

  /** The classifier for K extra dimensions; the weights are drawn from the seed alone. */
  static OdeClassifier classifier(int augment, Settings s) {
    Rng rng = new Rng(s.seed() * 1_000_003L + 17 + augment);
    int dim = 2 + augment;
    NeuralOde ode = new NeuralOde(new Mlp(dim, new int[] {s.width(), s.width()}, dim, Activation.RELU, false, rng),
        s.solver(), s.sensitivity());
    return new OdeClassifier(new AugmentedOde(ode, 2, augment), 1, 1.0, rng);
  }

  /** The data as a tensor {@code [n, 2]}. */
  static Tensor inputs(NestedAnnuli data) {
    double[] flat = new double[data.size() * 2];
    for (int i = 0; i < data.size(); i++) {
      flat[2 * i] = data.points()[i][0];
      flat[2 * i + 1] = data.points()[i][1];
    }
    return Tensor.of(flat, data.size(), 2);
  }

  /**
   * Trains the classifier with K extra dimensions, as the next loop of {@code loops}.
   *
   * @return the trained model, or null if a stop request ended training (checkpoint saved)
   */
  static Trained train(String label, int augment, NestedAnnuli data, Settings s, ResumableLoops loops,
      TrainingListener progress) {
    OdeClassifier model = classifier(augment, s);
    double[] y = data.labels();
    Tensor xy = Tensor.concat(1, inputs(data), Tensor.of(y.clone(), y.length, 1));
    Rng batchRng = new Rng(s.seed() * 31 + 7);
    dev.neuralode.train.ShuffledBatches batches = new dev.neuralode.train.ShuffledBatches(xy,
        Math.min(s.batch(), y.length), batchRng);
    List<double[]> accuracies = new ArrayList<>();
    ResumableLoops.Outcome run = loops.loop(s.iterations(), dev.neuralode.optim.LrSchedule.constant(s.lr()),
        model.parameters(), new Adam(s.lr()), List.of(batchRng), List.of(batches), accuracies, it -> {
          Tensor b = batches.next();
          OdeClassifier.Output out = model.forward(b.slice(1, 0, 2));
          SensitivityResult r = out.solve();
          return Evaluation.of(loss(out.logits(), b.slice(1, 2, 3).toArray()), r.forward().nfe(),
              () -> r.stats().backward().nfe());
        }, report -> {
          if (report.iteration() % ACCURACY_EVERY == 0 || report.iteration() == s.iterations()) {
            accuracies.add(new double[] {report.iteration(), accuracy(model, data)});
          }
        }, progress);
    if (run.stopped()) {
      return null;
    }
    double loss;
    try (Autograd.Scope g = Autograd.noGrad()) {
      loss = loss(model.forward(inputs(data)).logits(), y).item();
    }
    ResumableLoops.State st = run.state();
    return new Trained(label, augment, model, accuracy(model, data), loss,
        st.totalNfeForward() / (double) s.iterations(), st.nfeForward()[s.iterations() - 1],
        st.losses(), List.copyOf(accuracies), run.seconds(), st.totalNfeForward(), st.totalNfeBackward());
  }

  /** The squared error of the read-out against the ±1 labels. */
  static Tensor loss(Tensor logits, double[] y) {
    return Losses.mse(logits.reshape(y.length), Tensor.of(y.clone(), y.length));
  }

  /** The fraction of points whose read-out has the sign of their label. */
  static double accuracy(OdeClassifier model, NestedAnnuli data) {
    double[] lg;
    try (Autograd.Scope g = Autograd.noGrad()) {
      lg = model.forward(inputs(data)).logits().toArray();
    }
    int ok = 0;
    for (int i = 0; i < lg.length; i++) {
      ok += (lg[i] > 0 ? 1.0 : -1.0) == data.labels()[i] ? 1 : 0;
    }
    return ok / (double) lg.length;
  }
}
