package dev.neuralode.cli;

import dev.neuralode.data.Mnist;
import dev.neuralode.io.Csv;
import dev.neuralode.io.InputException;
import dev.neuralode.ode.Method;
import dev.neuralode.ode.Methods;
import dev.neuralode.ode.Solver;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.plot.ConfusionPlot;
import dev.neuralode.plot.ImageGrid;
import dev.neuralode.plot.LossPlot;
import dev.neuralode.tensor.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code neuralode demo mnist}: the ODE-Net of Chen et al. 2018 (§7) against a ResNet with the same
 * stem and head, trained on the first digits of the shared 10,000-digit MNIST subset and tested on
 * the last; writes {@code summary.json}, {@code accuracy.csv}, {@code accuracy.png},
 * {@code confusion.png} and {@code misclassified.png}.
 */
final class MnistCommand {
  static final String IMAGES = "mnist10k-images-idx3-ubyte.gz";
  static final String LABELS = "mnist10k-labels-idx1-ubyte.gz";
  private static final int MISCLASSIFIED_SHOWN = 40;
  /** rtol and atol of an adaptive method: loose, as classification needs no accurate trajectory. */
  static final double ADAPTIVE_TOL = 1e-3;

  private MnistCommand() {}

  /** The options shared with the other demos, as resolved for mnist. */
  record Common(long seed, double lr, String method, String gradient, Path out, boolean quiet) {}

