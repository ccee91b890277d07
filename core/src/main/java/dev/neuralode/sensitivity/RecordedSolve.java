package dev.neuralode.sensitivity;

import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.SolverStats;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The template shared by the modes that record one autograd operation (y0, t, θ) → z(t·) instead of
 * the solver's steps ({@link Checkpointed}, {@link BacksolveAdjoint}, {@link InterpolatingAdjoint}):
 * check t, run the mode's forward pass without recording, record its statistics in a fresh
 * {@link GradientStats}, record the custom op whose backward pass is the mode's, and spread the
 * gradients of the distinct active parameters back over the parameter list.
 */
final class RecordedSolve {
  private RecordedSolve() {}

  /** What a mode's forward pass keeps for its backward pass. */
  interface Tape {
    /** The states at every time, {@code [T, ...shape]}, not recorded. */
    Tensor ys();

    /** The forward solve's statistics. */
    SolverStats stats();

    /** The forward solve's accepted steps. */
    int steps();

    /** The state doubles retained for the backward pass (beyond ys for the checkpointed mode). */
    long retainedDoubles();

    /** The doubles of recorded step data. */
    long stepRecordDoubles();

    /**
     * The backward pass for a cotangent of ys.
     *
     * @param g the cotangent {@code [T, ...shape]}
     * @param active the distinct parameters that require a gradient
     * @return [dy0, dt, dθ per active parameter] and the backward figures
     */
    Gradients backward(Tensor g, List<Tensor> active);
  }

  /** The gradients of one backward pass and its figures. */
  record Gradients(List<Tensor> grads, GradientStats.Backward figures) {}

  /** A mode's forward pass: given the output times and the detached initial state. */
  interface Forward {
    Tape run(double[] times, Tensor y0);
  }

  /**
   * Runs the template.
   *
   * @param mode the name reported in the statistics
   * @param y0 the initial state; may require a gradient
   * @param t the output times {@code [T]}; may require a gradient
   * @param params the parameters to differentiate
   * @param forward the mode's forward pass
   * @return the recorded states and their statistics
   * @throws IllegalArgumentException if an argument is null or t is not 1-D
   */
  static SensitivityResult run(String mode, Tensor y0, Tensor t, List<Tensor> params, Forward forward) {
    if (y0 == null || t == null || params == null) {
      throw new IllegalArgumentException("y0, t and params must not be null; pass the initial state, the"
          + " output times and List.of() for no parameters");
    }
    if (t.rank() != 1) {
      throw new IllegalArgumentException("t must be 1-D; got shape " + Arrays.toString(t.shape()));
    }
    List<Tensor> active = AdjointSupport.active(params);
    double[] times = t.toArray();
    Tape tape;
    try (Autograd.Scope s = Autograd.noGrad()) {
      tape = forward.run(times, y0.detach());
    }
    GradientStats stats = new GradientStats(mode, tape.stats(), tape.steps(), tape.retainedDoubles(),
        tape.stepRecordDoubles());
    Tensor ys = tape.ys();
    Tensor out = Autograd.custom("odeint_" + mode, ys, AdjointSupport.inputs(y0, t, params), g -> {
      Gradients b = tape.backward(g, active);
      stats.recordBackward(b.figures());
      return AdjointSupport.spread(b.grads(), params, active);
    });
    return new SensitivityResult(new OdeResult(out, times, tape.stats()), stats);
  }
}
