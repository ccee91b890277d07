package dev.neuralode.ode;

import dev.neuralode.tensor.Tensor;

/**
 * The right-hand side f of an ordinary differential equation dy/dt = f(t, y).
 *
 * <p>Implementations should be pure functions of their arguments (a solver may evaluate them at
 * rejected trial points) and should build the result from tensor operations, so that autograd records
 * the dependence on {@code y}, on {@code t} and on any parameters when a solve is differentiated.
 */
@FunctionalInterface
public interface OdeFunction {
  /**
   * Evaluates the time derivative.
   *
   * @param t the time, a scalar tensor of shape {@code []}; not modified
   * @param y the state, of any shape (usually {@code [batch, dim]}); not modified
   * @return dy/dt, a tensor of exactly {@code y}'s shape
   */
  Tensor apply(Tensor t, Tensor y);

  /**
   * Whether the solvers and sensitivities may capture this function once per solve as a {@link
   * dev.neuralode.tensor.Program} and replay it (compiled dynamics: no tensors or graph nodes per
   * evaluation, the same bits). True only for a function that is a fixed sequence of tensor operations
   * of (t, y) and values that do not change during a solve (a module's parameters): no random draws,
   * no other mutable state. A capture that fails (the function reads values into Java, or runs a
   * custom op) falls back to the eager path by itself.
   *
   * <p>The modules {@code nn.Mlp} and {@code nn.LinearOde} return true, as does a lambda declared with
   * {@link #compiled(OdeFunction)}. To force the eager path for
   * such a module, pass it as a plain lambda, {@code (t, y) -> mlp.apply(t, y)}, which keeps this
   * default.
   *
   * @return false by default
   */
  default boolean traceable() {
    return false;
  }

  /**
   * A flat twin of this function: the same values, bit for bit, computed on plain arrays ({@code
   * derivative(t, y, dydt)} with y row-major in this function's state shape). The solvers use it instead
   * of capturing a {@link dev.neuralode.tensor.Program} when this function is {@linkplain #traceable()
   * traceable} and nothing is recorded (see {@link Odeint#solve(OdeFunction, Tensor, double[], Solver)}).
   * The expression ODEs of {@code expr.OdeSystem} have one.
   *
   * @return the twin, or null (the default) when there is none
   */
  default FlatOde flat() {
    return null;
  }

  /**
   * A flat twin of this function for states of one shape: {@link #flat()} unless a function offers a
   * twin only for some shapes ({@code nn.Mlp} does: a state {@code [..., in]} when its output has the
   * state's shape). The solvers call this one.
   *
   * @param stateShape the shape of the state y, e.g. {@code [batch, dim]}; not modified
   * @return the twin, or null when there is none for this shape
   */
  default FlatOde flat(int[] stateShape) {
    return flat();
  }

  /**
   * A flat evaluation of this function's vector–Jacobian products for the adjoint's backward pass:
   * the same bits as reverse-mode autograd on {@link #apply} (see {@link FlatVjp}). The adjoints use it,
   * when a function offers one, instead of capturing and replaying a program of f and its VJP. {@code
   * nn.Mlp} offers one for its tanh, ELU, ReLU and identity activations.
   *
   * @param params the tensors whose products aᵀ∂f/∂θ are wanted, in the order the products are
   *     written; not modified
   * @param stateShape the shape of the state z, e.g. {@code [batch, dim]}; not modified
   * @return a new evaluator with its own buffers, or null (the default) when there is none for these
   *     parameters and this shape, e.g. when a tensor in {@code params} is not one that f reads
   */
  default FlatVjp flatVjp(java.util.List<Tensor> params, int[] stateShape) {
    return null;
  }

  /**
   * Declares a function {@linkplain #traceable() traceable}: the same function, which the solvers and
   * sensitivities may capture and replay (compiled dynamics). For a lambda that is a fixed sequence of
   * tensor operations of (t, y) and of values that do not change during a solve, such as {@code (t, u)
   * -> mlp.forward(u.mul(u).mul(u))}. A capture that fails falls back to the eager path by itself, but
   * a function with hidden mutable state or random draws must not be declared traceable.
   *
   * @param f the function
   * @return f, declared traceable
   * @throws IllegalArgumentException if f is null
   */
  static OdeFunction compiled(OdeFunction f) {
    if (f == null) {
      throw new IllegalArgumentException("f must not be null; pass the right-hand side (t, y) -> dy/dt");
    }
    return new OdeFunction() {
      @Override
      public Tensor apply(Tensor t, Tensor y) {
        return f.apply(t, y);
      }

      @Override
      public boolean traceable() {
        return true;
      }

      @Override
      public FlatOde flat() {
        return f.flat();
      }

      @Override
      public FlatOde flat(int[] stateShape) {
        return f.flat(stateShape);
      }

      @Override
      public FlatVjp flatVjp(java.util.List<Tensor> params, int[] stateShape) {
        return f.flatVjp(params, stateShape);
      }
    };
  }
}
