package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;

/**
 * The automatic first step of Hairer, Nørsett &amp; Wanner, <i>Solving ODEs I</i>, 2nd ed., II.4 ("Starting
 * step size"), as torchdiffeq's {@code _select_initial_step} and Hairer's {@code HINIT} compute it. With
 * sc_i = atol + rtol·|y0_i| and ‖·‖ the RMS norm:
 * <pre>
 *   d0 = ‖y0/sc‖,  d1 = ‖f0/sc‖
 *   h0 = 1e-6 if d0 &lt; 1e-5 or d1 &lt; 1e-5, else 0.01·d0/d1          (then at most |t_end − t0|)
 *   f1 = f(t0 + h0, y0 + h0·f0)                                       (the one extra evaluation)
 *   d2 = ‖(f1 − f0)/sc‖ / h0
 *   h1 = max(1e-6, 1e-3·h0) if max(d1, d2) ≤ 1e-15, else (0.01 / max(d1, d2))^(1/p)
 *   h  = min(100·h0, h1)
 * </pre>
 * (‖·‖ is the solve's {@link ErrorNorm}, RMS by default, and sc_i uses the per-entry tolerances), where
 * p is the method's order (torchdiffeq's {@code order + 1} with its embedded order 4 for dopri5).
 * h0 is capped at the interval's length so that f is never evaluated beyond it. The probe is computed
 * from detached tensors and only its values are used.
 */
final class InitialStep {
  private InitialStep() {}

  /**
   * @param f the counted right-hand side (one evaluation is spent here)
   * @param t0 the initial time
   * @param y0 the initial state
   * @param f0 f(t0, y0)
   * @param order the method's order p
   * @param direction +1 or −1, the sign of the integration direction
   * @param span |t_end − t0| &gt; 0
   * @return the magnitude of the first step, positive
   */
  static double select(Evaluator f, double t0, Tensor y0, Tensor f0, int order, double rtol, double atol,
      double direction, double span) {
    return select(f, t0, y0, f0, order, EntryTolerances.scalar(rtol, atol), ErrorNorm.RMS, direction, span);
  }

  /** As above with per-entry tolerances and a norm (the probe's arithmetic, shared with the flat engine). */
  static double select(Evaluator f, double t0, Tensor y0, Tensor f0, int order, EntryTolerances tol, ErrorNorm norm,
      double direction, double span) {
    Probe p = new Probe(y0.detach().toArray(), f0.detach().toArray(), tol, norm, direction, span);
    double[] f1 = f.eval(p.time(t0), Tensor.of(p.y1, y0.shape())).detach().toArray();
    return p.finish(f1, order);
  }

  /**
   * {@link #select} in two halves around its one evaluation of f (so that the per-row driver
   * can evaluate all rows at once): the constructor computes d0, d1, h0 and the probe state y0 + h0·f0;
   * {@link #finish} takes f(t0 + h0, probe) and returns the step.
   */
  static final class Probe {
    private final double[] dy;
    private final double[] sc;
    private final double[] q;
    private final ErrorNorm norm;
    private final double direction;
    final double[] y1;
    private final double d1;
    private final double h0;

    Probe(double[] y, double[] dy, EntryTolerances tol, ErrorNorm norm, double direction, double span) {
      int n = y.length;
      this.dy = dy;
      this.norm = norm;
      this.direction = direction;
      sc = new double[n];
      double[] q0 = new double[n];
      double[] q1 = new double[n];
      for (int i = 0; i < n; i++) {
        sc[i] = tol.atol(i) + tol.rtol(i) * Math.abs(y[i]);
        q0[i] = y[i] / sc[i];
        q1[i] = dy[i] / sc[i];
      }
      double d0 = n == 0 ? 0.0 : norm.apply(q0);
      d1 = n == 0 ? 0.0 : norm.apply(q1);
      double h = (d0 < 1e-5 || d1 < 1e-5 || !Double.isFinite(d0) || !Double.isFinite(d1)) ? 1e-6 : 0.01 * d0 / d1;
      h = Math.min(h, span);
      if (!(h > 0.0)) {
        h = Math.min(1e-6, span);
      }
      h0 = h;
      q = q0;
      double c1 = direction * h0;
      y1 = new double[n];
      for (int i = 0; i < n; i++) {
        y1[i] = (0.0 + 1.0 * y[i]) + c1 * dy[i];
      }
    }

    /** The time of the probe's evaluation. */
    double time(double t0) {
      return t0 + direction * h0;
    }

    /** The first step's magnitude from f1 = f(time, y1). */
    double finish(double[] f1, int order) {
      int n = f1.length;
      for (int i = 0; i < n; i++) {
        q[i] = (f1[i] - dy[i]) / sc[i];
      }
      double d2 = (n == 0 ? 0.0 : norm.apply(q)) / h0;
      double dMax = Math.max(d1, d2);
      double h1 = dMax <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / dMax, 1.0 / order);
      double h = Math.min(100.0 * h0, h1);
      return h > 0.0 && Double.isFinite(h) ? h : h0;
    }
  }
}
