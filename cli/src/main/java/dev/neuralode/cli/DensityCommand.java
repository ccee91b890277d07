package dev.neuralode.cli;

import dev.neuralode.data.ToyDensities;
import dev.neuralode.flow.Cnf;
import dev.neuralode.flow.TraceEstimator;
import dev.neuralode.io.NearMatches;
import dev.neuralode.io.OutputSet;
import dev.neuralode.nn.Activation;
import dev.neuralode.ode.OdeSolverException;
import dev.neuralode.ode.Solver;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.ode.Tolerances;
import dev.neuralode.optim.CosineSchedule;
import dev.neuralode.optim.LrSchedule;
import dev.neuralode.optim.StepSchedule;
import dev.neuralode.tensor.KernelCounter;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.train.CnfTrainer;
import dev.neuralode.train.TrainingDivergedException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code neuralode density}: fits a continuous normalizing flow (FFJORD) to 2-D or tabular data and
 * writes the model, pictures and a summary.
 *
 * <p><b>Method.</b> Columns are standardised on the training split; a CNF with concat-squash
 * dynamics (default widths 64-64-64, tanh, T = 1) is trained by maximum likelihood with Adam (lr
 * 0.01, cosine decay to lr/100), full batches of up to 512 rows, the exact trace and adjoint
 * gradients, dopri5 with rtol = atol = 1e-5. Every likelihood reported is in the data's original
 * units (nats per sample), the log-Jacobian of the standardisation included, and evaluated with
 * the exact trace. Baselines: a single Gaussian and a 2-component Gaussian mixture (EM, seeded)
 * fitted to the training split.
 *
 * <p><b>Defaults and time.</b> 200 iterations train Old Faithful (218 training rows) in about 2–3
 * minutes on 2 cores.
 *
 * <p><b>Outputs</b> are replaced together ({@link OutputSet}); a non-empty {@code --out} of another
 * command or other settings is refused unless {@code --overwrite} is given.
 *
 * <p><b>Exit status</b>: 0 on success; 2 for bad input or options; 1 if the solver fails.
 */
@Command(name = "density", sortOptions = false, usageHelpAutoWidth = true,
    description = {"Fit a continuous normalizing flow (FFJORD) to 2-D or tabular data.", ""},
    footer = {"", "Writes model.json, density.png (2-D), samples.png (2-D), samples.csv,",
        "flow.gif (2-D), loss.csv and summary.json into --out.", "",
        "Examples:",
        "  neuralode density --data old_faithful.csv --columns eruptions,waiting \\",
        "      --out runs/faithful",
        "  neuralode density --toy pinwheel --iterations 300 --out runs/pinwheel"})
