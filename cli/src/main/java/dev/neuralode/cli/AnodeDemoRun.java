package dev.neuralode.cli;

import dev.neuralode.data.NestedAnnuli;
import dev.neuralode.io.AtomicFiles;
import dev.neuralode.nn.OdeClassifier;
import dev.neuralode.ode.Solver;
import dev.neuralode.plot.AxisRange;
import dev.neuralode.plot.GifWriter;
import dev.neuralode.plot.PanelFigure;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code neuralode demo anode}: trains a plain Neural ODE and augmented ones (K = 1, 5) on the nested
 * annuli with the same width, optimiser, data and schedule, and writes {@code summary.json},
 * {@code decision_regions.png}, {@code flow.gif} and {@code flow_final.png}.
 */
final class AnodeDemoRun {
  static final String NAME = "anode";
  static final int DEFAULT_ITERATIONS = 250;
  static final double DEFAULT_LR = 1e-3;
  static final int WIDTH = 32;
  static final int BATCH = 128;
  static final double TOL = 1e-3;
  static final int[] AUGMENT = {0, 1, 5};
  static final int FRAMES = 21;
  static final int GRID = 80;

  private AnodeDemoRun() {}

  /** {iteration, accuracy} pairs with the iteration written as a whole number (25, not 25.0). */
  private static List<List<Number>> history(List<double[]> pairs) {
    List<List<Number>> r = new ArrayList<>();
    for (double[] p : pairs) {
      r.add(List.of((long) p[0], p[1]));
    }
    return r;
  }

