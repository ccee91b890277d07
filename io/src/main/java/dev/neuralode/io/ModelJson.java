package dev.neuralode.io;

import dev.neuralode.model.InvalidModelException;
import dev.neuralode.model.ModelDescription;
import dev.neuralode.model.ParameterLayout;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What {@link ModelFile} and {@link CnfModelFile} share in mapping JSON to the core model records:
 * presence checks, the named parameter form and the translation of {@link
 * InvalidModelException}s into {@link InputException}s that name the file and the JSON field, e.g.
 * {@code model.json: field 'scaling.std' value 0.0 for column 'hare' must be > 0; ...}.
 */
final class ModelJson {

  private ModelJson() {}

  /** Returns value, or throws "field 'f' is missing" naming the command that writes the kind. */
  static <T> T require(Path file, String field, T value, String writer) {
    if (value == null) {
      throw InputException.at(file, 0, "field '" + field + "' is missing; was the file written"
          + " by 'neuralode " + writer + "'?");
    }
    return value;
  }

  /**
   * Runs a mapping to core records, reporting an invalid field as an {@link InputException} at
   * the file, the field in JSON spelling, with the fix of refitting.
   */
  static <T> T mapped(Path file, String writer, Supplier<T> mapping) {
    try {
      return mapping.get();
    } catch (InvalidModelException e) {
      throw InputException.at(file, 0, "field '" + jsonField(e.field()) + "' " + e.problem()
          + "; the model file is damaged or was edited, refit it with 'neuralode " + writer + "'");
    }
  }

  /** Runs the construction of a nested record, naming its fields under {@code parent}. */
  static <T> T under(String parent, Supplier<T> construction) {
    try {
      return construction.get();
    } catch (InvalidModelException e) {
      throw e.under(parent);
    }
  }

  /** A core field path in JSON spelling: initialState → initial_state; parameter names kept. */
  static String jsonField(String field) {
    if (field.startsWith("parameters.")) {
      return field;
    }
    StringBuilder b = new StringBuilder();
    for (char c : field.toCharArray()) {
      if (Character.isUpperCase(c)) {
        b.append('_').append(Character.toLowerCase(c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** The activation's name as files spell it: lower case. */
  static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** The parameters of a model by name, in flat order: the form files store. */
  static Map<String, ModelFile.ParameterData> named(ModelDescription model) {
    ParameterLayout layout = model.layout();
    Map<String, ModelFile.ParameterData> out = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : layout.split(model.parameters()).entrySet()) {
      out.put(e.getKey(), new ModelFile.ParameterData(layout.shape(e.getKey()), e.getValue()));
    }
    return out;
  }

  /** The stored shapes by name, each entry checked for a shape and data. */
  static Map<String, int[]> shapes(Path file, Map<String, ModelFile.ParameterData> stored,
      String writer) {
    Map<String, int[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, ModelFile.ParameterData> e : stored.entrySet()) {
      ModelFile.ParameterData p = e.getValue();
      if (p != null) {
        String field = "parameters." + e.getKey();
        out.put(e.getKey(), require(file, field + ".shape", p.shape(), writer));
        require(file, field + ".data", p.data(), writer);
      }
    }
    return out;
  }

  /** The stored values by name; entries without data are left out (see {@link #shapes}). */
  static Map<String, double[]> data(Map<String, ModelFile.ParameterData> stored) {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, ModelFile.ParameterData> e : stored.entrySet()) {
      if (e.getValue() != null) {
        out.put(e.getKey(), e.getValue().data());
      }
    }
    return out;
  }

  /** Parses an activation name, reporting an unknown one as an invalid field. */
  static dev.neuralode.nn.Activation activation(String field, String name) {
    try {
      return dev.neuralode.nn.Activation.parse(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException(field, e.getMessage(), "give an activation name");
    }
  }
}
