package dev.neuralode.cli;

import dev.neuralode.nn.Conv2d;
import dev.neuralode.nn.ConvOdeFunction;
import dev.neuralode.nn.GroupNorm;
import dev.neuralode.nn.Linear;
import dev.neuralode.nn.Module;
import dev.neuralode.nn.NeuralOde;
import dev.neuralode.nn.ResBlock;
import dev.neuralode.ode.Solver;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.sensitivity.SensitivityResult;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;

/**
 * The two classifiers of {@code demo mnist}, after Chen et al. 2018 (§7, Table 1): a down-sampling
 * stem (3×3 convolutions of stride 2, 28×28 → 14×14 → 7×7, with group normalisation and ReLU), a
 * feature block at 7×7, and a head (group normalisation, ReLU, a linear map of the flattened 7×7
 * feature maps to the 10 classes). Chen et al. pool globally before the linear map; in this
 * demo's budget of a few epochs that head learned far more slowly (21% test accuracy after 80
 * steps, against 91% for the flattened head), so the head reads every position. The ODE-Net's block is one ODE solve over t ∈ [0, 1] of
 * {@link ConvOdeFunction}; the ResNet's is residual blocks with the same two convolutions.
 */
final class MnistModels {
  /** The side of the feature maps: 28 halved twice. */
  static final int FEATURE_SIDE = 7;

  private MnistModels() {}


  /** A classifier of {@code [N, 1, 28, 28]} images into logits {@code [N, 10]}. */
  abstract static class Classifier extends Module {
    private final Conv2d conv1;
    private final GroupNorm norm1;
    private final Conv2d conv2;
    private final GroupNorm normOut;
    private final Linear head;

    Classifier(int width, int groups, Rng rng) {
      conv1 = register("stem.conv1", new Conv2d(1, width, 3, 2, 1, true, rng));
      norm1 = register("stem.norm1", new GroupNorm(groups, width));
      conv2 = register("stem.conv2", new Conv2d(width, width, 3, 2, 1, true, rng));
      normOut = register("head.norm", new GroupNorm(groups, width));
      head = register("head.linear", new Linear(FEATURE_SIDE * FEATURE_SIDE * width, 10, true, rng));
    }

    /** The logits {@code [N, 10]} of images {@code [N, 1, 28, 28]}. */
    final Tensor logits(Tensor images) {
      Tensor h = conv2.forward(norm1.forward(conv1.forward(images)).relu());
      h = block(h);
      h = normOut.forward(h).relu();
      return head.forward(h.reshape(h.dim(0), -1));
    }

    /** The feature block on {@code [N, width, 7, 7]}. */
    abstract Tensor block(Tensor h);

    /** Function evaluations of the last forward pass (0 for a network without an ODE). */
    long lastNfe() {
      return 0;
    }

    /** Function evaluations of the last backward pass, as the sensitivity reports them (0 without an ODE). */
    long lastBackwardNfe() {
      return 0;
    }
  }

  /** The ODE-Net: the block is z(1) of dz/dt = f(t, z), z(0) = h. */
  static final class OdeNet extends Classifier {
    private final NeuralOde ode;
    private SensitivityResult last;

    OdeNet(int width, int groups, Solver solver, Sensitivity sensitivity, Rng rng) {
      super(width, groups, rng);
      ode = register("ode", new NeuralOde(new ConvOdeFunction(width, groups, rng), solver, sensitivity));
    }

    @Override
    Tensor block(Tensor h) {
      last = ode.solve(h, Tensor.vector(0.0, 1.0));
      return last.last();
    }

    @Override
    long lastNfe() {
      return last == null ? 0 : last.forward().nfe();
    }

    @Override
    long lastBackwardNfe() {
      return last == null ? 0 : last.stats().backward().nfe();
    }
  }

  /** The ResNet baseline: the block is residual blocks. */
  static final class ResNet extends Classifier {
    private final ResBlock[] blocks;

    ResNet(int width, int groups, int blocks, Rng rng) {
      super(width, groups, rng);
      this.blocks = new ResBlock[blocks];
      for (int i = 0; i < blocks; i++) {
        this.blocks[i] = register("block" + i, new ResBlock(width, groups, rng));
      }
    }

    @Override
    Tensor block(Tensor h) {
      for (ResBlock b : blocks) {
        h = b.forward(h);
      }
      return h;
    }
  }
}
