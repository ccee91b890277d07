package dev.neuralode.model;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import dev.neuralode.tensor.Rng;
import java.util.Arrays;

/**
 * The architecture of an {@link Mlp}, as its constructor takes it: the dynamics network of an
 * {@link OdeMlpModel}.
 *
 * @param in the input width (the state dimension d), at least 1
 * @param hidden the hidden widths, each between 1 and 100000 (may be empty); copied
 * @param out the output width, at least 1 (d for an ODE right-hand side)
 * @param activation the activation after each hidden layer
 * @param timeDependent whether the first layer also takes the time
 * @serial exclude
 */
public record MlpSpec(int in, int[] hidden, int out, Activation activation,
    boolean timeDependent) implements java.io.Serializable {

  /**
   * Checks the architecture.
   *
   * @param in the input width (the state dimension d), at least 1
   * @param hidden the hidden widths, each between 1 and 100000 (may be empty); copied
   * @param out the output width, at least 1 (d for an ODE right-hand side)
   * @param activation the activation after each hidden layer
   * @param timeDependent whether the first layer also takes the time
   * @throws InvalidModelException naming {@code in}, {@code out}, {@code hidden} or {@code
   *     activation}
   */
  public MlpSpec {
    if (in < 1) {
      throw new InvalidModelException("in", "is " + in + " but must be at least 1", Checks.FIX);
    }
    if (out < 1) {
      throw new InvalidModelException("out", "is " + out + " but must be at least 1", Checks.FIX);
    }
    hidden = Checks.widths("hidden", hidden);
    Checks.present("activation", activation);
  }

  /**
   * Describes an existing network.
   *
   * @param mlp the network; not modified
   * @return its architecture
   * @throws IllegalArgumentException if {@code mlp} is null
   */
  public static MlpSpec of(Mlp mlp) {
    if (mlp == null) {
      throw new IllegalArgumentException("mlp is null; pass the trained network");
    }
    return new MlpSpec(mlp.in(), mlp.hidden(), mlp.out(), mlp.activation(), mlp.timeDependent());
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
   * @return the layout of {@link Mlp}'s {@code layers.i.weight}, {@code layers.i.bias}
   */
  public ParameterLayout layout() {
    return ParameterLayout.of(newMlp());
  }

  /**
   * Builds the network with the given parameters.
   *
   * @param flat the parameters in {@link dev.neuralode.nn.Module#flatParameters()} order, of
   *     length {@code layout().size()}; not modified
   * @return a new network whose parameters equal {@code flat} bit for bit
   * @throws IllegalArgumentException if {@code flat} has the wrong length
   */
  public Mlp build(double[] flat) {
    Mlp mlp = newMlp();
    mlp.loadFlatParameters(flat);
    return mlp;
  }

  private Mlp newMlp() {
    return new Mlp(in, hidden, out, activation, timeDependent, new Rng(0));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MlpSpec m && in == m.in && out == m.out && Arrays.equals(hidden, m.hidden)
        && activation == m.activation && timeDependent == m.timeDependent;
  }

  @Override
  public int hashCode() {
    return ((in * 31 + out) * 31 + Arrays.hashCode(hidden)) * 31 + activation.hashCode()
        + (timeDependent ? 1 : 0);
  }

  @Override
  public String toString() {
    return "MlpSpec[in=" + in + ", hidden=" + Arrays.toString(hidden) + ", out=" + out
        + ", activation=" + activation + ", timeDependent=" + timeDependent + "]";
  }
}
