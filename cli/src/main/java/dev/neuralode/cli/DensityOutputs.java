package dev.neuralode.cli;

import dev.neuralode.data.GaussianMixture;
import dev.neuralode.data.Standardizer;
import dev.neuralode.flow.Cnf;
import dev.neuralode.flow.StandardNormal;
import dev.neuralode.flow.TraceEstimator;
import dev.neuralode.io.CnfModelFile;
import dev.neuralode.io.Csv;
import dev.neuralode.model.CnfModel;
import dev.neuralode.plot.AxisRange;
import dev.neuralode.plot.DensityPlot;
import dev.neuralode.plot.GifWriter;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.CnfTrainer;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a trained flow and writes the outputs of {@code neuralode density}: the likelihoods
 * and baselines, model.json, samples, pictures, the flow animation, loss.csv and summary.json.
 */
final class DensityOutputs {
  /** Frames of flow.gif, from the Gaussian (t = 0) to the data (t = T). */
  static final int FRAMES = 30;
  private static final int CHUNK = 2000;

  private DensityOutputs() {}

  /**
   * Thrown when a stop (Ctrl-C, SIGTERM) is requested while the trained model is evaluated; the
   * command then exits with status 130 and writes nothing.
   */
  static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super("stopped while evaluating", null, false, false);
    }
  }

  private static void check(java.util.function.BooleanSupplier stop) {
    if (stop.getAsBoolean()) {
      throw new Stopped();
    }
  }

  /** The mean NLL in data units of rows, with the exact trace. */
  static double nll(Cnf cnf, Standardizer s, double[][] rows) {
    return nll(cnf, s, rows, () -> false);
  }

  /**
   * The mean NLL in data units of rows, with the exact trace, in chunks of {@value #CHUNK} rows
   * (the chunks {@link CnfTrainer#logProb} solves together, so the figure does not depend on the
   * stop checks), checking for a stop before each.
   */
  static double nll(Cnf cnf, Standardizer s, double[][] rows, java.util.function.BooleanSupplier stop) {
    if (rows.length == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int from = 0; from < rows.length; from += CHUNK) {
      check(stop);
      double[][] part = java.util.Arrays.copyOfRange(rows, from, Math.min(rows.length, from + CHUNK));
      double[] lp = s.toDataLogProb(CnfTrainer.logProb(cnf, Tensor.matrix(s.apply(part)),
          TraceEstimator.exact(), CHUNK, null));
      for (double v : lp) {
        sum -= v;
      }
    }
    return sum / rows.length;
  }

  static void write(DensityCommand c, Path out, DensityData dd, Cnf cnf, CnfTrainer.History h,
      long trainingMultiplyAdds, CommandSupport.Stopwatch clock, java.util.function.BooleanSupplier stop)
      throws IOException {
    Standardizer s = dd.scaling();
    // The trained model first: nothing after this may cost the user the training.
    List<String> files = new ArrayList<>();
    CnfModelFile.of(CnfModel.from(dd.columns(), s, cnf)).save(out.resolve("model.json"));
    files.add("model.json");
    CommandSupport.status(c.spec, c.quiet, "evaluating");
    double trainNll = figure(c, "train_nll", () -> nll(cnf, s, dd.train(), stop));
    double testNll = figure(c, "test_nll", () -> nll(cnf, s, dd.test(), stop));
    check(stop);
    double baseline = dd.test().length == 0 ? Double.NaN
        : figure(c, "baseline_test_nll", () -> GaussianMixture.fitGaussian(dd.train()).nll(dd.test()));
    double gmm2 = dd.test().length == 0 ? Double.NaN
        : figure(c, "gmm2_test_nll", () -> GaussianMixture.fitEm(dd.train(), 2, c.seed).nll(dd.test()));

    check(stop);
    Rng rng = new Rng(c.seed + 7);
    double[][] z0 = StandardNormal.sample(c.samples, cnf.dim(), rng).toMatrix();
    double[][] samples = s.invert(cnf.transform(Tensor.matrix(z0)).toMatrix());
    Csv.write(out.resolve("samples.csv"), dd.columns(), samples);
    files.add("samples.csv");

    int n = h.loss().length;
    double[] iter = new double[n];
    double[] nllData = new double[n];
    double[] ff = new double[n];
    double[] fb = new double[n];
    for (int i = 0; i < n; i++) {
      iter[i] = i + 1;
      nllData[i] = h.nll()[i] - s.logAbsDet();
      ff[i] = h.nfeForward()[i];
      fb[i] = h.nfeBackward()[i];
    }
    Csv.writeColumns(out.resolve("loss.csv"), List.of("iteration", "loss", "nll", "nfe_forward", "nfe_backward"),
        java.util.Set.of("iteration", "nfe_forward", "nfe_backward"), iter, h.loss(), nllData, ff, fb);
    files.add("loss.csv");

    Double gridMass = null;
    if (cnf.dim() == 2) {
      check(stop);
      gridMass = pictures(c, out, dd, cnf, z0, samples, stop);
      files.addAll(List.of("density.png", "samples.png", "flow.gif"));
    }

    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("data", dd.source());
    settings.put("columns", dd.columns());
    settings.put("test_fraction", c.testFraction);
    settings.put("trace", cnf.settings().trace().toString());
    settings.put("iterations", c.iterations);
    settings.put("batch", c.batch);
    settings.put("lr", c.lr);
    settings.put("schedule", c.schedule);
    settings.put("weight_decay", c.weightDecay);
    settings.put("hidden", c.hidden);
    settings.put("activation", c.activation);
    settings.put("end_time", c.endTime);
    settings.put("train_end_time", c.trainEndTime);
    settings.put("kinetic", c.kinetic);
    settings.put("jacobian", c.jacobian);
    settings.put("gradient", Vocabulary.recordedGradient(c.gradient));
    settings.put("rtol", c.rtol);
    settings.put("atol", c.atol);
    settings.put("seed", c.seed);
    if (c.toy != null) {
      settings.put("toy_samples", c.toySamples);
    }
    settings.put("count", c.samples);
    settings.put("grid", c.grid);
    settings.put("out", c.out.toString());
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("n_train", dd.train().length);
    results.put("n_test", dd.test().length);
    results.put("rows_per_step", Math.min(c.batch, dd.train().length));
    results.put("train_nll", finite(trainNll));
    results.put("test_nll", finite(testNll));
    results.put("baseline_test_nll", finite(baseline));
    results.put("gmm2_test_nll", finite(gmm2));
    results.put("nfe_forward", CommandSupport.round(CnfTrainer.History.tailMean(h.nfeForward(), 100), 2));
    results.put("nfe_backward", CommandSupport.round(CnfTrainer.History.tailMean(h.nfeBackward(), 100), 2));
    results.put("nfe_forward_total", h.nfeForwardTotal());
    results.put("nfe_backward_total", h.nfeBackwardTotal());
    // the matrix products' multiply-adds of this process's training iterations (KernelCounter)
    results.put("training_multiply_adds", trainingMultiplyAdds);
    results.put("final_end_time", cnf.endTime());
    if (gridMass != null) {
      results.put("density_grid_mass", CommandSupport.round(gridMass, 6));
    }
    String warning = warning(testNll, baseline, gmm2);
    if (warning != null) {
      results.put("warning", warning);
    }
    CommandSupport.writeSummary(out, "density", settings, results, files, clock.seconds());
    CommandSupport.status(c.spec, c.quiet, "test nll " + CommandSupport.fmt(testNll) + " nats/sample (Gaussian "
        + CommandSupport.fmt(baseline) + ", 2-GMM " + CommandSupport.fmt(gmm2) + "); wrote " + c.out);
    if (warning != null) {
      CommandSupport.status(c.spec, c.quiet, "warning: " + warning);
    }
  }

  /**
   * The warning of a flow that has learned little: on the test rows (lower NLL is better) it does
   * not beat a single Gaussian, or a two-component Gaussian mixture, fitted to the training rows
   * (both in {@code summary.json}), as {@code fit} warns when its model barely beats the mean.
   *
   * @param testNll the flow's test NLL in nats per sample
   * @param gaussian the Gaussian baseline's test NLL
   * @param gmm2 the two-component mixture's test NLL (NaN when it could not be computed)
   * @return the warning, or null when the flow beats both baselines or its own figure is missing
   */
  static String warning(double testNll, double gaussian, double gmm2) {
    if (!Double.isFinite(testNll)) {
      return null;
    }
    String verdict;
    if (Double.isFinite(gaussian) && testNll >= gaussian) {
      verdict = "does not beat a single Gaussian fitted to the training rows (test NLL "
          + CommandSupport.fmt(testNll) + " vs " + CommandSupport.fmt(gaussian) + " nats/sample; lower is"
          + " better)";
    } else if (Double.isFinite(gmm2) && testNll >= gmm2) {
      verdict = "does not beat a mixture of two Gaussians fitted to the training rows (test NLL "
          + CommandSupport.fmt(testNll) + " vs " + CommandSupport.fmt(gmm2) + " nats/sample; lower is"
          + " better), so it has learned little of the data's shape";
    } else {
      return null;
    }
    return "the flow " + verdict + "; train longer (--iterations 300 or more), or try another --lr or"
        + " --seed, and look at the pictures";
  }

  /**
   * Computes one figure of summary.json; if that fails, prints one note (even with --quiet) and
   * returns NaN, which summary.json records as null, so that the other outputs are still written.
   */
  static double figure(DensityCommand c, String name, java.util.function.DoubleSupplier compute) {
    try {
      return compute.getAsDouble();
    } catch (Stopped e) {
      throw e;
    } catch (RuntimeException e) {
      CommandSupport.status(c.spec, false, "note: could not compute " + name + " (" + e.getMessage()
          + "); summary.json records it as null; model.json is saved");
      return Double.NaN;
    }
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? CommandSupport.round(v, 6) : null;
  }

  /** Writes density.png, samples.png and flow.gif; returns the density's mass on the plotted grid. */
  private static double pictures(DensityCommand c, Path out, DensityData dd, Cnf cnf, double[][] z0, double[][] samples,
      java.util.function.BooleanSupplier stop) throws IOException {
    Standardizer s = dd.scaling();
    double[][] train = dd.train();
    double[] xs0 = new double[train.length];
    double[] ys0 = new double[train.length];
    for (int i = 0; i < train.length; i++) {
      xs0[i] = train[i][0];
      ys0[i] = train[i][1];
    }
    AxisRange xr = AxisRange.covering(0.15, xs0);
    AxisRange yr = AxisRange.covering(0.15, ys0);
    int g = c.grid;
    double[] gx = new double[g];
    double[] gy = new double[g];
    double[][] pts = new double[g * g][];
    for (int i = 0; i < g; i++) {
      gx[i] = xr.lower() + (i + 0.5) * xr.width() / g;
      gy[i] = yr.lower() + (i + 0.5) * yr.width() / g;
    }
    for (int i = 0; i < g; i++) {
      for (int j = 0; j < g; j++) {
        pts[i * g + j] = new double[] {gx[i], gy[j]};
      }
    }
    double[] lp = s.toDataLogProb(CnfTrainer.logProb(cnf, Tensor.matrix(s.apply(pts)), TraceEstimator.exact(),
        CHUNK, null));
    double[][] dens = new double[g][g];
    double mass = 0;
    double cell = xr.width() / g * yr.width() / g;
    for (int i = 0; i < g; i++) {
      for (int j = 0; j < g; j++) {
        dens[i][j] = Math.exp(lp[i * g + j]);
        mass += dens[i][j] * cell;
      }
    }
    String xl = dd.columns().get(0);
    String yl = dd.columns().get(1);
    DensityPlot.writePng(DensityPlot.heatMap(gx, gy, dens, train, "CNF density (" + dd.label() + ")", xl, yl,
        720, 640), out.resolve("density.png"));
    DensityPlot.writePng(DensityPlot.dataAndSamples(train, samples, xr, yr, "data (" + dd.label() + ", "
        + train.length + " training points)", "CNF samples (" + samples.length + ")", xl, yl, 640, 600),
        out.resolve("samples.png"));
    double[] times = new double[FRAMES];
    for (int k = 0; k < FRAMES; k++) {
      times[k] = (double) k / (FRAMES - 1);
    }
    check(stop);
    Tensor traj = cnf.trajectory(Tensor.matrix(z0), times);
    double tEnd = cnf.endTime();
    try (GifWriter gif = GifWriter.open(out.resolve("flow.gif"), 120)) {
      for (int k = 0; k < FRAMES; k++) {
        check(stop);
        double[][] frame = s.invert(traj.index(k).toMatrix());
        BufferedImage img = DensityPlot.scatter(frame, xr, yr,
            String.format(java.util.Locale.ROOT,
                "Gaussian (t = 0) to data (t = %.2f): t = %.2f", tEnd, times[k] * tEnd), xl, yl,
            new Color(0x7E03A8), 480, 420);
        gif.addFrame(img, k == FRAMES - 1 ? DemoFrames.LAST_FRAME_MILLIS : 120);
      }
    }
    return mass;
  }
}