  /**
   * Trains both models and writes the output set.
   *
   * @param c the shared options as resolved for mnist
   * @param o the mnist options
   * @param dir the staging directory to write into
   * @param spec the running command's spec, for status lines and progress
   * @param resumed the steps a checkpoint has done, for progress
   * @param loops the checkpointed training loops
   * @return 0, or {@link Interrupts#EXIT_STATUS} if stopped (checkpoint saved)
   */
  static int run(Common c, MnistOptions o, Path dir, picocli.CommandLine.Model.CommandSpec spec, long resumed,
      ResumableLoops loops) throws IOException {
    long start = System.nanoTime();
    o.check();
    if (!(c.lr() > 0) || !Double.isFinite(c.lr())) {
      throw new IllegalArgumentException("--lr must be a positive number; got " + c.lr());
    }
    Sensitivity sensitivity = CommandSupport.option("--gradient", () -> Sensitivity.parse(c.gradient()));
    Method method = CommandSupport.option("--method", () -> Methods.byName(c.method()));
    // fixed-step methods take --steps equal steps over [0, 1]; adaptive ones a loose tolerance
    Solver solver = method.adaptive() ? Solver.builder().method(method).rtol(ADAPTIVE_TOL).atol(ADAPTIVE_TOL).build()
        : Solver.fixed(method.name(), 1.0 / o.steps);
    Mnist all = read(o.data);
    if (o.trainSize + o.testSize > all.size()) {
      throw new IllegalArgumentException("--train-size + --test-size = " + (o.trainSize + o.testSize)
          + " exceeds the " + all.size() + " digits in " + o.data + "; lower them");
    }
    Mnist train = all.range(0, o.trainSize);
    Mnist test = all.range(all.size() - o.testSize, all.size());
    int groups = o.width / 4;
    MnistDemo.Settings s = new MnistDemo.Settings(o.epochs, o.batchSize, c.lr(), o.shift, c.seed());

    MnistModels.OdeNet odeNet = new MnistModels.OdeNet(o.width, groups, solver, sensitivity, new Rng(c.seed()));
    long perModel = (long) s.epochs() * ((train.size() + s.batch() - 1) / s.batch());
    MnistDemo.Result ode;
    MnistDemo.Result res;
    MnistModels.ResNet resNet;
    // one progress for the run: lines count each model's own iterations, as demo latent's and anode's do
    try (Progress progress = Progress.start(spec.qualifiedName() + " mnist", 2 * perModel, c.quiet(),
        spec.commandLine().getErr()).resumeAt(resumed)) {
      progress.stage("model 1/2 (ODE-Net)", 0, perModel);
      ode = train("ODE-Net", odeNet, train, test, s, c.quiet(), spec, progress, loops);
      if (ode == null) {
        return Interrupts.EXIT_STATUS;
      }
      resNet = new MnistModels.ResNet(o.width, groups, o.resnetBlocks, new Rng(c.seed()));
      progress.stage("model 2/2 (ResNet)", perModel, perModel);
      res = train("ResNet", resNet, train, test, s, c.quiet(), spec, progress, loops);
      if (res == null) {
        return Interrupts.EXIT_STATUS;
      }
    }

    int[] labels = test.labels();
    List<String> files = writePictures(dir, test, labels, ode, res);
    double[] epochs = new double[o.epochs];
    for (int e = 0; e < o.epochs; e++) {
      epochs[e] = e + 1;
    }
    Csv.writeColumns(dir.resolve("accuracy.csv"), List.of("epoch", "odenet_test_accuracy", "resnet_test_accuracy",
        "odenet_train_loss", "resnet_train_loss"), java.util.Set.of("epoch"), epochs, ode.accuracyByEpoch(), res.accuracyByEpoch(),
        ode.lossByEpoch(), res.lossByEpoch());
    files.add(0, "accuracy.csv");

    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("data", o.data.toString());
    settings.put("train_size", o.trainSize);
    settings.put("test_size", o.testSize);
    settings.put("epochs", o.epochs);
    settings.put("batch_size", o.batchSize);
    settings.put("lr", c.lr());
    settings.put("lr_schedule", "cosine to 0");
    settings.put("optimizer", "adam");
    settings.put("width", o.width);
    settings.put("groups", groups);
    settings.put("method", method.name());
    if (method.adaptive()) {
      settings.put("rtol", ADAPTIVE_TOL);
      settings.put("atol", ADAPTIVE_TOL);
    }
    settings.put("steps", o.steps);
    settings.put("gradient", Vocabulary.recordedGradient(c.gradient()));
    settings.put("shift", o.shift);
    settings.put("resnet_blocks", o.resnetBlocks);
    settings.put("seed", c.seed());
    settings.put("out", c.out().toString());
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("odenet", figures(ode, odeNet, true));
    results.put("resnet", figures(res, resNet, false));
    double seconds = (System.nanoTime() - start) / 1e9;
    CommandSupport.writeSummary(dir, "demo mnist", settings, results, files, seconds);
    CommandSupport.status(spec, "mnist", c.quiet(), String.format(Locale.ROOT, "ODE-Net test accuracy %.2f%% (%d"
        + " parameters, %.0f s, NFE %.1f forward), ResNet %.2f%% (%d parameters, %.0f s); %.0f s in all -> %s",
        100 * ode.accuracy(), odeNet.parameterCount(), ode.trainSeconds(), ode.nfeForward(), 100 * res.accuracy(),
        resNet.parameterCount(), res.trainSeconds(), seconds, c.out()));
    return 0;
  }

