package dev.neuralode.cli;

import dev.neuralode.data.Mnist;
import dev.neuralode.optim.Adam;
import dev.neuralode.optim.LrSchedule;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.NnOps;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.Evaluation;
import dev.neuralode.train.Trainer;
import dev.neuralode.train.TrainingDivergedException;
import dev.neuralode.train.TrainingListener;
import dev.neuralode.train.TrainingObjective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains one {@link MnistModels.Classifier} with Adam on shuffled minibatches (the core training
 * loop, {@link Trainer}), with a cosine learning-rate decay to zero and seeded random ±shift-pixel
 * translations, and measures its test accuracy after every epoch.
 */
final class MnistDemo {
  /**
   * The training settings.
   *
   * @param epochs passes over the training images
   * @param batch images per Adam step
   * @param lr the initial learning rate, decayed by a cosine to 0 over the run
   * @param shift the largest random translation in pixels (0: none)
   * @param seed the seed of the shuffles and shifts
   */
  record Settings(int epochs, int batch, double lr, int shift, long seed) {}

  /**
   * What a training run reached.
   *
   * @param accuracyByEpoch test accuracy (fraction) after each epoch
   * @param lossByEpoch mean training loss of each epoch
   * @param predictions the final predicted class of each test image
   * @param trainSeconds wall-clock seconds of training (test evaluations excluded)
   * @param nfeForward mean function evaluations per forward pass (0 without an ODE)
   * @param nfeBackward mean function evaluations per backward pass, as the gradient method reports them
   * @param nfeForwardTotal function evaluations of every forward pass of training
   * @param nfeBackwardTotal function evaluations of every backward pass of training
   */
  record Result(double[] accuracyByEpoch, double[] lossByEpoch, int[] predictions, double trainSeconds,
      double nfeForward, double nfeBackward, long nfeForwardTotal, long nfeBackwardTotal) {
    double accuracy() {
      return accuracyByEpoch[accuracyByEpoch.length - 1];
    }
  }

  /** Told after each step and each epoch. */
  interface Listener {
    /**
     * Told after each step.
     *
     * @param iteration the step, from 1
     * @param loss its loss
     * @param nfeForward its forward function evaluations
     * @param nfeBackward its backward function evaluations
     */
    void step(int iteration, double loss, long nfeForward, long nfeBackward);

    void epoch(int epoch, double loss, double accuracy);
  }

  private MnistDemo() {}

  /**
   * Trains and evaluates.
   *
   * @param model the classifier, trained in place
   * @param train the training digits
   * @param test the test digits
   * @param s the settings
   * @param loops the checkpointed training loops; this model is the next loop
   * @param listener progress
   * @return the figures, or null if a stop request ended training (checkpoint saved)
   */
  static Result train(MnistModels.Classifier model, Mnist train, Mnist test, Settings s, ResumableLoops loops,
      Listener listener) {
    int n = train.size();
    int perEpoch = (n + s.batch() - 1) / s.batch();
    int total = perEpoch * s.epochs();
    Rng rng = new Rng(s.seed());
    int[] labels = train.labels();
    // The loop's notes, replaced by a checkpoint's on resume: the current epoch's order, the
    // loss sums and the accuracies by epoch. Read them through the list.
    List<double[]> notes = new ArrayList<>(List.of(new double[0], new double[s.epochs()],
        new double[s.epochs()]));
    double[] evalSeconds = {0};
    int[][] predictions = {null};
    LrSchedule cosine = step -> 0.5 * s.lr() * (1 + Math.cos(Math.PI * step / total));
    TrainingObjective objective = it -> {
      int pos = it % perEpoch;
      if (pos == 0) {
        notes.set(0, Arrays.stream(rng.permutation(n)).asDoubleStream().toArray());
      }
      double[] order = notes.get(0);
      int[] idx = new int[Math.min(n, (pos + 1) * s.batch()) - pos * s.batch()];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = (int) order[pos * s.batch() + i];
      }
      int[] y = new int[idx.length];
      for (int i = 0; i < idx.length; i++) {
        y[i] = labels[idx[i]];
      }
      Tensor x = train.images().batch(idx, s.shift(), rng);
      Tensor loss = NnOps.softmaxCrossEntropy(model.logits(x), y).mean();
      return Evaluation.of(loss, model.lastNfe(), model::lastBackwardNfe);
    };
    TrainingListener progress = r -> {
      int it = r.iteration() - 1;
      int epoch = it / perEpoch;
      double[] lossSum = notes.get(1);
      double[] accuracy = notes.get(2);
      lossSum[epoch] += r.loss();
      listener.step(r.iteration(), r.loss(), r.nfeForward(), r.nfeBackward());
      if ((it + 1) % perEpoch == 0) {
        long t0 = System.nanoTime();
        predictions[0] = predict(model, test, 250);
        accuracy[epoch] = accuracy(predictions[0], test.labels());
        evalSeconds[0] += (System.nanoTime() - t0) / 1e9;
        lossSum[epoch] /= perEpoch;
        listener.epoch(epoch + 1, lossSum[epoch], accuracy[epoch]);
      }
    };
    ResumableLoops.Outcome run;
    try {
      run = loops.loop(total, cosine, model.parameters(), new Adam(s.lr()), List.of(rng), List.of(), notes,
          objective, progress);
    } catch (TrainingDivergedException e) {
      throw new CommandException(CommandException.FAILURE, "training diverged at step " + e.iteration() + " ("
          + (e.gradient() ? "non-finite gradient" : "loss " + e.loss()) + "); lower --lr (it is " + s.lr() + ")",
          null);
    }
    if (run.stopped()) {
      return null;
    }
    if (predictions[0] == null) {
      // Resumed after this model had finished: its final model predicts as it did then.
      predictions[0] = predict(model, test, 250);
    }
    ResumableLoops.State st = run.state();
    return new Result(notes.get(2).clone(), notes.get(1).clone(), predictions[0], run.seconds() - evalSeconds[0],
        (double) st.totalNfeForward() / total, (double) st.totalNfeBackward() / total, st.totalNfeForward(),
        st.totalNfeBackward());
  }

  /** The predicted class of every digit, in batches, without recording. */
  static int[] predict(MnistModels.Classifier model, Mnist data, int batch) {
    int[] out = new int[data.size()];
    try (Autograd.Scope scope = Autograd.noGrad()) {
      for (int from = 0; from < data.size(); from += batch) {
        int to = Math.min(data.size(), from + batch);
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
          idx[i] = from + i;
        }
        int[] p = NnOps.argmaxRows(model.logits(data.images().batch(idx, 0, null)));
        System.arraycopy(p, 0, out, from, p.length);
      }
    }
    return out;
  }

  static double accuracy(int[] predicted, int[] labels) {
    int right = 0;
    for (int i = 0; i < labels.length; i++) {
      right += predicted[i] == labels[i] ? 1 : 0;
    }
    return (double) right / labels.length;
  }

  /** The confusion counts [true][predicted]. */
  static int[][] confusion(int[] predicted, int[] labels) {
    int[][] c = new int[Mnist.CLASSES][Mnist.CLASSES];
    for (int i = 0; i < labels.length; i++) {
      c[labels[i]][predicted[i]]++;
    }
    return c;
  }

}
