package dev.neuralode.nn;

import dev.neuralode.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Elementwise activation functions, each differentiable to any order through {@link Tensor}'s
 * recorded operations.
 */
public enum Activation {
  /** a(x) = x. */
  IDENTITY,
  /** a(x) = tanh x. */
  TANH,
  /**
   * a(x) = x for x &gt; 0, eˣ − 1 otherwise: the exponential linear unit with α = 1 (Clevert,
   * Unterthiner &amp; Hochreiter, "Fast and Accurate Deep Network Learning by Exponential Linear Units
   * (ELUs)", ICLR 2016), as PyTorch's {@code nn.ELU()}.
   */
  ELU,
  /** a(x) = max(x, 0), with derivative 0 taken at 0. */
  RELU,
  /** a(x) = log(1 + eˣ), computed stably; as PyTorch's {@code nn.Softplus()} with β = 1. */
  SOFTPLUS,
  /** a(x) = 1 / (1 + e⁻ˣ). */
  SIGMOID;

  /**
   * Applies the activation elementwise.
   *
   * @param x the input, of any shape; not modified
   * @return a new tensor of {@code x}'s shape ({@code x} itself for {@link #IDENTITY})
   */
  public Tensor apply(Tensor x) {
    switch (this) {
      case IDENTITY:
        return x;
      case TANH:
        return x.tanh();
      case ELU:
        return x.elu();
      case RELU:
        return x.relu();
      case SOFTPLUS:
        return x.softplus();
      case SIGMOID:
        return x.sigmoid();
      default:
        throw new AssertionError(this);
    }
  }

  /**
   * Parses a name such as {@code "tanh"} or {@code "ELU"}, ignoring case and surrounding blanks.
   *
   * @param s the name
   * @return the activation
   * @throws IllegalArgumentException if {@code s} is null or names no activation; the message lists
   *     the choices
   */
  public static Activation parse(String s) {
    if (s != null) {
      String key = s.trim().toUpperCase(Locale.ROOT);
      for (Activation a : values()) {
        if (a.name().equals(key)) {
          return a;
        }
      }
    }
    throw new IllegalArgumentException("unknown activation " + (s == null ? "null" : "'" + s + "'")
        + "; choose one of " + Arrays.toString(values()).toLowerCase(Locale.ROOT));
  }
}
