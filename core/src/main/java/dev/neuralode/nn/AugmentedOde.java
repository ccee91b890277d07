package dev.neuralode.nn;

import dev.neuralode.sensitivity.SensitivityResult;
import dev.neuralode.tensor.Tensor;
import java.util.Arrays;

/**
 * An augmented Neural ODE (Dupont, Doucet &amp; Teh, "Augmented Neural ODEs", NeurIPS 2019): the
 * data x ∈ ℝᵈ is lifted to [x, a] ∈ ℝᵈ⁺ᴷ, evolved by a {@link NeuralOde} on ℝᵈ⁺ᴷ, and read out as the
 * first d components. The extra components a are zeros (the paper's ANODE) or, if the wrapper has a
 * lift, a learned linear map a = x Lᵀ + c of the input.
 *
 * <p>A plain Neural ODE is a homeomorphism of ℝᵈ and cannot, for example, pull nested annuli apart;
 * the K extra dimensions give the flow room to do so, and usually with fewer function evaluations.
 * With K = 0 the wrapper is the plain Neural ODE.
 *
 * <p>Gradients flow through the inner Neural ODE's {@link dev.neuralode.sensitivity.Sensitivity},
 * whichever it is: the lifted initial state is an ordinary differentiable input of the solve, and the
 * lift's parameters receive their gradients through it. Parameters: the ODE's under {@code "ode"}, then
 * the lift's under {@code "lift"} (if any).
 */
public final class AugmentedOde extends Module {
  private final NeuralOde ode;
  private final int dataDim;
  private final int augmentDim;
  private final Linear lift;

  /**
   * An augmented Neural ODE that pads with K zeros.
   *
   * @param ode the Neural ODE on ℝᵈ⁺ᴷ: its dynamics take and return {@code [batch, d + K]}
   * @param dataDim d ≥ 1
   * @param augmentDim K ≥ 0 (0 for a plain Neural ODE)
   * @throws IllegalArgumentException if ode is null or d &lt; 1 or K &lt; 0
   */
  public AugmentedOde(NeuralOde ode, int dataDim, int augmentDim) {
    this(ode, dataDim, augmentDim, null);
  }

  /**
   * An augmented Neural ODE whose extra components are a learned linear map of the input.
   *
   * @param ode the Neural ODE on ℝᵈ⁺ᴷ
   * @param dataDim d ≥ 1
   * @param augmentDim K ≥ 0
   * @param lift the map ℝᵈ → ℝᴷ ({@code Linear(d, K)}), or null for zero padding
   * @throws IllegalArgumentException if ode is null, d &lt; 1, K &lt; 0, or the lift's shape is not d → K
   */
  public AugmentedOde(NeuralOde ode, int dataDim, int augmentDim, Linear lift) {
    if (ode == null) {
      throw new IllegalArgumentException("ode is null; pass a NeuralOde whose dynamics act on d + K components");
    }
    if (dataDim < 1 || augmentDim < 0) {
      throw new IllegalArgumentException("need dataDim >= 1 and augmentDim >= 0; got dataDim=" + dataDim
          + ", augmentDim=" + augmentDim);
    }
    if (lift != null && (lift.inFeatures() != dataDim || lift.outFeatures() != augmentDim)) {
      throw new IllegalArgumentException("lift maps " + lift.inFeatures() + " -> " + lift.outFeatures()
          + " but the wrapper needs " + dataDim + " -> " + augmentDim + "; pass new Linear(" + dataDim + ", "
          + augmentDim + ", true, rng) or null for zero padding");
    }
    this.ode = register("ode", ode);
    this.dataDim = dataDim;
    this.augmentDim = augmentDim;
    this.lift = lift == null ? null : register("lift", lift);
  }

  /**
   * The lifted initial state [x, a].
   *
   * @param x the data {@code [batch, d]}; not modified
   * @return {@code [batch, d + K]}: x followed by K zeros or by the lift of x
   * @throws IllegalArgumentException if x is not {@code [batch, d]}
   */
  public Tensor augment(Tensor x) {
    if (x == null || x.rank() != 2 || x.dim(1) != dataDim) {
      throw new IllegalArgumentException("x has shape " + (x == null ? "null" : Arrays.toString(x.shape()))
          + " but the augmented ODE expects [batch, " + dataDim + "]");
    }
    if (augmentDim == 0) {
      return x;
    }
    return lift == null ? x.pad(1, 0, augmentDim) : Tensor.concat(1, x, lift.forward(x));
  }

  /**
   * Solves from the lifted state, returning the full augmented states and the solve's statistics.
   *
   * @param x the data {@code [batch, d]}; may require a gradient
   * @param t output times {@code [T]}, strictly monotone
   * @return states {@code [T, batch, d + K]} and statistics
   * @throws IllegalArgumentException if x is not {@code [batch, d]} or as {@link NeuralOde#solve} does
   */
  public SensitivityResult solveAugmented(Tensor x, Tensor t) {
    return ode.solve(augment(x), t);
  }

  /**
   * The first d components of the states: the augmented ODE as a map of ℝᵈ.
   *
   * @param x the data {@code [batch, d]}
   * @param t output times, strictly monotone
   * @return {@code [T, batch, d]}
   * @throws IllegalArgumentException as {@link #solveAugmented} does
   */
  public Tensor forward(Tensor x, double[] t) {
    return readOut(solveAugmented(x, Tensor.vector(t)).ys());
  }

  /**
   * The first d components of augmented states.
   *
   * @param z states whose last extent is d + K, e.g. {@code [T, batch, d + K]}
   * @return the same shape with last extent d
   * @throws IllegalArgumentException if the last extent is not d + K
   */
  public Tensor readOut(Tensor z) {
    if (z == null || z.rank() == 0 || z.dim(-1) != dataDim + augmentDim) {
      throw new IllegalArgumentException("z has shape " + (z == null ? "null" : Arrays.toString(z.shape()))
          + " but augmented states have last extent " + (dataDim + augmentDim));
    }
    return augmentDim == 0 ? z : z.slice(-1, 0, dataDim);
  }

  /**
   * The inner Neural ODE.
   *
   * @return the ODE on ℝᵈ⁺ᴷ
   */
  public NeuralOde ode() {
    return ode;
  }

  /**
   * The data dimension.
   *
   * @return d
   */
  public int dataDim() {
    return dataDim;
  }

  /**
   * The number of extra dimensions.
   *
   * @return K
   */
  public int augmentDim() {
    return augmentDim;
  }

  /**
   * The dimension the ODE acts on.
   *
   * @return d + K
   */
  public int stateDim() {
    return dataDim + augmentDim;
  }
}
