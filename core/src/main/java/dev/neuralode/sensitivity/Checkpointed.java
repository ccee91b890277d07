package dev.neuralode.sensitivity;

import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.ode.StepCallbacks;
import dev.neuralode.ode.StepReplay;
import dev.neuralode.tensor.Tensor;
import java.util.List;

/**
 * Backpropagation through the solver with binomial checkpointing: the gradient of {@link Direct} mode
 * with at most c states stored at once instead of the whole recorded solve (A. Griewank and A. Walther,
 * "Algorithm 799: revolve", ACM TOMS 26(1) (2000) 19–45; Diffrax's {@code RecursiveCheckpointAdjoint}).
 *
 * <p><b>Forward.</b> One solve without recording, with the solver given (its method, controller and
 * jump times). Every accepted step's (t0, t1, h) is recorded: 3 doubles a step; the states are not kept.
 *
 * <p><b>Backward.</b> With the step count N now known, the steps are reversed last to first by the
 * binomial schedule ({@code BinomialSchedule}): from a stored state, advance (replay without recording)
 * to the optimal split point, store that state, reverse the right part with one slot less, then the left
 * part. Reversing a step replays it with recording from its start state ({@link StepReplay}: the same
 * steps and stage times, so the states are bit-identical to the forward ones) and carries the adjoint a
 * from its end (plus the cotangents of the outputs inside it) back to its start by one vector–Jacobian
 * product, accumulating ∂L/∂θ. At most c states (the initial one included) and one step's graph are
 * alive at a time, and the gradient is that of direct mode up to the summation order of the
 * accumulated cotangents.
 *
 * <p><b>Cost.</b> With β(c, r) = C(c + r, c) and r the least r with β(c, r) ≥ N, the schedule advances
 * t(N, c) = r·N − β(c + 1, r − 1) steps, the least possible with c slots, and reverses N; so the
 * backward pass replays (t + N)/N steps per forward step: 2 − 1/N when c ≥ N, growing like r + 1 as c
 * shrinks (docs/gradients.md tabulates it). The default c = {@value #DEFAULT_CHECKPOINTS} keeps
 * 16 states whatever N: the factor is 2.82 at 100 steps (below 3 up to 153 steps), 3.86 at 1,000
 * and 5.40 at 10,000.
 *
 * <p><b>Time gradients</b> use the solution map's identities as direct mode does: ∂L/∂tᵢ = gᵢ·f(tᵢ,
 * yᵢ) for i ≥ 1 and ∂L/∂t₀ = −a(t₀⁺)·f(t₀, y₀), a(t₀⁺) being the adjoint of the later outputs.
 *
 * @param checkpoints c ≥ 1, the most states stored at once during the backward pass, the initial state
 *     included (c = 1 recomputes every step from the start: N(N−1)/2 advances)
 */
public record Checkpointed(int checkpoints) implements Sensitivity {
  /** The default number of checkpoints. */
  public static final int DEFAULT_CHECKPOINTS = 16;

  /**
   * Validates the setting.
   *
   * @param checkpoints see the record's description
   * @throws IllegalArgumentException if checkpoints &lt; 1
   */
  public Checkpointed {
    if (checkpoints < 1) {
      throw new IllegalArgumentException("checkpoints=" + checkpoints + " must be >= 1 (the initial state"
          + " counts as one); pass e.g. " + DEFAULT_CHECKPOINTS);
    }
  }

  @Override
  public String name() {
    return "checkpointed";
  }

  /**
   * Solves at every time in t, recording one autograd node whose backward pass recomputes the solve by
   * the binomial schedule.
   *
   * @param f the dynamics; it must read its trainable state only from {@code params}
   * @param y0 initial state, any shape; not modified; may require a gradient
   * @param t output times {@code [T]}, strictly monotone; may require a gradient
   * @param params tensors f depends on that should receive gradients; those not requiring a
   *     gradient are ignored, unused ones get zeros of their shape
   * @param solver the method (explicit; an implicit one is rejected), step-size controller and step
   *     budget, used by the forward solve and every replay
   * @return the states {@code [T, ...y0.shape]}, identical to {@link Odeint#solve}'s, and their
   *     statistics (the backward figures report the stored states and the replayed steps)
   * @throws IllegalArgumentException if t is not 1-D, the method is implicit, or as
   *     {@link Odeint#solve} does
   */
  @Override
  public SensitivityResult solve(OdeFunction f, Tensor y0, Tensor t, List<Tensor> params, Solver solver) {
    return RecordedSolve.run(name(), y0, t, params, (times, start) -> {
      AdjointSupport.requireExplicit(solver, "the checkpointed mode");
      StepRecord rec = new StepRecord();
      OdeResult fwd = Odeint.solve(f, start, times, solver, List.of(), StepCallbacks.onAccepted(rec::accept));
      return new CheckpointTape(f, fwd, rec, start, times, solver, checkpoints);
    });
  }
}
