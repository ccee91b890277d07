package dev.neuralode.cli;

import dev.neuralode.io.InputException;
import dev.neuralode.io.ModelFile;
import dev.neuralode.io.OutputSet;
import dev.neuralode.io.TimeSeries;
import dev.neuralode.io.TimeSeriesCsv;
import dev.neuralode.io.PanelCsv;
import dev.neuralode.train.ShootingFit;
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
 * {@code neuralode fit}: fits a neural ODE dz/dτ = MLP(z) to a multivariate time series, or to a
 * panel of series sharing the dynamics ({@code --group}), and writes the model, predictions, a
 * plot and a summary.
 *
 * <p><b>Method.</b> Each column is standardised with the training rows' mean and standard
 * deviation, and time is rescaled to τ = (t − t₀) / s, counted from each series' first time, so
 * that the longest training range spans τ ∈ [0, {@value #TIME_SPAN}]. Training follows the recipe
 * of {@link ShootingFit}: a collocation warm start (the network is regressed on smoothed values
 * and their estimated derivatives, with no ODE solve), multiple shooting (segments with their own
 * trainable initial states and a growing continuity penalty), then a polish of whole trajectories
 * from one trainable initial state per series. {@code --augment K} adds latent state dimensions
 * (without it, every seed is fitted with none and with one per observed column, and the better
 * kept);
 * {@code --validate} holds out each series' last rows; {@code --restarts} and {@code --ensemble}
 * fit several members on a fixed thread pool ({@link FitRuns}). Runs are deterministic for a seed.
 * See {@code docs/fitting.md}.
 *
 * <p><b>Outputs</b> in {@code --out}: {@code model.json} ({@link ModelFile}), {@code
 * predictions.csv} (the model on {@value #GRID_POINTS} times from each series' first data time to
 * its last plus {@value #FORECAST}, in data units, observed columns only; with a group column
 * first, and with {@code _lo}/{@code _hi} band columns for an ensemble), {@code fit.png}, {@code
 * loss.csv}, {@code loss.png} and {@code summary.json}: settings, the in-sample RMSE in data units
 * over the training rows, the baseline RMSE of predicting each column's mean over all rows,
 * per-column RMSEs, validation figures, losses, function evaluations and seconds. Files are
 * written only after training succeeded, each atomically.
 *
 * <p><b>Exit status</b>: 0 on success; 2 with one line on stderr for bad input (missing column,
 * non-numeric value, empty file, time not increasing, fewer than 3 rows, a constant column, a
 * group with fewer than 2 rows, a series too short for --segments, bad options); 1 if the solver
 * fails or training diverges.
 */
@Command(name = "fit", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Fit a neural ODE dz/dt = MLP(z) to a time series in a CSV file.",
        "",
        "Columns are standardised and time is rescaled so that the series spans [0, 4].",
        "",
        "Training is a curriculum of three phases: collocation (15%% of the iterations: the MLP"
            + " is regressed on smoothed values and their estimated derivatives, no ODE solve),"
            + " multiple shooting (30%%: segments with their own initial states and a growing"
            + " continuity penalty) and a polish of whole trajectories from one trainable"
            + " initial state per series (55%%, its last quarter at lr/10; its window grows from"
            + " the first half of each series to all of it by mid-phase, or, with latent"
            + " dimensions, the segments merge in pairs until then; the model kept is the"
            + " polish step with the lowest whole-series loss after that: loss.png marks both, and"
            + " summary.json gives iteration_kept), with adjoint"
            + " gradients by default. Every step uses all rows (full batch), so a seed gives"
            + " the same model every time. Without --augment, each seed is fitted with no latent"
            + " dimensions and with one per column, and the better kept (augment_kept).",
        ""},
    footer = {"",
        "Writes model.json, predictions.csv, fit.png, loss.csv, loss.png and",
        "summary.json into --out. See docs/fitting.md.",
        "",
        "Examples:",
        "  neuralode fit --data lynx_hare.csv --time year --columns hare,lynx \\",
        "      --out runs/fit",
        "  neuralode fit --data pk.csv --time hour --group subject --augment 1 \\",
        "      --validate 0.2 --out runs/pk"})
public final class FitCommand implements Callable<Integer>, CommandSupport.RunSettings {

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

  @Option(names = "--activation", completionCandidates = Vocabulary.FitActivations.class,
      defaultValue = "tanh", paramLabel = "ACTIVATION",
      description = "tanh, elu, relu, softplus, sigmoid or identity (default: ${DEFAULT-VALUE}).")
  String activation;

  @Option(names = "--time-dependent", description = "Let the dynamics depend on time too.")
  boolean timeDependent;

  @Option(names = "--method", completionCandidates = MethodNames.class, defaultValue = "dopri5", paramLabel = "METHOD",
      description = "ODE solver: any method 'neuralode solve --help' lists, e.g. dopri5,"
          + " tsit5, bosh3, rk4 or euler (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--rtol", defaultValue = "1e-7", paramLabel = "TOL",
      description = "Relative tolerance (default: ${DEFAULT-VALUE}).")
  double rtol;

  @Option(names = "--atol", defaultValue = "1e-9", paramLabel = "TOL",
      description = "Absolute tolerance (default: ${DEFAULT-VALUE}).")
  double atol;

  @Option(names = "--fit-rtol", defaultValue = "1e-5", paramLabel = "TOL",
      description = "Relative tolerance of the solves during training; the model and its"
          + " predictions use --rtol (default: ${DEFAULT-VALUE}).")
  double fitRtol;

  @Option(names = "--fit-atol", defaultValue = "1e-7", paramLabel = "TOL",
      description = "Absolute tolerance of the solves during training; the model and its"
          + " predictions use --atol (default: ${DEFAULT-VALUE}).")
  double fitAtol;

  @Option(names = "--gradient", completionCandidates = Vocabulary.GradientModes.class, defaultValue = "adjoint", paramLabel = "MODE",
      description = "How gradients are taken: " + Vocabulary.GRADIENT_MODES
          + " (default: ${DEFAULT-VALUE}).")
  String gradient;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
      description = "Seed of the initial weights (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--augment", paramLabel = "K",
      description = "Add K latent state dimensions (1-64) with trainable initial values, e.g. for"
          + " a univariate oscillating series; none for no latent dimensions; auto (the default)"
          + " fits both none and one per observed column, and keeps the better, as --restarts"
          + " keeps a seed. Outputs show observed columns only.")
  String augment;

  /** {@code --augment}: -1 for auto, else the latent dimensions (0 for none). */
  int latent() {
    return latentOf(augment);
  }

  private static int latentOf(String augment) {
    if (augment == null || augment.strip().equalsIgnoreCase("auto")) {
      return -1;
    }
    if (augment.strip().equalsIgnoreCase("none")) {
      return 0;
    }
    int k;
    try {
      k = Integer.parseInt(augment.strip());
    } catch (NumberFormatException e) {
      k = 0;
    }
    if (k < 1 || k > 64) {
      throw new IllegalArgumentException("--augment must be a whole number of latent dimensions"
          + " between 1 and 64, none or auto, e.g. --augment 1; got " + augment);
    }
    return k;
  }

  @Option(names = "--group", paramLabel = "COLUMN",
      description = "Fit one series per value of COLUMN (a panel in long format), each with its"
          + " own initial state and times, all sharing one dynamics.")
  String group;

  @Option(names = "--validate", defaultValue = "0", paramLabel = "FRACTION",
      description = "Hold out the last FRACTION of each series' rows and report the validation"
          + " RMSE against persistence and the mean (default: ${DEFAULT-VALUE}, none).")
  double validate;

  @Option(names = "--segments", defaultValue = "0", paramLabel = "N",
      description = "Multiple-shooting segments per series (default: ${DEFAULT-VALUE}, about"
          + " one per 5 intervals).")
  int segments;

  @Option(names = "--restarts", defaultValue = "1", paramLabel = "N",
      description = "Fit with N seeds (--seed, --seed+1, ..) and keep the best by validation"
          + " error, or by training error without --validate (default: ${DEFAULT-VALUE}).")
  int restarts;

  @Option(names = "--ensemble", defaultValue = "1", paramLabel = "K",
      description = "Fit K models (seeds and bootstrap resamples of the segments); predictions"
          + " and fit.png show their median and a 90%% band (default: ${DEFAULT-VALUE}).")
  int ensemble;

  @Option(names = "--kinetic", defaultValue = "0", paramLabel = "WEIGHT",
      description = "Kinetic-energy regulariser (RNODE): adds WEIGHT times the mean of |f|^2"
          + " along the trajectories to the loss (default: ${DEFAULT-VALUE}, off).")
  double kinetic;

  @Option(names = "--nfe-budget", defaultValue = "2000", paramLabel = "N",
      description = "Halve the learning rate whenever a forward solve takes more than N"
          + " function evaluations (default: ${DEFAULT-VALUE}; 0: no budget).")
  int nfeBudget;

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
  FitRuns.State resumeFrom;

  /** The iterations a resumed run's checkpoint had done (all members), 0 for a fresh run. */
  int resumedIterations;

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
    if (resume == null && resumeFrom == null && data != null
        && CommandSupport.continuesInterrupted(spec, out, overwrite, quiet)) {
      resume = out;
    }
    if (resume != null) {
      return resumeRun();
    }
    if (data == null) {
      throw new IllegalArgumentException("missing required option --data FILE (or --resume"
          + " DIR to continue an interrupted run)");
    }
    CommandSupport.Stopwatch clock = new CommandSupport.Stopwatch();
    List<ShootingFit.Settings> base = settings();
    Vocabulary.requireCheckpointEvery(checkpointEvery);
    List<String> stored = CheckpointFile.arguments(spec);
    try (OutputSet set = CommandSupport.beginOutput(spec, out, overwrite);
        Interrupts signals = Interrupts.install(m -> CommandSupport.status(spec, quiet, m), out,
            CommandSupport.launcher() + " fit --resume " + out)) {
      FitData fd = readData();
      requireSegments(fd);
      List<ShootingFit.Settings> members = withLatentCandidates(base, fd.names().size());
      List<ShootingFit.Series> training = fd.training();
      int total = iterations * members.size();
      int resumed = 0;
      if (resumeFrom != null && resumeFrom.members() != null) {
        for (ShootingFit.Checkpoint c : resumeFrom.members()) {
          resumed += c == null ? 0 : c.iteration();
        }
        CommandSupport.status(spec, quiet, "resuming from the checkpoint of iteration " + resumed
            + " of " + total);
        resumedIterations = resumed;
      }
      int[] lastIteration = {0};
      FitRuns.Outcome outcome;
      try (Progress progress = Progress.start(spec.qualifiedName(), total, quiet,
          spec.commandLine().getErr()).resumeAt(resumed)
          .counting(members.size() > 1 ? "iterations of all " + members.size() + " members" : null)) {
        Object lock = new Object();
        outcome = FitRuns.run(training, members, resumeFrom, checkpointEvery,
            state -> CheckpointFile.save(spec, out, stored, state),
            done -> signals.requested() || (stopAfter > 0 && done >= stopAfter),
            (member, it, phase, loss, forward, backward) -> {
              synchronized (lock) {
                lastIteration[0] = it;
                progress.step((members.size() > 1 ? "member " + (member + 1) + " iteration " + it
                    + ", " : "") + ShootingFit.PHASES.get(phase) + " loss "
                    + CommandSupport.fmt(loss), forward, backward);
              }
            });
        if (outcome.stopped()) {
          progress.close();
          CommandSupport.status(spec, quiet, "stopped after iteration " + lastIteration[0] + " of "
              + iterations + "; checkpoint saved, continue with: " + CommandSupport.launcher() + " fit --resume " + out);
          return Interrupts.EXIT_STATUS;
        }
      }
      signals.finishing();
      boolean any = outcome.results().stream().anyMatch(java.util.Objects::nonNull);
      if (!any) {
        throw failure(outcome.failures().get(0), lastIteration[0]);
      }
      FitOutputs.Report report = FitOutputs.write(this, set.dir(), fd, outcome, members, clock);
      signals.committing();
      set.commit();
      CheckpointFile.discard(out);
      CommandSupport.status(spec, quiet, report.line());
      if (report.warning() != null) {
        CommandSupport.status(spec, quiet, "warning: " + report.warning());
      }
    }
    return 0;
  }

  /**
   * With {@code --augment auto} (the default), each member (seed) is fitted twice: with no latent dimensions and
   * with one per observed column (at most 64), K = 0 first; {@link FitOutputs} keeps the better.
   */
  private List<ShootingFit.Settings> withLatentCandidates(List<ShootingFit.Settings> base,
      int observed) {
    if (latent() >= 0) {
      return base;
    }
    int k = Math.min(observed, 64);
    List<ShootingFit.Settings> out = new java.util.ArrayList<>();
    for (ShootingFit.Settings s : base) {
      out.add(s);
      out.add(new ShootingFit.Settings(s.iterations(), s.lr(), s.hidden(), s.activation(),
          s.timeDependent(), s.solver(), s.gradient(), s.seed(), k, s.segments(), s.kinetic(),
          s.nfeBudget(), s.bootstrap()));
    }
    return out;
  }

  /** The failure of a member, as the command reports it. */
  private RuntimeException failure(RuntimeException e, int lastIteration) {
    if (e instanceof TrainingDivergedException d) {
      return new CommandException(CommandException.FAILURE, "training diverged at iteration "
          + d.iteration() + " (" + (d.gradient() ? "non-finite gradient" : "loss " + d.loss())
          + "); lower --lr or change --seed", null);
    }
    if (e instanceof OdeSolverException o) {
      return new CommandException(CommandException.FAILURE, "training failed at iteration "
          + (lastIteration + 1) + " of " + iterations + ": the ODE solver stopped at model time "
          + o.time() + " (" + o.getMessage() + "); try a lower --lr, another --seed or looser"
          + " --rtol/--atol; no model was written", o);
    }
    return e;
  }

  /** A series too short for the requested --segments is refused before training. */
  private void requireSegments(FitData fd) {
    for (FitData.Group g : fd.groups()) {
      if (segments > 0 && g.train() - 1 < segments) {
        throw InputException.at(data, 0, (fd.groupColumn() == null ? "the series"
            : "group '" + g.name() + "'") + " has " + g.train() + " training rows, too few for"
            + " --segments " + segments + " (each segment spans at least 2 rows and neighbours"
            + " share one); give --segments " + Math.max(1, g.train() - 1) + " or less");
      }
    }
  }

  /** Every option of fit changes what it computes, less those {@link CommandSupport} leaves out. */
  @Override
  public boolean identifiesRun(String option) {
    return true;
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@code --time} and {@code --columns} left out are the columns the run reads from a regular
   * file's header (the first column, or the first besides {@code --group}; every other column), so
   * that spelling them out is the same run; names are compared trimmed, as they are read.
   */
  @Override
  public Object effectiveValue(String option, Object value) {
    if (option.equals("--augment") && value != null) {
      // --augment auto is the default spelled out; 02 is 2, NONE is none
      try {
        int k = latentOf((String) value);
        return k < 0 ? null : k == 0 ? "none" : (Object) k;
      } catch (IllegalArgumentException e) {
        return value;
      }
    }
    boolean time = option.equals("--time");
    if (!time && !option.equals("--columns")) {
      return value;
    }
    if (value != null) {
      return time ? ((String) value).strip()
          : ((List<?>) value).stream().map(c -> String.valueOf(c).strip()).toList();
    }
    List<String> header = header();
    if (header == null) {
      return null;
    }
    String t = this.time != null ? this.time.strip()
        : header.stream().filter(h -> !h.equals(group)).findFirst().orElse(null);
    if (time) {
      return t;
    }
    return header.stream().filter(h -> !h.equals(t) && !h.equals(group)).toList();
  }

  /** The data file's header, read once per run (null: none to read, see {@link #effectiveValue}). */
  private List<String> header;
  private boolean headerRead;

  private List<String> header() {
    if (!headerRead) {
      headerRead = true;
      // stdin or a pipe is read once, by the run itself; an unreadable file the run reports
      Path abs = data == null ? null : data.toAbsolutePath().normalize();
      // /dev/stdin is a regular file when redirected from one (<) but a pipe after |: both are read
      // once, by the run itself, as are /dev/fd/N and /proc/self/fd/N
      if (abs != null && !abs.startsWith("/dev") && !abs.startsWith("/proc")
          && java.nio.file.Files.isRegularFile(data)) {
        try {
          header = TimeSeriesCsv.header(data);
        } catch (RuntimeException e) {
          header = null;
        }
      }
    }
    return header;
  }

  /** Reads the series, or the panel with --group. */
  private FitData readData() {
    if (group == null) {
      TimeSeries series;
      try {
        series = TimeSeriesCsv.read(data, time, columns == null ? List.of() : columns);
      } catch (dev.neuralode.io.InputException e) {
        // a text column in a file of many series (a panel): say how to read it as one
        java.util.regex.Matcher text = java.util.regex.Pattern
            .compile("column '([^']+)' value '[^']*' is not a number").matcher(String.valueOf(e.getMessage()));
        if (columns == null && text.find()) {
          throw new dev.neuralode.io.InputException(e.getMessage() + "; if column '" + text.group(1)
              + "' names each row's series (a panel), give --group " + text.group(1));
        }
        throw e;
      }
      return FitData.of(data, series, validate);
    }
    String t = time;
    if (t == null) {
      t = TimeSeriesCsv.header(data).stream().filter(h -> !h.equals(group)).findFirst()
          .orElseThrow(() -> InputException.at(data, 1, "has no time column besides the group"
              + " column '" + group + "'"));
    }
    PanelCsv.Panel panel = PanelCsv.read(data, t, group, columns);
    return FitData.ofPanel(data, t, group, panel, validate);
  }

  /** Continues from the checkpoint in --resume, with the arguments stored there. */
  private int resumeRun() throws Exception {
    CheckpointFile c = CheckpointFile.load(resume, "fit");
    FitCommand stored = c.parseInto(spec, resume, new FitCommand());
    stored.out = resume;
    stored.quiet = quiet;
    stored.overwrite |= overwrite;
    stored.stopAfter = stopAfter;
    stored.resumeFrom = c.state(resume, FitRuns.State.class);
    return stored.call();
  }

  /** Checks the options and turns them into each member's settings; messages name the option. */
  private List<ShootingFit.Settings> settings() {
    if (iterations < 1 || iterations > 10_000_000) {
      throw new IllegalArgumentException("--iterations must be between 1 and 10000000; got "
          + iterations);
    }
    if (!(lr > 0) || !Double.isFinite(lr)) {
      throw new IllegalArgumentException("--lr must be a finite number > 0, e.g. 0.01; got " + lr);
    }
    CommandSupport.requireHiddenWidths(hidden, "32,32");
    int k0 = Math.max(0, latent());
    if (!(validate >= 0 && validate < 1)) {
      throw new IllegalArgumentException("--validate must be a fraction in [0, 1), e.g. 0.15;"
          + " got " + validate);
    }
    if (segments < 0 || segments > 100_000) {
      throw new IllegalArgumentException("--segments must be between 1 and 100000, or 0 for"
          + " automatic; got " + segments);
    }
    if (restarts < 1 || restarts > 1000) {
      throw new IllegalArgumentException("--restarts must be between 1 and 1000; got " + restarts);
    }
    if (ensemble < 1 || ensemble > 1000) {
      throw new IllegalArgumentException("--ensemble must be between 1 and 1000 (2 or more for a"
          + " band); got " + ensemble);
    }
    if (restarts > 1 && ensemble > 1) {
      throw new IllegalArgumentException("--restarts " + restarts + " and --ensemble " + ensemble
          + " cannot be combined; give one of them");
    }
    if (!(kinetic >= 0) || !Double.isFinite(kinetic)) {
      throw new IllegalArgumentException("--kinetic must be a finite number >= 0, e.g. 0.01; got "
          + kinetic);
    }
    if (nfeBudget < 0) {
      throw new IllegalArgumentException("--nfe-budget must be >= 0 (0: no budget); got "
          + nfeBudget);
    }
    // Values, gradients, two Adam moments and the solver's copies: about 12 doubles a parameter.
    MemoryGuard.require("--hidden " + java.util.Arrays.toString(hidden).replaceAll("[\\[\\] ]", ""),
        96.0 * MemoryGuard.mlpParameters(2, hidden, 2), "use smaller --hidden widths");
    Activation act = CommandSupport.option("--activation", () -> Activation.parse(activation));
    Sensitivity mode = CommandSupport.option("--gradient", () -> Sensitivity.parse(gradient));
    Method m = CommandSupport.option("--method", () -> Methods.byName(method));
    CommandSupport.option("--rtol", () -> Tolerances.of(rtol, 1.0));
    CommandSupport.option("--atol", () -> Tolerances.of(1.0, atol));
    CommandSupport.option("--fit-rtol", () -> Tolerances.of(fitRtol, 1.0));
    CommandSupport.option("--fit-atol", () -> Tolerances.of(1.0, fitAtol));
    if (m.adaptive() && ((rtol == 0 && atol == 0) || (fitRtol == 0 && fitAtol == 0))) {
      throw new IllegalArgumentException("--rtol and --atol (or --fit-rtol and --fit-atol) are"
          + " both 0; give a tolerance > 0, e.g. --rtol 1e-7");
    }
    Solver options = Solver.builder().method(m).rtol(fitRtol).atol(fitAtol).build();
    int k = Math.max(restarts, ensemble);
    List<ShootingFit.Settings> out = new java.util.ArrayList<>();
    for (int i = 0; i < k; i++) {
      out.add(new ShootingFit.Settings(iterations, lr, hidden.clone(), act, timeDependent,
          options, mode, seed + i, k0, segments, kinetic, nfeBudget,
          ensemble > 1));
    }
    return out;
  }
}
