package dev.neuralode.io;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes numeric tables as CSV: a header line, then one line per row, with {@code \n} line ends.
 *
 * <p>Numbers are written with {@link Double#toString(double)}, the shortest text that reads back
 * as the same {@code double}, so a table survives a round trip through {@link TimeSeriesCsv}
 * bit for bit. Header names holding a comma, quote or line break are quoted per RFC 4180. Files
 * are written atomically with {@link AtomicFiles}.
 */
public final class Csv {

  private Csv() {}

  /**
   * Writes a table given row by row.
   *
   * @param file the file to create or replace
   * @param header the column names, size {@code k}
   * @param rows the table, shape {@code [n][k]}, not modified
   * @throws IllegalArgumentException if a row's length differs from {@code header.size()}
   * @throws IOException if the file cannot be written
   */
  public static void write(Path file, List<String> header, double[][] rows) throws IOException {
    write(file, header, rows, java.util.Set.of());
  }

  /**
   * Writes a table given row by row, with some columns of whole numbers (counts such as {@code
   * iteration} or {@code nfe}) written without a fraction, e.g. {@code 12} rather than {@code
   * 12.0}.
   *
   * @param file the file to create or replace
   * @param header the column names, size {@code k}
   * @param rows the table, shape {@code [n][k]}, not modified
   * @param integerColumns names of columns to write as integers; a value there that is not a
   *     whole number is written as usual
   * @throws IllegalArgumentException if a row's length differs from {@code header.size()}
   * @throws IOException if the file cannot be written
   */
  public static void write(Path file, List<String> header, double[][] rows,
      java.util.Set<String> integerColumns) throws IOException {
    Objects.requireNonNull(integerColumns, "integerColumns");
    boolean[] integral = new boolean[header.size()];
    for (int j = 0; j < integral.length; j++) {
      integral[j] = integerColumns.contains(header.get(j));
    }
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(rows, "rows");
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null || rows[i].length != header.size()) {
        throw new IllegalArgumentException("rows[" + i + "]: length "
            + (rows[i] == null ? "null" : rows[i].length) + " but the header has "
            + header.size() + " columns; give one value per column");
      }
    }
    AtomicFiles.write(file, out -> {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      w.write(headerLine(header));
      StringBuilder sb = new StringBuilder();
      for (double[] row : rows) {
        sb.setLength(0);
        for (int j = 0; j < row.length; j++) {
          if (j > 0) {
            sb.append(',');
          }
          double v = row[j];
          if (integral[j] && v == Math.rint(v) && Math.abs(v) < 1e15) {
            sb.append((long) v);
          } else {
            sb.append(v);
          }
        }
        sb.append('\n');
        w.write(sb.toString());
      }
      w.flush();
    });
  }

  /**
   * Writes a table given column by column, e.g. a time column followed by state columns.
   *
   * @param file the file to create or replace
   * @param header the column names, size {@code k}
   * @param columns {@code k} columns, each of length {@code n}, not modified
   * @throws IllegalArgumentException if the number of columns differs from {@code header.size()}
   *     or the columns differ in length
   * @throws IOException if the file cannot be written
   */
  public static void writeColumns(Path file, List<String> header, double[]... columns)
      throws IOException {
    writeColumns(file, header, java.util.Set.of(), columns);
  }

  /**
   * Writes a table given column by column, some columns as integers as {@link #write(Path, List,
   * double[][], java.util.Set)} does.
   *
   * @param file the file to create or replace
   * @param header the column names, size {@code k}
   * @param integerColumns names of columns to write as integers
   * @param columns {@code k} columns, each of length {@code n}, not modified
   * @throws IllegalArgumentException if the number of columns differs from {@code header.size()}
   *     or the columns differ in length
   * @throws IOException if the file cannot be written
   */
  public static void writeColumns(Path file, List<String> header,
      java.util.Set<String> integerColumns, double[]... columns) throws IOException {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(columns, "columns");
    if (columns.length != header.size()) {
      throw new IllegalArgumentException("columns: " + columns.length + " given but the header has "
          + header.size() + " names; give one column per name");
    }
    int n = columns.length == 0 ? 0 : columns[0].length;
    double[][] rows = new double[n][columns.length];
    for (int j = 0; j < columns.length; j++) {
      if (columns[j].length != n) {
        throw new IllegalArgumentException("columns[" + j + "]: length " + columns[j].length
            + " but columns[0] has " + n + "; give columns of equal length");
      }
      for (int i = 0; i < n; i++) {
        rows[i][j] = columns[j][i];
      }
    }
    write(file, header, rows, integerColumns);
  }

  /**
   * Formats a table as CSV text, exactly as {@link #write(Path, List, double[][])} writes it, e.g.
   * to print it on standard output.
   *
   * @param header the column names, size {@code k}
   * @param rows the table, shape {@code [n][k]}, not modified
   * @return the text: header line, then one line per row, each ending in {@code \n}
   * @throws IllegalArgumentException if a row's length differs from {@code header.size()}
   */
  public static String format(List<String> header, double[][] rows) {
    StringBuilder sb = new StringBuilder(headerLine(header));
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] == null || rows[i].length != header.size()) {
        throw new IllegalArgumentException("rows[" + i + "]: length "
            + (rows[i] == null ? "null" : rows[i].length) + " but the header has "
            + header.size() + " columns; give one value per column");
      }
      for (int j = 0; j < rows[i].length; j++) {
        if (j > 0) {
          sb.append(',');
        }
        sb.append(rows[i][j]);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * Formats a header line, quoting names that need it.
   *
   * @param header the column names
   * @return the line, ending in {@code \n}
   */
  static String headerLine(List<String> header) {
    StringBuilder sb = new StringBuilder();
    for (int j = 0; j < header.size(); j++) {
      if (j > 0) {
        sb.append(',');
      }
      String name = Objects.requireNonNull(header.get(j), "header name");
      if (name.indexOf(',') >= 0 || name.indexOf('"') >= 0 || name.indexOf('\n') >= 0
          || name.indexOf('\r') >= 0) {
        sb.append('"').append(name.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(name);
      }
    }
    return sb.append('\n').toString();
  }
}