  /**
   * Trains the three models and writes the output set.
   *
   * @param c the command's options
   * @param dir the staging directory to write into
   * @param out the output directory it becomes (for messages)
   * @param loops the checkpointed training loops
   * @return 0, or {@link Interrupts#EXIT_STATUS} if stopped (checkpoint saved)
   */
  static int run(DemoCommand c, Path dir, Path out, ResumableLoops loops) throws IOException {
    long start = System.nanoTime();
    int iters = c.iterations != null ? c.iterations : DEFAULT_ITERATIONS;
    double lr = c.lr != null ? c.lr : DEFAULT_LR;
    if (iters < 1) {
      throw new IllegalArgumentException("--iterations must be at least 1; got " + iters);
    }
    if (!(lr > 0) || !Double.isFinite(lr)) {
      throw new IllegalArgumentException("--lr must be a positive number; got " + lr);
    }
    Sensitivity mode = CommandSupport.option("--gradient", () -> Sensitivity.parse(c.gradient));
    Solver solver = Solver.builder().method("dopri5").rtol(TOL).atol(TOL).build();
    AnodeDemo.Settings s = new AnodeDemo.Settings(iters, lr, WIDTH, BATCH, c.seed, solver, mode);
    NestedAnnuli data = NestedAnnuli.sample(AnodeDemo.INNER, AnodeDemo.OUTER, c.seed);
    NestedAnnuli heldOut = NestedAnnuli.sample(AnodeDemo.INNER, AnodeDemo.OUTER, c.seed + 1);
    List<AnodeDemo.Trained> models = new ArrayList<>();
    try (Progress progress = Progress.start(c.spec.qualifiedName() + " anode", (long) iters * AUGMENT.length,
        c.quiet, c.spec.commandLine().getErr()).resumeAt(c.resumedSteps())) {
      for (int m = 0; m < AUGMENT.length; m++) {
        int k = AUGMENT[m];
        String label = k == 0 ? "node" : "anode_k" + k;
        progress.stage("model " + (m + 1) + "/" + AUGMENT.length + " (" + label + ")",
            (long) m * iters, iters);
        AnodeDemo.Trained t = AnodeDemo.train(label, k, data, s, loops,
            r -> progress.step(String.format(Locale.ROOT, "loss %.4f", r.loss()), r.nfeForward(),
                r.nfeBackward()));
        if (t == null) {
          return Interrupts.EXIT_STATUS;
        }
        models.add(t);
      }
    }
    AtomicFiles.writeImage(dir.resolve("decision_regions.png"), decisionRegions(models, data), "png");
    writeFlow(dir, models, data);

    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("iterations", iters);
    settings.put("lr", lr);
    settings.put("optimizer", "adam");
    settings.put("batch", BATCH);
    settings.put("width", WIDTH);
    settings.put("dynamics", "mlp (2+K)-" + WIDTH + "-" + WIDTH + "-(2+K), relu, time-independent");
    settings.put("loss", "squared error of the linear read-out against the +-1 label");
    settings.put("solver", "dopri5 rtol=atol=" + TOL);
    settings.put("gradient", Vocabulary.recordedGradient(mode.name()));
    settings.put("end_time", 1.0);
    settings.put("seed", c.seed);
    settings.put("out", out.toString());
    settings.put("data", "nested annuli: " + AnodeDemo.INNER + " points with r < 0.5 (label -1), "
        + AnodeDemo.OUTER + " with 1 <= r <= 1.5 (label +1)");
    Map<String, Object> results = new LinkedHashMap<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (AnodeDemo.Trained t : models) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model", t.label());
      m.put("augment_dim", t.augment());
      m.put("parameters", t.model().parameterCount());
      m.put("train_accuracy", t.accuracy());
      m.put("heldout_accuracy", AnodeDemo.accuracy(t.model(), heldOut));
      m.put("final_loss", t.finalLoss());
      m.put("mean_nfe_per_forward_solve", CommandSupport.round(t.meanNfe(), 3));
      m.put("nfe_last_forward_solve", t.lastNfe());
      m.put("nfe_forward_total", t.nfeForwardTotal());
      m.put("nfe_backward_total", t.nfeBackwardTotal());
      m.put("train_seconds", CommandSupport.round(t.seconds(), 3));
      m.put("accuracy_history", history(t.accuracyHistory()));
      rows.add(m);
    }
    results.put("models", rows);
    AnodeDemo.Trained plain = models.get(0);
    boolean augmentedSeparate = models.stream().skip(1).allMatch(t -> t.accuracy() >= 0.99);
    boolean augmentedCheaper = models.stream().skip(1).allMatch(t -> t.meanNfe() < plain.meanNfe());
    Map<String, Object> checks = new LinkedHashMap<>();
    checks.put("augmented_reach_99_percent", augmentedSeparate);
    checks.put("plain_below_99_percent", plain.accuracy() < 0.99);
    checks.put("augmented_fewer_nfe_per_solve", augmentedCheaper);
    results.put("checks", checks);
    double seconds = (System.nanoTime() - start) / 1e9;
    CommandSupport.writeSummary(dir, "demo anode", settings, results,
        List.of("decision_regions.png", "flow.gif", "flow_final.png"), seconds);
    StringBuilder b = new StringBuilder();
    for (AnodeDemo.Trained t : models) {
      b.append(String.format(Locale.ROOT, "%s training acc %.4f nfe/solve %.1f; ", t.label(), t.accuracy(), t.meanNfe()));
    }
    CommandSupport.status(c.spec, "anode", c.quiet, String.format(Locale.ROOT, "%s%.1f s -> %s", b, seconds, out));
    return 0;
  }

  private static String title(AnodeDemo.Trained t) {
    return String.format(Locale.ROOT, "%s (K = %d): training accuracy %.1f%%, %.1f NFE/solve",
        t.augment() == 0 ? "Neural ODE" : "augmented", t.augment(), 100 * t.accuracy(), t.meanNfe());
  }

  private static int[] groups(NestedAnnuli data) {
    int[] g = new int[data.size()];
    for (int i = 0; i < g.length; i++) {
      g[i] = data.labels()[i] > 0 ? 1 : 0;
    }
    return g;
  }

  /** The read-out over [−2, 2]², mapped from [−1, 1] to [0, 1], with the data on top. */
  static BufferedImage decisionRegions(List<AnodeDemo.Trained> models, NestedAnnuli data) {
    double lo = -2;
    double hi = 2;
    double[] grid = new double[GRID * GRID * 2];
    for (int r = 0; r < GRID; r++) {
      for (int col = 0; col < GRID; col++) {
        int i = r * GRID + col;
        grid[2 * i] = lo + (col + 0.5) * (hi - lo) / GRID;
        grid[2 * i + 1] = lo + (r + 0.5) * (hi - lo) / GRID;
      }
    }
    Tensor x = Tensor.of(grid, GRID * GRID, 2);
    List<PanelFigure.Panel> panels = new ArrayList<>();
    for (AnodeDemo.Trained t : models) {
      double[] v;
      try (Autograd.Scope g = Autograd.noGrad()) {
        v = t.model().forward(x).logits().toArray();
      }
      double[][] field = new double[GRID][GRID];
      for (int r = 0; r < GRID; r++) {
        for (int col = 0; col < GRID; col++) {
          field[r][col] = (v[r * GRID + col] + 1) / 2;
        }
      }
      panels.add(new PanelFigure.Panel(title(t), new AxisRange(lo, hi), new AxisRange(lo, hi), data.points(),
          groups(data), field, List.of(), List.of()).withAxes("x1", "x2"));
    }
    return PanelFigure.render("Decision regions (read-out: blue -1, red +1) and the training points", panels,
        panels.size(), 360, 3.5, new PanelFigure.FieldScale("read-out", -1, 1));
  }

  /**
   * The flow of the points, t = 0 … 1, projected on (w·z + b)/|w| (the read-out, horizontal; the
   * decision boundary is the vertical line at 0) and on the unit vector (−w₂, w₁, 0, …)/|(w₁, w₂)|
   * orthogonal to w (vertical).
   */
  static void writeFlow(Path dir, List<AnodeDemo.Trained> models, NestedAnnuli data) throws IOException {
    double[] times = new double[FRAMES];
    for (int i = 0; i < FRAMES; i++) {
      times[i] = i / (double) (FRAMES - 1);
    }
    Tensor x = AnodeDemo.inputs(data);
    int n = data.size();
    List<double[][][]> projected = new ArrayList<>();
    List<AxisRange[]> ranges = new ArrayList<>();
    for (AnodeDemo.Trained t : models) {
      OdeClassifier m = t.model();
      double[] z;
      try (Autograd.Scope g = Autograd.noGrad()) {
        z = m.block().solveAugmented(x, Tensor.vector(times)).ys().toArray();
      }
      int d = m.block().stateDim();
      double[] w = m.head().weight().value().toArray();
      double b = m.head().bias().value().item();
      double wn = 0;
      for (double wi : w) {
        wn += wi * wi;
      }
      wn = Math.sqrt(wn);
      double un = Math.hypot(w[0], w[1]);
      double[] u = new double[d];
      if (un > 0) {
        u[0] = -w[1] / un;
        u[1] = w[0] / un;
      } else {
        u[0] = 1;
      }
      double[][][] p = new double[FRAMES][n][2];
      double[] hs = new double[FRAMES * n];
      double[] vs = new double[FRAMES * n];
      for (int f = 0; f < FRAMES; f++) {
        for (int i = 0; i < n; i++) {
          double h = b;
          double v = 0;
          for (int j = 0; j < d; j++) {
            double zj = z[(f * n + i) * d + j];
            h += w[j] * zj;
            v += u[j] * zj;
          }
          p[f][i][0] = h / wn;
          p[f][i][1] = v;
          hs[f * n + i] = h / wn;
          vs[f * n + i] = v;
        }
      }
      projected.add(p);
      ranges.add(new AxisRange[] {AxisRange.covering(0.05, hs), AxisRange.covering(0.05, vs)});
    }
    int[] groups = groups(data);
    BufferedImage last = null;
    try (GifWriter gif = GifWriter.open(dir.resolve("flow.gif"), 150)) {
      for (int f = 0; f < FRAMES; f++) {
        List<PanelFigure.Panel> panels = new ArrayList<>();
        for (int k = 0; k < models.size(); k++) {
          AxisRange[] r = ranges.get(k);
          panels.add(new PanelFigure.Panel(title(models.get(k)), r[0], r[1], projected.get(k)[f], groups, null,
              List.of(new double[] {0, r[1].lower(), 0, r[1].upper()}), List.of())
              .withAxes("read-out (w.z + b)/|w|", "z along (-w2, w1, 0, ..)"));
        }
        last = PanelFigure.render(String.format(Locale.ROOT,
            "Flow of the points, t = %.2f (horizontal: read-out (w.z+b)/|w|, boundary at 0; vertical: z along"
                + " (-w2, w1, 0..))", times[f]), panels, 360, 3.0);
        gif.addFrame(last, f == FRAMES - 1 ? DemoFrames.LAST_FRAME_MILLIS : 150);
      }
    }
    AtomicFiles.writeImage(dir.resolve("flow_final.png"), last, "png");
  }
}
