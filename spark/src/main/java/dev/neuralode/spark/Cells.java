package dev.neuralode.spark;

import org.apache.spark.sql.Row;

/** Reading one table cell as a number, for the per-row jobs. */
final class Cells {
  private Cells() {}

  /**
   * A cell as a double: a number, or text that parses as one (CSV columns with a bad cell are read
   * as text).
   *
   * @param row the row
   * @param at the column index
   * @param column the column name, for messages
   * @return the value (possibly NaN or infinite, as written)
   * @throws IllegalArgumentException naming the column if the cell is empty or not a number
   */
  static double number(Row row, int at, String column) {
    if (row.isNullAt(at)) {
      throw new IllegalArgumentException("column '" + column + "' is empty");
    }
    Object v = row.get(at);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("column '" + column + "' holds '" + v + "', not a number");
    }
  }
}
