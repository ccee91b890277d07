package dev.neuralode.latent;

import dev.neuralode.tensor.Tensor;
import java.util.Arrays;

/**
 * The evidence lower bound of a latent ODE (Kingma &amp; Welling 2014; Chen et al. 2018, §5):
 * ELBO = E_q[log p(x | z₀)] − KL(q(z₀ | x) ‖ N(0, I)), estimated with one sample of z₀, with a
 * Gaussian observation model x(tᵢ) ~ N(x̂(tᵢ), σ²) over the observed entries only.
 */
public final class Elbo {
  private Elbo() {}

  /**
   * log p(x | x̂) of each series: Σ over observed entries of −½((x − x̂)/σ)² − log σ − ½ log 2π.
   * Masked entries contribute exactly 0 (the batch has zeroed them, the mask multiplies them out).
   *
   * @param predicted x̂, {@code [T, batch, D]}
   * @param batch the observations and mask, same shape
   * @param noiseStd σ &gt; 0
   * @return {@code [batch]}
   * @throws IllegalArgumentException if the shapes differ or σ is not positive
   */
  public static Tensor logLikelihood(Tensor predicted, IrregularBatch batch, double noiseStd) {
    if (predicted == null || batch == null || !Arrays.equals(predicted.shape(), batch.values().shape())) {
      throw new IllegalArgumentException("predicted must have the batch's shape "
          + (batch == null ? "null" : Arrays.toString(batch.values().shape())) + "; got "
          + (predicted == null ? "null" : Arrays.toString(predicted.shape())));
    }
    if (!(noiseStd > 0) || !Double.isFinite(noiseStd)) {
      throw new IllegalArgumentException("noiseStd must be finite and > 0; got " + noiseStd);
    }
    double c = -Math.log(noiseStd) - 0.5 * Math.log(2 * Math.PI);
    Tensor r = predicted.sub(batch.values()).mul(1.0 / noiseStd);
    Tensor perEntry = r.square().mul(-0.5).add(c).mul(batch.mask());
    return perEntry.sum(2, false).sum(0, false);
  }

  /**
   * KL(N(μ, diag σ²) ‖ N(0, I)) in closed form: ½ Σⱼ (μⱼ² + σⱼ² − log σⱼ² − 1).
   *
   * @param mean μ {@code [batch, L]}
   * @param logVar log σ² {@code [batch, L]}
   * @return {@code [batch]}
   */
  public static Tensor klToStandardNormal(Tensor mean, Tensor logVar) {
    return mean.square().add(logVar.exp()).sub(logVar).sub(1.0).sum(1, false).mul(0.5);
  }

  /**
   * The negative ELBO averaged over the batch, the loss to minimise: mean(−log p(x | z₀) + β·KL).
   *
   * @param out a latent ODE's forward pass at the batch's grid times
   * @param batch the observations
   * @param noiseStd σ of the observation model
   * @param klWeight β ≥ 0 (1 for the ELBO; smaller while warming up)
   * @return the scalar loss
   * @throws IllegalArgumentException as {@link #logLikelihood} does, or if β is negative
   */
  public static Tensor loss(LatentOde.Output out, IrregularBatch batch, double noiseStd, double klWeight) {
    if (!(klWeight >= 0) || !Double.isFinite(klWeight)) {
      throw new IllegalArgumentException("klWeight must be finite and >= 0; got " + klWeight);
    }
    Tensor logpx = logLikelihood(out.mean(), batch, noiseStd);
    Tensor kl = klToStandardNormal(out.posterior().mean(), out.posterior().logVar());
    return logpx.neg().add(kl.mul(klWeight)).mean();
  }

  /**
   * The mean squared error over observed entries only.
   *
   * @param predicted x̂ {@code [T, batch, D]}
   * @param batch the observations
   * @return Σ m (x̂ − x)² / Σ m (NaN if nothing is observed)
   */
  public static double maskedMse(Tensor predicted, IrregularBatch batch) {
    double[] p = predicted.toArray();
    double[] v = batch.values().toArray();
    double[] m = batch.mask().toArray();
    double s = 0;
    double n = 0;
    for (int i = 0; i < p.length; i++) {
      if (m[i] != 0.0) {
        double e = p[i] - v[i];
        s += e * e;
        n += 1;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }
}
