package dev.neuralode.latent;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import dev.neuralode.nn.Module;
import dev.neuralode.nn.NeuralOde;
import dev.neuralode.ode.Solver;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.sensitivity.SensitivityResult;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;

/**
 * A latent ODE (Chen et al. 2018, §5; Rubanova, Chen &amp; Duvenaud 2019): an {@link OdeRnnEncoder}
 * gives q(z₀ | x) = N(μ, diag σ²), z₀ = μ + σ ⊙ ε with ε ~ N(0, I) from a seeded {@link Rng} (the
 * reparameterisation trick), z(t) solves dz/dt = f(z) from t₀, and an MLP decoder maps each z(tᵢ) to
 * the mean of x(tᵢ). Trained by maximising the {@link Elbo}.
 *
 * <p>Parameters: {@code encoder}, {@code dynamics} (the latent Neural ODE), {@code decoder}.
 */
public final class LatentOde extends Module {
  private final OdeRnnEncoder encoder;
  private final NeuralOde dynamics;
  private final Mlp decoder;

  /**
   * Sizes of a latent ODE.
   *
   * @param obsDim D, observed components
   * @param latentDim L
   * @param encoderHidden H, the ODE-RNN's hidden size
   * @param encoderOdeHidden hidden widths of the encoder's dynamics MLP
   * @param dynamicsHidden hidden widths of the latent dynamics MLP (ELU)
   * @param decoderHidden hidden widths of the decoder MLP (ReLU)
   * @serial exclude
   */
  public record Sizes(int obsDim, int latentDim, int encoderHidden, int[] encoderOdeHidden, int[] dynamicsHidden,
      int[] decoderHidden) implements java.io.Serializable {}

  /**
   * What a forward pass computed.
   *
   * @param posterior q(z₀ | x)
   * @param z0 the latent initial states used, {@code [batch, L]}
   * @param mean the decoded means at the query times, {@code [T, batch, D]}
   * @param nfe the forward function evaluations of the encoder and the latent solve
   */
  public record Output(OdeRnnEncoder.Posterior posterior, Tensor z0, Tensor mean, long nfe) {}

  /**
   * A latent ODE built from sizes; every part drawn from one Rng in the order encoder, dynamics,
   * decoder.
   *
   * @param sizes the sizes
   * @param encoderSolver the solver between grid times in the encoder
   * @param latentSolver the solver of the latent ODE
   * @param sensitivity how both are differentiated
   * @param rng the initialisation
   * @throws IllegalArgumentException if a size is below 1 or an argument is null
   */
  public LatentOde(Sizes sizes, Solver encoderSolver, Solver latentSolver, Sensitivity sensitivity, Rng rng) {
    if (sizes == null) {
      throw new IllegalArgumentException("sizes is null");
    }
    this.encoder = register("encoder", new OdeRnnEncoder(sizes.obsDim(), sizes.encoderHidden(),
        sizes.encoderOdeHidden(), sizes.latentDim(), encoderSolver, sensitivity, rng));
    this.dynamics = register("dynamics", new NeuralOde(new Mlp(sizes.latentDim(), sizes.dynamicsHidden(),
        sizes.latentDim(), Activation.ELU, false, rng), latentSolver, sensitivity));
    this.decoder = register("decoder", new Mlp(sizes.latentDim(), sizes.decoderHidden(), sizes.obsDim(),
        Activation.RELU, false, rng));
  }

  /**
   * Encodes, samples z₀ (or takes the mean if {@code rng} is null), solves and decodes.
   *
   * @param batch the observed series
   * @param queryTimes the times to decode at, strictly increasing, starting at the batch's t₀
   * @param rng the source of ε, or null to use z₀ = μ (for prediction)
   * @return the posterior, z₀ and the decoded means
   * @throws IllegalArgumentException if the query times do not start at t₀ or are not increasing
   */
  public Output forward(IrregularBatch batch, double[] queryTimes, Rng rng) {
    OdeRnnEncoder.Posterior q = encoder.encode(batch);
    Tensor z0 = rng == null ? q.mean() : sample(q, rng);
    if (queryTimes == null || queryTimes.length < 1 || queryTimes[0] != batch.times()[0]) {
      throw new IllegalArgumentException("queryTimes must start at the batch's first time "
          + batch.times()[0] + "; got " + (queryTimes == null || queryTimes.length == 0 ? "none" : queryTimes[0]));
    }
    Decoded d = decode(z0, queryTimes);
    return new Output(q, z0, d.mean(), q.nfe() + d.nfe());
  }

  /**
   * z₀ = μ + exp(½ log σ²) ⊙ ε, ε ~ N(0, I) drawn from rng.
   *
   * @param q the posterior
   * @param rng the noise source; advanced by batch·L normals
   * @return the sample {@code [batch, L]}, differentiable in μ and log σ²
   */
  public static Tensor sample(OdeRnnEncoder.Posterior q, Rng rng) {
    Tensor eps = rng.normal(q.mean().shape());
    return q.mean().add(q.logVar().mul(0.5).exp().mul(eps));
  }

  /**
   * The decoded trajectory from z₀.
   *
   * @param mean {@code [T, batch, D]}
   * @param nfe the latent solve's forward NFE
   */
  public record Decoded(Tensor mean, long nfe) {}

  /**
   * Solves the latent ODE from z₀ at times[0] and decodes every state.
   *
   * @param z0 {@code [batch, L]}
   * @param times strictly increasing times, the first being z₀'s
   * @return the decoded means {@code [T, batch, D]}
   */
  public Decoded decode(Tensor z0, double[] times) {
    if (times.length == 1) {
      return new Decoded(decoder.forward(z0).reshape(1, z0.dim(0), encoder.obsDim()), 0);
    }
    SensitivityResult r = dynamics.solve(z0, Tensor.vector(times));
    return new Decoded(decoder.forward(r.ys()), r.forward().nfe());
  }

  /**
   * The encoder.
   *
   * @return q(z₀ | x)
   */
  public OdeRnnEncoder encoder() {
    return encoder;
  }

  /**
   * The latent dynamics.
   *
   * @return the Neural ODE on ℝᴸ
   */
  public NeuralOde dynamics() {
    return dynamics;
  }

  /**
   * The decoder.
   *
   * @return the MLP ℝᴸ → ℝᴰ
   */
  public Mlp decoder() {
    return decoder;
  }
}
