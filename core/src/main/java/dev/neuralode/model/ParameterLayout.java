package dev.neuralode.model;

import dev.neuralode.nn.Module;
import dev.neuralode.nn.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names and shapes of a network's parameters in {@link Module#flatParameters()} order: the
 * key between a model description's flat parameter array and a named form such as the CLI's
 * {@code "parameters": {"layers.0.weight": {"shape": [..], "data": [..]}, ..}}.
 *
 * <p>Immutable.
 */
public final class ParameterLayout {
  private final Map<String, int[]> shapes;
  private final int size;

  private ParameterLayout(Map<String, int[]> shapes) {
    this.shapes = shapes;
    int n = 0;
    for (int[] s : shapes.values()) {
      n += count(s);
    }
    this.size = n;
  }

  /**
   * The layout of a module's parameters.
   *
   * @param module the module; not modified
   * @return its parameter names and shapes, in {@link Module#namedParameters()} order
   * @throws IllegalArgumentException if {@code module} is null
   */
  public static ParameterLayout of(Module module) {
    if (module == null) {
      throw new IllegalArgumentException("module is null; pass the network whose layout is wanted");
    }
    Map<String, int[]> shapes = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : module.namedParameters().entrySet()) {
      shapes.put(e.getKey(), e.getValue().shape());
    }
    return new ParameterLayout(shapes);
  }

  /**
   * The parameter names in flat order.
   *
   * @return an unmodifiable list, e.g. {@code [layers.0.weight, layers.0.bias, ..]}
   */
  public List<String> names() {
    return Collections.unmodifiableList(new ArrayList<>(shapes.keySet()));
  }

  /**
   * The shape of one parameter.
   *
   * @param name a name from {@link #names()}
   * @return a copy of its shape
   * @throws IllegalArgumentException if there is no parameter of that name
   */
  public int[] shape(String name) {
    int[] s = shapes.get(name);
    if (s == null) {
      throw new IllegalArgumentException("name '" + name + "' is not a parameter of this layout;"
          + " use one of " + String.join(", ", shapes.keySet()));
    }
    return s.clone();
  }

  /**
   * The total number of scalars.
   *
   * @return Σ of the shapes' sizes: the length of the flat array
   */
  public int size() {
    return size;
  }

  /**
   * Splits a flat parameter array into one row-major array per parameter.
   *
   * @param flat the parameters in flat order, length {@link #size()}; not modified
   * @return a new ordered map from name to a new array of that parameter's values
   * @throws IllegalArgumentException if {@code flat} is null or of the wrong length
   */
  public Map<String, double[]> split(double[] flat) {
    if (flat == null || flat.length != size) {
      throw new IllegalArgumentException("flat has " + (flat == null ? "null" : flat.length
          + " values") + " but the layout needs " + size + "; pass the model's parameters");
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    int off = 0;
    for (Map.Entry<String, int[]> e : shapes.entrySet()) {
      int n = count(e.getValue());
      out.put(e.getKey(), Arrays.copyOfRange(flat, off, off + n));
      off += n;
    }
    return out;
  }

  /**
   * Joins named parameters into the flat array, checking that the names, shapes and sizes match
   * this layout and every value is finite.
   *
   * @param shapes the stored shape of every named parameter; not modified
   * @param data the stored values of every named parameter, row-major; not modified
   * @return a new flat array of length {@link #size()}
   * @throws InvalidModelException naming {@code parameters} for an unknown or missing name, or
   *     {@code parameters.<name>.shape} / {@code parameters.<name>.data} for a wrong shape, a
   *     wrong number of values, a missing entry or a non-finite value
   */
  public double[] join(Map<String, int[]> shapes, Map<String, double[]> data) {
    Checks.present("parameters", shapes);
    Checks.present("parameters", data);
    for (String name : shapes.keySet()) {
      if (!this.shapes.containsKey(name)) {
        throw new InvalidModelException("parameters", "holds '" + name + "', which this"
            + " architecture does not have; expected " + String.join(", ", this.shapes.keySet()),
            "describe the parameters of this architecture");
      }
    }
    double[] flat = new double[size];
    int off = 0;
    for (Map.Entry<String, int[]> e : this.shapes.entrySet()) {
      String field = "parameters." + e.getKey();
      if (!shapes.containsKey(e.getKey()) && !data.containsKey(e.getKey())) {
        throw new InvalidModelException("parameters", "lacks '" + e.getKey()
            + "', which the architecture needs", "give every parameter of the architecture");
      }
      int[] want = e.getValue();
      int[] shape = Checks.present(field + ".shape", shapes.get(e.getKey()));
      if (!Arrays.equals(shape, want)) {
        throw new InvalidModelException(field + ".shape", "is " + Arrays.toString(shape)
            + " but the architecture needs " + Arrays.toString(want),
            "give the parameter in the architecture's shape");
      }
      int n = count(want);
      double[] values = Checks.finiteArray(field + ".data",
          Checks.present(field + ".data", data.get(e.getKey())), n);
      System.arraycopy(values, 0, flat, off, n);
      off += n;
    }
    return flat;
  }

  private static int count(int[] shape) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ParameterLayout other) || !shapes.keySet().equals(other.shapes.keySet())) {
      return false;
    }
    for (Map.Entry<String, int[]> e : shapes.entrySet()) {
      if (!Arrays.equals(e.getValue(), other.shapes.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (Map.Entry<String, int[]> e : shapes.entrySet()) {
      h = 31 * h + e.getKey().hashCode() * 17 + Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("ParameterLayout{");
    for (Map.Entry<String, int[]> e : shapes.entrySet()) {
      if (b.length() > 16) {
        b.append(", ");
      }
      b.append(e.getKey()).append('=').append(Arrays.toString(e.getValue()));
    }
    return b.append('}').toString();
  }
}
