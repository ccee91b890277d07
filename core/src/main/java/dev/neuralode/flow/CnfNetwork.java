package dev.neuralode.flow;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.ConcatSquashLinear;
import dev.neuralode.nn.Module;
import dev.neuralode.ode.OdeFunction;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The dynamics network f(t, z) of a CNF: a stack of {@link ConcatSquashLinear} layers of widths
 * d → h₁ → … → h_k → d with an activation after every layer but the last, as FFJORD's
 * {@code ODEnet} with {@code layer_type=concatsquash}.
 *
 * <p>Parameter names: {@code layers.i.weight} etc., i = 0..k.
 */
public final class CnfNetwork extends Module implements OdeFunction {
  private static final int[] DEFAULT_HIDDEN = {64, 64, 64};

  /**
   * FFJORD's hidden widths for its 2-D toy experiments, {64, 64, 64}.
   *
   * @return a new array (a copy: changing it changes no default)
   */
  public static int[] defaultHidden() {
    return DEFAULT_HIDDEN.clone();
  }

  private final int dim;
  private final int[] hidden;
  private final Activation activation;
  private final List<ConcatSquashLinear> layers = new ArrayList<>();

  /**
   * Builds a randomly initialised network.
   *
   * @param dim the state dimension d, at least 1
   * @param hidden the hidden widths, each at least 1 (may be empty: one layer d → d)
   * @param activation the activation; FFJORD uses tanh or softplus
   * @param rng source of the initial weights; advanced
   * @throws IllegalArgumentException if a width is below 1 or an argument is null
   */
  public CnfNetwork(int dim, int[] hidden, Activation activation, Rng rng) {
    if (dim < 1 || hidden == null || activation == null || rng == null) {
      throw new IllegalArgumentException("dim must be >= 1 and hidden, activation and rng non-null; got dim="
          + dim + ", hidden=" + Arrays.toString(hidden) + ", activation=" + activation);
    }
    this.dim = dim;
    this.hidden = hidden.clone();
    this.activation = activation;
    int prev = dim;
    for (int i = 0; i <= hidden.length; i++) {
      int next = i < hidden.length ? hidden[i] : dim;
      if (next < 1) {
        throw new IllegalArgumentException("hidden widths must be >= 1; got " + Arrays.toString(hidden));
      }
      layers.add(register("layers." + i, new ConcatSquashLinear(prev, next, rng)));
      prev = next;
    }
  }

  /**
   * Evaluates f(t, z).
   *
   * @param t the time, a one-element tensor; not modified
   * @param z the state, shape {@code [batch, d]}; not modified
   * @return dz/dt, shape {@code [batch, d]}
   */
  /**
   * {@inheritDoc}
   *
   * @return true: the concat-squash layers are a fixed sequence of tensor operations of (t, z) and the
   *     parameters
   */
  @Override
  public boolean traceable() {
    return true;
  }

  @Override
  public Tensor apply(Tensor t, Tensor z) {
    Tensor h = z;
    for (int i = 0; i < layers.size(); i++) {
      h = layers.get(i).forward(t, h);
      if (i < layers.size() - 1) {
        h = activation.apply(h);
      }
    }
    return h;
  }

  /**
   * The state dimension.
   *
   * @return d
   */
  public int dim() {
    return dim;
  }

  /**
   * The hidden widths.
   *
   * @return a copy
   */
  public int[] hidden() {
    return hidden.clone();
  }

  /**
   * The activation.
   *
   * @return the activation between layers
   */
  public Activation activation() {
    return activation;
  }
}
