package dev.neuralode.cli;

import dev.neuralode.data.TutorialSpirals;
import dev.neuralode.io.AtomicFiles;
import dev.neuralode.io.InputException;
import dev.neuralode.io.Csv;
import dev.neuralode.io.OutputSet;
import dev.neuralode.ode.Method;
import dev.neuralode.ode.Methods;
import dev.neuralode.ode.Solver;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.plot.AxisRange;
import dev.neuralode.plot.GifWriter;
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
        "Reproduce classic Neural ODE experiments.",
        "The tutorial's spirals learned from noisy observations, the ODE-Net",
        "classifier of MNIST digits, augmented Neural ODEs on nested annuli, and a",
        "latent ODE on irregularly sampled spirals.",
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
        "             gradients whatever --gradient says; about 80 s on 2 cores)",
        ""},
    footer = {"",
        "Writes into DIR (default runs/NAME), with summary.json in every case:",
        "  spiral, nonlinear  frames/*.png, NAME.gif and loss.csv",
        "  mnist              accuracy.csv, accuracy.png, confusion.png and",
        "                     misclassified.png",
        "  anode              decision_regions.png, flow.gif and flow_final.png",
        "  latent             spirals.png and loss.csv",
        "",
        "Example:",
        "  neuralode demo spiral --out runs/spiral"})
public final class DemoCommand implements Callable<Integer>, CommandSupport.RunSettings {

  @Parameters(index = "0", completionCandidates = Vocabulary.DemoNames.class, arity = "0..1", paramLabel = "NAME",
      description = "spiral, nonlinear, mnist, anode or latent (with --resume: optional, and"
          + " must be the interrupted run's).")
  String name;

  @Option(names = "--iterations", paramLabel = "N",
      description = "Adam steps (default: 500 spiral, 3000 nonlinear, " + AnodeDemoRun.DEFAULT_ITERATIONS
          + " anode, " + LatentDemoRun.DEFAULT_ITERATIONS + " latent; mnist counts --epochs).")
  Integer iterations;

  @Option(names = "--lr", paramLabel = "RATE",
      description = "Learning rate (default: 0.01 spiral, 0.001 nonlinear, 0.003 mnist, 0.001 anode,"
          + " 0.01 latent).")
  Double lr;

