package dev.neuralode.cli;

import dev.neuralode.data.TutorialSpirals;
import dev.neuralode.io.AtomicFiles;
import dev.neuralode.io.Csv;
import dev.neuralode.io.Json;
import dev.neuralode.ode.Method;
import dev.neuralode.ode.Methods;
import dev.neuralode.ode.Solver;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.plot.AxisRange;
import dev.neuralode.plot.GifWriter;
import dev.neuralode.plot.TrajectoryPlot;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code neuralode demo spiral|nonlinear|mnist|anode|latent}: the classic Neural ODE tutorial's two
 * experiments, with one PNG per frame, an animated looping GIF and {@code summary.json}; the ODE-Net
 * image classifier on MNIST ({@link MnistCommand}); augmented Neural ODEs on nested annuli; and a
 * latent ODE on irregularly sampled spirals.
 */
@Command(name = "demo", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Reproduce classic Neural ODE experiments: the tutorial's spirals learned from noisy",
        "observations, and the ODE-Net classifier on MNIST.",
        "",
        "NAME is one of:",
        "  spiral     dz/dt = z·Aᵀ learned by a bias-free linear layer",
        "             (500 iterations, lr 0.01)",
        "  nonlinear  the gated spiral learned by an ELU MLP 2-16-16-2",
        "             (3000 iterations, lr 0.001)",
        "  mnist      the ODE-Net of Chen et al. 2018 against a ResNet with the same",
        "             stem and head, trained on 8,000 MNIST digits and tested on 2,000",
        "             (24 channels, rk4 with one step, direct gradients, Adam lr 0.003,",
        "             8 epochs of 32-digit batches with ±2-pixel shifts; the two",
        "             models take about 10 minutes on 2 cores; options 'mnist:')",
        "  anode      nested annuli classified by a Neural ODE and augmented ones",
        "             (K = 1, 5; 250 Adam steps, lr 0.001, dopri5; about 1 minute)",
        "  latent     a latent ODE on irregularly sampled spirals against a GRU",
        "             with time deltas (1500 Adam steps each, lr 0.01; rk4, direct",
        "             gradients whatever --gradient says; a few minutes)",
        ""},
    footer = {"",
        "Writes DIR/frames/*.png, DIR/<NAME>.gif, DIR/loss.csv and DIR/summary.json;",
        "mnist writes DIR/summary.json, accuracy.csv, accuracy.png, confusion.png and",
        "misclassified.png.",
        "",
        "Example:",
        "  neuralode demo spiral --out runs/spiral"})