  private static Mnist read(Path data) throws IOException {
    Path images = data.resolve(IMAGES);
    Path labels = data.resolve(LABELS);
    for (Path p : List.of(images, labels)) {
      if (!Files.isRegularFile(p)) {
        throw InputException.at(p, 0, "not found; give --data the directory holding " + IMAGES + " and " + LABELS);
      }
    }
    try {
      return Mnist.read(images, labels);
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage());
    }
  }

  private static MnistDemo.Result train(String label, MnistModels.Classifier model, Mnist train, Mnist test,
      MnistDemo.Settings s, boolean quiet, picocli.CommandLine.Model.CommandSpec spec, Progress progress,
      ResumableLoops loops) {
    long t0 = System.nanoTime();
    java.io.PrintWriter err = spec.commandLine().getErr();
    return MnistDemo.train(model, train, test, s, loops, new MnistDemo.Listener() {
      @Override
      public void step(int iteration, double loss, long nfeForward, long nfeBackward) {
        progress.step(String.format(Locale.ROOT, "loss %.4f", loss), nfeForward, nfeBackward);
      }

      @Override
      public void epoch(int epoch, double loss, double accuracy) {
        String line = String.format(Locale.ROOT, "%s epoch %d/%d: train loss %.4f, test accuracy %.2f%% (%.0f s)",
            label, epoch, s.epochs(), loss, 100 * accuracy, (System.nanoTime() - t0) / 1e9);
        if (progress.isShown()) {
          progress.message(line);
        } else if (!quiet) {
          err.println(line);
          err.flush();
        }
      }
    });
  }

  private static Map<String, Object> figures(MnistDemo.Result r, MnistModels.Classifier model, boolean ode) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("test_accuracy", r.accuracy());
    m.put("parameters", model.parameterCount());
    m.put("train_seconds", CommandSupport.round(r.trainSeconds(), 2));
    if (ode) {
      m.put("nfe_forward_per_pass", r.nfeForward());
      m.put("nfe_backward_per_pass", r.nfeBackward());
      m.put("nfe_forward_total", r.nfeForwardTotal());
      m.put("nfe_backward_total", r.nfeBackwardTotal());
      m.put("nfe_backward_meaning", "function evaluations of the sensitivity's backward solve; 0 for direct"
          + " backpropagation, whose backward pass runs the VJP of each forward evaluation instead");
    }
    m.put("test_accuracy_by_epoch", r.accuracyByEpoch());
    m.put("train_loss_by_epoch", r.lossByEpoch());
    return m;
  }

  private static List<String> writePictures(Path dir, Mnist test, int[] labels, MnistDemo.Result ode,
      MnistDemo.Result res) throws IOException {
    String[] names = new String[Mnist.CLASSES];
    for (int i = 0; i < names.length; i++) {
      names[i] = Integer.toString(i);
    }
    int wrong = labels.length - (int) Math.round(ode.accuracy() * labels.length);
    new ConfusionPlot(String.format(Locale.ROOT, "ODE-Net on %d test digits: %.2f%% correct, %d wrong",
        labels.length, 100 * ode.accuracy(), wrong), names, MnistDemo.confusion(ode.predictions(), labels))
        .writePng(dir.resolve("confusion.png"));
    List<double[][]> images = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    for (int i = 0; i < labels.length && images.size() < MISCLASSIFIED_SHOWN; i++) {
      if (ode.predictions()[i] != labels[i]) {
        images.add(test.images().batch(new int[] {i}, 0, null).reshape(test.images().rows(), -1).toMatrix());
        captions.add("true " + labels[i] + " → " + ode.predictions()[i]);
      }
    }
    new ImageGrid(String.format(Locale.ROOT, "ODE-Net: %s misclassified test digits (%d in all)",
        images.size() < wrong ? "the first " + images.size() : "all", wrong), images.toArray(new double[0][][]),
        captions.toArray(new String[0]), 8, 3).writePng(dir.resolve("misclassified.png"));
    double[] epochs = new double[ode.accuracyByEpoch().length];
    double[] odePct = new double[epochs.length];
    double[] resPct = new double[epochs.length];
    for (int e = 0; e < epochs.length; e++) {
      epochs[e] = e + 1;
      odePct[e] = 100 * ode.accuracyByEpoch()[e];
      resPct[e] = 100 * res.accuracyByEpoch()[e];
    }
    LossPlot.builder().title("Test accuracy on " + labels.length + " digits").axisLabels("epoch", "test accuracy (%)")
        .logScale(false).series("ODE-Net", epochs, odePct).series("ResNet", epochs, resPct).build()
        .writePng(dir.resolve("accuracy.png"));
    return new ArrayList<>(List.of("accuracy.png", "confusion.png", "misclassified.png"));
  }
}
