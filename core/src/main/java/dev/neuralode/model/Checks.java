package dev.neuralode.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The field checks the model records share; each failure is an {@link InvalidModelException}. */
final class Checks {
  static final String FIX = "describe the model with the record's from(...) method or fix the value";

  private Checks() {}

  static <T> T present(String field, T value) {
    if (value == null) {
      throw new InvalidModelException(field, "is missing (null)", FIX);
    }
    return value;
  }

  static double finite(String field, double value) {
    if (!Double.isFinite(value)) {
      throw new InvalidModelException(field, "is " + value + " but must be a finite number", FIX);
    }
    return value;
  }

  static double positive(String field, double value) {
    finite(field, value);
    if (!(value > 0)) {
      throw new InvalidModelException(field, "is " + value + " but must be > 0", FIX);
    }
    return value;
  }

  /** Checks size and finiteness; returns a copy. */
  static double[] finiteArray(String field, double[] values, int size) {
    present(field, values);
    if (size >= 0 && values.length != size) {
      throw new InvalidModelException(field, "has " + values.length + " values but " + size
          + " are needed", FIX);
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new InvalidModelException(field, "value " + i + " is " + values[i]
            + " but must be finite", FIX);
      }
    }
    return values.clone();
  }

  /** Checks that hidden widths lie in [1, 100000]; returns a copy. */
  static int[] widths(String field, int[] hidden) {
    present(field, hidden);
    for (int w : hidden) {
      if (w < 1 || w > 100_000) {
        throw new InvalidModelException(field, "holds width " + w
            + "; widths must be between 1 and 100000", FIX);
      }
    }
    return hidden.clone();
  }

  /** Checks that names are present, non-empty and distinct; returns an unmodifiable copy. */
  static List<String> columns(List<String> columns) {
    present("columns", columns);
    if (columns.isEmpty()) {
      throw new InvalidModelException("columns", "is empty; a model needs at least one column", FIX);
    }
    Set<String> seen = new HashSet<>();
    for (String c : columns) {
      if (c == null || c.isEmpty() || !seen.add(c)) {
        throw new InvalidModelException("columns", "holds an empty or repeated name "
            + (c == null ? "null" : "'" + c + "'"), "give distinct column names");
      }
    }
    return List.copyOf(columns);
  }

  /** Checks mean and std of d columns: finite, std &gt; 0. */
  static void standardisation(String prefix, double[] mean, double[] std, List<String> columns) {
    int d = columns.size();
    finiteArray(prefix + ".mean", mean, d);
    finiteArray(prefix + ".std", std, d);
    for (int j = 0; j < d; j++) {
      if (!(std[j] > 0)) {
        throw new InvalidModelException(prefix + ".std", "value " + std[j] + " for column '"
            + columns.get(j) + "' must be > 0", "a constant column cannot be modelled; leave it out");
      }
    }
  }
}
