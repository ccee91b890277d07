package dev.neuralode.model;

import dev.neuralode.flow.CnfNetwork;
import dev.neuralode.nn.Activation;
import dev.neuralode.tensor.Rng;
import java.util.Arrays;

/**
 * The architecture of a {@link CnfNetwork} (FFJORD's concat-squash layers), as its constructor
 * takes it: the dynamics network of a {@link CnfModel}.
 *
 * @param dim the state dimension d, at least 1
 * @param hidden the hidden widths, each between 1 and 100000 (may be empty); copied
 * @param activation the activation between layers
 * @serial exclude
 */
public record CnfNetworkSpec(int dim, int[] hidden, Activation activation)
    implements java.io.Serializable {

  /**
   * Checks the architecture.
   *
   * @param dim the state dimension d, at least 1
   * @param hidden the hidden widths, each between 1 and 100000 (may be empty); copied
   * @param activation the activation between layers
   * @throws InvalidModelException naming {@code dim}, {@code hidden} or {@code activation}
   */
  public CnfNetworkSpec {
    if (dim < 1) {
      throw new InvalidModelException("dim", "is " + dim + " but must be at least 1", Checks.FIX);
    }
    hidden = Checks.widths("hidden", hidden);
    Checks.present("activation", activation);
  }

  /**
   * Describes an existing network.
   *
   * @param net the network; not modified
   * @return its architecture
   * @throws IllegalArgumentException if {@code net} is null
   */
  public static CnfNetworkSpec of(CnfNetwork net) {
    if (net == null) {
      throw new IllegalArgumentException("net is null; pass the flow's dynamics network");
    }
    return new CnfNetworkSpec(net.dim(), net.hidden(), net.activation());
  }

  /**
   * The hidden widths.
   *
   * @return a copy
   */
  @Override
  public int[] hidden() {
    return hidden.clone();
  }

  /**
   * The names and shapes of the network's parameters.
   *
   * @return the layout of {@link CnfNetwork}'s parameters
   */
  public ParameterLayout layout() {
    return ParameterLayout.of(newNetwork());
  }

  /**
   * Builds the network with the given parameters.
   *
   * @param flat the parameters in {@link dev.neuralode.nn.Module#flatParameters()} order, of
   *     length {@code layout().size()}; not modified
   * @return a new network whose parameters equal {@code flat} bit for bit
   * @throws IllegalArgumentException if {@code flat} has the wrong length
   */
  public CnfNetwork build(double[] flat) {
    CnfNetwork net = newNetwork();
    net.loadFlatParameters(flat);
    return net;
  }

  private CnfNetwork newNetwork() {
    return new CnfNetwork(dim, hidden, activation, new Rng(0));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CnfNetworkSpec c && dim == c.dim && Arrays.equals(hidden, c.hidden)
        && activation == c.activation;
  }

  @Override
  public int hashCode() {
    return (dim * 31 + Arrays.hashCode(hidden)) * 31 + activation.hashCode();
  }

  @Override
  public String toString() {
    return "CnfNetworkSpec[dim=" + dim + ", hidden=" + Arrays.toString(hidden) + ", activation="
        + activation + "]";
  }
}