  @Option(names = "--plot-every", paramLabel = "N",
      description = "Iterations between frames (default: 10 spiral, 30 nonlinear).")
  Integer plotEvery;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
      description = "Seed for noise, weights and windows (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--method", completionCandidates = MethodNames.class, defaultValue = "euler", paramLabel = "METHOD",
      description = "ODE solver; any name 'neuralode solve --help' lists"
          + " (default: ${DEFAULT-VALUE}, as the tutorial; rk4 for mnist; anode always uses dopri5"
          + " and latent rk4).")
  String method;

  @Option(names = "--step-size", defaultValue = "0.05", paramLabel = "H",
      description = "Largest step of fixed-step solvers (default: ${DEFAULT-VALUE}).")
  double stepSize;

  @Option(names = "--gradient", completionCandidates = Vocabulary.GradientModes.class, defaultValue = "adjoint", paramLabel = "MODE",
      description = "How gradients are taken: " + Vocabulary.GRADIENT_MODES
          + " (default: ${DEFAULT-VALUE}; direct for mnist).")
  String gradient;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Output directory (default: runs/NAME).")
  Path out;

  @Option(names = "--checkpoint-every", defaultValue = "500", paramLabel = "N",
      description = Vocabulary.CHECKPOINT_EVERY)
  int checkpointEvery;

  @Option(names = "--resume", paramLabel = "DIR",
      description = Vocabulary.RESUME)
  Path resume;

  /** For tests: stop as Ctrl-C would after this many iterations (0: never). */
  @Option(names = "--stop-after", hidden = true, defaultValue = "0")
  int stopAfter;

  /** The checkpoint to continue from, set when resuming. */
  SpiralDemo.Checkpoint resumeFrom;

  @Option(names = "--overwrite",
      description = Vocabulary.OVERWRITE)
  boolean overwrite;

  @Mixin(name = Threads.NAME) Threads threads = new Threads();

  @Option(names = {"-q", "--quiet"}, description = Vocabulary.QUIET)
  boolean quiet;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Mixin MnistOptions mnist = new MnistOptions();

  @Spec CommandSpec spec;

  /** Creates the command; picocli sets the options. */
  public DemoCommand() {}

  @Override
  public Integer call() throws Exception {
    if (resume == null && resumeFrom == null && resumeStages == null && name != null
        && CommandSupport.continuesInterrupted(spec, name.trim().toLowerCase(Locale.ROOT),
        out != null ? out : Path.of("runs", name.trim().toLowerCase(Locale.ROOT)), overwrite,
        quiet)) {
      resume = out != null ? out : Path.of("runs", name.trim().toLowerCase(Locale.ROOT));
    }
    if (resume != null) {
      return resumeRun();
    }
    if (name == null) {
      throw new IllegalArgumentException("missing required parameter NAME (spiral, nonlinear,"
          + " mnist, anode or latent), or --resume DIR to continue an interrupted run");
    }
    Vocabulary.requireCheckpointEvery(checkpointEvery);
    String demo = name.trim().toLowerCase(Locale.ROOT);
    if (resumeFrom == null && resumeStages == null && DEMOS.contains(demo)) {
      warnInapplicable(demo);
    }
    if (List.of("mnist", AnodeDemoRun.NAME, LatentDemoRun.NAME).contains(demo)) {
      return runTrainerDemo(demo);
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
    // The run's files go into a staging directory swapped in at the end: an interrupted run
    // leaves the previous output (all of its frames) as it was.
    List<String> stored = CheckpointFile.arguments(spec);
    try (OutputSet set = CommandSupport.beginOutput(spec, dir, overwrite);
        Interrupts signals = Interrupts.install(line -> CommandSupport.status(spec, kind.label, quiet, line), dir,
            CommandSupport.launcher() + " demo " + resumeName() + " --resume " + dir)) {
      boolean finished = run(kind, set.dir(), dir, iters, rate, every, options, mode, start,
          stored, signals);
      if (!finished) {
        CommandSupport.status(spec, kind.label, quiet, "stopped after iteration " + stoppedAt + " of "
            + iters + "; checkpoint saved, continue with: " + CommandSupport.launcher() + " demo "
            + resumeName() + " --resume " + dir);
        return Interrupts.EXIT_STATUS;
      }
      signals.committing();
      set.commit();
      CheckpointFile.discard(dir);
    }
    return 0;
  }

  /**
   * demo mnist, anode or latent: an output set and checkpointed training loops, as for the
   * spirals.
   */
  private int runTrainerDemo(String demo) throws Exception {
    Path dir = out != null ? out : Path.of("runs", demo);
    List<String> stored = CheckpointFile.arguments(spec);
    try (OutputSet set = CommandSupport.beginOutput(spec, dir, overwrite);
        Interrupts signals = Interrupts.install(m -> CommandSupport.status(spec, demo, quiet, m), dir,
            CommandSupport.launcher() + " demo " + resumeName() + " --resume " + dir)) {
      ResumableLoops loops = new ResumableLoops(resumeStages, checkpointEvery,
          st -> CheckpointFile.save(spec, dir, stored, st),
          steps -> signals.requested() || (stopAfter > 0 && steps >= stopAfter));
      int status;
      if (demo.equals("mnist")) {
        status = MnistCommand.run(new MnistCommand.Common(seed, lr != null ? lr : 0.003,
            given("--method") ? method : "rk4", given("--gradient") ? gradient : "direct", dir, quiet),
            mnist, set.dir(), spec, resumedSteps(), loops);
      } else if (demo.equals(AnodeDemoRun.NAME)) {
        status = AnodeDemoRun.run(this, set.dir(), dir, loops);
      } else {
        status = LatentDemoRun.run(this, set.dir(), dir, loops);
      }
      if (status == Interrupts.EXIT_STATUS) {
        CommandSupport.status(spec, demo, quiet, "stopped; checkpoint saved, continue with: "
            + CommandSupport.launcher() + " demo " + resumeName() + " --resume " + dir);
        return status;
      }
      signals.committing();
      set.commit();
      CheckpointFile.discard(dir);
    }
    return 0;
  }

  /** The demo's name as the user gives it on the command line, e.g. {@code spiral}. */
  private String resumeName() {
    return name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
  }

  /** The steps the checkpoint being resumed has done over all models (0 if none). */
  long resumedSteps() {
    return ResumableLoops.stepsDone(resumeStages);
  }

  /** The checkpoint of demo mnist, anode or latent to continue from, set when resuming. */
  private ResumableLoops.Stages resumeStages;

  /** Continues from the checkpoint in --resume, with the arguments stored there. */
  private int resumeRun() throws Exception {
    CheckpointFile c = CheckpointFile.load(resume, "demo");
    DemoCommand stored = c.parseInto(spec, resume, new DemoCommand());
    stored.out = resume;
    stored.quiet = quiet;
    stored.overwrite |= overwrite;
    stored.stopAfter = stopAfter;
    String demo = stored.name == null ? "" : stored.name.trim().toLowerCase(Locale.ROOT);
    if (name != null && !name.trim().toLowerCase(Locale.ROOT).equals(demo)) {
      throw InputException.at(resume, 0, "holds the checkpoint of 'demo " + demo + "', not of"
          + " 'demo " + name.trim() + "'; continue it with: " + CommandSupport.launcher() + " demo " + demo + " --resume "
          + resume);
    }
    if (List.of("mnist", AnodeDemoRun.NAME, LatentDemoRun.NAME).contains(demo)) {
      stored.resumeStages = c.state(resume, ResumableLoops.Stages.class);
    } else {
      stored.resumeFrom = c.state(resume, SpiralDemo.Checkpoint.class);
      stored.resumeFrames = CheckpointFile.locate(resume).resolve("frames");
    }
    return stored.call();
  }

  /** The frames of the interrupted run, when resuming. */
  private Path resumeFrames;
  /** The iterations a stopped spiral run had finished, for its last line. */
  private int stoppedAt;

  private boolean run(SpiralDemo.Kind kind, Path staging, Path dir, int iters, double rate,
      int every, Solver options, Sensitivity mode, long start, List<String> stored,
      Interrupts signals) throws java.io.IOException {
    Path frames = Files.createDirectories(staging.resolve("frames"));

    SpiralDemo demo = new SpiralDemo(kind, seed, options, mode);
    double[] t = demo.data.t();
    double[][] obs = demo.data.observed();
    // fixed for every frame of the GIF; a quarter of the data's span beside it leaves room for a
    // model that overshoots the data (the nonlinear demo's outer loop reaches 0.6 above it)
    AxisRange xr = AxisRange.covering(0.25, column(obs, 0));
    AxisRange yr = AxisRange.covering(0.25, column(obs, 1));
    SpiralDemo.Result result;
    GifWriter writer = GifWriter.open(staging.resolve(kind.label + ".gif"), 100);
    int[] done = {resumeFrom == null ? 0 : resumeFrom.iteration()};
    if (resumeFrom != null) {
      CommandSupport.status(spec, kind.label, quiet, "resuming from the checkpoint of iteration "
          + resumeFrom.iteration() + " of " + iters);
    }
    if (resumeFrom != null) {
      // The frames so far come back from the checkpoint, into the GIF in their order.
      for (int k = 0; k < resumeFrom.frames(); k++) {
        String fileName = String.format(Locale.ROOT, "%04d.png", k);
        Path png = resumeFrames.resolve(fileName);
        Files.copy(png, frames.resolve(fileName));
        writer.addFrame(javax.imageio.ImageIO.read(png.toFile()));
      }
    }
    dev.neuralode.train.CheckpointPolicy<SpiralDemo.Checkpoint> policy =
        new dev.neuralode.train.CheckpointPolicy<>(checkpointEvery,
            c -> CheckpointFile.save(spec, dir, stored, c, frames),
            () -> signals.requested() || (stopAfter > 0 && done[0] >= stopAfter));
    int[] frameCount = {resumeFrom == null ? 0 : resumeFrom.frames()};
    try (Progress progress = Progress.start(spec.qualifiedName() + " " + kind.label, iters, quiet,
        spec.commandLine().getErr())
        .resumeAt(resumeFrom == null ? 0 : resumeFrom.iteration())) {
      result = demo.train(iters, rate, every, new SpiralDemo.Listener() {
        @Override
        public void iteration(int i, double loss) {
          done[0] = i + 1;
          lastIteration(done[0]);
          progress.step(String.format(Locale.ROOT, "loss %.5f", loss));
        }

        /** Training is over once the last iteration is reported (the final frame is drawn after it). */
        private void lastIteration(int finished) {
          if (finished == iters) {
            signals.finishing();
          }
        }

        @Override
        public void iteration(int i, double loss, long nfeForward, long nfeBackward) {
          done[0] = i + 1;
          lastIteration(done[0]);
          progress.step(String.format(Locale.ROOT, "loss %.5f", loss), nfeForward, nfeBackward);
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
      }, resumeFrom, policy);
    } catch (RuntimeException | java.io.IOException e) {
      writer.abort(); // no half-written GIF in place of a finished one
      throw e;
    }
    if (result.stopped()) {
      writer.abort();
      stoppedAt = done[0];
      return false;
    }
    signals.finishing();
    writer.close();
    Csv.write(staging.resolve("loss.csv"), List.of("iteration", "loss"), lossRows(result.losses()),
        java.util.Set.of("iteration"));
    double seconds = (System.nanoTime() - start) / 1e9;

    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("iterations", iters);
    settings.put("lr", rate);
    settings.put("plot_every", every);
    settings.put("seed", seed);
    settings.put("method", method);
    settings.put("step_size", stepSize);
    settings.put("gradient", Vocabulary.recordedGradient(gradient));
    settings.put("out", dir.toString());
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("final_loss", result.finalLoss());
    results.put("trajectory_rmse", result.rmse());
    results.put("initial_trajectory_rmse", result.initialRmse());
    if (result.learnedWeight() != null) {
      results.put("learned_weight", result.learnedWeight());
      results.put("true_weight", TutorialSpirals.spiralA());
    }
    results.put("frames", result.frames());
    results.put("nfe_forward_total", result.nfeForward());
    results.put("nfe_backward_total", result.nfeBackward());
    results.put("gif", kind.label + ".gif");   // relative to DIR, as "files" is
    List<String> files = new java.util.ArrayList<>();
    for (int k = 0; k < result.frames(); k++) {
      files.add(String.format(Locale.ROOT, "frames/%04d.png", k));
    }
    files.addAll(List.of(kind.label + ".gif", "loss.csv"));
    CommandSupport.writeSummary(staging, "demo " + kind.label, settings, results, files, seconds);
    // "neuralode demo spiral: …", as its progress lines and the other demos' last lines
    CommandSupport.status(spec, kind.label, quiet, String.format(Locale.ROOT,
        "trajectory RMSE %.4f (before training %.4f), %d %s, %.1f s -> %s", result.rmse(),
        result.initialRmse(), result.frames(), result.frames() == 1 ? "frame" : "frames", seconds, dir));
    return true;
  }

  /** The options that matter to each demo; the others (e.g. mnist's for spiral) are ignored. */
  @Override
  public boolean identifiesRun(String option) {
    return appliesTo(name == null ? "" : name.trim().toLowerCase(Locale.ROOT), option);
  }

  /**
   * The chosen demo's own defaults for the options whose default depends on the demo, so that
   * {@code demo spiral --lr 0.01} is the same run as {@code demo spiral}, and {@code demo mnist}
   * (rk4, direct) differs from {@code demo mnist --method euler}.
   */
  @Override
  public Object effectiveValue(String option, Object value) {
    String demo = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    if (option.equals("NAME")) {
      return demo;
    }
    if (demo.equals("mnist")) {
      return switch (option) {
        case "--lr" -> value != null ? value : 0.003;
        case "--method" -> given(option) ? value : "rk4";
        case "--gradient" -> given(option) ? value : "direct";
        default -> value;
      };
    }
    if (value != null) {
      return value;
    }
    boolean anode = demo.equals(AnodeDemoRun.NAME);
    boolean latent = demo.equals(LatentDemoRun.NAME);
    if (anode || latent) {
      return switch (option) {
        case "--iterations" -> anode ? AnodeDemoRun.DEFAULT_ITERATIONS
            : LatentDemoRun.DEFAULT_ITERATIONS;
        case "--lr" -> anode ? AnodeDemoRun.DEFAULT_LR : LatentDemoRun.DEFAULT_LR;
        default -> null;
      };
    }
    SpiralDemo.Kind kind;
    try {
      kind = SpiralDemo.Kind.parse(demo);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return switch (option) {
      case "--iterations" -> kind.iterations;
      case "--lr" -> kind.lr;
      case "--plot-every" -> kind.plotEvery;
      default -> null;
    };
  }

  /** Options every demo takes, whatever it computes. */
  private static final List<String> EVERY_DEMO = List.of("--out", "--overwrite", "--quiet",
      "--help", "--checkpoint-every", "--resume", "--stop-after", "--threads", "--version");

  /** The demos, in the order of the help. */
  private static final List<String> DEMOS = List.of("spiral", "nonlinear", "mnist",
      AnodeDemoRun.NAME, LatentDemoRun.NAME);

  /**
   * One line on stderr (none with --quiet) for each option given that the chosen demo does not
   * use, naming the demos it applies to.
   */
  private void warnInapplicable(String demo) {
    if (quiet || spec == null || spec.commandLine() == null
        || spec.commandLine().getParseResult() == null) {
      return;
    }
    for (picocli.CommandLine.Model.OptionSpec o
        : spec.commandLine().getParseResult().matchedOptions()) {
      String option = o.longestName();
      if (EVERY_DEMO.contains(option) || appliesTo(demo, option)) {
        continue;
      }
      List<String> users = DEMOS.stream().filter(d -> appliesTo(d, option)).toList();
      CommandSupport.status(spec, false, "warning: " + option + " applies to demo "
          + String.join(", ", users) + " only; ignored by demo " + demo);
    }
  }

  /** Whether an option changes what a demo computes. */
  private boolean appliesTo(String demo, String option) {
    boolean mnistOption = spec.mixins().get("mnist").options().stream()
        .anyMatch(o -> o.longestName().equals(option));
    switch (demo) {
      case "mnist":
        return mnistOption || List.of("--lr", "--seed", "--method", "--gradient")
            .contains(option);
      case AnodeDemoRun.NAME:
        return List.of("--iterations", "--lr", "--seed", "--gradient").contains(option);
      case LatentDemoRun.NAME:
        return List.of("--iterations", "--lr", "--seed").contains(option);
      default:
        return !mnistOption;
    }
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
      rows[i] = new double[] {i + 1, losses[i]}; // 1-based, as fit's and density's loss.csv and the progress lines
    }
    return rows;
  }
}
