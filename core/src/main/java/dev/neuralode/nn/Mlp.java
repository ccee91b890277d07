package dev.neuralode.nn;

import dev.neuralode.ode.FlatOde;
import dev.neuralode.ode.FlatVjp;
import dev.neuralode.ode.OdeFunction;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A multilayer perceptron, usable as the right-hand side of a neural ODE (Chen et al., "Neural
 * Ordinary Differential Equations", NeurIPS 2018).
 *
 * <p>The network is {@code Linear → act → Linear → act → … → Linear}: one {@link Linear} layer per
 * hidden width plus an output layer, with the activation after every hidden layer and none after the
 * last. The layers are registered as {@code "layers.0"}, {@code "layers.1"}, …, so the parameters are
 * named {@code "layers.0.weight"}, {@code "layers.0.bias"}, …; every layer has a bias and PyTorch's
 * default initialization.
 *
 * <p>A time-dependent MLP computes f(t, y) = MLP([y, t]): its first layer takes {@code in + 1}
 * inputs, t broadcast to {@code [batch, 1]} and concatenated <em>last</em>, as {@code
 * torch.cat((x, t), dim=-1)} in the NNODEF of the "Neural ODEs" tutorial. A time-invariant MLP
 * ignores t: f(t, y) = MLP(y).
 */
public final class Mlp extends Module implements OdeFunction {
  private final int in;
  private final int[] hidden;
  private final int out;
  private final Activation activation;
  private final boolean timeDependent;
  private final List<Linear> layers = new ArrayList<>();

  /**
   * An MLP with PyTorch's default initialization, layers initialized in order from {@code rng}.
   *
   * @param in state (input) features, at least 1
   * @param hidden hidden widths, each at least 1; may be empty for a single linear layer; not modified
   * @param out output features, at least 1 (equal to {@code in} for an ODE right-hand side)
   * @param act the activation after each hidden layer
   * @param timeDependent whether the first layer also takes t, as a last extra input
   * @param rng the random source; advanced by every weight and bias drawn
   * @throws IllegalArgumentException if a width is below 1, or {@code hidden}, {@code act} or
   *     {@code rng} is null
   */
  public Mlp(int in, int[] hidden, int out, Activation act, boolean timeDependent, Rng rng) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException("in and out must be at least 1; got in=" + in + ", out=" + out);
    }
    if (hidden == null) {
      throw new IllegalArgumentException("hidden is null; pass the hidden widths, e.g. new int[] {64, 64}, "
          + "or new int[0] for none");
    }
    for (int i = 0; i < hidden.length; i++) {
      if (hidden[i] < 1) {
        throw new IllegalArgumentException("hidden[" + i + "]=" + hidden[i] + " in " + Arrays.toString(hidden)
            + "; every hidden width must be at least 1");
      }
    }
    if (act == null) {
      throw new IllegalArgumentException("act is null; pass an Activation such as Activation.TANH");
    }
    if (rng == null) {
      throw new IllegalArgumentException("rng is null; pass a seeded Rng such as new Rng(0)");
    }
    this.in = in;
    this.hidden = hidden.clone();
    this.out = out;
    this.activation = act;
    this.timeDependent = timeDependent;
    int width = timeDependent ? in + 1 : in;
    for (int i = 0; i <= hidden.length; i++) {
      int next = i < hidden.length ? hidden[i] : out;
      layers.add(register("layers." + i, new Linear(width, next, true, rng)));
      width = next;
    }
  }

  /**
   * Applies the network to x, for time-invariant use.
   *
   * @param x input of shape {@code [batch, in]} (or {@code [in]}); not modified
   * @return output of shape {@code [batch, out]} (or {@code [out]})
   * @throws IllegalArgumentException if the last extent of {@code x} is not {@code in}
   * @throws IllegalStateException if this MLP is time-dependent (use {@link #apply(Tensor, Tensor)})
   */
  public Tensor forward(Tensor x) {
    if (timeDependent) {
      throw new IllegalStateException("this Mlp is time-dependent; call apply(t, y) so that t is supplied");
    }
    return applyWith(currentValues(), null, x);
  }

  /**
   * Evaluates f(t, y): MLP([y, t]) if time-dependent, otherwise MLP(y).
   *
   * @param t the time, a scalar tensor (shape {@code []}, or any one-element shape); ignored unless
   *     time-dependent; not modified
   * @param y the state, of shape {@code [batch, in]} (or {@code [in]}); not modified
   * @return a tensor of shape {@code [batch, out]} (or {@code [out]})
   * @throws IllegalArgumentException if the last extent of {@code y} is not {@code in}, or a
   *     time-dependent MLP gets a null or non-scalar t
   */
  /**
   * {@inheritDoc}
   *
   * @return true: the layers are a fixed sequence of tensor operations of (t, y) and the parameters
   */
  @Override
  public boolean traceable() {
    return true;
  }

  @Override
  public Tensor apply(Tensor t, Tensor y) {
    return applyWith(currentValues(), t, y);
  }

  /** Current weight and bias of each layer, without walking the module tree (f is evaluated millions of times). */
  /**
   * {@inheritDoc}
   *
   * <p>For the tanh, ELU, ReLU and identity activations and a state {@code [..., in]} when {@code out
   * == in} (dy/dt has y's shape): the whole network as plain loops over copies of its current weights
   * (read here: a solve must not change them), with the same bits as {@link #apply}. None while
   * autograd records and a weight requires a gradient (direct backpropagation must see the
   * operations), nor for the softplus and sigmoid activations.
   *
   * @return the twin, or null
   */
  @Override
  public FlatOde flat(int[] stateShape) {
    if (!fusable(stateShape)) {
      return null;
    }
    List<Tensor> values = currentValues();
    if (Autograd.isRecording()) {
      for (Tensor v : values) {
        if (v.requiresGrad()) {
          return null;
        }
      }
    }
    return kernels(values, 0, false, null);
  }

  /**
   * {@inheritDoc}
   *
   * <p>For the tanh, ELU, ReLU and identity activations, when every tensor in {@code params} is one of
   * this network's current weights or biases (each at most once): the forward pass and the VJP as plain
   * loops over those values (copied here; they must not change during the backward pass), the same
   * bits as autograd on {@link #apply}.
   *
   * @return the evaluator, or null
   */
  @Override
  public FlatVjp flatVjp(List<Tensor> params, int[] stateShape) {
    if (params == null || !fusable(stateShape)) {
      return null;
    }
    List<Tensor> values = currentValues();
    int[] wanted = new int[params.size()];
    boolean[] taken = new boolean[values.size()];
    for (int k = 0; k < wanted.length; k++) {
      int found = -1;
      for (int v = 0; v < values.size() && found < 0; v++) {
        if (values.get(v) == params.get(k) && !taken[v]) {
          found = v;
        }
      }
      if (found < 0) {
        return null;
      }
      taken[found] = true;
      wanted[k] = found;
    }
    long size = 1;
    for (int e : stateShape) {
      size *= e;
    }
    if (size <= 0 || size > Integer.MAX_VALUE) {
      return null;
    }
    return kernels(values, (int) (size / in), stateShape.length == 1, wanted);
  }

  /** Whether MlpKernels reproduce this network on states of this shape ([..., in], dy/dt of y's shape). */
  private boolean fusable(int[] stateShape) {
    return MlpKernels.supports(activation) && out == in && stateShape != null && stateShape.length > 0
        && stateShape[stateShape.length - 1] == in;
  }

  /** The fused kernels over copies of the current values; rows 0: sized at the first evaluation. */
  private MlpKernels kernels(List<Tensor> values, int rows, boolean vector, int[] wanted) {
    int layers = this.layers.size();
    int[] widths = new int[layers + 1];
    widths[0] = timeDependent ? in + 1 : in;
    double[][] w = new double[layers][];
    double[][] b = new double[layers][];
    for (int l = 0; l < layers; l++) {
      widths[l + 1] = l < hidden.length ? hidden[l] : out;
      w[l] = values.get(2 * l).toArray();
      b[l] = values.get(2 * l + 1).toArray();
    }
    return new MlpKernels(activation, timeDependent, in, widths, w, b, rows, vector, wanted);
  }

  private List<Tensor> currentValues() {
    List<Tensor> values = new ArrayList<>(2 * layers.size());
    for (Linear layer : layers) {
      values.add(layer.weight().value());
      values.add(layer.bias().value());
    }
    return values;
  }

  /**
   * The forward pass with explicit parameter tensors, in {@link #parameters()} order (weight and bias
   * of each layer); lets tests check gradients with respect to the parameters.
   */
  Tensor applyWith(List<Tensor> params, Tensor t, Tensor y) {
    if (y == null || y.rank() == 0 || y.dim(-1) != in) {
      throw new IllegalArgumentException("y has shape " + (y == null ? "null" : Arrays.toString(y.shape()))
          + " but the Mlp expects [batch, " + in + "] (or [" + in + "]); make the last extent " + in);
    }
    Tensor h = timeDependent ? appendTime(t, y) : y;
    for (int i = 0; i < layers.size(); i++) {
      h = Linear.affine(h, params.get(2 * i), params.get(2 * i + 1));
      if (i < layers.size() - 1) {
        h = activation.apply(h);
      }
    }
    return h;
  }

  /** [y, t]: t broadcast to y's shape with last extent 1, concatenated after y's last axis. */
  private static Tensor appendTime(Tensor t, Tensor y) {
    if (t == null || t.size() != 1) {
      throw new IllegalArgumentException("t must be a scalar tensor (shape []) for a time-dependent Mlp; got "
          + (t == null ? "null" : "shape " + Arrays.toString(t.shape())) + "; pass Tensor.scalar(time)");
    }
    int[] col = y.shape();
    col[col.length - 1] = 1;
    int[] ones = new int[col.length];
    Arrays.fill(ones, 1);
    Tensor tc = t.reshape(ones).expand(col);
    return Tensor.concat(-1, y, tc);
  }

  /**
   * The layers, input first.
   *
   * @return an unmodifiable list of {@code hidden().length + 1} layers
   */
  public List<Linear> layers() {
    return List.copyOf(layers);
  }

  /**
   * The number of state (input) features, not counting t.
   *
   * @return {@code in}
   */
  public int in() {
    return in;
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
   * The number of output features.
   *
   * @return {@code out}
   */
  public int out() {
    return out;
  }

  /**
   * The activation after each hidden layer.
   *
   * @return the activation
   */
  public Activation activation() {
    return activation;
  }

  /**
   * Whether t is fed to the first layer.
   *
   * @return true if time-dependent
   */
  public boolean timeDependent() {
    return timeDependent;
  }

  /**
   * A builder with named settings: {@code Mlp.builder(2, 2).hidden(16, 16).activation(Activation.ELU)
   * .seed(0).build()}. Defaults: no hidden layer, tanh, time-invariant, seed 0.
   *
   * @param in state (input) features, at least 1
   * @param out output features, at least 1 (equal to {@code in} for an ODE right-hand side)
   * @return a new builder
   */
  public static Builder builder(int in, int out) {
    return new Builder(in, out);
  }

  /** Named settings for an {@link Mlp}; each setter returns this builder. Not thread-safe. */
  public static final class Builder {
    private final int in;
    private final int out;
    private int[] hidden = new int[0];
    private Activation activation = Activation.TANH;
    private boolean timeDependent;
    private Rng rng;
    private long seed;

    private Builder(int in, int out) {
      this.in = in;
      this.out = out;
    }

    /**
     * Sets the hidden widths (default none: a single linear layer).
     *
     * @param widths each at least 1; copied, checked by {@link #build()}
     * @return this builder
     */
    public Builder hidden(int... widths) {
      this.hidden = widths == null ? null : widths.clone();
      return this;
    }

    /**
     * Sets the activation after each hidden layer (default tanh).
     *
     * @param activation the activation; checked by {@link #build()}
     * @return this builder
     */
    public Builder activation(Activation activation) {
      this.activation = activation;
      return this;
    }

    /**
     * Makes the first layer also take t, as a last extra input (default false).
     *
     * @param timeDependent whether f depends on t
     * @return this builder
     */
    public Builder timeDependent(boolean timeDependent) {
      this.timeDependent = timeDependent;
      return this;
    }

    /**
     * Initializes the weights from {@code new Rng(seed)} (default seed 0); replaces an {@link
     * #rng(Rng)} given earlier.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      this.rng = null;
      return this;
    }

    /**
     * Initializes the weights from a shared random source, which {@link #build()} advances.
     *
     * @param rng the source; checked by {@link #build()}
     * @return this builder
     */
    public Builder rng(Rng rng) {
      this.rng = rng;
      return this;
    }

    /**
     * A new MLP, as {@link Mlp#Mlp(int, int[], int, Activation, boolean, Rng)} with these settings.
     *
     * @return the network
     * @throws IllegalArgumentException naming a setting that is invalid
     */
    public Mlp build() {
      return new Mlp(in, hidden, out, activation, timeDependent, rng != null ? rng : new Rng(seed));
    }
  }
}
