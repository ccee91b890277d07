package dev.neuralode.cli;

import dev.neuralode.io.AtomicFiles;
import dev.neuralode.io.Csv;
import dev.neuralode.plot.AxisRange;
import dev.neuralode.plot.PanelFigure;
import dev.neuralode.plot.PlotLine;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code neuralode demo latent}: trains a latent ODE and the GRU-Δt baseline on irregularly sampled
 * spirals and writes {@code summary.json}, {@code spirals.png} and {@code loss.csv}.
 */
final class LatentDemoRun {
  static final String NAME = "latent";
  static final int DEFAULT_ITERATIONS = 1500;
  static final double DEFAULT_LR = 0.01;
  static final int SHOWN = 6;
  static final Color LATENT = new Color(0x2c, 0xa0, 0x2c);
  static final Color BASELINE = new Color(0xff, 0x7f, 0x0e);

  private LatentDemoRun() {}

  /**
   * Trains both models and writes the output set.
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
    LatentDemo.Split train = LatentDemo.split(LatentDemo.TRAIN, c.seed);
    LatentDemo.Split test = LatentDemo.split(LatentDemo.TEST, c.seed + 1_000_003L);
    LatentDemo.Evaluated latent;
    LatentDemo.Evaluated baseline;
    try (Progress progress = Progress.start(c.spec.qualifiedName() + " latent", 2L * iters, c.quiet,
        c.spec.commandLine().getErr()).resumeAt(c.resumedSteps())) {
      progress.stage("model 1/2 (latent ODE)", 0, iters);
      latent = LatentDemo.trainLatent(train, test, iters, lr, c.seed, loops,
          r -> progress.step(String.format(Locale.ROOT, "-ELBO %.3f", r.loss()), r.nfeForward(),
              r.nfeBackward()));
      if (latent == null) {
        return Interrupts.EXIT_STATUS;
      }
      progress.stage("model 2/2 (GRU-dt)", iters, iters);
      baseline = LatentDemo.trainBaseline(train, test, iters, lr, c.seed, loops,
          r -> progress.step(String.format(Locale.ROOT, "mse %.4f", r.loss()), r.nfeForward(), r.nfeBackward()));
      if (baseline == null) {
        return Interrupts.EXIT_STATUS;
      }
    }
    AtomicFiles.writeImage(dir.resolve("spirals.png"), figure(test, latent, baseline), "png");
    double[][] rows = new double[iters][];
    for (int i = 0; i < iters; i++) {
      rows[i] = new double[] {i + 1, latent.losses()[i], baseline.losses()[i]}; // 1-based, as fit's
    }
    Csv.write(dir.resolve("loss.csv"), List.of("iteration", "latent_ode_neg_elbo", "gru_delta_t_mse"), rows,
        java.util.Set.of("iteration"));

    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("iterations", iters);
    settings.put("lr", lr);
    settings.put("optimizer", "adam");
    settings.put("batch", LatentDemo.BATCH);
    settings.put("seed", c.seed);
    settings.put("out", out.toString());
    settings.put("data", String.format(Locale.ROOT, "torchdiffeq latent_ode.py spirals (a=0, b=0.3, grid of %d"
        + " points over [0, 6pi]); %d training and %d held-out series; each observes %d random grid points of"
        + " its first %d, noise std %.2f; extrapolation over the next %d", LatentDemo.TOTAL, LatentDemo.TRAIN,
        LatentDemo.TEST, LatentDemo.OBSERVED, LatentDemo.WINDOW, LatentDemo.NOISE, LatentDemo.WINDOW));
    settings.put("latent_ode", "latent 4, ODE-RNN encoder (GRU 25, tanh MLP 25-20-25), dynamics ELU MLP 4-20-4,"
        + " decoder ReLU MLP 4-20-2, rk4 one step per grid interval, direct gradients, ELBO with sigma = noise std");
    settings.put("baseline", "GRU-dt: GRU encoder (25) reading [x*m, m, dt] backward, GRU decoder (25) driven by"
        + " dt, linear read-out; masked squared error");
    Map<String, Object> results = new LinkedHashMap<>();
    for (LatentDemo.Evaluated e : List.of(latent, baseline)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("interpolation_mse", e.interpolationMse());
      m.put("extrapolation_mse", e.extrapolationMse());
      m.put("final_training_loss", e.losses()[e.losses().length - 1]);
      m.put("train_seconds", CommandSupport.round(e.seconds(), 3));
      m.put("nfe_forward_total", e.nfeForwardTotal());
      m.put("nfe_backward_total", e.nfeBackwardTotal());
      results.put(e.name(), m);
    }
    results.put("extrapolation_below_baseline", latent.extrapolationMse() < baseline.extrapolationMse());
    double seconds = (System.nanoTime() - start) / 1e9;
    CommandSupport.writeSummary(dir, "demo latent", settings, results, List.of("spirals.png", "loss.csv"), seconds);
    CommandSupport.status(c.spec, "latent", c.quiet, String.format(Locale.ROOT, "extrapolation MSE %.4f"
        + " (GRU-dt %.4f), interpolation %.4f (%.4f), %.1f s -> %s", latent.extrapolationMse(),
        baseline.extrapolationMse(), latent.interpolationMse(), baseline.interpolationMse(), seconds, out));
    return 0;
  }

  /** The half-length of the end-of-observation cross's arms, as a fraction of half a panel. */
  static final double CROSS = 0.07;

