package dev.neuralode.examples;

import dev.neuralode.data.Mnist;
import dev.neuralode.nn.Conv2d;
import dev.neuralode.nn.ConvOdeFunction;
import dev.neuralode.nn.Linear;
import dev.neuralode.nn.Module;
import dev.neuralode.nn.NeuralOde;
import dev.neuralode.nn.Parameter;
import dev.neuralode.ode.Solver;
import dev.neuralode.optim.Adam;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.tensor.NnOps;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.ParameterOptimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An ODE-Net (Chen et al. 2018, §7) on MNIST digits read from IDX files: a down-sampling stem of
 * two stride-2 convolutions (28×28 → 14×14 → 7×7, 24 channels), the ODE block z(1) of dz/dt =
 * f(t, z) with f the {@link ConvOdeFunction} (rk4, one step, direct gradients), and a linear head
 * on the flattened 7×7 maps; trained with Adam on a few digits. {@code neuralode demo mnist} is
 * the full experiment (group normalisation in the stem and head, a ResNet baseline, epochs over
 * 8,000 digits). This is the README's convolutional snippet.
 */
public final class ClassifyDigits {
  private ClassifyDigits() {}

  /**
   * Trains on the first {@code batchSize} digits of the files, one batch of them per step.
   *
   * @param imagesFile the images (IDX, magic 2051, gzip or plain)
   * @param labelsFile the labels (IDX, magic 2049)
   * @param batchSize how many digits, from the first; at most the files' count
   * @param steps the number of Adam steps
   * @return the batch loss (mean cross-entropy, nats) before each step, length {@code steps}
   * @throws IOException if a file cannot be read
   */
  public static double[] train(Path imagesFile, Path labelsFile, int batchSize, int steps)
      throws IOException {
    double[] losses = new double[steps];
    int[] batch = new int[batchSize];
    Arrays.setAll(batch, i -> i);
    // README:begin mnist
    Mnist digits = Mnist.read(imagesFile, labelsFile);                  // IDX reader, gzip or plain
    int[] labels = Arrays.copyOf(digits.labels(), batch.length);       // the classes of digits 0, 1, …
    Rng rng = new Rng(0);
    Conv2d down1 = new Conv2d(1, 24, 3, 2, 1, true, rng);               // 28×28 → 14×14
    Conv2d down2 = new Conv2d(24, 24, 3, 2, 1, true, rng);              // 14×14 → 7×7
    NeuralOde block = new NeuralOde(new ConvOdeFunction(24, 6, rng), Solver.fixed("rk4", 1.0),
        Sensitivity.direct());                                         // dz/dt = f(t, z) on [N, 24, 7, 7]
    Linear head = new Linear(24 * 7 * 7, 10, true, rng);
    List<Parameter> params = new ArrayList<>();
    for (Module m : List.of(down1, down2, block, head)) {
      params.addAll(m.parameters());
    }
    ParameterOptimizer opt = new ParameterOptimizer(params, Adam.builder().lr(0.003).build());
    for (int it = 0; it < steps; it++) {
      Tensor x = digits.images().batch(batch, 2, rng);                  // [N, 1, 28, 28], ±2-pixel shifts
      Tensor h = down2.forward(down1.forward(x).relu()).relu();         // [N, 24, 7, 7]
      Tensor z1 = block.solve(h, Tensor.vector(0, 1)).last();           // z(1)
      Tensor logits = head.forward(z1.reshape(batch.length, -1));       // [N, 10]
      Tensor loss = NnOps.softmaxCrossEntropy(logits, labels).mean();   // labels: int[] of classes
      losses[it] = opt.step(loss);
    }
    // README:end mnist
    return losses;
  }

  /**
   * Runs the example on the shared MNIST subset, or on the two IDX files given.
   *
   * @param args the images file and the labels file (default: {@code
   *     ../shared/data/mnist10k-images-idx3-ubyte.gz} and {@code
   *     ../shared/data/mnist10k-labels-idx1-ubyte.gz})
   * @throws IOException if a file cannot be read
   */
  public static void main(String[] args) throws IOException {
    int status = run(args);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * The example's command line, as {@link #main} runs it.
   *
   * @param args as for {@link #main}; {@code -h} or {@code --help} prints the usage
   * @return 0, or 2 (with one line on stderr) if a file is missing
   * @throws IOException if a file cannot be read
   */
  static int run(String[] args) throws IOException {
    if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
      System.out.println("usage: ClassifyDigits [IMAGES [LABELS]] (MNIST IDX files, gzip or plain;"
          + " default: ../shared/data/mnist10k-images-idx3-ubyte.gz and its labels)");
      return 0;
    }
    Path images = Path.of(args.length > 0 ? args[0] : "../shared/data/mnist10k-images-idx3-ubyte.gz");
    Path labels = Path.of(args.length > 1 ? args[1] : "../shared/data/mnist10k-labels-idx1-ubyte.gz");
    if (!Files.isRegularFile(images) || !Files.isRegularFile(labels)) {
      System.err.println("ClassifyDigits: " + images + " or " + labels + " not found; pass an MNIST"
          + " images file and its labels file (IDX, gzip or plain)");
      return 2;
    }
    double[] losses = train(images, labels, 32, 30);
    System.out.printf("cross-entropy on 32 digits: %.3f before training, %.3f after 30 steps%n",
        losses[0], losses[losses.length - 1]);
    return 0;
  }
}
