package dev.neuralode.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of {@code demo mnist} (ignored by the other demos), mixed into {@link DemoCommand}. */
public final class MnistOptions {
  @Option(names = "--data", paramLabel = "DIR", defaultValue = "../shared/data",
      description = {"mnist: directory of the digits,", "mnist10k-images-idx3-ubyte.gz and",
          "mnist10k-labels-idx1-ubyte.gz", "(default: ${DEFAULT-VALUE})."})
  Path data;

  @Option(names = "--train-size", defaultValue = "8000", paramLabel = "N",
      description = "mnist: training digits, the first N of the file (default: ${DEFAULT-VALUE}).")
  int trainSize;

  @Option(names = "--test-size", defaultValue = "2000", paramLabel = "N",
      description = "mnist: test digits, the last N of the file (default: ${DEFAULT-VALUE}).")
  int testSize;

  @Option(names = "--epochs", defaultValue = "8", paramLabel = "N",
      description = "mnist: passes over the training digits, for both models (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N",
      description = "mnist: digits per Adam step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--width", defaultValue = "24", paramLabel = "C",
      description = "mnist: channels of the feature maps (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--steps", defaultValue = "1", paramLabel = "N",
      description = "mnist: fixed steps of the ODE solve over t in [0, 1] (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--shift", defaultValue = "2", paramLabel = "PX",
      description = "mnist: largest random translation of training digits, in pixels (default: ${DEFAULT-VALUE}).")
  int shift;

  @Option(names = "--resnet-blocks", defaultValue = "1", paramLabel = "N",
      description = "mnist: residual blocks of the ResNet baseline (default: ${DEFAULT-VALUE}).")
  int resnetBlocks;

  /** Created by picocli. */
  public MnistOptions() {}

  void check() {
    positive("--train-size", trainSize);
    positive("--test-size", testSize);
    positive("--epochs", epochs);
    positive("--batch-size", batchSize);
    positive("--steps", steps);
    positive("--resnet-blocks", resnetBlocks);
    if (width < 4 || width % 4 != 0) {
      throw new IllegalArgumentException("--width must be a positive multiple of 4 (group normalisation uses"
          + " width/4 groups); got " + width);
    }
    if (shift < 0 || shift > 6) {
      throw new IllegalArgumentException("--shift must be in [0, 6] pixels; got " + shift);
    }
  }

  private static void positive(String name, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be at least 1; got " + v);
    }
  }
}
