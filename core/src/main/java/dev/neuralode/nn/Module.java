package dev.neuralode.nn;

import dev.neuralode.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model or layer: a tree of named {@link Parameter}s and child modules, as PyTorch's {@code
 * nn.Module}.
 *
 * <p>A subclass registers its parameters and children in its constructor with {@link
 * #register(String, Tensor)} and {@link #register(String, Module)}. Registration order fixes the
 * order of {@link #parameters()}, of {@link #namedParameters()} and of {@link #flatParameters()}:
 * depth-first, each module's own entries in the order they were registered, a child's entries at the
 * point where the child was registered. A child's parameters appear under dotted names such as
 * {@code "layers.0.weight"}.
 *
 * <p>A parameter reachable along two paths (a shared child, say) is listed once, at its first
 * occurrence, as PyTorch's {@code named_parameters()} does, so an optimizer never updates it twice.
 */
public abstract class Module {
  private final Map<String, Object> entries = new LinkedHashMap<>();

  /** For subclasses. */
  protected Module() {}

  /**
   * Registers a parameter of this module, holding {@code init.detach().requireGrad()}.
   *
   * @param name its name within this module, unique among this module's entries; not empty
   * @param init the initial value; not modified
   * @return the new parameter (keep it in a field to use in the forward pass)
   * @throws IllegalArgumentException if the name is empty or taken, or {@code init} is null
   */
  protected final Parameter register(String name, Tensor init) {
    checkName(name);
    Parameter p = new Parameter(name, init);
    entries.put(name, p);
    return p;
  }

  /**
   * Registers a child module; its parameters then appear here as {@code name + "." + childName}.
   *
   * @param name its name within this module, unique among this module's entries; not empty
   * @param child the child; not null and not this module
   * @param <M> the child's type
   * @return {@code child}, for assignment to a field
   * @throws IllegalArgumentException if the name is empty or taken, or the child is null or this module
   */
  protected final <M extends Module> M register(String name, M child) {
    checkName(name);
    if (child == null || child == this) {
      throw new IllegalArgumentException("child module '" + name + "' must be another, non-null module; got "
          + (child == null ? "null" : "this module itself"));
    }
    entries.put(name, child);
    return child;
  }

  private void checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a registered name must be a non-empty string; got "
          + (name == null ? "null" : "\"\"") + "; pass a name such as \"weight\" or \"layers.0\"");
    }
    if (entries.containsKey(name)) {
      throw new IllegalArgumentException("name '" + name + "' is already registered in "
          + getClass().getSimpleName() + "; choose a unique name");
    }
  }

  /**
   * All parameters of this module and its descendants, depth-first in registration order.
   *
   * @return a new, unmodifiable list
   */
  public final List<Parameter> parameters() {
    return List.copyOf(namedParameters().values());
  }

  /**
   * All parameters by their dotted path from this module, depth-first in registration order.
   *
   * @return a new {@link LinkedHashMap}, such as {@code {"layers.0.weight": ..., "layers.0.bias": ...}}
   * @throws IllegalStateException if two different parameters end up with the same dotted name
   *     (registering {@code "a.b"} as a parameter and a child {@code "a"} with a parameter {@code "b"})
   */
  public final Map<String, Parameter> namedParameters() {
    Map<String, Parameter> out = new LinkedHashMap<>();
    Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    collect("", out, seen, Collections.newSetFromMap(new IdentityHashMap<>()));
    return out;
  }

  private void collect(String prefix, Map<String, Parameter> out, Set<Parameter> seen, Set<Module> path) {
    if (!path.add(this)) {
      throw new IllegalStateException("module " + getClass().getSimpleName() + " at '" + prefix
          + "' contains itself; module trees must not have cycles");
    }
    for (Map.Entry<String, Object> e : entries.entrySet()) {
      String full = prefix + e.getKey();
      if (e.getValue() instanceof Parameter p) {
        if (seen.add(p)) {
          if (out.containsKey(full)) {
            throw new IllegalStateException("two parameters share the dotted name '" + full
                + "'; rename one of the registered entries");
          }
          out.put(full, p);
        }
      } else {
        ((Module) e.getValue()).collect(full + ".", out, seen, path);
      }
    }
    path.remove(this);
  }

  /**
   * The current values of {@link #parameters()}, in the same order: leaf tensors that require a
   * gradient, ready to pass as {@code inputs} to {@link dev.neuralode.tensor.Autograd#grad}.
   *
   * @return a new, unmodifiable list
   */
  public final List<Tensor> parameterValues() {
    List<Tensor> out = new ArrayList<>();
    for (Parameter p : parameters()) {
      out.add(p.value());
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The total number of trainable scalars.
   *
   * @return Σ over {@link #parameters()} of their sizes
   */
  public final int parameterCount() {
    int n = 0;
    for (Parameter p : parameters()) {
      n += p.size();
    }
    return n;
  }

  /**
   * All parameter values concatenated in {@link #parameters()} order, each in row-major order: the
   * form a model file stores.
   *
   * @return a new array of length {@link #parameterCount()}
   */
  public final double[] flatParameters() {
    List<Parameter> ps = parameters();
    int n = 0;
    for (Parameter p : ps) {
      n += p.size();
    }
    double[] flat = new double[n];
    int off = 0;
    for (Parameter p : ps) {
      double[] v = p.value().toArray();
      System.arraycopy(v, 0, flat, off, v.length);
      off += v.length;
    }
    return flat;
  }

  /**
   * Sets every parameter from a flat array laid out as {@link #flatParameters()} returns it.
   * Modifies this module's parameters; {@code flat} is not modified. Either every parameter is set
   * or, on error, none is.
   *
   * @param flat the values, of length {@link #parameterCount()}
   * @throws IllegalArgumentException if {@code flat} is null or its length differs from
   *     {@link #parameterCount()}
   */
  public final void loadFlatParameters(double[] flat) {
    List<Parameter> ps = parameters();
    int n = 0;
    for (Parameter p : ps) {
      n += p.size();
    }
    if (flat == null || flat.length != n) {
      throw new IllegalArgumentException("flat has " + (flat == null ? "null" : flat.length + " values")
          + " but " + getClass().getSimpleName() + " has " + n
          + " parameters; pass an array from flatParameters() of a module of the same architecture");
    }
    int off = 0;
    for (Parameter p : ps) {
      double[] v = new double[p.size()];
      System.arraycopy(flat, off, v, 0, v.length);
      p.set(Tensor.of(v, p.shape()));
      off += v.length;
    }
  }
}
