package dev.neuralode.cli;

import dev.neuralode.io.AtomicFiles;
import dev.neuralode.io.LatentModelFile;
import dev.neuralode.io.PanelCsv;
import dev.neuralode.latent.IrregularBatch;
import dev.neuralode.latent.LatentOde;
import dev.neuralode.model.LatentOdeModel;
import dev.neuralode.plot.AxisRange;
import dev.neuralode.plot.Colormaps;
import dev.neuralode.plot.PanelFigure;
import dev.neuralode.plot.PlotLine;
import dev.neuralode.tensor.Autograd;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The files {@code neuralode latent} writes, each atomically, after training succeeded. */
final class LatentOutputs {
  static final int PLOT_POINTS = 101;

  private LatentOutputs() {}

  static void write(LatentCommand c, Path dir, PanelCsv.Panel panel, IrregularBatch all,
      double[] grid, LatentOdeModel description, LatentOde model, ResumableLoops.State run,
      double seconds0) throws IOException {
    LatentModelFile.of(description).save(dir.resolve("model.json"));
    int g = panel.series().size();
    int d = panel.columns().size();
    double[] mean = description.scaling().mean();
    double[] std = description.scaling().std();
    double[] tau = all.times();
    double[] fine = new double[PLOT_POINTS];
    for (int i = 0; i < PLOT_POINTS; i++) {
      fine[i] = tau[0] + (tau[tau.length - 1] - tau[0]) * i / (PLOT_POINTS - 1);
    }
    double[] recon;
    double[] curve;
    try (Autograd.Scope s = Autograd.noGrad()) {
      LatentOde.Output o = model.forward(all, tau, null);
      recon = o.mean().toArray();
      curve = model.decode(o.z0(), fine).mean().toArray();
    }
    // the input's own names for the group and time columns, e.g. patient,t
    StringBuilder csv = new StringBuilder(quote(c.group)).append(',').append(quote(c.time));
    for (String col : panel.columns()) {
      csv.append(',').append(col);
    }
    for (String col : panel.columns()) {
      csv.append(',').append(col).append("_model");
    }
    csv.append('\n');
    double[] sse = new double[d];
    int[] count = new int[d];
    for (int k = 0; k < g; k++) {
      PanelCsv.Series s = panel.series().get(k);
      for (int r = 0; r < s.times().length; r++) {
        int i = Arrays.binarySearch(grid, s.times()[r]);
        // the input's cells as written (time strings such as 4.810, missing markers such as NA),
        // so the file joins back onto the input
        String[] text = s.text() == null ? null : s.text()[r];
        csv.append(quote(s.name())).append(',').append(text != null ? quote(text[0]) : num(s.times()[r]));
        for (int j = 0; j < d; j++) {
          csv.append(',').append(text != null ? quote(text[1 + j])
              : Double.isNaN(s.values()[r][j]) ? "" : num(s.values()[r][j]));
        }
        for (int j = 0; j < d; j++) {
          double m = recon[(i * g + k) * d + j] * std[j] + mean[j];
          csv.append(',').append(num(m));
          if (!Double.isNaN(s.values()[r][j])) {
            sse[j] += (m - s.values()[r][j]) * (m - s.values()[r][j]);
            count[j]++;
          }
        }
        csv.append('\n');
      }
    }
    AtomicFiles.writeString(dir.resolve("reconstructions.csv"), csv.toString());

    List<PanelFigure.Panel> panels = new ArrayList<>();
    for (int k = 0; k < Math.min(LatentCommand.SHOWN, g); k++) {
      PanelCsv.Series s = panel.series().get(k);
      List<double[]> pts = new ArrayList<>();
      List<Integer> grp = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int r = 0; r < s.times().length; r++) {
        for (int j = 0; j < d; j++) {
          if (!Double.isNaN(s.values()[r][j])) {
            pts.add(new double[] {s.times()[r], s.values()[r][j]});
            grp.add(j);
            ys.add(s.values()[r][j]);
          }
        }
      }
      List<PlotLine> lines = new ArrayList<>();
      for (int j = 0; j < d; j++) {
        double[][] xy = new double[PLOT_POINTS][];
        for (int i = 0; i < PLOT_POINTS; i++) {
          double y = curve[(i * g + k) * d + j] * std[j] + mean[j];
          xy[i] = new double[] {grid[0] + fine[i] * description.timeScale(), y};
          ys.add(y);
        }
        lines.add(new PlotLine(null, xy, color(j), 2f, false));
      }
      AxisRange yr = AxisRange.covering(0.1, ys.stream().mapToDouble(Double::doubleValue).toArray());
      panels.add(new PanelFigure.Panel("group " + s.name(), new AxisRange(grid[0], grid[grid.length - 1]), yr,
          pts.toArray(new double[0][]), grp.stream().mapToInt(Integer::intValue).toArray(), null, List.of(), lines)
          .withAxes(c.time, d == 1 ? panel.columns().get(0) : "value"));
    }
    StringBuilder legend = new StringBuilder("Latent ODE reconstructions (lines) and observations (dots): ");
    for (int j = 0; j < d; j++) {
      legend.append(j == 0 ? "" : ", ").append(panel.columns().get(j)).append(j == 0 ? " blue" : j == 1 ? " red"
          : " colour " + (j + 1));
    }
    AtomicFiles.writeImage(dir.resolve("latent.png"), PanelFigure.render(legend.toString(), panels,
        Math.min(3, panels.size()), 320, 6.0), "png");

    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("data", c.data.toString());
    settings.put("time", c.time);
    settings.put("group", c.group);
    settings.put("columns", panel.columns());
    settings.put("iterations", c.iterations);
    settings.put("lr", c.lr);
    settings.put("latent_dim", c.latentDim);
    settings.put("hidden", c.hidden);
    settings.put("batch", c.batch);
    settings.put("noise_std", c.noiseStd);
    settings.put("seed", c.seed);
    settings.put("out", c.out().toString());
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("groups", g);
    results.put("times", grid.length);
    Map<String, Object> rmse = new LinkedHashMap<>();
    for (int j = 0; j < d; j++) {
      rmse.put(panel.columns().get(j), Math.sqrt(sse[j] / count[j]));
    }
    results.put("reconstruction_rmse", rmse);
    double[] losses = run.losses();
    results.put("final_loss", losses[losses.length - 1]);
    results.put("nfe_forward_total", run.totalNfeForward());
    results.put("nfe_backward_total", run.totalNfeBackward());
    double seconds = seconds0 + 0.0;
    CommandSupport.writeSummary(dir, "latent", settings, results,
        List.of("model.json", "reconstructions.csv", "latent.png"), seconds);
    StringBuilder line = new StringBuilder();
    rmse.forEach((col, v) -> line.append(line.length() == 0 ? "" : ", ").append(col).append(' ')
        .append(CommandSupport.fmt((Double) v)));
    CommandSupport.status(c.spec, c.quiet, String.format(Locale.ROOT, "%d groups, reconstruction"
        + " RMSE %s (data units), %.1f s -> %s", g, line, seconds, c.out()));
  }

  private static Color color(int j) {
    return j < PanelFigure.GROUP_COLORS.length ? PanelFigure.GROUP_COLORS[j] : Colormaps.category(j);
  }

  private static String num(double v) {
    return Double.toString(v);
  }

  private static String quote(String s) {
    boolean plain = !s.contains(",") && !s.contains("\"") && !s.contains("\n") && !s.contains("\r");
    return plain ? s : "\"" + s.replace("\"", "\"\"") + "\"";
  }
}
