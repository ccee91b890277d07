package dev.neuralode.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Functional derivatives built on {@link Autograd#grad(List, List, List, boolean)}: gradients,
 * vector–Jacobian products, Jacobian–vector products, full Jacobians and Hessian–vector products of a
 * function {@code f: Tensor → Tensor} (the helpers of {@code torch.autograd.functional} and JAX's
 * {@code vjp}/{@code jvp}/{@code jacrev}).
 *
 * <p><b>Recording.</b> Every helper opens an {@link Autograd#enableGrad()} scope, so it works whether
 * or not the caller records. The point {@code x} is differentiated as given when it already requires a
 * gradient and {@code createGraph} is true (so results stay connected to whatever {@code x} depends on),
 * and as a fresh leaf copy otherwise.
 *
 * <p><b>createGraph.</b> With {@code createGraph = false} (the short overloads) the result is detached:
 * cheap, and not differentiable. With {@code createGraph = true} the backward passes are themselves
 * recorded (every VJP in this library is written in tensor operations), so the result can be
 * differentiated again with respect to {@code x} (when it requires a gradient) and to any tensor f
 * closes over, such as a network's parameters; this is what a continuous normalizing flow needs to train
 * on −tr(∂f/∂z). The helpers compose: {@link #hvp} is reverse-over-reverse, {@link #jvp} is the
 * double-VJP trick.
 *
 * <p>f must be built from tensor operations; it may be called more than once per helper. Neither
 * {@code x} nor {@code v} is modified.
 */
public final class Functional {
  private Functional() {}

  /**
   * The gradient ∇f(x) of a scalar function; detached.
   *
   * @param f a function whose result has one element
   * @param x the point, any shape
   * @return ∇f(x), of x's shape
   * @throws IllegalArgumentException if f(x) has more than one element
   */
  public static Tensor gradient(Function<Tensor, Tensor> f, Tensor x) {
    return gradient(f, x, false);
  }

  /**
   * The gradient ∇f(x) of a scalar function.
   *
   * @param f a function whose result has one element
   * @param x the point, any shape
   * @param createGraph record the backward pass so the gradient can be differentiated again
   * @return ∇f(x), of x's shape
   * @throws IllegalArgumentException if f(x) has more than one element
   */
  public static Tensor gradient(Function<Tensor, Tensor> f, Tensor x, boolean createGraph) {
    try (Autograd.Scope s = Autograd.enableGrad()) {
      Tensor in = input(x, createGraph);
      Tensor y = apply(f, in);
      requireScalar(y, "gradient");
      return Autograd.grad(List.of(y), List.of(in), null, createGraph).get(0);
    }
  }

  /**
   * The vector–Jacobian product vᵀ·∂f/∂x; detached.
   *
   * @param f the function
   * @param x the point, any shape
   * @param v the cotangent, of f(x)'s shape
   * @return Σ_i v_i ∂f_i/∂x, of x's shape
   * @throws IllegalArgumentException if v's shape differs from f(x)'s
   */
  public static Tensor vjp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
    return vjp(f, x, v, false);
  }

  /**
   * The vector–Jacobian product vᵀ·∂f/∂x (one reverse pass).
   *
   * @param f the function
   * @param x the point, any shape
   * @param v the cotangent, of f(x)'s shape; with {@code createGraph} the result is also
   *     differentiable with respect to v
   * @param createGraph record the backward pass so the result can be differentiated again
   * @return Σ_i v_i ∂f_i/∂x, of x's shape
   * @throws IllegalArgumentException if v's shape differs from f(x)'s
   */
  public static Tensor vjp(Function<Tensor, Tensor> f, Tensor x, Tensor v, boolean createGraph) {
    try (Autograd.Scope s = Autograd.enableGrad()) {
      Tensor in = input(x, createGraph);
      Tensor y = apply(f, in);
      requireShape(v, y, "v", "f(x)");
      return Autograd.grad(List.of(y), List.of(in), List.of(v), createGraph).get(0);
    }
  }

  /**
   * The Jacobian–vector product ∂f/∂x·v; detached.
   *
   * @param f the function
   * @param x the point, any shape
   * @param v the tangent, of x's shape
   * @return Σ_j ∂f/∂x_j v_j, of f(x)'s shape
   * @throws IllegalArgumentException if v's shape differs from x's
   */
  public static Tensor jvp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
    return jvp(f, x, v, false);
  }

  /**
   * The Jacobian–vector product ∂f/∂x·v by the double-VJP trick: g(u) = uᵀ·∂f/∂x = Jᵀu is linear in a
   * dummy cotangent u, so the VJP of g with cotangent v is (Jᵀ)ᵀv = Jv (two reverse passes; J. Townsend,
   * "A new trick for calculating Jacobian vector products", 2017).
   *
   * @param f the function
   * @param x the point, any shape
   * @param v the tangent, of x's shape
   * @param createGraph record the backward passes so the result can be differentiated again
   * @return Σ_j ∂f/∂x_j v_j, of f(x)'s shape
   * @throws IllegalArgumentException if v's shape differs from x's
   */
  public static Tensor jvp(Function<Tensor, Tensor> f, Tensor x, Tensor v, boolean createGraph) {
    try (Autograd.Scope s = Autograd.enableGrad()) {
      Tensor in = input(x, createGraph);
      requireShape(v, in, "v", "x");
      Tensor y = apply(f, in);
      Tensor u = y.zerosLike().requireGrad();
      Tensor g = Autograd.grad(List.of(y), List.of(in), List.of(u), true).get(0);
      return Autograd.grad(List.of(g), List.of(u), List.of(v), createGraph).get(0);
    }
  }

  /**
   * The Jacobian ∂f/∂x; detached.
   *
   * @param f the function
   * @param x the point, any shape
   * @return J of shape {@code [...f(x).shape, ...x.shape]}: J[i..., j...] = ∂f(x)[i...]/∂x[j...]
   */
  public static Tensor jacobian(Function<Tensor, Tensor> f, Tensor x) {
    return jacobian(f, x, false);
  }

  /**
   * The Jacobian ∂f/∂x by one reverse pass per element of f(x) (m passes for m outputs; rows e_iᵀJ).
   * For the flattened m×n matrix, reshape the result to {@code [f(x).size(), x.size()]}.
   *
   * @param f the function
   * @param x the point, any shape
   * @param createGraph record the backward passes so J can be differentiated again
   * @return J of shape {@code [...f(x).shape, ...x.shape]}: J[i..., j...] = ∂f(x)[i...]/∂x[j...]
   */
  public static Tensor jacobian(Function<Tensor, Tensor> f, Tensor x, boolean createGraph) {
    try (Autograd.Scope s = Autograd.enableGrad()) {
      Tensor in = input(x, createGraph);
      Tensor y = apply(f, in);
      int m = y.size();
      int n = in.size();
      int[] ys = y.shape();
      int[] xs = in.shape();
      int[] shape = Arrays.copyOf(ys, ys.length + xs.length);
      System.arraycopy(xs, 0, shape, ys.length, xs.length);
      if (!y.requiresGrad()) {
        return Tensor.zeros(shape);
      }
      if (!createGraph) {
        double[] jac = new double[m * n];
        for (int i = 0; i < m; i++) {
          double[] row = Autograd.grad(List.of(y), List.of(in), List.of(unit(ys, i)), false).get(0).toArray();
          System.arraycopy(row, 0, jac, i * n, n);
        }
        return Tensor.wrap(jac, shape);
      }
      List<Tensor> rows = new ArrayList<>(m);
      for (int i = 0; i < m; i++) {
        rows.add(Autograd.grad(List.of(y), List.of(in), List.of(unit(ys, i)), true).get(0).reshape(n));
      }
      return Tensor.stack(rows).reshape(shape);
    }
  }

  /**
   * The Hessian–vector product H·v of a scalar function; detached.
   *
   * @param f a function whose result has one element
   * @param x the point, any shape
   * @param v the direction, of x's shape
   * @return ∇²f(x)·v, of x's shape
   * @throws IllegalArgumentException if f(x) has more than one element or v's shape differs from x's
   */
  public static Tensor hvp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
    return hvp(f, x, v, false);
  }

  /**
   * The Hessian–vector product H·v = ∇(∇f(x)ᵀv) of a scalar function, by reverse-over-reverse: the
   * gradient is recorded, then its VJP with cotangent v is vᵀH = (Hv)ᵀ since H is symmetric (Pearlmutter,
   * "Fast exact multiplication by the Hessian", Neural Computation 6, 1994).
   *
   * @param f a function whose result has one element
   * @param x the point, any shape
   * @param v the direction, of x's shape
   * @param createGraph record the backward passes so the result can be differentiated again
   * @return ∇²f(x)·v, of x's shape
   * @throws IllegalArgumentException if f(x) has more than one element or v's shape differs from x's
   */
  public static Tensor hvp(Function<Tensor, Tensor> f, Tensor x, Tensor v, boolean createGraph) {
    try (Autograd.Scope s = Autograd.enableGrad()) {
      Tensor in = input(x, createGraph);
      requireShape(v, in, "v", "x");
      Tensor y = apply(f, in);
      requireScalar(y, "hvp");
      Tensor g = Autograd.grad(List.of(y), List.of(in), null, true).get(0);
      return Autograd.grad(List.of(g), List.of(in), List.of(v), createGraph).get(0);
    }
  }

  private static Tensor input(Tensor x, boolean createGraph) {
    if (x == null) {
      throw new IllegalArgumentException("x must not be null; pass the point at which to differentiate");
    }
    return createGraph && x.requiresGrad() ? x : x.detach().requireGrad();
  }

  private static Tensor apply(Function<Tensor, Tensor> f, Tensor x) {
    if (f == null) {
      throw new IllegalArgumentException("f must not be null; pass the function to differentiate");
    }
    Tensor y = f.apply(x);
    if (y == null) {
      throw new IllegalArgumentException("f returned null; it must return a tensor");
    }
    return y;
  }

  private static void requireScalar(Tensor y, String what) {
    if (y.size() != 1) {
      throw new IllegalArgumentException(what + " needs a scalar function, but f(x) has shape "
          + Shape.str(y.shapeRef()) + "; reduce it (e.g. sum()) or use jacobian/vjp");
    }
  }

  private static void requireShape(Tensor v, Tensor like, String name, String likeName) {
    if (v == null) {
      throw new IllegalArgumentException(name + " must not be null; pass a tensor of " + likeName + "'s shape "
          + Shape.str(like.shapeRef()));
    }
    if (!Arrays.equals(v.shapeRef(), like.shapeRef())) {
      throw new IllegalArgumentException(name + " has shape " + Shape.str(v.shapeRef()) + " but " + likeName
          + " has shape " + Shape.str(like.shapeRef()) + "; pass " + name + " of " + likeName + "'s shape");
    }
  }

  private static Tensor unit(int[] shape, int i) {
    double[] e = new double[Shape.size(shape)];
    e[i] = 1.0;
    return Tensor.wrap(e, shape);
  }
}
