package dev.neuralode.cli;

/**
 * The option vocabulary every command shares, so that one name means one thing everywhere:
 * {@code --gradient MODE} with the same four modes, {@code -n}/{@code --count} for how many rows or
 * samples a command produces, {@code -q}/{@code --quiet}, {@code --out}, {@code --seed}. New commands
 * use these descriptions.
 */
final class Vocabulary {
  /** The four gradient modes, with {@code adjoint} as the alias of {@code backsolve}. */
  static final String GRADIENT_MODES = "direct (backpropagate through the solver), checkpointed"
      + " (direct, storing few states: binomial checkpointing), backsolve (the adjoint method;"
      + " alias: adjoint, the name summaries record) or interpolating (the adjoint on the forward solve's dense"
      + " output)";

  /** The description of {@code -q}/{@code --quiet}. */
  static final String QUIET = "Print nothing but errors (no progress, status lines or warnings).";

  /** The description of {@code --checkpoint-every N}, whose default each training command sets. */
  static final String CHECKPOINT_EVERY = "Save a checkpoint every N iterations, 0 for none, beside"
      + " --out DIR in .DIR.checkpoint (DIR keeps the previous output until the run ends);"
      + " Ctrl-C or SIGTERM also saves one and exits with status 130 (default: ${DEFAULT-VALUE}).";

  /** The description of {@code --resume DIR}. */
  static final String RESUME = "Continue the interrupted run whose --out is DIR, with the settings"
      + " stored there; the result is bit for bit that of an uninterrupted run.";

  /** The description of {@code --overwrite}. */
  static final String OVERWRITE = "Replace --out even if it holds the output of another command or"
      + " settings (never a folder that no neuralode run wrote, nor files you added to one).";

  /** The description of {@code --threads N}, shared by the training commands. */
  static final String THREADS = "Threads for the tensor kernels (default: the number of cores);"
      + " results are bit for bit the same for any N.";

  private Vocabulary() {}

  /**
   * A gradient mode as {@code summary.json} records it: lower case, and {@code backsolve} by its
   * alias {@code adjoint}, the commands' default, so one mode has one name in every summary (as in a
   * run's identity).
   *
   * @param mode the mode as given or as {@code Sensitivity.name()} spells it
   * @return the recorded name
   */
  static String recordedGradient(String mode) {
    String m = mode.trim().toLowerCase(java.util.Locale.ROOT);
    return m.equals("backsolve") ? "adjoint" : m;
  }

  /** The values shell completion offers for {@code --gradient MODE}. */
  static final class GradientModes extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    GradientModes() {
      super(java.util.List.of("direct", "checkpointed", "backsolve", "adjoint", "interpolating"));
    }
  }

  /** The values shell completion offers for {@code demo NAME}. */
  static final class DemoNames extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    DemoNames() {
      super(java.util.List.of("spiral", "nonlinear", "mnist", "anode", "latent"));
    }
  }

  /** The values shell completion offers for {@code fit --activation NAME}. */
  static final class FitActivations extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    FitActivations() {
      super(java.util.List.of("tanh", "elu", "relu", "softplus", "sigmoid", "identity"));
    }
  }

  /** The values shell completion offers for {@code density --activation NAME}. */
  static final class FlowActivations extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    FlowActivations() {
      super(java.util.List.of("tanh", "softplus"));
    }
  }

  /** The values shell completion offers for {@code density --trace NAME}. */
  static final class TraceNames extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    TraceNames() {
      super(java.util.List.of("exact", "hutchinson", "hutchinson-gaussian", "hutchinson-rademacher"));
    }
  }

  /** The values shell completion offers for {@code density --schedule NAME}. */
  static final class ScheduleNames extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    ScheduleNames() {
      super(java.util.List.of("cosine", "step", "constant"));
    }
  }

  /** The values shell completion offers for {@code solve --norm NORM}. */
  static final class NormNames extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    NormNames() {
      super(java.util.List.of("rms", "max"));
    }
  }

  /** The values shell completion offers for {@code solve --event-direction DIR}. */
  static final class EventDirections extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    EventDirections() {
      super(java.util.List.of("rising", "falling", "both"));
    }
  }

  /** The values shell completion offers for {@code --toy NAME}. */
  static final class ToyNames extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    ToyNames() {
      super(dev.neuralode.data.ToyDensities.NAMES);
    }
  }

  /**
   * Checks a {@code --checkpoint-every} value.
   *
   * @param every the value given
   * @throws IllegalArgumentException naming the option if it is negative
   */
  static void requireCheckpointEvery(int every) {
    if (every < 0) {
      throw new IllegalArgumentException("--checkpoint-every must be 0 (none) or more; got " + every);
    }
  }
}
