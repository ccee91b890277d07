package dev.neuralode.model;

import java.util.Arrays;

/**
 * One series of a panel fitted with shared dynamics ({@code neuralode fit --group}): its name, its
 * own first and last data times and its own trained initial state.
 *
 * @param name the value of the group column, non-empty
 * @param t0 the group's first data time, at which {@code initialState} holds
 * @param dataTEnd the group's last data time, {@code > t0}
 * @param initialState the standardised state at {@code t0}, observed then latent components
 * @serial exclude
 */
public record SeriesGroup(String name, double t0, double dataTEnd, double[] initialState)
    implements java.io.Serializable {

  /**
   * Checks the group.
   *
   * @param name the group's name, non-empty
   * @param t0 the group's first data time
   * @param dataTEnd the group's last data time, {@code > t0}
   * @param initialState the standardised state at {@code t0}; copied
   * @throws InvalidModelException naming the field at fault
   */
  public SeriesGroup {
    if (name == null || name.isEmpty()) {
      throw new InvalidModelException("groups.name", "is missing or empty", Checks.FIX);
    }
    Checks.finite("groups.t0", t0);
    Checks.finite("groups.data_t_end", dataTEnd);
    if (!(dataTEnd > t0)) {
      throw new InvalidModelException("groups.data_t_end", "of group '" + name + "' is " + dataTEnd
          + " but must be greater than its t0 = " + t0, "give the group's last time after its first");
    }
    Checks.present("groups.initial_state", initialState);
    initialState = initialState.clone();
  }

  /**
   * The standardised state at {@code t0}.
   *
   * @return a copy
   */
  @Override
  public double[] initialState() {
    return initialState.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeriesGroup g && name.equals(g.name) && Double.compare(t0, g.t0) == 0
        && Double.compare(dataTEnd, g.dataTEnd) == 0 && Arrays.equals(initialState, g.initialState);
  }

  @Override
  public int hashCode() {
    return (name.hashCode() * 31 + Double.hashCode(t0)) * 31 + Arrays.hashCode(initialState);
  }

  @Override
  public String toString() {
    return "SeriesGroup[" + name + ", t0=" + t0 + ", dataTEnd=" + dataTEnd + ", initialState="
        + Arrays.toString(initialState) + "]";
  }
}
