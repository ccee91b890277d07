package dev.neuralode.cli;

import dev.neuralode.data.Standardizer;
import dev.neuralode.io.LatentModelFile;
import dev.neuralode.io.OutputSet;
import dev.neuralode.io.PanelCsv;
import dev.neuralode.latent.Elbo;
import dev.neuralode.latent.IrregularBatch;
import dev.neuralode.latent.LatentOde;
import dev.neuralode.model.LatentOdeModel;
import dev.neuralode.model.SolverSpec;
import dev.neuralode.ode.OdeSolverException;
import dev.neuralode.ode.Solver;
import dev.neuralode.optim.Adam;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.Evaluation;
import dev.neuralode.train.ShuffledBatches;
import dev.neuralode.train.TrainingDivergedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code neuralode latent}: trains a latent ODE (ODE-RNN encoder, Rubanova, Chen &amp; Duvenaud 2019)
 * on a panel of irregularly sampled series, one per group, and writes {@code model.json} ({@link
 * LatentModelFile}), {@code reconstructions.csv}, {@code latent.png} and {@code summary.json}.
 *
 * <p><b>Method.</b> Columns are standardised over all observed values; time is rescaled to τ = (t −
 * t_min) / s so that the panel spans τ ∈ [0, {@value #TIME_SPAN}]. The series are put on the union of
 * their times with masks (missing cells are masked out); the model is trained by Adam on the negative
 * ELBO over minibatches of groups, z₀ sampled with a seeded generator. Reconstructions use z₀ = μ.
 *
 * <p><b>Exit status</b>: 0 on success; 2 with one line on stderr for bad input (missing column,
 * non-numeric value, repeated time in a group, a group with one row, a constant column, bad options);
 * 1 if the solver fails or training diverges.
 */
@Command(name = "latent", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Train a latent ODE on a panel of irregularly sampled time series (one series per group).",
        "",
        "The CSV is in long format: a group column, a time column and value columns; an empty cell,"
            + " NA, NaN, N/A, null or None is a missing value. An ODE-RNN encoder reads each series backward in time,"
            + " a latent ODE evolves z from the first time and a decoder maps z to the values;"
            + " training maximises the ELBO (Gaussian observations, KL to N(0, I)).",
        ""},
    footer = {"",
        "Writes model.json, reconstructions.csv, latent.png and summary.json into --out.",
        "",
        "Example:",
        "  neuralode latent --data panel.csv --group patient --time t --columns hr,bp \\",
        "      --out runs/latent"})
public final class LatentCommand implements Callable<Integer> {
  /** The length of the panel's time range in model time units. */
  public static final double TIME_SPAN = 2.0;
  /** Groups drawn in {@code latent.png}. */
  static final int SHOWN = 6;

  @Option(names = "--data", paramLabel = "FILE",
      description = "CSV file in long format (required unless --resume).")
  Path data;

  @Option(names = "--time", paramLabel = "COLUMN",
      description = "Time column (required unless --resume).")
  String time;

  @Option(names = "--group", paramLabel = "COLUMN",
      description = "Column naming the series each row belongs to (required unless --resume).")
  String group;

  @Option(names = "--columns", split = ",", paramLabel = "COLUMN",
      description = "Value columns, comma-separated (default: all but time and group).")
  List<String> columns;

  @Option(names = "--iterations", defaultValue = "500", paramLabel = "N",
      description = "Adam steps (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--lr", defaultValue = "0.01", paramLabel = "RATE",
      description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--latent-dim", defaultValue = "4", paramLabel = "L",
      description = "Latent dimension (default: ${DEFAULT-VALUE}).")
  int latentDim;

  @Option(names = "--hidden", defaultValue = "20", paramLabel = "W",
      description = "Hidden width of the dynamics, decoder and encoder ODE; the encoder's GRU"
          + " gets W + 5 (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--batch", defaultValue = "50", paramLabel = "N",
      description = "Groups per step (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--noise-std", defaultValue = "0.1", paramLabel = "SIGMA",
      description = "Observation noise of the ELBO, in standardised units (default: ${DEFAULT-VALUE}).")
  double noiseStd;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
      description = "Seed of the weights, batches and z0 samples (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", defaultValue = "runs/latent", paramLabel = "DIR",
      description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--checkpoint-every", defaultValue = "100", paramLabel = "N",
      description = Vocabulary.CHECKPOINT_EVERY)
  int checkpointEvery;

  @Option(names = "--resume", paramLabel = "DIR", description = Vocabulary.RESUME)
  Path resume;

  /** For tests: stop as Ctrl-C would after this many iterations (0: never). */
  @Option(names = "--stop-after", hidden = true, defaultValue = "0")
  int stopAfter;

  @Option(names = "--overwrite", description = Vocabulary.OVERWRITE)
  boolean overwrite;

  @Mixin(name = Threads.NAME) Threads threads = new Threads();

  @Option(names = {"-q", "--quiet"}, description = Vocabulary.QUIET)
  boolean quiet;

  @Spec CommandSpec spec;

  /** The checkpoint to continue from, set when resuming. */
  ResumableLoops.Stages resumeFrom;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  /** Creates the command; picocli sets the options. */
  public LatentCommand() {}

  @Override
  public Integer call() throws Exception {
    if (resume == null && resumeFrom == null && data != null
        && CommandSupport.continuesInterrupted(spec, out, overwrite, quiet)) {
      resume = out;
    }
    if (resume != null) {
      CheckpointFile c = CheckpointFile.load(resume, "latent");
      LatentCommand stored = c.parseInto(spec, resume, new LatentCommand());
      stored.out = resume;
      stored.quiet = quiet;
      stored.overwrite |= overwrite;
      stored.stopAfter = stopAfter;
      stored.resumeFrom = c.state(resume, ResumableLoops.Stages.class);
      return stored.call();
    }
    for (String[] required : new String[][] {{"--data FILE", data == null ? null : ""},
        {"--time COLUMN", time}, {"--group COLUMN", group}}) {
      if (required[1] == null) {
        throw new IllegalArgumentException("missing required option " + required[0] + " (or"
            + " --resume DIR to continue an interrupted run)");
      }
    }
    CommandSupport.Stopwatch clock = new CommandSupport.Stopwatch();
    checkOptions();
    List<String> stored = CheckpointFile.arguments(spec);
    try (OutputSet set = CommandSupport.beginOutput(spec, out, overwrite);
        Interrupts signals = Interrupts.install(m -> CommandSupport.status(spec, quiet, m), out,
            CommandSupport.launcher() + " latent --resume " + out)) {
      return train(set, stored, signals, clock);
    }
  }

  private int train(OutputSet set, List<String> stored, Interrupts signals,
      CommandSupport.Stopwatch clock) throws Exception {
    PanelCsv.Panel panel = PanelCsv.read(data, time, group, columns);
    int g = panel.series().size();
    int d = panel.columns().size();
    Standardizer scaling = scaling(panel);
    TreeSet<Double> union = new TreeSet<>();
    for (PanelCsv.Series s : panel.series()) {
      for (double t : s.times()) {
        union.add(t);
      }
    }
    double[] grid = union.stream().mapToDouble(Double::doubleValue).toArray();
    if (grid.length < 2) {
      throw new IllegalArgumentException("every row has the same time " + grid[0] + "; a latent ODE needs"
          + " observations at two or more times");
    }
    double origin = grid[0];
    double scale = (grid[grid.length - 1] - origin) / TIME_SPAN;
    double[] tau = new double[grid.length];
    for (int i = 0; i < grid.length; i++) {
      tau[i] = (grid[i] - origin) / scale;
    }
    double[] v = new double[grid.length * g * d];
    Arrays.fill(v, Double.NaN);
    for (int k = 0; k < g; k++) {
      PanelCsv.Series s = panel.series().get(k);
      for (int r = 0; r < s.times().length; r++) {
        int i = Arrays.binarySearch(grid, s.times()[r]);
        for (int j = 0; j < d; j++) {
          double x = s.values()[r][j];
          v[(i * g + k) * d + j] = Double.isNaN(x) ? Double.NaN : (x - scaling.mean()[j]) / scaling.std()[j];
        }
      }
    }
    IrregularBatch all = IrregularBatch.fromNaN(tau, Tensor.of(v, grid.length, g, d));

    LatentOde.Sizes sizes = new LatentOde.Sizes(d, latentDim, hidden + 5, new int[] {hidden}, new int[] {hidden},
        new int[] {hidden});
    Solver solver = Solver.fixed("rk4", TIME_SPAN / 50);
    LatentOde model = new LatentOde(sizes, solver, solver, Sensitivity.direct(), new Rng(seed));
    Rng noise = new Rng(seed * 31 + 2);
    double[] idx = new double[g];
    for (int k = 0; k < g; k++) {
      idx[k] = k;
    }
    Rng rowsRng = new Rng(seed * 31 + 4);
    if (batch > g && resumeFrom == null) {
      CommandSupport.noteLargeBatch(spec, quiet, batch, g, "groups");
    }
    ShuffledBatches rows = new ShuffledBatches(Tensor.of(idx, g, 1), Math.min(batch, g), rowsRng);
    ResumableLoops loops = new ResumableLoops(resumeFrom, checkpointEvery,
        st -> CheckpointFile.save(spec, out, stored, st),
        steps -> signals.requested() || (stopAfter > 0 && steps >= stopAfter));
    ResumableLoops.Outcome run;
    if (resumeFrom != null) {
      CommandSupport.status(spec, quiet, "resuming from the checkpoint of iteration "
          + resumeFrom.current().iteration() + " of " + iterations);
    }
    try (Progress progress = Progress.start(spec.qualifiedName(), iterations, quiet,
        spec.commandLine().getErr()).resumeAt(resumeFrom == null ? 0
            : resumeFrom.current().iteration())) {
      run = loops.loop(iterations, dev.neuralode.optim.LrSchedule.constant(lr), model.parameters(),
          new Adam(lr), List.of(noise, rowsRng), List.of(rows), new ArrayList<>(), it -> {
            double[] r = rows.next().toArray();
            int[] sel = new int[r.length];
            for (int i = 0; i < r.length; i++) {
              sel[i] = (int) r[i];
            }
            IrregularBatch b = all.select(sel);
            LatentOde.Output o = model.forward(b, tau, noise);
            return Evaluation.of(Elbo.loss(o, b, noiseStd, 1.0), o.nfe(), () -> 0);
          }, rep -> progress.step("-ELBO " + CommandSupport.fmt(rep.loss()), rep.nfeForward(),
              rep.nfeBackward()));
      if (run.stopped()) {
        progress.close();
        CommandSupport.status(spec, quiet, "stopped after iteration " + run.state().iteration()
            + " of " + iterations + "; checkpoint saved, continue with: " + CommandSupport.launcher() + " latent --resume "
            + out);
        return Interrupts.EXIT_STATUS;
      }
    } catch (TrainingDivergedException e) {
      throw new CommandException(CommandException.FAILURE, "training diverged at iteration " + e.iteration()
          + "; lower --lr (it is " + lr + ") or raise --noise-std; no model was written", e);
    } catch (OdeSolverException e) {
      throw new CommandException(CommandException.FAILURE, "training failed: the ODE solver stopped at model time "
          + e.time() + " (" + e.getMessage() + "); try a lower --lr or another --seed; no model was written", e);
    }
    signals.finishing();
    LatentOdeModel description = LatentOdeModel.from(panel.columns(), scaling, origin, scale, sizes, noiseStd,
        SolverSpec.of(solver), model);
    LatentOutputs.write(this, set.dir(), panel, all, grid, description, model, run.state(),
        clock.seconds());
    signals.committing();
    set.commit();
    CheckpointFile.discard(out);
    return 0;
  }

  private void checkOptions() {
    if (iterations < 1 || iterations > 10_000_000) {
      throw new IllegalArgumentException("--iterations must be between 1 and 10000000; got " + iterations);
    }
    if (!(lr > 0) || !Double.isFinite(lr)) {
      throw new IllegalArgumentException("--lr must be a finite number > 0, e.g. 0.01; got " + lr);
    }
    if (latentDim < 1 || latentDim > 1000) {
      throw new IllegalArgumentException("--latent-dim must be between 1 and 1000; got " + latentDim);
    }
    if (hidden < 1 || hidden > 10_000) {
      throw new IllegalArgumentException("--hidden must be between 1 and 10000; got " + hidden);
    }
    if (batch < 1) {
      throw new IllegalArgumentException("--batch must be at least 1; got " + batch);
    }
    if (!(noiseStd > 0) || !Double.isFinite(noiseStd)) {
      throw new IllegalArgumentException("--noise-std must be a finite number > 0, e.g. 0.1; got " + noiseStd);
    }
  }

  /** Mean and population std of each column over its observed values. */
  private Standardizer scaling(PanelCsv.Panel panel) {
    int d = panel.columns().size();
    double[] mean = new double[d];
    double[] std = new double[d];
    for (int j = 0; j < d; j++) {
      List<Double> xs = new ArrayList<>();
      for (PanelCsv.Series s : panel.series()) {
        for (double[] row : s.values()) {
          if (!Double.isNaN(row[j])) {
            xs.add(row[j]);
          }
        }
      }
      double m = xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      double var = xs.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / xs.size();
      if (!(var > 0)) {
        throw dev.neuralode.io.InputException.at(data, 0, "column '" + panel.columns().get(j) + "' is constant ("
            + m + "); a latent ODE cannot model it, drop it from --columns");
      }
      mean[j] = m;
      std[j] = Math.sqrt(var);
    }
    return new Standardizer(mean, std);
  }

  /** Command-line context for {@link LatentOutputs}. */
  Path out() {
    return out;
  }

  String describe() {
    return String.format(Locale.ROOT, "iterations=%d lr=%s latent_dim=%d hidden=%d", iterations, lr, latentDim,
        hidden);
  }
}
