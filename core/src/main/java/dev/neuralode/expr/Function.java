package dev.neuralode.expr;

import dev.neuralode.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The functions an expression may call, each evaluated with {@link Tensor} operations so that
 * autograd records it.
 *
 * <p>All act elementwise and broadcast their arguments as {@link Tensor#add(Tensor)} does. Names
 * are lower case and case-sensitive.
 */
public enum Function {
  /** sin(x). */
  SIN(1),
  /** cos(x). */
  COS(1),
  /** tan(x) = sin(x) / cos(x). */
  TAN(1),
  /** exp(x). */
  EXP(1),
  /** The natural logarithm log(x); NaN for x &lt; 0. */
  LOG(1),
  /** sqrt(x); NaN for x &lt; 0. */
  SQRT(1),
  /** tanh(x). */
  TANH(1),
  /** |x|. */
  ABS(1),
  /** The logistic function 1 / (1 + exp(−x)). */
  SIGMOID(1),
  /** The smaller of two values, min(a, b) = −max(−a, −b). */
  MIN(2),
  /** The larger of two values. */
  MAX(2),
  /** pow(a, b) = a ^ b, see {@link Expr.Binary}. */
  POW(2);

  private final int arity;

  Function(int arity) {
    this.arity = arity;
  }

  /**
   * Returns how many arguments the function takes.
   *
   * @return 1 or 2
   */
  public int arity() {
    return arity;
  }

  /**
   * Returns the name used in expressions.
   *
   * @return the lower-case name, e.g. {@code "sigmoid"}
   */
  public String symbol() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Finds a function by its name in expressions.
   *
   * @param name e.g. {@code "sin"}
   * @return the function, or empty if there is none of that name
   */
  public static Optional<Function> bySymbol(String name) {
    return Arrays.stream(values()).filter(f -> f.symbol().equals(name)).findFirst();
  }

  /**
   * Returns the names of every function, for messages.
   *
   * @return e.g. {@code ["sin", "cos", …]}
   */
  public static List<String> symbols() {
    return Arrays.stream(values()).map(Function::symbol).toList();
  }

  /**
   * Applies the function.
   *
   * @param args the evaluated arguments, {@link #arity()} of them, not modified
   * @return a new tensor of the broadcast shape of the arguments
   */
  Tensor apply(Tensor[] args) {
    Tensor x = args[0];
    return switch (this) {
      case SIN -> x.sin();
      case COS -> x.cos();
      case TAN -> x.sin().div(x.cos());
      case EXP -> x.exp();
      case LOG -> x.log();
      case SQRT -> x.sqrt();
      case TANH -> x.tanh();
      case ABS -> x.abs();
      case SIGMOID -> x.sigmoid();
      case MIN -> x.neg().maximum(args[1].neg()).neg();
      case MAX -> x.maximum(args[1]);
      case POW -> Expr.power(x, args[1], false);
    };
  }
}
