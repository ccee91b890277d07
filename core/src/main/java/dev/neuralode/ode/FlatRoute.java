package dev.neuralode.ode;

import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Program;
import dev.neuralode.tensor.Tensor;
import java.util.List;

/**
 * The choice between the flat engine ({@link FlatStepper}, {@link FlatSolver}) and the Tensor path for a
 * solve of {@link Odeint}, made once per solve. The flat engine is used when all of these hold, else
 * the Tensor path runs (see {@link #eagerReason}):
 * <ul>
 *   <li>the method is an explicit Runge–Kutta tableau (not {@code kvaerno5});
 *   <li>no events, no step callbacks and no kept steps ({@link Odeint#solveDense});
 *   <li>f is {@linkplain OdeFunction#traceable() traceable} (a plain lambda is not: that is the switch
 *       that forces the eager path);
 *   <li>nothing is recorded: autograd is off, or y0 does not require a gradient;
 *   <li>f evaluates flat: its {@link OdeFunction#flat(int[])} twin (which exists only when f reads nothing
 *       that requires a gradient), or else, with autograd off, a {@link Program} captured at (t0, y0)
 *       (a capture that fails leaves the Tensor path, which tries again and then runs eagerly). With
 *       autograd on and no twin, f might read parameters that require a gradient (direct-mode
 *       training), so the Tensor path runs without a trial capture.
 * </ul>
 * The result is the same bits and statistics either way; only allocation and speed differ.
 */
final class FlatRoute {
  private FlatRoute() {}

  /**
   * Why a solve cannot take the flat engine before f is looked at further, or null if it may.
   *
   * @return null, or a short reason
   */
  static String eagerReason(OdeFunction f, Tensor y0, Solver solver, List<Event> events,
      StepCallbacks callbacks, boolean keepSteps) {
    if (!(solver.method() instanceof Method.ExplicitRk)) {
      return "implicit method";
    }
    if (!events.isEmpty()) {
      return "events";
    }
    if (callbacks != StepCallbacks.NONE) {
      return "step callbacks";
    }
    if (keepSteps) {
      return "dense solution";
    }
    if (!f.traceable()) {
      return "f is not traceable";
    }
    if (Autograd.isRecording() && y0.requiresGrad()) {
      return "y0 requires a gradient";
    }
    return null;
  }

  /**
   * Solves on the flat engine if it may (see the class description); null to take the Tensor path.
   *
   * @param t strictly monotone, at least two times
   */
  static OdeResult tryFlat(OdeFunction f, Tensor y0, double[] t, Solver solver, List<Event> events,
      StepCallbacks callbacks) {
    if (eagerReason(f, y0, solver, events, callbacks, false) != null) {
      return null;
    }
    ButcherTableau tableau = ((Method.ExplicitRk) solver.method()).tableau();
    int[] shape = y0.shape();
    FlatOde flat = f.flat(shape);
    FlatStepper st;
    if (flat != null) {
      st = new FlatStepper(tableau, flat, y0.toArray());
    } else if (Autograd.isRecording()) {
      return null; // f may read parameters that require a gradient; capture only where nothing records
    } else {
      Program.Captured c;
      try {
        c = Program.capture(List.of(Tensor.scalar(t[0]), y0),
            in -> List.of(Evaluator.checked(t[0], f.apply(in.get(0), in.get(1)), shape)));
      } catch (Program.NotCapturable e) {
        return null;
      }
      st = new FlatStepper(tableau, replay(c.program()), y0.toArray());
      System.arraycopy(c.outputs().get(0).toArray(), 0, st.k[0], 0, st.n);
      st.k0Known = true;
      st.nfe = 1;
    }
    FlatSolver.Outputs out = FlatSolver.run(st, t, solver, tableau, shape);
    return new OdeResult(stack(out.ys(), shape), t, out.stats());
  }

  /** A program of (t, y) → dy/dt as a flat right-hand side (one copy of the output per evaluation). */
  static FlatOde replay(Program p) {
    double[] time = new double[1];
    return (tt, y, dydt) -> {
      time[0] = tt;
      double[] r = p.run(time, y)[0];
      System.arraycopy(r, 0, dydt, 0, dydt.length);
    };
  }

  /** The outputs as one tensor of shape [T, ...shape]. */
  static Tensor stack(double[][] ys, int[] shape) {
    int n = ys[0].length;
    double[] all = new double[ys.length * n];
    for (int i = 0; i < ys.length; i++) {
      System.arraycopy(ys[i], 0, all, i * n, n);
    }
    int[] full = new int[shape.length + 1];
    full[0] = ys.length;
    System.arraycopy(shape, 0, full, 1, shape.length);
    return Tensor.of(all, full);
  }
}