public final class DensityCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--data", paramLabel = "FILE", description = "CSV file with a header line.")
  Path data;

  @Option(names = "--columns", split = ",", paramLabel = "COLUMN",
      description = "Columns to model (default: all).")
  List<String> columns;

  @Option(names = "--toy", completionCandidates = Vocabulary.ToyNames.class, paramLabel = "TOY",
      description = "A toy density instead of --data: 8gaussians, pinwheel, checkerboard, 2spirals, moons,"
          + " circles, swissroll or rings.")
  String toy;

  @Option(names = "--toy-samples", defaultValue = "2000", paramLabel = "N",
      description = "Points drawn from the toy density (default: ${DEFAULT-VALUE}).")
  int toySamples;

  @Option(names = "--test-fraction", defaultValue = "0.2", paramLabel = "F",
      description = "Share of rows held out, seeded split (default: ${DEFAULT-VALUE}).")
  double testFraction;

  @Option(names = "--trace", completionCandidates = Vocabulary.TraceNames.class, defaultValue = "exact", paramLabel = "TRACE",
      description = "exact, hutchinson (= hutchinson-gaussian) or hutchinson-rademacher"
          + " (default: ${DEFAULT-VALUE}).")
  String trace;

  @Option(names = "--iterations", defaultValue = "200", paramLabel = "N",
      description = "Adam steps (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--batch", defaultValue = "512", paramLabel = "N",
      description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lr", defaultValue = "0.01", paramLabel = "RATE",
      description = "Initial learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--schedule", completionCandidates = Vocabulary.ScheduleNames.class,
      defaultValue = "cosine", paramLabel = "SCHEDULE",
      description = "cosine (to lr/100), step (halve every iterations/4) or constant (default: ${DEFAULT-VALUE}).")
  String schedule;

  @Option(names = "--weight-decay", defaultValue = "0", paramLabel = "L",
      description = "Adam L2 weight decay (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(names = "--hidden", split = ",", defaultValue = "64,64,64", paramLabel = "WIDTHS",
      description = "Hidden widths (default: ${DEFAULT-VALUE}).")
  int[] hidden;

  @Option(names = "--activation", completionCandidates = Vocabulary.FlowActivations.class,
      defaultValue = "tanh", paramLabel = "ACTIVATION",
      description = "tanh or softplus (default: ${DEFAULT-VALUE}).")
  String activation;

  @Option(names = "--end-time", defaultValue = "1.0", paramLabel = "T",
      description = "Flow end time T (default: ${DEFAULT-VALUE}).")
  double endTime;

  @Option(names = "--train-end-time", description = "Train T as well.")
  boolean trainEndTime;

  @Option(names = "--kinetic", defaultValue = "0", paramLabel = "W",
      description = "RNODE kinetic-energy weight (default: ${DEFAULT-VALUE}).")
  double kinetic;

  @Option(names = "--jacobian", defaultValue = "0", paramLabel = "W",
      description = "RNODE Jacobian-Frobenius weight (default: ${DEFAULT-VALUE}).")
  double jacobian;

  @Option(names = "--gradient", completionCandidates = Vocabulary.GradientModes.class, defaultValue = "adjoint", paramLabel = "MODE",
      description = "How gradients are taken: " + Vocabulary.GRADIENT_MODES
          + " (default: ${DEFAULT-VALUE}).")
  String gradient;

  @Option(names = "--rtol", defaultValue = "1e-5", paramLabel = "TOL",
      description = "Relative tolerance of dopri5 (default: ${DEFAULT-VALUE}).")
  double rtol;

  @Option(names = "--atol", defaultValue = "1e-5", paramLabel = "TOL",
      description = "Absolute tolerance of dopri5 (default: ${DEFAULT-VALUE}).")
  double atol;

  @Option(names = "--grid", defaultValue = "100", paramLabel = "N",
      description = "Cells per axis of density.png (default: ${DEFAULT-VALUE}).")
  int grid;

  @Option(names = {"-n", "--count"}, defaultValue = "1000", paramLabel = "N",
      description = "Samples drawn for samples.csv and the pictures, with seed --seed + 7 (as"
          + " 'neuralode sample -n N --seed S+7' draws them) (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--samples", hidden = true, paramLabel = "N", description = "Old name of --count.")
  Integer legacySamples;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
      description = "Seed of weights, split, batches and probes (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", defaultValue = "runs/density", paramLabel = "DIR",
      description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--checkpoint-every", defaultValue = "20", paramLabel = "N",
      description = Vocabulary.CHECKPOINT_EVERY)
  int checkpointEvery;

  @Option(names = "--resume", paramLabel = "DIR",
      description = Vocabulary.RESUME)
  Path resume;

  /** For tests: stop as Ctrl-C would after this many iterations (0: never). */
  @Option(names = "--stop-after", hidden = true, defaultValue = "0")
  int stopAfter;

  /** The checkpoint to continue from, set when resuming. */
  CnfTrainer.Checkpoint resumeFrom;

  @Option(names = "--overwrite",
      description = Vocabulary.OVERWRITE)
  boolean overwrite;

  @Mixin(name = Threads.NAME) Threads threads = new Threads();

  @Option(names = {"-q", "--quiet"}, description = Vocabulary.QUIET)
  boolean quiet;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  /** Creates the command; picocli sets the options. */
  public DensityCommand() {}

  /**
   * Runs the fit.
   *
   * @return 0 on success
   * @throws Exception as mapped to exit statuses by {@link Errors}
   */
  @Override
  public Integer call() throws Exception {
    if (resume == null && resumeFrom == null
        && CommandSupport.continuesInterrupted(spec, out, overwrite, quiet)) {
      resume = out;
    }
    if (resume != null) {
      return resumeRun();
    }
    CommandSupport.Stopwatch clock = new CommandSupport.Stopwatch();
    if (legacySamples != null) {
      samples = legacySamples;
    }
    checkOptions();
    TraceEstimator estimator = CommandSupport.option("--trace", () -> TraceEstimator.parse(trace));
    Sensitivity mode = CommandSupport.option("--gradient", () -> Sensitivity.parse(gradient));
    CommandSupport.option("--rtol", () -> Tolerances.of(rtol, 1.0));
    CommandSupport.option("--atol", () -> Tolerances.of(1.0, atol));
    Solver options = Solver.builder().rtol(rtol).atol(atol).build();
    Cnf.FlowSettings flow = new Cnf.FlowSettings(endTime, trainEndTime, estimator, kinetic, jacobian, options, mode);
    Activation act = CommandSupport.option("--activation", () -> {
      String name = activation.trim().toLowerCase(java.util.Locale.ROOT);
      if (!name.equals("tanh") && !name.equals("softplus")) {
        throw new IllegalArgumentException("'" + activation + "' is not tanh or softplus; a flow needs a"
            + " smooth activation, e.g. --activation tanh");
      }
      return Activation.parse(name);
    });
    List<String> stored = CheckpointFile.arguments(spec);
    try (OutputSet set = CommandSupport.beginOutput(spec, out, overwrite);
        Interrupts signals = Interrupts.install(m -> CommandSupport.status(spec, quiet, m), out,
            CommandSupport.launcher() + " density --resume " + out)) {
      DensityData dd = DensityData.load(data, columns, toy, toySamples, testFraction, seed);
      int d = dd.columns().size();
      int rowsPerStep = Math.min(batch, dd.train().length);
      // Training keeps the graph of every evaluation within a step: about 40 evaluations, each with
      // the d + 2 passes of the exact trace through every hidden layer.
      MemoryGuard.require("--batch " + batch + " (" + rowsPerStep + " rows a step)",
          40.0 * (d + 2) * SampleCommand.flowBytes(rowsPerStep, d, hidden)
              + 96.0 * MemoryGuard.mlpParameters(d + 1, hidden, d),
          "use a smaller --batch or --hidden");
      MemoryGuard.require("--samples " + samples + " and --grid " + grid,
          SampleCommand.flowBytes(Math.max(samples, (double) grid * grid), d, hidden),
          "use smaller --samples or --grid");
      if (batch > dd.train().length && resumeFrom == null) {
        CommandSupport.noteLargeBatch(spec, quiet, batch, dd.train().length, "training rows");
      }
      Cnf cnf = Cnf.create(dd.columns().size(), hidden.clone(), act, flow, new Rng(seed));
      CnfTrainer.TrainingSettings ts = new CnfTrainer.TrainingSettings(iterations, batch, schedule(), weightDecay, seed);
      double logDet = dd.scaling().logAbsDet();
      CommandSupport.status(spec, quiet, "training a CNF on " + dd.train().length + " rows (" + dd.test().length
          + " held out), " + iterations + " iterations");
      if (resumeFrom != null) {
        // as fit says it: a resumed run does not read as a restart
        CommandSupport.status(spec, quiet, "resuming from the checkpoint of iteration " + resumeFrom.iteration()
            + " of " + iterations + (resumeFrom.iteration() >= iterations ? " (training done: evaluating)" : ""));
      }
      CnfTrainer.History history;
      int[] done = {resumeFrom == null ? 0 : resumeFrom.iteration()};
      // the iteration of the checkpoint on disk (0: none), kept if the evaluation is stopped
      int[] saved = {done[0]};
      java.util.function.BooleanSupplier stopNow =
          () -> signals.requested() || (stopAfter > 0 && done[0] >= stopAfter);
      dev.neuralode.train.CheckpointPolicy<CnfTrainer.Checkpoint> policy =
          new dev.neuralode.train.CheckpointPolicy<>(checkpointEvery,
              c -> {
                CheckpointFile.save(spec, out, stored, c);
                saved[0] = c.iteration();
              },
              stopNow);
      long trainingMultiplyAdds;
      try (Progress progress = Progress.start(spec.qualifiedName(), iterations, quiet,
          spec.commandLine().getErr())
        .resumeAt(resumeFrom == null ? 0 : resumeFrom.iteration());
          KernelCounter counter = KernelCounter.start()) {
        CnfTrainer.Outcome outcome = CnfTrainer.train(cnf,
            Tensor.matrix(dd.scaling().apply(dd.train())), ts, resumeFrom, policy, r -> {
              done[0] = r.iteration();
              progress.step("nll " + CommandSupport.fmt(r.metric(CnfTrainer.NLL) - logDet),
                  r.nfeForward(), r.nfeBackward());
            });
        if (outcome.stopped()) {
          progress.close();
          CommandSupport.status(spec, quiet, "stopped after iteration " + done[0] + " of "
              + iterations + "; checkpoint saved, continue with: " + CommandSupport.launcher() + " density --resume "
              + out);
          return Interrupts.EXIT_STATUS;
        }
        history = outcome.history();
        trainingMultiplyAdds = counter.multiplyAdds();
      } catch (TrainingDivergedException e) {
        throw new CommandException(CommandException.FAILURE, e.getMessage() + "; try a lower --lr or another --seed;"
            + " no model was written", e);
      } catch (OdeSolverException e) {
        throw new CommandException(CommandException.FAILURE, "training failed at iteration " + (done[0] + 1)
            + " of " + iterations + ": the ODE solver stopped (" + e.getMessage() + "); try a lower --lr, another"
            + " --seed or looser --rtol/--atol; no model was written", e);
      }
      try {
        DensityOutputs.write(this, set.dir(), dd, cnf, history, trainingMultiplyAdds, clock, stopNow);
      } catch (DensityOutputs.Stopped e) {
        // Ctrl-C after the last iteration: the trained model is not written (the output set is
        // discarded); the last checkpoint stays, and --resume redoes the rest
        CommandSupport.status(spec, quiet, "stopped while evaluating the trained model; "
            + (saved[0] > 0 ? "the checkpoint of iteration " + saved[0] + " is kept, continue"
                + " with: " + CommandSupport.launcher() + " density --resume " + out
                : "no checkpoint was saved (--checkpoint-every " + checkpointEvery + "), run it"
                + " again to finish"));
        return Interrupts.EXIT_STATUS;
      }
      signals.committing();
      set.commit();
      CheckpointFile.discard(out);
    }
    return 0;
  }

  /** Continues from the checkpoint in --resume, with the arguments stored there. */
  private int resumeRun() throws Exception {
    CheckpointFile c = CheckpointFile.load(resume, "density");
    DensityCommand stored = c.parseInto(spec, resume, new DensityCommand());
    stored.out = resume;
    stored.quiet = quiet;
    stored.overwrite |= overwrite;
    stored.stopAfter = stopAfter;
    stored.resumeFrom = c.state(resume, CnfTrainer.Checkpoint.class);
    return stored.call();
  }

  private void checkOptions() {
    Vocabulary.requireCheckpointEvery(checkpointEvery);
    if ((data == null) == (toy == null)) {
      throw new IllegalArgumentException("give exactly one of --data FILE or --toy NAME (one of "
          + ToyDensities.NAMES + ")");
    }
    if (toy != null && !ToyDensities.NAMES.contains(toy.strip().toLowerCase(java.util.Locale.ROOT))) {
      throw new IllegalArgumentException("unknown toy density --toy '" + toy + "'"
          + NearMatches.hint(toy.strip(), ToyDensities.NAMES) + "; choose one of " + ToyDensities.NAMES);
    }
    if (toy != null && columns != null) {
      throw new IllegalArgumentException("--columns applies to --data only; drop it with --toy");
    }
    atLeast("--iterations", iterations, 1);
    atLeast("--batch", batch, 1);
    atLeast("--count", samples, 1);
    atLeast("--toy-samples", toySamples, 10);
    atLeast("--grid", grid, 2);
    CommandSupport.requireHiddenWidths(hidden, "64,64,64");
    if (!(testFraction >= 0 && testFraction < 1)) {
      throw new IllegalArgumentException("--test-fraction must be in [0, 1), e.g. 0.2; got " + testFraction);
    }
    if (!(lr > 0) || !Double.isFinite(lr)) {
      throw new IllegalArgumentException("--lr must be a finite number > 0, e.g. 0.01; got " + lr);
    }
    if (!(endTime > 0) || !Double.isFinite(endTime)) {
      throw new IllegalArgumentException("--end-time must be a finite number > 0, e.g. 1.0; got " + endTime);
    }
    nonNegative("--weight-decay", weightDecay, "1e-5");
    nonNegative("--kinetic", kinetic, "0.01");
    nonNegative("--jacobian", jacobian, "0.01");
  }

  /** A weight that must be finite and at least 0 (0: off), named as the option in messages. */
  private static void nonNegative(String option, double value, String example) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(option + " must be a finite number >= 0 (0: off), e.g. " + example
          + "; got " + value);
    }
  }

  private static void atLeast(String option, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(option + " must be at least " + min + "; got " + value);
    }
  }

  private LrSchedule schedule() {
    switch (schedule.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "cosine":
        return new CosineSchedule(lr, iterations, lr / 100);
      case "step":
        return new StepSchedule(lr, Math.max(1, iterations / 4), 0.5);
      case "constant":
        return LrSchedule.constant(lr);
      default:
        throw new IllegalArgumentException("--schedule must be cosine, step or constant; got '" + schedule + "'");
    }
  }
}
