package dev.neuralode.io;

import java.util.List;
import java.util.Objects;

/**
 * A multivariate time series read from a file: {@code n} strictly increasing times and, at each,
 * {@code k} named values.
 *
 * <p>The arrays are held as given, not copied; treat them as read-only.
 *
 * @param timeName the name of the time column, e.g. {@code "year"}
 * @param t the times, shape {@code [n]}, strictly increasing
 * @param names the value column names, size {@code k}
 * @param values the values, shape {@code [n][k]}: {@code values[i][j]} is column {@code
 *     names.get(j)} at time {@code t[i]}
 */
public record TimeSeries(String timeName, double[] t, List<String> names, double[][] values) {

  /**
   * Checks the shapes. The names are copied; the arrays are not.
   *
   * @param timeName the name of the time column
   * @param t the times, shape {@code [n]}
   * @param names the value column names, size {@code k}
   * @param values the values, shape {@code [n][k]}
   * @throws NullPointerException if any component is {@code null}
   * @throws IllegalArgumentException if {@code values.length != t.length}, a row's length differs
   *     from {@code names.size()}, or {@code t} is not strictly increasing
   */
  public TimeSeries {
    Objects.requireNonNull(timeName, "timeName");
    Objects.requireNonNull(t, "t");
    names = List.copyOf(Objects.requireNonNull(names, "names"));
    Objects.requireNonNull(values, "values");
    if (values.length != t.length) {
      throw new IllegalArgumentException(
          "values: " + values.length + " rows but t has " + t.length + "; give one row per time");
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null || values[i].length != names.size()) {
        throw new IllegalArgumentException(
            "values[" + i + "]: length " + (values[i] == null ? "null" : values[i].length)
                + " but there are " + names.size() + " names; give one value per name");
      }
    }
    for (int i = 1; i < t.length; i++) {
      if (!(t[i] > t[i - 1])) {
        throw new IllegalArgumentException(
            "t: t[" + i + "] = " + t[i] + " is not greater than t[" + (i - 1) + "] = " + t[i - 1]
                + "; sort by time and remove duplicates");
      }
    }
  }

  /**
   * Returns the number of time points.
   *
   * @return {@code n}
   */
  public int size() {
    return t.length;
  }

  /**
   * Returns the number of value columns.
   *
   * @return {@code k}
   */
  public int dimension() {
    return names.size();
  }

  /**
   * Returns one value column as a new array.
   *
   * @param j the column index, {@code 0 <= j < k}
   * @return a copy of the column, shape {@code [n]}
   * @throws IndexOutOfBoundsException if {@code j} is out of range
   */
  public double[] column(int j) {
    Objects.checkIndex(j, names.size());
    double[] out = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      out[i] = values[i][j];
    }
    return out;
  }

  /**
   * Returns one value column by name as a new array.
   *
   * @param name a column name
   * @return a copy of the column, shape {@code [n]}
   * @throws IllegalArgumentException if there is no such column
   */
  public double[] column(String name) {
    int j = names.indexOf(name);
    if (j < 0) {
      throw new IllegalArgumentException(
          "name: no column '" + name + "'; available: " + String.join(", ", names));
    }
    return column(j);
  }
}
