package dev.neuralode.flow;

import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.List;

/**
 * The trace tr(∂f/∂z) of a batch of Jacobians, computed from vector–Jacobian products, and
 * optionally the squared Frobenius norm ‖∂f/∂z‖²_F that RNODE penalises.
 *
 * <p><b>Exact</b>: d VJPs with the unit vectors eᵢ give the rows eᵢᵀJ, so tr J = Σᵢ (eᵢᵀJ)ᵢ and
 * ‖J‖²_F = Σᵢ ‖eᵢᵀJ‖² exactly. <b>Hutchinson</b> (Hutchinson 1990; FFJORD, Grathwohl et al.
 * 2019): with K probes ε_k of zero mean and identity covariance, tr J ≈ (1/K) Σ_k ε_kᵀ J ε_k and
 * ‖J‖²_F ≈ (1/K) Σ_k ‖ε_kᵀ J‖², both unbiased. For a single probe the variance of εᵀJε is
 * 2‖J_s‖²_F with Gaussian probes and 2(‖J_s‖²_F − Σᵢ (J_s)ᵢᵢ²) with Rademacher probes, where
 * J_s = (J + Jᵀ)/2; K probes divide it by K.
 *
 * <p>Probes are drawn by {@link #drawProbes} once per solve (one set per sample) and passed to
 * every evaluation, including the adjoint's backward solve, so the integrand is one smooth
 * function of time and the solver's error control is meaningful.
 *
 * <p>Instances are immutable.
 */
public final class TraceEstimator {
  /** The distribution of Hutchinson's probe entries. */
  public enum Noise {
    /** Independent standard normals. */
    GAUSSIAN,
    /** Independent ±1 with probability ½ each. */
    RADEMACHER
  }

  /**
   * A per-sample trace and squared Frobenius norm.
   *
   * @param trace tr(∂f/∂z) or its estimate, shape {@code [batch]}
   * @param frobenius ‖∂f/∂z‖²_F or its estimate, shape {@code [batch]}, or null when not requested
   */
  public record Estimate(Tensor trace, Tensor frobenius) {}

  private static final TraceEstimator EXACT = new TraceEstimator(null, 0);

  private final Noise noise;
  private final int probes;

  private TraceEstimator(Noise noise, int probes) {
    this.noise = noise;
    this.probes = probes;
  }

  /**
   * The exact trace: d VJPs per evaluation.
   *
   * @return the estimator
   */
  public static TraceEstimator exact() {
    return EXACT;
  }

  /**
   * Hutchinson's estimator with K probes per sample.
   *
   * @param noise the probe distribution
   * @param probes K, at least 1
   * @return the estimator
   * @throws IllegalArgumentException if noise is null or probes &lt; 1
   */
  public static TraceEstimator hutchinson(Noise noise, int probes) {
    if (noise == null || probes < 1) {
      throw new IllegalArgumentException("hutchinson needs a noise (GAUSSIAN or RADEMACHER) and probes >= 1;"
          + " got noise=" + noise + ", probes=" + probes);
    }
    return new TraceEstimator(noise, probes);
  }

  /**
   * Parses {@code exact}, {@code hutchinson} (Gaussian, one probe), {@code hutchinson-gaussian} or
   * {@code hutchinson-rademacher}.
   *
   * @param s the name, case-insensitive
   * @return the estimator
   * @throws IllegalArgumentException if the name is unknown
   */
  public static TraceEstimator parse(String s) {
    String k = s == null ? "" : s.trim().toLowerCase(java.util.Locale.ROOT);
    switch (k) {
      case "exact":
        return exact();
      case "hutchinson":
      case "hutchinson-gaussian":
        return hutchinson(Noise.GAUSSIAN, 1);
      case "hutchinson-rademacher":
        return hutchinson(Noise.RADEMACHER, 1);
      default:
        throw new IllegalArgumentException("unknown trace estimator '" + s
            + "'; choose exact, hutchinson, hutchinson-gaussian or hutchinson-rademacher");
    }
  }

