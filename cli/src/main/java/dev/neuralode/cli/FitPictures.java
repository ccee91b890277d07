package dev.neuralode.cli;

import dev.neuralode.io.AtomicFiles;
import dev.neuralode.model.OdeMlpModel;
import dev.neuralode.nn.Mlp;
import dev.neuralode.plot.FitFigure;
import dev.neuralode.plot.LossPlot;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.ShootingFit;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws {@code fit.png} and {@code loss.png}. {@code fit.png}: for one series, a panel per column (data, held-out data as rings, the
 * model or the ensemble median with its 90% band), a residual panel per column, and for two
 * observed columns without latent ones the phase portrait with the learned vector field; for a
 * panel, a small multiple per group (up to {@value #MAX_GROUPS}, then an even sample) and the
 * residuals of all groups per column.
 */
final class FitPictures {

  /** The most groups drawn as small multiples. */
  static final int MAX_GROUPS = 16;

  private FitPictures() {}

  @SuppressWarnings("try")
  static void fit(Path file, String title, FitData fd, double[][][] fit, double[][] grids,
      double[][][] grid, double[][][][] band, OdeMlpModel model, boolean ensemble,
      Metrics metrics, boolean[] nonNegative) throws IOException {
    int d = fd.names().size();
    List<FitFigure.Panel> panels = new ArrayList<>();
    String time = fd.timeName();
    boolean phase = fd.groupColumn() == null && d == 2 && model.latent() == 0;
    List<FitFigure.LegendEntry> legend = legend(fd, ensemble, nonNegative, phase);
    if (fd.groupColumn() == null) {
      FitData.Group g = fd.groups().get(0);
      for (int j = 0; j < d; j++) {
        Color c = FitFigure.COLORS[j % FitFigure.COLORS.length];
        panels.add(new FitFigure.Panel(fd.names().get(j) + " (RMSE "
            + CommandSupport.fmt(metrics.perColumn()[j]) + ")", time,
            fd.names().get(j),
            bands(band, 0, j, grids[0], c), List.of(new FitFigure.Line(grids[0],
                column(grid[0], j), c, 2f)), points(g, j, c), List.of(), markers(g), false));
      }
      for (int j = 0; j < d; j++) {
        Color c = FitFigure.COLORS[j % FitFigure.COLORS.length];
        panels.add(new FitFigure.Panel("residuals of " + fd.names().get(j) + " (model − data)",
            time, fd.names().get(j), List.of(), List.of(), residuals(g, fit[0], j, c),
            List.of(), markers(g), true));
      }
      if (phase) {
        panels.add(phase(fd, g, grid[0], model));
      }
      int columns = panels.size() <= 2 ? panels.size() : panels.size() <= 6 ? 2 : 3;
      write(file, FitFigure.render(title, legend, panels, columns, 800, 260));
      return;
    }
    legend = groupLegend(legend, fd.names());
    int groups = fd.groups().size();
    int shown = Math.min(groups, MAX_GROUPS);
    for (int s = 0; s < shown; s++) {
      int g = shown == groups ? s : (int) Math.round((double) s * (groups - 1) / (shown - 1));
      FitData.Group group = fd.groups().get(g);
      List<FitFigure.Band> bands = new ArrayList<>();
      List<FitFigure.Line> lines = new ArrayList<>();
      List<FitFigure.Points> pts = new ArrayList<>();
      for (int j = 0; j < d; j++) {
        Color c = FitFigure.COLORS[j % FitFigure.COLORS.length];
        bands.addAll(bands(band, g, j, grids[g], c));
        lines.add(new FitFigure.Line(grids[g], column(grid[g], j), c, 2f));
        pts.addAll(points(group, j, c));
      }
      panels.add(new FitFigure.Panel(fd.groupColumn() + " " + group.name(), time,
          String.join(", ", fd.names()), bands, lines, pts, List.of(), markers(group), false));
    }
    for (int j = 0; j < d; j++) {
      Color c = FitFigure.COLORS[j % FitFigure.COLORS.length];
      List<FitFigure.Points> res = new ArrayList<>();
      for (int g = 0; g < groups; g++) {
        res.addAll(residuals(fd.groups().get(g), fit[g], j, c));
      }
      panels.add(new FitFigure.Panel("residuals, " + groups + " groups", time, fd.names().get(j), List.of(), List.of(), res, List.of(),
          new double[0], true));
    }
    String t = title + (shown < groups ? " — " + shown + " of " + groups + " groups" : "");
    write(file, FitFigure.render(t, legend, panels, 4, 1000, 220));
  }

  /**
   * The legend of the group figure: with two or more columns, whose lines and dots share each
   * group's panel, an entry per column in its colour after the others.
   *
   * @param legend the entries of {@link #legend(FitData, boolean, boolean[], boolean)}
   * @param names the columns, in order
   * @return the entries
   */
  static List<FitFigure.LegendEntry> groupLegend(List<FitFigure.LegendEntry> legend, List<String> names) {
    if (names.size() < 2) {
      return legend;
    }
    List<FitFigure.LegendEntry> out = new ArrayList<>(legend);
    for (int j = 0; j < names.size(); j++) {
      out.add(new FitFigure.LegendEntry(FitFigure.Mark.COLUMN, names.get(j),
          FitFigure.COLORS[j % FitFigure.COLORS.length]));
    }
    return out;
  }

  /**
   * The legend row, with the phase portrait's trajectory when there is one.
   *
   * @param fd the data
   * @param ensemble whether the line is an ensemble's median with a band
   * @param clippedColumns per column, whether any drawn value was clipped at 0
   * @param phasePortrait whether the figure has a phase portrait
   * @return the entries
   */
  static List<FitFigure.LegendEntry> legend(FitData fd, boolean ensemble, boolean[] clippedColumns,
      boolean phasePortrait) {
    List<FitFigure.LegendEntry> out = new ArrayList<>(legend(fd, ensemble, clippedColumns));
    if (phasePortrait) {
      out.add(new FitFigure.LegendEntry(FitFigure.Mark.TRAJECTORY, "trajectory (phase portrait)"));
    }
    return out;
  }

  /**
   * The legend row: what the dots, rings, line, band and dashed lines stand for.
   *
   * @param fd the data
   * @param ensemble whether the line is an ensemble's median with a band
   * @param clippedColumns per column, whether any drawn value was clipped at 0 (the legend says
   *     "clipped at 0" only then)
   * @return the entries
   */
  static List<FitFigure.LegendEntry> legend(FitData fd, boolean ensemble,
      boolean[] clippedColumns) {
    boolean[] nonNegative = clippedColumns;
    boolean heldOut = fd.groups().stream().anyMatch(g -> g.train() < g.n());
    List<String> clipped = new ArrayList<>();
    for (int j = 0; j < nonNegative.length; j++) {
      if (nonNegative[j]) {
        clipped.add(fd.names().get(j));
      }
    }
    String clip = clipped.isEmpty() ? "" : " (clipped at 0)";
    List<FitFigure.LegendEntry> out = new ArrayList<>();
    out.add(new FitFigure.LegendEntry(FitFigure.Mark.DOT, heldOut ? "training data" : "data"));
    if (heldOut) {
      out.add(new FitFigure.LegendEntry(FitFigure.Mark.RING, "held out (validation)"));
    }
    out.add(new FitFigure.LegendEntry(FitFigure.Mark.LINE, (ensemble ? "ensemble median"
        : "model") + (ensemble ? "" : clip)));
    if (ensemble) {
      out.add(new FitFigure.LegendEntry(FitFigure.Mark.BAND, "ensemble 90% band" + clip));
    }
    out.add(new FitFigure.LegendEntry(FitFigure.Mark.DASHED, heldOut
        ? "end of training / of data" : "end of data"));
    return out;
  }

  /**
   * Draws {@code loss.png}: the loss of every iteration with the phase lines of {@link
   * #phaseMarkers(int[], boolean)} and a dot at the model kept (an ensemble's: the member in model.json).
   *
   * @param file the PNG to write
   * @param r the fit whose losses are drawn
   * @param iterations 1 … n, as plotted
   * @param curve the loss curve's legend entry, e.g. {@code loss}, or which member of an ensemble
   * @param merging whether the fit has latent dimensions (its polish merges segments first)
   * @throws IOException if the file cannot be written
   */
  static void loss(Path file, ShootingFit.Result r, double[] iterations, String curve,
      boolean merging) throws IOException {
    double[] losses = r.losses();
    LossPlot.Builder plot = LossPlot.builder()
        .title("Training loss (standardised) by fit phase; each phase has its own objective")
        .series(curve, iterations, losses);
    for (Map.Entry<Integer, String> m : phaseMarkers(r.phases(), merging).entrySet()) {
      plot.marker(m.getKey(), m.getValue());
    }
    // the dot at the model kept; an ensemble's curve is the member model.json holds, so its dot is
    // that model too (and the two entries bring the legend that names the member)
    if (losses.length > 0) {
      double[] kept = keptPoint(r.selectedIteration(), losses);
      plot.series(keptLabel(r.selectedIteration(), losses.length), new double[] {kept[0]},
          new double[] {kept[1]});
    }
    plot.build().writePng(file);
  }

  /**
   * The dashed lines of {@code loss.png}: where each fit phase starts (the first at iteration 1),
   * labelled so that the shooting phase's spikes read as that phase's objective (losses of short
   * segments from free initial states, see docs/fitting.md), not as divergence; and where the
   * polish phase's learning rate drops to a tenth. Where the polish window still grows, the polish
   * start reads "polish (growing window)" and a line marks where it covers the whole series: the
   * losses before that line cover only the start of each series, and the model is chosen among
   * the losses after it ({@link ShootingFit#wholeSeriesFrom(int)}). A fit with latent dimensions
   * merges shooting segments there instead, and its polish start reads "polish (merging
   * segments)".
   *
   * @param phases the phase of every iteration (0 collocation, 1 shooting, 2 polish)
   * @param merging whether the fit has latent dimensions (its polish merges segments first)
   * @return iteration (from 1) to label, in order
   */
  static Map<Integer, String> phaseMarkers(int[] phases, boolean merging) {
    Map<Integer, String> out = new LinkedHashMap<>();
    for (int i = 0; i < phases.length; i++) {
      if (i == 0 || phases[i] != phases[i - 1]) {
        String name = ShootingFit.PHASES.get(phases[i]);
        out.put(i + 1, phases[i] == 1 ? name + " (spikes expected)" : name);
      }
    }
    int[] len = ShootingFit.phaseLengths(phases.length);
    int whole = ShootingFit.wholeSeriesFrom(phases.length);
    int polishFrom = len[0] + len[1] + 1;
    if (whole > polishFrom && whole <= phases.length) {
      // before this line the polish fits a growing start of each series: lower, partial losses
      out.put(polishFrom, merging ? "polish (merging segments)" : "polish (growing window)");
      out.put(whole, "whole series");
    }
    if (len[2] >= 4) {
      out.put(phases.length - len[2] / 4 + 1, "polish lr/10");
    }
    return out;
  }

  /**
   * Where {@code loss.png} marks the model kept: the selected iteration's loss, or the last
   * iteration's when the parameters after the last step are kept (their loss, lower still, is
   * not in {@code loss.csv}).
   *
   * @param selected {@link ShootingFit.Result#selectedIteration()}, 1-based; {@code n + 1} for
   *     the parameters after the last step
   * @param losses the loss of every iteration, length n &gt; 0
   * @return {iteration, loss}
   */
  static double[] keptPoint(int selected, double[] losses) {
    int at = Math.min(selected, losses.length);
    return new double[] {at, losses[at - 1]};
  }

  /**
   * The legend text of the model kept in {@code loss.png}.
   *
   * @param selected {@link ShootingFit.Result#selectedIteration()}
   * @param n the number of iterations
   * @return the text
   */
  static String keptLabel(int selected, int n) {
    return selected <= n
        ? "model kept: iteration " + selected + ", the lowest whole-series loss"
        : "model kept: the parameters after the last iteration (lowest whole-series loss)";
  }

  private static void write(Path file, java.awt.image.BufferedImage img) throws IOException {
    AtomicFiles.writeImage(file, img, "png");
  }

  private static double[] column(double[][] rows, int j) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i][j];
    }
    return out;
  }

  private static List<FitFigure.Band> bands(double[][][][] band, int g, int j, double[] x,
      Color c) {
    if (band == null) {
      return List.of();
    }
    return List.of(new FitFigure.Band(x, column(band[g][0], j), column(band[g][1], j), c));
  }

  private static List<FitFigure.Points> points(FitData.Group g, int j, Color c) {
    double[] x = column(g.x(), j);
    List<FitFigure.Points> out = new ArrayList<>();
    out.add(new FitFigure.Points(Arrays.copyOf(g.t(), g.train()), Arrays.copyOf(x, g.train()),
        c.darker(), false));
    if (g.train() < g.n()) {
      out.add(new FitFigure.Points(Arrays.copyOfRange(g.t(), g.train(), g.n()),
          Arrays.copyOfRange(x, g.train(), g.n()), Color.BLACK, true));
    }
    return out;
  }

  private static List<FitFigure.Points> residuals(FitData.Group g, double[][] fit, int j,
      Color c) {
    double[] r = new double[g.n()];
    for (int i = 0; i < r.length; i++) {
      r[i] = fit[i][j] - g.x()[i][j];
    }
    List<FitFigure.Points> out = new ArrayList<>();
    out.add(new FitFigure.Points(Arrays.copyOf(g.t(), g.train()), Arrays.copyOf(r, g.train()),
        c, false));
    if (g.train() < g.n()) {
      out.add(new FitFigure.Points(Arrays.copyOfRange(g.t(), g.train(), g.n()),
          Arrays.copyOfRange(r, g.train(), g.n()), Color.BLACK, true));
    }
    return out;
  }

  private static double[] markers(FitData.Group g) {
    double last = g.t()[g.n() - 1];
    return g.train() < g.n() ? new double[] {g.t()[g.train() - 1], last} : new double[] {last};
  }

  /** The phase portrait: data, the model's trajectory and its vector field on a 13 × 13 grid. */
  @SuppressWarnings("try")
  private static FitFigure.Panel phase(FitData fd, FitData.Group g, double[][] grid,
      OdeMlpModel model) {
    double[] x = column(g.x(), 0);
    double[] y = column(g.x(), 1);
    double[] xr = range(x, column(grid, 0));
    double[] yr = range(y, column(grid, 1));
    int n = 13;
    Mlp mlp = model.buildMlp();
    double[] mean = fd.scaling().mean();
    double[] std = fd.scaling().std();
    double scale = fd.scaling().timeScale();
    double[][] at = new double[n * n][2];
    double[] z = new double[n * n * 2];
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        int k = a * n + b;
        at[k][0] = xr[0] + (xr[1] - xr[0]) * a / (n - 1);
        at[k][1] = yr[0] + (yr[1] - yr[0]) * b / (n - 1);
        z[2 * k] = (at[k][0] - mean[0]) / std[0];
        z[2 * k + 1] = (at[k][1] - mean[1]) / std[1];
      }
    }
    double[] f;
    try (Autograd.Scope scope = Autograd.noGrad()) {
      f = mlp.apply(Tensor.scalar(0), Tensor.of(z, n * n, 2)).toArray();
    }
    double longest = 0;
    double[][] v = new double[n * n][2];
    double cx = (xr[1] - xr[0]) / (n - 1);
    double cy = (yr[1] - yr[0]) / (n - 1);
    for (int k = 0; k < n * n; k++) {
      v[k][0] = f[2 * k] * std[0] / scale;
      v[k][1] = f[2 * k + 1] * std[1] / scale;
      longest = Math.max(longest, Math.hypot(v[k][0] / cx, v[k][1] / cy));
    }
    List<double[]> arrows = new ArrayList<>();
    for (int k = 0; k < n * n; k++) {
      double s = longest > 0 ? 0.85 / longest : 0;
      arrows.add(new double[] {at[k][0], at[k][1], v[k][0] * s, v[k][1] * s});
    }
    return new FitFigure.Panel("phase portrait: data, model and its vector field",
        fd.names().get(0), fd.names().get(1), List.of(),
        List.of(new FitFigure.Line(column(grid, 0), column(grid, 1), FitFigure.COLORS[2], 2f)),
        List.of(new FitFigure.Points(Arrays.copyOf(x, g.train()), Arrays.copyOf(y, g.train()), Color.BLACK,
            false), new FitFigure.Points(Arrays.copyOfRange(x, g.train(), g.n()),
            Arrays.copyOfRange(y, g.train(), g.n()), Color.BLACK, true)), arrows, new double[0], false);
  }

  private static double[] range(double[] a, double[] b) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] arr : new double[][] {a}) {
      for (double v : arr) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    double pad = 0.1 * (hi - lo);
    return new double[] {lo - pad, hi + pad};
  }
}