public final class DemoCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "NAME", description = "spiral, nonlinear, mnist, anode or latent.")
  String name;

  @Option(names = "--iterations", paramLabel = "N",
      description = "Adam steps (default: 500 spiral, 3000 nonlinear).")
  Integer iterations;

  @Option(names = "--lr", paramLabel = "RATE",
      description = "Learning rate (default: 0.01 spiral, 0.001 nonlinear, 0.003 mnist).")
  Double lr;

  @Option(names = "--plot-every", paramLabel = "N",
      description = "Iterations between frames (default: 10 spiral, 30 nonlinear).")
  Integer plotEvery;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
      description = "Seed for noise, weights and windows (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--method", defaultValue = "euler", paramLabel = "NAME",
      description = "ODE solver; any name 'neuralode solve --help' lists"
          + " (default: ${DEFAULT-VALUE}, as the tutorial; rk4 for mnist).")
  String method;

  @Option(names = "--step-size", defaultValue = "0.05", paramLabel = "H",
      description = "Largest step of fixed-step solvers (default: ${DEFAULT-VALUE}).")
  double stepSize;

  @Option(names = "--gradient", defaultValue = "adjoint", paramLabel = "MODE",
      description = "adjoint or direct (backpropagate through the solver)"
          + " (default: ${DEFAULT-VALUE}; direct for mnist).")
  String gradient;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Output directory (default: runs/NAME).")
  Path out;

  @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
  boolean quiet;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Mixin MnistOptions mnist = new MnistOptions();

  @Spec CommandSpec spec;

  /** Creates the command; picocli sets the options. */
  public DemoCommand() {}

  @Override
  public Integer call() throws Exception {
    if (name != null && name.trim().equalsIgnoreCase("mnist")) {
      return MnistCommand.run(new MnistCommand.Common(seed, lr != null ? lr : 0.003,
          given("--method") ? method : "rk4", given("--gradient") ? gradient : "direct",
          out != null ? out : Path.of("runs", "mnist"), quiet), mnist);
    }
    if (AnodeDemoRun.NAME.equalsIgnoreCase(name.trim())) {
      return AnodeDemoRun.run(this);
    }
    if (LatentDemoRun.NAME.equalsIgnoreCase(name.trim())) {
      return LatentDemoRun.run(this);
    }
    long start = System.nanoTime();
    SpiralDemo.Kind kind = SpiralDemo.Kind.parse(name);
    int iters = iterations != null ? iterations : kind.iterations;
    double rate = lr != null ? lr : kind.lr;
    int every = plotEvery != null ? plotEvery : kind.plotEvery;
    if (iters < 1) {
      throw new IllegalArgumentException("--iterations must be at least 1; got " + iters);
    }
    if (every < 1) {
      throw new IllegalArgumentException("--plot-every must be at least 1; got " + every);
    }
    if (!(rate > 0) || !Double.isFinite(rate)) {
      throw new IllegalArgumentException("--lr must be a positive number; got " + rate);
    }
    Sensitivity mode = CommandSupport.option("--gradient", () -> Sensitivity.parse(gradient));
    Method m = CommandSupport.option("--method", () -> Methods.byName(method));
    if (!(stepSize > 0) || !Double.isFinite(stepSize)) {
      throw new IllegalArgumentException("--step-size must be a finite number > 0, e.g. 0.05; got "
          + stepSize);
    }
    Solver options = CommandSupport.option("--step-size",
        () -> Solver.builder().method(m).stepSize(stepSize).build());
    Path dir = out != null ? out : Path.of("runs", kind.label);
    Path frames = CommandSupport.outputDirectory("--out", dir).resolve("frames");
    Files.createDirectories(frames);
    // Frames of an earlier run into the same directory would otherwise linger beside the new ones.
    try (var old = Files.newDirectoryStream(frames, "*.png")) {
      for (Path p : old) {
        Files.delete(p);
      }
    }

    SpiralDemo demo = new SpiralDemo(kind, seed, options, mode);
    double[] t = demo.data.t();
    double[][] obs = demo.data.observed();
    AxisRange xr = AxisRange.covering(0.15, column(obs, 0));
    AxisRange yr = AxisRange.covering(0.15, column(obs, 1));
    Path gif = dir.resolve(kind.label + ".gif");
    SpiralDemo.Result result;
    GifWriter writer = GifWriter.open(gif, 100);
    try (Progress progress = Progress.start("demo " + kind.label, iters, quiet)) {
      result = demo.train(iters, rate, every, new SpiralDemo.Listener() {
        @Override
        public void iteration(int i, double loss) {
          progress.step(String.format(Locale.ROOT, "loss %.5f", loss));
        }

        @Override
        public void frame(int i, double[][] trajectory, double loss) throws java.io.IOException {
          BufferedImage img = TrajectoryPlot.builder()
              .title(String.format(Locale.ROOT, "%s: iteration %d, minibatch loss %.5f", kind.label, i, loss))
              .axisLabels("z₁", "z₂")
              .observations(t, obs, "observations")
              .timeScale(new AxisRange(0, TutorialSpirals.T_MAX), "t")
              .line("model from z₀", trajectory, new Color(0x1f, 0x77, 0xb4))
              .ranges(xr, yr)
              .size(800, 600)
              .build().render();
          AtomicFiles.writeImage(frames.resolve(String.format(Locale.ROOT, "%04d.png", i / every)), img, "png");
          writer.addFrame(img);
        }
      });
    } catch (RuntimeException | java.io.IOException e) {
      writer.abort(); // no half-written GIF in place of a finished one
      throw e;
    }
    writer.close();
    Csv.write(dir.resolve("loss.csv"), List.of("iteration", "loss"), lossRows(result.losses()),
        java.util.Set.of("iteration"));
    double seconds = (System.nanoTime() - start) / 1e9;

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("command", "demo " + kind.label);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("iterations", iters);
    settings.put("lr", rate);
    settings.put("plot_every", every);
    settings.put("seed", seed);
    settings.put("method", method);
    settings.put("step_size", stepSize);
    settings.put("gradient", gradient.trim().toLowerCase(Locale.ROOT));
    settings.put("out", dir.toString());
    summary.put("settings", settings);
    summary.put("final_loss", result.finalLoss());
    summary.put("trajectory_rmse", result.rmse());
    summary.put("initial_trajectory_rmse", result.initialRmse());
    if (result.learnedWeight() != null) {
      summary.put("learned_weight", result.learnedWeight());
      summary.put("true_weight", TutorialSpirals.SPIRAL_A);
    }
    summary.put("frames", result.frames());
    summary.put("nfe_forward_total", result.nfeForward());
    summary.put("nfe_backward_total", result.nfeBackward());
    summary.put("gif", gif.toString());
    summary.put("seconds", seconds);
    Json.write(dir.resolve("summary.json"), summary);
    if (!quiet) {
      System.err.printf(Locale.ROOT, "%s: trajectory RMSE %.4f (before training %.4f), %d frames, %.1f s -> %s%n",
          kind.label, result.rmse(), result.initialRmse(), result.frames(), seconds, dir);
    }
    return 0;
  }

  /** Whether the user gave an option (rather than picocli filling its default). */
  private boolean given(String option) {
    return spec != null && spec.commandLine() != null && spec.commandLine().getParseResult() != null
        && spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  private static double[] column(double[][] m, int j) {
    double[] c = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i][j];
    }
    return c;
  }

  private static double[][] lossRows(double[] losses) {
    double[][] rows = new double[losses.length][];
    for (int i = 0; i < losses.length; i++) {
      rows[i] = new double[] {i, losses[i]};
    }
    return rows;
  }
}