  /**
   * Whether this is the exact trace.
   *
   * @return true for {@link #exact()}
   */
  public boolean isExact() {
    return noise == null;
  }

  /**
   * The probe distribution.
   *
   * @return the noise, null for the exact trace
   */
  public Noise noise() {
    return noise;
  }

  /**
   * The number of probes K per sample.
   *
   * @return K, 0 for the exact trace
   */
  public int probes() {
    return probes;
  }

  /**
   * Draws the probes for one solve.
   *
   * @param batch the number of samples
   * @param dim the state dimension d
   * @param rng the source of randomness; advanced (not used by the exact trace)
   * @return probes of shape {@code [K, batch, dim]}, or null for the exact trace
   */
  public Tensor drawProbes(int batch, int dim, Rng rng) {
    if (noise == null) {
      return null;
    }
    if (noise == Noise.GAUSSIAN) {
      return rng.normal(probes, batch, dim);
    }
    double[] v = new double[probes * batch * dim];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.uniform() < 0.5 ? -1.0 : 1.0;
    }
    return Tensor.of(v, probes, batch, dim);
  }

  /**
   * Estimates tr(∂f/∂x) (and ‖∂f/∂x‖²_F) for every sample of a batch.
   *
   * @param fz the outputs f(x), shape {@code [batch, d]}, computed from {@code x} while recording;
   *     not modified
   * @param x the inputs, shape {@code [batch, d]}, a tensor that requires a gradient; not modified
   * @param probes the probes from {@link #drawProbes}, {@code [K, batch, d]}; ignored (may be null)
   *     for the exact trace
   * @param createGraph record the VJPs, so that the estimate can be differentiated (training)
   * @param frobenius also estimate the squared Frobenius norm
   * @return the per-sample estimates
   * @throws IllegalArgumentException if Hutchinson probes are missing or of the wrong shape
   */
  public Estimate estimate(Tensor fz, Tensor x, Tensor probes, boolean createGraph, boolean frobenius) {
    int b = x.dim(0);
    int d = x.dim(1);
    Tensor trace = null;
    Tensor frob = null;
    if (noise == null) {
      for (int i = 0; i < d; i++) {
        double[] e = new double[b * d];
        for (int r = 0; r < b; r++) {
          e[r * d + i] = 1.0;
        }
        Tensor row = vjp(fz, x, Tensor.of(e, b, d), createGraph);
        Tensor diag = row.slice(1, i, i + 1).reshape(b);
        trace = trace == null ? diag : trace.add(diag);
        if (frobenius) {
          Tensor sq = row.square().sum(1, false);
          frob = frob == null ? sq : frob.add(sq);
        }
      }
      return new Estimate(trace, frob);
    }
    if (probes == null || probes.rank() != 3 || probes.dim(0) != this.probes || probes.dim(1) != b
        || probes.dim(2) != d) {
      throw new IllegalArgumentException("probes must have shape [" + this.probes + ", " + b + ", " + d
          + "]; got " + (probes == null ? "null" : java.util.Arrays.toString(probes.shape()))
          + "; draw them with drawProbes(batch, dim, rng)");
    }
    for (int k = 0; k < this.probes; k++) {
      Tensor eps = probes.index(k);
      Tensor row = vjp(fz, x, eps, createGraph);
      Tensor est = row.mul(eps).sum(1, false);
      trace = trace == null ? est : trace.add(est);
      if (frobenius) {
        Tensor sq = row.square().sum(1, false);
        frob = frob == null ? sq : frob.add(sq);
      }
    }
    if (this.probes > 1) {
      trace = trace.div(this.probes);
      frob = frob == null ? null : frob.div(this.probes);
    }
    return new Estimate(trace, frob);
  }

  private static Tensor vjp(Tensor fz, Tensor x, Tensor v, boolean createGraph) {
    return Autograd.grad(List.of(fz), List.of(x), List.of(v), createGraph).get(0);
  }

  @Override
  public String toString() {
    return noise == null ? "exact" : "hutchinson-" + noise.name().toLowerCase(java.util.Locale.ROOT)
        + (probes > 1 ? "x" + probes : "");
  }
}
