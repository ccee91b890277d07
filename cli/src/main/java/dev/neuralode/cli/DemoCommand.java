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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code neuralode demo spiral|nonlinear}: the classic Neural ODE tutorial's two experiments, with
 * one PNG per frame, an animated looping GIF and {@code summary.json}.
 */
@Command(name = "demo", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Reproduce the classic Neural ODE tutorial: learn a spiral from noisy observations.",
        "",
        "NAME is one of:",
        "  spiral     dz/dt = z·Aᵀ learned by a bias-free linear layer",
        "             (500 iterations, lr 0.01)",
        "  nonlinear  the gated spiral learned by an ELU MLP 2-16-16-2",
        "             (3000 iterations, lr 0.001)",
        ""},
    footer = {"",
        "Writes DIR/frames/*.png, DIR/<NAME>.gif, DIR/loss.csv and DIR/summary.json.",
        "",
        "Example:",
        "  neuralode demo spiral --out runs/spiral"})
public final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "spiral or nonlinear.")
  String name;

  @Option(names = "--iterations", paramLabel = "N",
      description = "Adam steps (default: 500 spiral, 3000 nonlinear).")
  Integer iterations;

  @Option(names = "--lr", paramLabel = "RATE",
      description = "Learning rate (default: 0.01 spiral, 0.001 nonlinear).")
  Double lr;

  @Option(names = "--plot-every", paramLabel = "N",
      description = "Iterations between frames (default: 10 spiral, 30 nonlinear).")
  Integer plotEvery;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
      description = "Seed for noise, weights and windows (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--method", defaultValue = "euler", paramLabel = "NAME",
      description = "ODE solver; any name 'neuralode solve --help' lists"
          + " (default: ${DEFAULT-VALUE}, as the tutorial).")
  String method;

  @Option(names = "--step-size", defaultValue = "0.05", paramLabel = "H",
      description = "Largest step of fixed-step solvers (default: ${DEFAULT-VALUE}).")
  double stepSize;

  @Option(names = "--gradient", defaultValue = "adjoint", paramLabel = "MODE",
      description = "How gradients are taken: " + Vocabulary.GRADIENT_MODES
          + " (default: ${DEFAULT-VALUE}).")
  String gradient;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Output directory (default: runs/NAME).")
  Path out;

  @Option(names = {"-q", "--quiet"}, description = Vocabulary.QUIET)
  boolean quiet;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  /** Creates the command; picocli sets the options. */
  public DemoCommand() {}

  @Override
  public Integer call() throws Exception {
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
    int[] frameCount = {0};
    try (Progress progress = Progress.start(spec.qualifiedName() + " " + kind.label, iters, quiet, spec.commandLine().getErr())) {
      result = demo.train(iters, rate, every, new SpiralDemo.Listener() {
        @Override
        public void iteration(int i, double loss) {
          iteration(i, loss, -1);
        }

        @Override
        public void iteration(int i, double loss, long nfe) {
          progress.step(String.format(Locale.ROOT, "loss %.5f", loss), nfe);
        }

        @Override
        public void frame(int i, double[][] trajectory, double loss) throws java.io.IOException {
          frame(i, trajectory, loss, false);
        }

        @Override
        public void frame(int i, double[][] trajectory, double loss, boolean last) throws java.io.IOException {
          BufferedImage img = DemoFrames.frame(demo, kind.label, i, iters, last, trajectory, loss, xr, yr);
          AtomicFiles.writeImage(frames.resolve(String.format(Locale.ROOT, "%04d.png", frameCount[0]++)), img,
              "png");
          writer.addFrame(img, last ? DemoFrames.LAST_FRAME_MILLIS : 100);
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
      spec.commandLine().getErr().printf(Locale.ROOT, "%s: trajectory RMSE %.4f (before training %.4f), %d frames, %.1f s -> %s%n",
          kind.label, result.rmse(), result.initialRmse(), result.frames(), seconds, dir);
    }
    return 0;
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
