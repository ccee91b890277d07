package dev.neuralode.ode;

import dev.neuralode.tensor.Functional;
import dev.neuralode.tensor.Tensor;

/**
 * One step of an ESDIRK method (explicit first stage, singly diagonally implicit) with simplified
 * Newton iterations, on the flattened state. Package-private; one instance per solve (it counts work).
 *
 * <p>In the stage variables Z_i = h·k_i (the form of OrdinaryDiffEq's {@code Kvaerno5}), stage i solves
 * Z_i = h·f(t + c_i h, B_i + γ Z_i) with B_i = y_n + Σ_{j&lt;i} a_ij Z_j, and Z_1 = h·f(t_n, y_n). Newton's
 * matrix W = I − hγJ, with J = ∂f/∂y at (t_n, y_n) from reverse-mode autodiff, is shared by every stage
 * and factored once per attempted step ({@link DenseLu}). Each iteration solves W·Δ = h·f(Y) − Z and
 * stops when η·‖Δ‖ ≤ κ, with θ = ‖Δ_k‖/‖Δ_{k−1}‖, η = θ/(1 − θ) (η_0 = max(η_old, ε)^0.8) and the
 * tolerance-scaled RMS norm (Hairer &amp; Wanner, <i>Solving ODEs II</i>, IV.8, eqs. 8.10–8.13). It fails
 * when θ ≥ 1, after {@code MAX_ITER} iterations, on a singular W or a non-finite stage; the driver then
 * rejects the step and shrinks h.
 */
final class EsdirkStepper {
  static final int MAX_ITER = 10;

  private final Evaluator ev;
  private final int[] shape;
  private final int n;
  private final double gamma;
  private final double[] c;
  private final double[][] a;
  private final double[][] predictor;
  private double etaOld = 1.0;
  /** The converged stage variables Z_i of the last successful {@link #step}. */
  double[][] lastZ;
  int jacobians;
  int lus;
  int newtonIterations;
  int newtonFailures;

  EsdirkStepper(Evaluator ev, int[] shape, double gamma, double[] c, double[][] a, double[][] predictor) {
    this.ev = ev;
    this.shape = shape.clone();
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    this.n = size;
    this.gamma = gamma;
    this.c = c;
    this.a = a;
    this.predictor = predictor;
  }

  /** f(t, y) on the flattened state. */
  double[] eval(double t, double[] y) {
    return ev.eval(t, Tensor.of(y, shape)).toArray();
  }

  /** J = ∂f/∂y at (t, y), row-major n×n, by {@link Functional#jacobian}; also fills {@code fOut}. */
  double[] jacobian(double t, double[] y, double[] fOut) {
    jacobians++;
    Tensor[] value = new Tensor[1];
    Tensor jac = Functional.jacobian(x -> {
      Tensor out = ev.eval(t, x.reshape(shape));
      value[0] = out;
      return out.reshape(n);
    }, Tensor.of(y, n));
    System.arraycopy(value[0].toArray(), 0, fOut, 0, n);
    return jac.toArray();
  }

  /** W = I − hγJ, factored. */
  DenseLu factor(double[] jac, double h) {
    lus++;
    double[] w = new double[n * n];
    double s = -h * gamma;
    for (int i = 0; i < n * n; i++) {
      w[i] = s * jac[i];
    }
    for (int i = 0; i < n; i++) {
      w[i * n + i] += 1.0;
    }
    return new DenseLu(w, n);
  }

  /**
   * The stages of one step. Stage times beyond {@code tMax} (in the direction of h) are moved back to
   * tMax, so a step that ends at a jump of f never samples f across it (stage 3 has c_3 &gt; 1); pass ±∞
   * for no limit.
   *
   * @return the stage values Y_i (Y_s = y_{n+1} for a stiffly accurate method), or null if Newton failed
   */
  double[][] step(double t, double h, double tMax, double[] y, double[] fy, DenseLu w, double[] weights,
      double kappa) {
    int s = c.length;
    double[][] z = new double[s][];
    double[][] stage = new double[s][];
    z[0] = new double[n];
    for (int k = 0; k < n; k++) {
      z[0][k] = h * fy[k];
    }
    stage[0] = y.clone();
    if (w.singular()) {
      newtonFailures++;
      return null;
    }
    for (int i = 1; i < s; i++) {
      double[] base = y.clone();
      double[] zi = new double[n];
      for (int j = 0; j < i; j++) {
        axpy(a[i][j], z[j], base);
        axpy(predictor[i][j], z[j], zi);
      }
      double ti = t + c[i] * h;
      if (h > 0.0 ? ti > tMax : ti < tMax) {
        ti = tMax;
      }
      double[] yi = newton(ti, h, base, zi, w, weights, kappa);
      if (yi == null) {
        newtonFailures++;
        return null;
      }
      z[i] = zi;
      stage[i] = yi;
    }
    lastZ = z;
    return stage;
  }

  /** Solves Z = h·f(ti, B + γZ) in place in {@code z}; returns Y = B + γZ or null on failure. */
  private double[] newton(double ti, double h, double[] base, double[] z, DenseLu w, double[] weights,
      double kappa) {
    double[] yi = new double[n];
    double previous = Double.NaN;
    double eta = Math.pow(Math.max(etaOld, Math.ulp(1.0)), 0.8);
    for (int it = 0; it < MAX_ITER; it++) {
      newtonIterations++;
      for (int k = 0; k < n; k++) {
        yi[k] = base[k] + gamma * z[k];
      }
      double[] fi = eval(ti, yi);
      double[] r = new double[n];
      for (int k = 0; k < n; k++) {
        r[k] = h * fi[k] - z[k];
      }
      double[] delta = w.solve(r);
      double norm = rms(delta, weights);
      if (!Double.isFinite(norm)) {
        return null;
      }
      for (int k = 0; k < n; k++) {
        z[k] += delta[k];
      }
      if (it > 0) {
        double theta = norm / previous;
        if (!(theta < 1.0)) {
          return null;
        }
        eta = theta / (1.0 - theta);
      }
      if (eta * norm <= kappa || norm == 0.0) {
        etaOld = eta;
        for (int k = 0; k < n; k++) {
          yi[k] = base[k] + gamma * z[k];
        }
        return yi;
      }
      previous = norm;
    }
    return null;
  }

  static double rms(double[] v, double[] weights) {
    double sum = 0.0;
    for (int k = 0; k < v.length; k++) {
      double q = v[k] / weights[k];
      sum += q * q;
    }
    return v.length == 0 ? 0.0 : Math.sqrt(sum / v.length);
  }

  private static void axpy(double alpha, double[] x, double[] y) {
    if (alpha == 0.0) {
      return;
    }
    for (int k = 0; k < y.length; k++) {
      y[k] += alpha * x[k];
    }
  }

  int size() {
    return n;
  }

  int[] shape() {
    return shape.clone();
  }

  Evaluator evaluator() {
    return ev;
  }

  double gamma() {
    return gamma;
  }

  double[] c() {
    return c;
  }

  double[][] a() {
    return a;
  }
}
