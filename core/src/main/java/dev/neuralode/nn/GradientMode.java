package dev.neuralode.nn;

import java.util.Locale;

/**
 * How a solve is differentiated ({@link NeuralOde}, {@link GradientSolve}). docs/gradients.md
 * compares their memory, speed and stability.
 */
public enum GradientMode {
  /**
   * Backpropagation through the solver's steps: the exact gradient of the discretised solve and
   * the fastest backward pass; memory grows linearly with the steps (the whole recorded graph).
   * The only mode whose gradients can be differentiated again ({@code createGraph}).
   */
  DIRECT,
  /**
   * Backpropagation through the solver with checkpointing ({@link
   * dev.neuralode.adjoint.CheckpointedDirect}; Griewank &amp; Walther 2000): the same gradient as
   * {@link #DIRECT} with O(√steps) stored states, for one extra forward solve.
   */
  DIRECT_CHECKPOINTED,
  /**
   * The backsolve adjoint (Chen et al. 2018; {@link dev.neuralode.adjoint.Adjoint}): z is solved
   * backwards with the adjoint; memory independent of the steps; gradients of the continuous
   * problem, accurate to the backward tolerance; can be unstable when f is not time-reversible.
   */
  BACKSOLVE_ADJOINT,
  /**
   * The interpolating adjoint (SciMLSensitivity's default; {@link
   * dev.neuralode.adjoint.InterpolatingAdjoint}): z(t) is read from the forward dense solution, so
   * the backward solve is stable; memory is the dense solution (no autograd graph).
   */
  INTERPOLATING_ADJOINT;

  /** The historical name of {@link #BACKSOLVE_ADJOINT}. */
  public static final GradientMode ADJOINT = BACKSOLVE_ADJOINT;

  /**
   * Parses a mode, case-insensitively, with {@code -} and {@code _} interchangeable: the constant
   * names, or {@code direct}, {@code checkpointed}, {@code backsolve}, {@code adjoint} (=
   * backsolve) and {@code interpolating}.
   *
   * @param s the text
   * @return the mode
   * @throws IllegalArgumentException if the text names no mode
   */
  public static GradientMode parse(String s) {
    String k = s == null ? "" : s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    switch (k) {
      case "CHECKPOINTED":
        return DIRECT_CHECKPOINTED;
      case "ADJOINT":
      case "BACKSOLVE":
        return BACKSOLVE_ADJOINT;
      case "INTERPOLATING":
        return INTERPOLATING_ADJOINT;
      default:
        break;
    }
    for (GradientMode m : values()) {
      if (m.name().equals(k)) {
        return m;
      }
    }
    throw new IllegalArgumentException("gradient mode must be one of direct, checkpointed, backsolve"
        + " (or adjoint), interpolating; got '" + s + "'");
  }
}
