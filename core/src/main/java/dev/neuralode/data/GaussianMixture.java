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
    weighted(x, w, mu, cov, 0);
    return new GaussianMixture(new double[] {1.0}, new double[][] {mu}, new double[][][] {cov});
  }

  /**
   * k components by EM, best of {@value #RESTARTS} seeded restarts by log-likelihood. Each restart
   * seeds the means by k-means++ (Arthur &amp; Vassilvitskii 2007) among the distinct rows, so that
   * duplicated rows cannot start two components at the same point (the symmetric fixed point, where
   * EM returns the single Gaussian); covariances start at the data covariance, weights at 1/k. A
   * component that collapses (responsibility total below one row, or covariance trace below 1e-4 of
   * the data's, as on a block of identical rows) is re-seeded at a k-means++ draw. Each covariance
   * gets a ridge of 1e-6·tr(Σ)/d·I, at least 1e-6·tr(Σ_data)/d, so the ridge scales with the units
   * of the data. Each restart stops after 500 iterations or when the mean log-likelihood improves by
   * less than 1e-10.
   *
   * @param x n ≥ k + 1 rows of d values, at least k of them distinct; not modified
   * @param k the number of components, at least 1
   * @param seed the seed of the initial means and re-seeds
   * @return the fitted mixture
   * @throws IllegalArgumentException if k &lt; 1 or there are too few (distinct) rows
   */
  public static GaussianMixture fitEm(double[][] x, int k, long seed) {
    if (k < 1 || x == null || x.length < k + 1) {
      throw new IllegalArgumentException("EM needs k >= 1 and at least k + 1 rows; got k=" + k + ", rows="
          + (x == null ? 0 : x.length));
    }
    int n = x.length;
    int d = x[0].length;
    java.util.Set<java.util.List<Double>> seen = new java.util.HashSet<>();
    java.util.List<double[]> distinct = new java.util.ArrayList<>();
    for (double[] r : x) {
      java.util.List<Double> key = new java.util.ArrayList<>(d);
      for (double v : r) {
        key.add(v);
      }
      if (seen.add(key)) {
        distinct.add(r);
      }
    }
    if (distinct.size() < k) {
      throw new IllegalArgumentException("EM needs at least k distinct rows; got k=" + k + ", distinct rows="
          + distinct.size() + ". Use fewer components");
    }
    double[] ones = new double[n];
    java.util.Arrays.fill(ones, 1.0);
    double[] mu0 = new double[d];
    double[][] dataCov = new double[d][d];
    weighted(x, ones, mu0, dataCov, 0);
    double dataTrace = trace(dataCov);
    double floor = RIDGE * dataTrace / d;
    Rng rng = new Rng(seed);
    GaussianMixture best = null;
    double bestLl = Double.NEGATIVE_INFINITY;
    for (int restart = 0; restart < RESTARTS; restart++) {
      GaussianMixture g = emRun(x, k, distinct, dataCov, dataTrace, floor, rng);
      double ll = -g.nll(x);
      if (best == null || ll > bestLl) {
        best = g;
        bestLl = ll;
      }
    }
    return best;
  }

  private static final int RESTARTS = 5;

  private static GaussianMixture emRun(double[][] x, int k, java.util.List<double[]> distinct,
      double[][] dataCov, double dataTrace, double floor, Rng rng) {
    int n = x.length;
    int d = x[0].length;
    double[] weights = new double[k];
    double[][] mus = kMeansPlusPlus(distinct, k, rng);
    double[][][] covs = new double[k][][];
    for (int c = 0; c < k; c++) {
      weights[c] = 1.0 / k;
      covs[c] = copy(dataCov);
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
      boolean reseeded = false;
      for (int c = 0; c < k; c++) {
        double nc = 0;
        for (double r : resp[c]) {
          nc += r;
        }
        double[] mu = new double[d];
        double[][] cov = new double[d][d];
        if (nc >= 1) {
          weighted(x, resp[c], mu, cov, floor);
        }
        if (!(nc >= 1) || trace(cov) < 1e-4 * dataTrace) {
          // collapsed: responsibility total below one row (a 0/0 mean otherwise), or a covariance
          // shrinking onto identical rows (a likelihood singularity); start it afresh
          mus[c] = kMeansPlusPlusNext(distinct, mus, c, rng);
          covs[c] = copy(dataCov);
          weights[c] = 1.0 / k;
          reseeded = true;
        } else {
          weights[c] = nc / n;
          mus[c] = mu;
          covs[c] = cov;
        }
      }
      double tot = 0;
      for (double w : weights) {
        tot += w;
      }
      for (int c = 0; c < k; c++) {
        weights[c] /= tot;
      }
      g = new GaussianMixture(weights, mus, covs);
      if (reseeded) {
        prev = Double.NEGATIVE_INFINITY;
        continue;
      }
      if (ll - prev < 1e-10) {
        break;
      }
      prev = ll;
    }
    return g;
  }

  /** k-means++ seeding: the first mean uniform among the distinct rows, each next one ∝ D². */
  private static double[][] kMeansPlusPlus(java.util.List<double[]> distinct, int k, Rng rng) {
    double[][] mus = new double[k][];
    for (int c = 0; c < k; c++) {
      mus[c] = kMeansPlusPlusNext(distinct, mus, c, rng);
    }
    return mus;
  }

  /** A distinct row drawn with probability ∝ its squared distance to the nearest other mean. */
  private static double[] kMeansPlusPlusNext(java.util.List<double[]> distinct, double[][] mus, int skip,
      Rng rng) {
    double[] d2 = new double[distinct.size()];
    double tot = 0;
    for (int i = 0; i < d2.length; i++) {
      double m = Double.POSITIVE_INFINITY;
      for (int c = 0; c < mus.length; c++) {
        if (c == skip || mus[c] == null) {
          continue;
        }
        double s = 0;
        for (int j = 0; j < mus[c].length; j++) {
          double e = distinct.get(i)[j] - mus[c][j];
          s += e * e;
        }
        m = Math.min(m, s);
      }
      d2[i] = m == Double.POSITIVE_INFINITY ? 1.0 : m;
      tot += d2[i];
    }
    if (!(tot > 0)) {
      return distinct.get(rng.nextInt(distinct.size())).clone();
    }
    double u = rng.uniform() * tot;
    for (int i = 0; i < d2.length; i++) {
      u -= d2[i];
      if (u < 0 && d2[i] > 0) {
        return distinct.get(i).clone();
      }
    }
    for (int i = d2.length - 1; i >= 0; i--) {
      if (d2[i] > 0) {
        return distinct.get(i).clone();
      }
    }
    return distinct.get(0).clone();
  }

  private static double trace(double[][] a) {
    double t = 0;
    for (int i = 0; i < a.length; i++) {
      t += a[i][i];
    }
    return t;
  }

  private static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
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

  /**
   * The weighted mean and covariance, plus a ridge of 1e-6·tr(Σ)/d·I, at least {@code floor} (and
   * 1e-6 if both are 0, as for identical rows).
   */
  private static void weighted(double[][] x, double[] w, double[] mu, double[][] cov, double floor) {
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
    double ridge = Math.max(RIDGE * trace(cov) / d, floor);
    if (!(ridge > 0)) {
      ridge = RIDGE;
    }
    for (int a = 0; a < d; a++) {
      cov[a][a] += ridge;
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
