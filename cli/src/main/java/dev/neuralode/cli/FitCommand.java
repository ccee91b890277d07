package dev.neuralode.cli;

import dev.neuralode.io.ModelFile;
import dev.neuralode.io.OutputSet;
import dev.neuralode.io.TimeSeries;
import dev.neuralode.io.TimeSeriesCsv;
import dev.neuralode.train.SeriesTrainer;
import dev.neuralode.model.StandardisedSeries;
import dev.neuralode.train.TrainingDivergedException;
import dev.neuralode.nn.Activation;
import dev.neuralode.ode.OdeSolverException;
import dev.neuralode.ode.Method;
import dev.neuralode.ode.Methods;
import dev.neuralode.ode.Solver;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.ode.Tolerances;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code neuralode fit}: fits a neural ODE dz/dτ = MLP(z) to a multivariate time series in a CSV
 * file and writes the model, predictions, a plot and a summary.
 *
 * <p><b>Method.</b> Each column is standardised, z = (x − mean) / std, and time is rescaled to τ =
 * (t − t₀) / s with s = (t_end − t₀) / {@value #TIME_SPAN}, so the series spans τ ∈ [0, {@value
 * #TIME_SPAN}]. The MLP's parameters and the initial state z(τ₀) (starting at the first
 * observation) are trained together by Adam on the mean squared error of the whole solved
 * trajectory against the standardised data, with gradients from the adjoint method by default.
 * Training follows a curriculum of growing windows, then the full series with full batch; see
 * {@link SeriesTrainer}. Runs are deterministic for a seed.
 *
 * <p><b>Outputs</b> in {@code --out}: {@code model.json} ({@link ModelFile}), {@code
 * predictions.csv} (the model on {@value #GRID_POINTS} times from the first data time to the last
 * plus {@value #FORECAST}, in data units), {@code fit.png}, {@code loss.csv}, {@code loss.png} and
 * {@code summary.json}: settings, the RMSE in data units over all columns at the data times, the
 * baseline RMSE of predicting each column's mean, per-column RMSEs, losses, function evaluations
 * and seconds. Files are written only after training succeeded, each atomically.
 *
 * <p><b>Exit status</b>: 0 on success; 2 with one line on stderr for bad input (missing column,
 * non-numeric value, empty file, time not increasing, fewer than 3 rows, a constant column, bad
 * options); 1 if the solver fails or training diverges.
 */
@Command(name = "fit", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Fit a neural ODE dz/dt = MLP(z) to a time series in a CSV file.",
        "",
        "Columns are standardised and time is rescaled so that the series spans [0, 4]. The MLP"
            + " and the initial state (starting at the first row) are trained together with Adam"
            + " on the mean squared error of the whole solved trajectory, with adjoint gradients"
            + " by default.",
        "",
        "Training is a curriculum: 4 stages fit the first 1/4, 2/4, 3/4 and all of the rows;"
            + " the last stage gets half of the iterations, its last quarter at lr/10. Every step"
            + " uses all rows of its window (full batch), so a seed gives the same model every"
            + " time.",
        ""},
    footer = {"",
        "Writes model.json, predictions.csv, fit.png, loss.csv, loss.png and",
        "summary.json into --out.",
        "",
        "Example:",
        "  neuralode fit --data lynx_hare.csv --time year --columns hare,lynx \\",
        "      --out runs/fit"})
public final class FitCommand implements Callable<Integer> {

  /** The length of the data's time range in model time units. */
  public static final double TIME_SPAN = StandardisedSeries.FIT_SPAN;
  /** How far past the last data time, in data time units, {@code predictions.csv} reaches. */
  public static final double FORECAST = 5.0;
  /** The number of times in {@code predictions.csv}. */
  public static final int GRID_POINTS = 251;

  @Spec CommandSpec spec;

  @Option(names = "--data", paramLabel = "FILE",
      description = "CSV file with a header line, e.g. year,hare,lynx (required unless"
          + " --resume).")
  Path data;

  @Option(names = "--time", paramLabel = "COLUMN",
      description = "Time column (default: the first column).")
  String time;

  @Option(names = "--columns", split = ",", paramLabel = "COLUMN",
      description = "Columns to model, comma-separated (default: all but the time column).")
  List<String> columns;

  @Option(names = "--iterations", defaultValue = "1000", paramLabel = "N",
      description = "Optimiser steps (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--lr", defaultValue = "0.01", paramLabel = "RATE",
      description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--hidden", split = ",", defaultValue = "32,32", paramLabel = "WIDTHS",
      description = "Hidden layer widths, e.g. 64 or 32,32 (default: ${DEFAULT-VALUE}).")
  int[] hidden;

  @Option(names = "--activation", defaultValue = "tanh", paramLabel = "NAME",
      description = "tanh, elu, relu, softplus, sigmoid or identity (default: ${DEFAULT-VALUE}).")
  String activation;

  @Option(names = "--time-dependent", description = "Let the dynamics depend on time too.")
  boolean timeDependent;

  @Option(names = "--method", defaultValue = "dopri5", paramLabel = "NAME",
      description = "ODE solver: any method 'neuralode solve --help' lists, e.g. dopri5,"
          + " tsit5, bosh3, rk4 or euler (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--rtol", defaultValue = "1e-7", paramLabel = "TOL",
      description = "Relative tolerance (default: ${DEFAULT-VALUE}).")
  double rtol;

  @Option(names = "--atol", defaultValue = "1e-9", paramLabel = "TOL",
      description = "Absolute tolerance (default: ${DEFAULT-VALUE}).")
  double atol;

  @Option(names = "--gradient", defaultValue = "adjoint", paramLabel = "MODE",
      description = "How gradients are taken: " + Vocabulary.GRADIENT_MODES
          + " (default: ${DEFAULT-VALUE}).")
  String gradient;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
      description = "Seed of the initial weights (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", defaultValue = "runs/fit", paramLabel = "DIR",
      description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--checkpoint-every", defaultValue = "100", paramLabel = "N",
      description = Vocabulary.CHECKPOINT_EVERY)
  int checkpointEvery;

  @Option(names = "--resume", paramLabel = "DIR",
      description = Vocabulary.RESUME)
  Path resume;

  /** For tests: stop as Ctrl-C would after this many iterations (0: never). */
  @Option(names = "--stop-after", hidden = true, defaultValue = "0")
  int stopAfter;

  /** The checkpoint to continue from, set when resuming. */
  SeriesTrainer.Checkpoint resumeFrom;

  @Option(names = "--overwrite",
      description = Vocabulary.OVERWRITE)
  boolean overwrite;

  @Mixin(name = Threads.NAME) Threads threads = new Threads();

  @Option(names = {"-q", "--quiet"}, description = Vocabulary.QUIET)
  boolean quiet;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  /** Creates the command; picocli sets the options. */
  public FitCommand() {}

  /**
   * Runs the fit.
   *
   * @return 0 on success
   * @throws Exception as mapped to exit statuses by {@link Errors}
   */
  @Override
  public Integer call() throws Exception {
    if (resume != null) {
      return resumeRun();
    }
    if (data == null) {
      throw new IllegalArgumentException("Missing required option: '--data=FILE' (or --resume"
          + " DIR to continue an interrupted run)");
    }
    CommandSupport.Stopwatch clock = new CommandSupport.Stopwatch();
    SeriesTrainer.FitSettings settings = settings();
    Vocabulary.requireCheckpointEvery(checkpointEvery);
    List<String> stored = CheckpointFile.arguments(spec);
    try (OutputSet set = CommandSupport.beginOutput(spec, out, overwrite);
        Interrupts signals = Interrupts.install()) {
      TimeSeries series = TimeSeriesCsv.read(data, time, columns == null ? List.of() : columns);
      FitData fd = FitData.of(data, series, TIME_SPAN);

      int[] done = {resumeFrom == null ? 0 : resumeFrom.iteration()};
      SeriesTrainer.Result result;
      SeriesTrainer.Checkpoints checkpoints = new SeriesTrainer.Checkpoints(checkpointEvery,
          c -> CheckpointFile.save(spec, out, stored, c),
          () -> signals.requested() || (stopAfter > 0 && done[0] >= stopAfter));
      try (Progress progress = Progress.start(spec.qualifiedName(), iterations, quiet,
          spec.commandLine().getErr())
        .resumeAt(resumeFrom == null ? 0 : resumeFrom.iteration())) {
        SeriesTrainer.Outcome outcome = SeriesTrainer.train(fd.tau(), fd.z(), settings,
            new SeriesTrainer.Listener() {
              @Override
              public void iteration(int it, int k, double loss) {
                iteration(it, k, loss, -1);
              }

              @Override
              public void iteration(int it, int k, double loss, long nfe) {
                done[0] = it;
                progress.step("loss " + CommandSupport.fmt(loss) + ", rows " + k + "/" + fd.n(), nfe);
              }
            }, resumeFrom, checkpoints);
        if (outcome.stopped()) {
          progress.close();
          CommandSupport.status(spec, quiet, "stopped after iteration " + done[0] + " of "
              + iterations + "; checkpoint saved, continue with: neuralode fit --resume " + out);
          return Interrupts.EXIT_STATUS;
        }
        result = outcome.result();
      } catch (TrainingDivergedException e) {
        throw new CommandException(CommandException.FAILURE, "training diverged at iteration "
            + e.iteration() + " (" + (e.gradient() ? "non-finite gradient" : "loss " + e.loss())
            + "); lower --lr or change --seed", null);
      } catch (OdeSolverException e) {
        throw new CommandException(CommandException.FAILURE, "training failed at iteration "
            + (done[0] + 1) + " of " + iterations + ": the ODE solver stopped at model time "
            + e.time() + " (" + e.getMessage() + "); try a lower --lr, another --seed or looser"
            + " --rtol/--atol; no model was written", e);
      }
      FitOutputs.Report report = FitOutputs.write(this, set.dir(), fd, result, settings, clock);
      set.commit();
      CheckpointFile.discard(out);
      CommandSupport.status(spec, quiet, report.line());
      if (report.warning() != null) {
        CommandSupport.status(spec, quiet, "warning: " + report.warning());
      }
    }
    return 0;
  }

  /** Continues from the checkpoint in --resume, with the arguments stored there. */
  private int resumeRun() throws Exception {
    CheckpointFile c = CheckpointFile.load(resume, "fit");
    FitCommand stored = c.parseInto(spec, resume, new FitCommand());
    stored.out = resume;
    stored.quiet = quiet;
    stored.overwrite |= overwrite;
    stored.stopAfter = stopAfter;
    stored.resumeFrom = c.state(resume, SeriesTrainer.Checkpoint.class);
    return stored.call();
  }

  /** Checks the options and turns them into training settings; messages name the option. */
  private SeriesTrainer.FitSettings settings() {
    if (iterations < 1 || iterations > 10_000_000) {
      throw new IllegalArgumentException("--iterations must be between 1 and 10000000; got "
          + iterations);
    }
    if (!(lr > 0) || !Double.isFinite(lr)) {
      throw new IllegalArgumentException("--lr must be a finite number > 0, e.g. 0.01; got " + lr);
    }
    for (int w : hidden) {
      if (w < 1 || w > 100_000) {
        throw new IllegalArgumentException("--hidden widths must be between 1 and 100000, e.g."
            + " 32,32; got " + w);
      }
    }
    // Values, gradients, two Adam moments and the solver's copies: about 12 doubles a parameter.
    MemoryGuard.require("--hidden " + java.util.Arrays.toString(hidden).replaceAll("[\\[\\] ]", ""),
        96.0 * MemoryGuard.mlpParameters(2, hidden, 2), "use smaller --hidden widths");
    Activation act = CommandSupport.option("--activation", () -> Activation.parse(activation));
    Sensitivity mode = CommandSupport.option("--gradient", () -> Sensitivity.parse(gradient));
    Method m = CommandSupport.option("--method", () -> Methods.byName(method));
    CommandSupport.option("--rtol", () -> Tolerances.of(rtol, 1.0));
    CommandSupport.option("--atol", () -> Tolerances.of(1.0, atol));
    Solver options = Solver.builder().method(m).rtol(rtol).atol(atol).build();
    if (m.adaptive() && rtol == 0 && atol == 0) {
      throw new IllegalArgumentException("--rtol and --atol are both 0; give a tolerance > 0,"
          + " e.g. --rtol 1e-7");
    }
    return new SeriesTrainer.FitSettings(iterations, lr, hidden.clone(), act, timeDependent,
        options, mode, seed);
  }
}
