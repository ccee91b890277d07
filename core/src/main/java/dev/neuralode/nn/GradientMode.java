package dev.neuralode.nn;

/** How a {@link NeuralOde} is differentiated. */
public enum GradientMode {
  /** Backpropagation through the solver's steps: exact gradients of the discretised solve; memory grows with the steps. */
  DIRECT,
  /**
   * The adjoint sensitivity method (Chen et al. 2018): constant memory in the number of steps;
   * gradients of the continuous problem, accurate to the backward solve's tolerance.
   */
  ADJOINT;

  /**
   * Parses {@code direct} or {@code adjoint}, case-insensitively.
   *
   * @param s the text
   * @return the mode
   * @throws IllegalArgumentException if the text names no mode
   */
  public static GradientMode parse(String s) {
    for (GradientMode m : values()) {
      if (m.name().equalsIgnoreCase(s.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException("gradient mode must be 'direct' or 'adjoint'; got '" + s + "'");
  }
}