  /**
   * A black × centred on a point: the two strokes, drawn after the curves.
   *
   * @param at the centre {x, y}
   * @param arm the half-length of each stroke along x and y, in data units
   * @return two solid lines
   */
  static List<PlotLine> cross(double[] at, double arm) {
    return List.of(
        new PlotLine(null, new double[][] {{at[0] - arm, at[1] - arm}, {at[0] + arm, at[1] + arm}},
            Color.BLACK, 3f, false),
        new PlotLine(null, new double[][] {{at[0] - arm, at[1] + arm}, {at[0] + arm, at[1] - arm}},
            Color.BLACK, 3f, false));
  }

  /**
   * A ring of the model's colour around the point where an extrapolation ends, so that one that
   * barely moves (the GRU's often stalls by the ×) is still seen.
   *
   * @param at the centre {x, y}
   * @param radius the radius in data units
   * @param color the model's colour
   * @return a closed solid line
   */
  static PlotLine ring(double[] at, double radius, Color color) {
    int sides = 48;
    double[][] xy = new double[sides + 1][];
    for (int i = 0; i <= sides; i++) {
      double a = 2 * Math.PI * i / sides;
      xy[i] = new double[] {at[0] + radius * Math.cos(a), at[1] + radius * Math.sin(a)};
    }
    return new PlotLine(null, xy, color, 2.5f, false);
  }

  private static double[][] track(double[] pred, int n, int k, int from, int to) {
    double[][] xy = new double[to - from][];
    for (int i = from; i < to; i++) {
      xy[i - from] = new double[] {pred[(i * n + k) * 2], pred[(i * n + k) * 2 + 1]};
    }
    return xy;
  }

  static java.awt.image.BufferedImage figure(LatentDemo.Split test, LatentDemo.Evaluated latent,
      LatentDemo.Evaluated baseline) {
    int n = test.spirals().count();
    int w = LatentDemo.WINDOW;
    double[] obsV = test.observed().values().toArray();
    double[] obsM = test.observed().mask().toArray();
    List<PanelFigure.Panel> panels = new ArrayList<>();
    for (int k = 0; k < Math.min(SHOWN, n); k++) {
      double[][] truth = test.spirals().truth()[k];
      List<double[]> pts = new ArrayList<>();
      for (int i = 0; i < w; i++) {
        if (obsM[(i * n + k) * 2] != 0) {
          pts.add(new double[] {obsV[(i * n + k) * 2], obsV[(i * n + k) * 2 + 1]});
        }
      }
      List<PlotLine> lines = new ArrayList<>();
      lines.add(new PlotLine(null, truth, Color.GRAY, 4f, false));
      lines.add(new PlotLine(null, track(baseline.prediction(), n, k, 0, w), BASELINE, 2f, false));
      lines.add(new PlotLine(null, track(latent.prediction(), n, k, 0, w), LATENT, 2f, false));
      lines.add(new PlotLine(null, track(latent.prediction(), n, k, w - 1, 2 * w), LATENT, 2f, true));
      // the GRU's extrapolation last and thicker, so that the latent ODE's line does not hide it
      lines.add(new PlotLine(null, track(baseline.prediction(), n, k, w - 1, 2 * w), BASELINE, 3.5f, true));
      List<double[]> all = new ArrayList<>(pts);
      java.util.Collections.addAll(all, truth);
      java.util.Collections.addAll(all, track(latent.prediction(), n, k, 0, 2 * w));
      java.util.Collections.addAll(all, track(baseline.prediction(), n, k, 0, 2 * w));
      double[] xs = all.stream().mapToDouble(p -> p[0]).toArray();
      double[] ys = all.stream().mapToDouble(p -> p[1]).toArray();
      AxisRange xr = AxisRange.covering(0.15, xs);
      AxisRange yr = AxisRange.covering(0.15, ys);
      double half = Math.max(xr.width(), yr.upper() - yr.lower()) / 2;
      double cx = (xr.lower() + xr.upper()) / 2;
      double cy = (yr.lower() + yr.upper()) / 2;
      // a black × on the truth where the observation span ends and extrapolation begins, on top,
      // and a ring where each model's extrapolation ends
      lines.addAll(cross(truth[w - 1], half * CROSS));
      double[][] latentEnd = track(latent.prediction(), n, k, 2 * w - 1, 2 * w);
      double[][] baselineEnd = track(baseline.prediction(), n, k, 2 * w - 1, 2 * w);
      lines.add(ring(latentEnd[0], half * CROSS * 0.6, LATENT));
      lines.add(ring(baselineEnd[0], half * CROSS * 0.6, BASELINE));
      panels.add(new PanelFigure.Panel(String.format(Locale.ROOT, "held-out spiral %d (%s, %d points observed)",
          k, test.spirals().clockwise()[k] ? "clockwise" : "counter-clockwise", pts.size()),
          new AxisRange(cx - half, cx + half), new AxisRange(cy - half, cy + half), pts.toArray(new double[0][]),
          new int[pts.size()], null, List.of(), lines).withAxes("x", "y"));
    }
    return PanelFigure.render(String.format(Locale.ROOT, "grey: truth, dots: observed, green: latent ODE (extrap."
        + " MSE %.2f), orange: GRU-dt (%.2f); ×: observations end, dashed: extrapolation to ○", latent.extrapolationMse(),
        baseline.extrapolationMse()), panels, 3, 340, 6.0);
  }
}
