package dev.neuralode.data;

import dev.neuralode.tensor.Rng;

/**
 * A mixture of k full-covariance Gaussians, the baselines of {@code neuralode density}: one Gaussian
 * fitted by maximum likelihood, or k components fitted by expectation–maximisation (Dempster, Laird
 * &amp; Rubin 1977; Bishop, PRML §9.2.2). log p(x) = logsumexp_c [log π_c + log N(x; μ_c, Σ_c)].
 * Immutable.
 */
public final class GaussianMixture {
  private static final double RIDGE = 1e-6;

  private final double[] logWeights;
  private final double[][] means;
  private final double[][][] choleskys;
  private final double[] logDets;

  private GaussianMixture(double[] weights, double[][] means, double[][][] covs) {
    int k = weights.length;
    this.logWeights = new double[k];
    this.means = means;
    this.choleskys = new double[k][][];
    this.logDets = new double[k];
    for (int c = 0; c < k; c++) {
      logWeights[c] = Math.log(weights[c]);
      choleskys[c] = cholesky(covs[c]);
      double ld = 0;
      for (int i = 0; i < covs[c].length; i++) {
        ld += 2 * Math.log(choleskys[c][i][i]);
      }
      logDets[c] = ld;
    }
  }

  /**
   * The maximum-likelihood Gaussian (mean and the 1/n covariance).
   *
   * @param x n ≥ 2 rows of d values; not modified
   * @return the one-component mixture
   * @throws IllegalArgumentException if there are fewer than 2 rows
   */
  public static GaussianMixture fitGaussian(double[][] x) {
    if (x == null || x.length < 2) {
      throw new IllegalArgumentException("need at least 2 rows to fit a Gaussian");
    }
    double[] w = new double[x.length];
    java.util.Arrays.fill(w, 1.0);
    double[] mu = new double[x[0].length];
    double[][] cov = new double[mu.length][mu.length];
    weighted(x, w, mu, cov);
    return new GaussianMixture(new double[] {1.0}, new double[][] {mu}, new double[][][] {cov});
  }

  /**
   * k components by EM: means start at k distinct rows chosen with the seed, covariances at the
   * data covariance, weights at 1/k; stops after 500 iterations or when the mean log-likelihood
   * improves by less than 1e-10. A ridge of 1e-6·I keeps covariances positive definite.
   *
   * @param x n ≥ k + 1 rows of d values; not modified
   * @param k the number of components, at least 1
   * @param seed the seed of the initial means
   * @return the fitted mixture
   * @throws IllegalArgumentException if k &lt; 1 or there are too few rows
   */
  public static GaussianMixture fitEm(double[][] x, int k, long seed) {
    if (k < 1 || x == null || x.length < k + 1) {
      throw new IllegalArgumentException("EM needs k >= 1 and at least k + 1 rows; got k=" + k + ", rows="
          + (x == null ? 0 : x.length));
    }
    int n = x.length;
    int d = x[0].length;
    GaussianMixture one = fitGaussian(x);
    int[] perm = new Rng(seed).permutation(n);
    double[] weights = new double[k];
    double[][] mus = new double[k][];
    double[][][] covs = new double[k][][];
    for (int c = 0; c < k; c++) {
      weights[c] = 1.0 / k;
      mus[c] = x[perm[c]].clone();
      covs[c] = one.covariance(0);
    }
    GaussianMixture g = new GaussianMixture(weights, mus, covs);
    double prev = Double.NEGATIVE_INFINITY;
    double[][] resp = new double[k][n];
    for (int iter = 0; iter < 500; iter++) {
      double ll = 0;
      for (int i = 0; i < n; i++) {
        double[] lc = g.componentLogProbs(x[i]);
        double lse = logSumExp(lc);
        ll += lse / n;
        for (int c = 0; c < k; c++) {
          resp[c][i] = Math.exp(lc[c] - lse);
        }
      }
      for (int c = 0; c < k; c++) {
        double nc = 0;
        for (double r : resp[c]) {
          nc += r;
        }
        weights[c] = Math.max(nc, 1e-300) / n;
        mus[c] = new double[d];
        covs[c] = new double[d][d];
        weighted(x, resp[c], mus[c], covs[c]);
      }
      g = new GaussianMixture(weights, mus, covs);
      if (ll - prev < 1e-10) {
        break;
      }
      prev = ll;
    }
    return g;
  }

  /**
   * log p(x) of one point.
   *
   * @param x a point of d values; not modified
   * @return the log-density
   */
  public double logProb(double[] x) {
    return logSumExp(componentLogProbs(x));
  }

  /**
   * Mean negative log-likelihood.
   *
   * @param x rows; not modified
   * @return −mean log p, in nats per sample
   */
  public double nll(double[][] x) {
    double s = 0;
    for (double[] r : x) {
      s -= logProb(r);
    }
    return s / x.length;
  }

  /**
   * The number of components.
   *
   * @return k
   */
  public int components() {
    return means.length;
  }

  private double[][] covariance(int c) {
    double[][] l = choleskys[c];
    int d = l.length;
    double[][] cov = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        for (int m = 0; m < d; m++) {
          cov[i][j] += l[i][m] * l[j][m];
        }
      }
    }
    return cov;
  }

  private double[] componentLogProbs(double[] x) {
    int k = means.length;
    int d = x.length;
    double[] out = new double[k];
    for (int c = 0; c < k; c++) {
      double[][] l = choleskys[c];
      double[] y = new double[d];
      double q = 0;
      for (int i = 0; i < d; i++) {
        double s = x[i] - means[c][i];
        for (int j = 0; j < i; j++) {
          s -= l[i][j] * y[j];
        }
        y[i] = s / l[i][i];
        q += y[i] * y[i];
      }
      out[c] = logWeights[c] - 0.5 * (q + logDets[c] + d * Math.log(2 * Math.PI));
    }
    return out;
  }

  private static void weighted(double[][] x, double[] w, double[] mu, double[][] cov) {
    int d = mu.length;
    double tot = 0;
    for (int i = 0; i < x.length; i++) {
      tot += w[i];
      for (int j = 0; j < d; j++) {
        mu[j] += w[i] * x[i][j];
      }
    }
    for (int j = 0; j < d; j++) {
      mu[j] /= tot;
    }
    for (int i = 0; i < x.length; i++) {
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          cov[a][b] += w[i] * (x[i][a] - mu[a]) * (x[i][b] - mu[b]) / tot;
        }
      }
    }
    for (int a = 0; a < d; a++) {
      cov[a][a] += RIDGE;
    }
  }

  private static double[][] cholesky(double[][] a) {
    int d = a.length;
    double[][] l = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        for (int m = 0; m < j; m++) {
          s -= l[i][m] * l[j][m];
        }
        if (i == j) {
          if (!(s > 0)) {
            throw new IllegalStateException("covariance is not positive definite; the data may be degenerate");
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    return l;
  }

  private static double logSumExp(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      m = Math.max(m, x);
    }
    double s = 0;
    for (double x : v) {
      s += Math.exp(x - m);
    }
    return m + Math.log(s);
  }
}
