package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a recorded sequence of accepted explicit Runge–Kutta steps, for checkpointed
 * backpropagation through the solver (Griewank &amp; Walther 2000; Diffrax's
 * {@code RecursiveCheckpointAdjoint}).
 *
 * <p>A forward solve reports every accepted step to its {@link StepCallbacks} as a {@link StepInfo}
 * with the exact signed step size {@link StepInfo#h()}. Replaying steps {@code from … to−1} from the
 * state at the start of step {@code from} runs the same stepper with the same (t0, h, t1), the same
 * stage times (including the evaluation just below a jump time) and the same dense output for the
 * requested times inside those steps, so — f being deterministic — the replayed states are
 * bit-identical to the forward ones. With recording on, the replay is recorded like a direct solve.
 * No step-size decision is made: the controller and error norm are not consulted.
 */
public final class StepReplay {
  private StepReplay() {}

  /**
   * The result of a replay.
   *
   * @param end the state at the end of step {@code to − 1}, of the start state's shape
   * @param outputIndices indices j ≥ 1 into the requested times that fall in the replayed steps,
   *     increasing
   * @param outputs the states at those times, one per index
   * @param nfe evaluations of f made by the replay
   */
  public record Segment(Tensor end, int[] outputIndices, List<Tensor> outputs, int nfe) {}

  /**
   * Replays accepted steps.
   *
   * @param f the right-hand side used in the forward solve
   * @param start the state at {@code t0[from]}; not modified; may require a gradient
   * @param t0 start time of every recorded step; not modified
   * @param t1 end time of every recorded step; not modified
   * @param h exact signed size of every recorded step ({@link StepInfo#h()}); not modified
   * @param from the first step to replay, ≥ 0
   * @param to one past the last step to replay, {@code from < to ≤ t0.length}
   * @param times the forward solve's requested times (times[0] = the initial time); not modified
   * @param solver the forward solve's solver (its method and jump times are used)
   * @return the end state, the outputs inside the replayed steps and the work done
   * @throws IllegalArgumentException if the range is out of bounds or the method is not explicit
   */
  public static Segment replay(OdeFunction f, Tensor start, double[] t0, double[] t1, double[] h,
      int from, int to, double[] times, Solver solver) {
    if (from < 0 || to > t0.length || from >= to || t1.length != t0.length || h.length != t0.length) {
      throw new IllegalArgumentException("replay range [" + from + ", " + to + ") is invalid for "
          + t0.length + " recorded steps (t0, t1 and h must have equal lengths)");
    }
    if (!(solver.method() instanceof Method.ExplicitRk m)) {
      throw new IllegalArgumentException("a step replay needs an explicit Runge-Kutta method; got "
          + solver.method().name() + ". Use one of " + String.join(", ", Methods.explicitNames()));
    }
    ButcherTableau tableau = m.tableau();
    ExplicitRungeKutta rk = new ExplicitRungeKutta(tableau);
    Interpolant interpolant = new Interpolant(tableau);
    Evaluator ev = new Evaluator(f, start);
    double tFinal = times[times.length - 1];
    double direction = Math.signum(tFinal - times[0]);
    double[] jumps = tableau.adaptive()
        ? AdaptiveSolver.jumpsInside(solver.jumpTimes(), times[0], tFinal, direction) : new double[0];
    int next = 1;
    while (next < times.length && direction * (times[next] - t0[from]) <= 0.0) {
      next++;
    }
    List<Integer> idx = new ArrayList<>();
    List<Tensor> outs = new ArrayList<>();
    Tensor y = start;
    Tensor k0 = null;
    if (from > 0 && isJump(jumps, t0[from])) {
      k0 = ev.eval(Math.nextAfter(t0[from], tFinal), y);
    }
    for (int i = from; i < to; i++) {
      boolean atJump = isJump(jumps, t1[i]);
      double tLast = atJump ? Math.nextAfter(t1[i], t0[i]) : t1[i];
      ExplicitRungeKutta.Step st = rk.step(ev, t0[i], h[i], t1[i], tLast, y, k0);
      while (next < times.length && direction * (times[next] - t1[i]) <= 0.0) {
        if (times[next] != st.t1() && times[next] != st.t0()) {
          rk.prepareDense(ev, st, interpolant.hermite());
        }
        idx.add(next);
        outs.add(interpolant.at(st, times[next]));
        next++;
      }
      y = st.y1();
      if (atJump) {
        k0 = i + 1 < to ? ev.eval(Math.nextAfter(t1[i], tFinal), y) : null;
      } else {
        k0 = st.endSlope();
      }
    }
    int[] oi = new int[idx.size()];
    for (int j = 0; j < oi.length; j++) {
      oi[j] = idx.get(j);
    }
    return new Segment(y, oi, outs, ev.count());
  }

  private static boolean isJump(double[] jumps, double t) {
    for (double j : jumps) {
      if (j == t) {
        return true;
      }
    }
    return false;
  }
}
