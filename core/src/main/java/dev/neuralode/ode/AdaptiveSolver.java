package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The adaptive driver: embedded-pair steps judged by a {@link StepSizeController}, the first step of
 * {@link InitialStep}, FSAL reuse, and outputs from the {@link Interpolant} (torchdiffeq's
 * {@code RKAdaptiveStepsizeODESolver}). It integrates past each requested time and interpolates, but
 * clamps the step that would pass the final time so that it ends exactly there: f is never evaluated
 * beyond the last requested time.
 */
final class AdaptiveSolver {
  private AdaptiveSolver() {}

  static OdeResult solve(OdeFunction f, Tensor y0, double[] t, SolveOptions options, ButcherTableau tableau,
      StepSizeController controller) {
    ExplicitRungeKutta rk = new ExplicitRungeKutta(tableau);
    Interpolant interpolant = new Interpolant(tableau);
    Evaluator ev = new Evaluator(f, y0);
    int n = t.length;
    double t0 = t[0];
    double tFinal = t[n - 1];
    double direction = Math.signum(tFinal - t0);
    int order = tableau.order();
    int last = tableau.stages() - 1;
    double rtol = options.rtol();
    double atol = options.atol();
    int maxSteps = options.maxSteps();

    List<Tensor> out = new ArrayList<>(n);
    out.add(y0);
    Tensor k0 = ev.eval(t0, y0);
    if (!k0.isFinite()) {
      throw new NonFiniteStateException(options.method() + ": f(t0, y0) is not finite at t0=" + t0
          + "; check f and y0", t0);
    }
    double h = Double.isNaN(options.firstStep())
        ? InitialStep.select(ev, t0, y0, k0, order, rtol, atol, direction, Math.abs(tFinal - t0))
        : options.firstStep();
    h *= direction;

    double tCur = t0;
    Tensor y = y0;
    int next = 1;
    int accepted = 0;
    int rejected = 0;
    boolean lastNonFinite = false;
    while (next < n) {
      if (accepted + rejected >= maxSteps) {
        throw new MaxStepsExceededException(options.method() + " used maxSteps=" + maxSteps + " steps ("
            + accepted + " accepted, " + rejected + " rejected) and reached t=" + tCur + " of [" + t0 + ", "
            + tFinal + "]; raise maxSteps, loosen rtol/atol, or check whether the problem is stiff", tCur,
            maxSteps);
      }
      if (!(Math.abs(h) >= 16.0 * Math.ulp(tCur))) {
        throw new StepSizeUnderflowException(options.method() + ": step size h=" + h + " underflowed at t="
            + tCur + " (|h| < 16 ulp(t))" + (lastNonFinite ? " after a step gave a non-finite state" : "")
            + "; the solution may blow up or be singular near t=" + tCur + ", the problem may be stiff, or"
            + " rtol/atol may be too tight", tCur, h);
      }
      double tEnd;
      double hStep;
      if (direction * (tCur + h - tFinal) >= 0.0) {
        tEnd = tFinal;
        hStep = tFinal - tCur;
      } else {
        tEnd = tCur + h;
        hStep = h;
      }
      ExplicitRungeKutta.Step step = rk.step(ev, tCur, hStep, tEnd, y, k0);
      double ratio = rk.errorRatio(step, rtol, atol);
      lastNonFinite = ratio == Double.POSITIVE_INFINITY;
      StepSizeController.Decision d = controller.decide(hStep, ratio, order);
      if (d.accepted()) {
        accepted++;
        while (next < n && direction * (t[next] - tEnd) <= 0.0) {
          out.add(interpolant.at(step, t[next]));
          next++;
        }
        tCur = tEnd;
        y = step.y1();
        k0 = tableau.fsal() ? step.k()[last] : (next < n ? ev.eval(tCur, y) : null);
      } else {
        rejected++;
      }
      h = direction * Math.abs(d.nextStep()); // a controller cannot turn the integration around
    }
    return new OdeResult(Tensor.stack(out), t, new SolverStats(ev.count(), accepted, rejected));
  }
}
