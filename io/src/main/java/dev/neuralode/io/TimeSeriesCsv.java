package dev.neuralode.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a time series from a CSV file with a header line, such as {@code year,hare,lynx}.
 *
 * <p>Every problem with the file is reported as an {@link InputException} whose one-line message
 * names the file, the line as a user counts lines in the file (the header is line 1) and the
 * column, says what is wrong and how to fix it. Blank lines are skipped. Values must be plain
 * decimals (optional sign, digits, optional point and exponent, e.g. {@code -1.5e3}; surrounding
 * spaces are ignored) and finite; {@code NaN}, {@code Infinity}, hex and empty fields are errors.
 * The file is read once by the strict {@link CsvTable}, whose rules every command shares.
 */
public final class TimeSeriesCsv {

  /** The fewest data rows a series may have. */
  public static final int MIN_ROWS = 3;

  private TimeSeriesCsv() {}

  /**
   * Reads every column other than the time column as a value column.
   *
   * @param file the CSV file
   * @param timeColumn the name of the time column
   * @return the series, with value columns in file order
   * @throws InputException if the file is missing, unreadable, empty or malformed, lacks the time
   *     column, holds a non-numeric value, has time not strictly increasing, or has fewer than
   *     {@value #MIN_ROWS} data rows
   */
  public static TimeSeries read(Path file, String timeColumn) {
    return read(file, timeColumn, List.of());
  }

  /**
   * Reads the time column and the given value columns in one pass over the file; other columns
   * are ignored.
   *
   * @param file the CSV file; a FIFO or {@code /dev/stdin} works
   * @param timeColumnName the name of the time column (surrounding blanks are ignored), or {@code null}
   *     for the first column
   * @param valueColumnNames the value columns in the order wanted; empty means every column other
   *     than the time column
   * @return the series, with value columns in the order given
   * @throws InputException if the file is missing, unreadable, empty or malformed, lacks a
   *     requested column, holds a non-numeric value in a requested column, has time not strictly
   *     increasing, or has fewer than {@value #MIN_ROWS} data rows
   */
  public static TimeSeries read(Path file, String timeColumnName, List<String> valueColumnNames) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(valueColumnNames, "valueColumns");
    CsvTable table = CsvTable.read(file);
    List<String> columns = table.header();
    // "--columns 'hare, lynx'" means hare and lynx: names are trimmed like header fields.
    String timeColumn = timeColumnName == null ? columns.get(0) : timeColumnName.strip();
    List<String> wanted = new ArrayList<>(valueColumnNames.stream().map(String::strip).toList());
    if (wanted.isEmpty()) {
      columns.stream().filter(c -> !c.equals(timeColumn)).forEach(wanted::add);
    }
    int timeIndex = table.column(timeColumn, "time column");
    Set<String> seen = new HashSet<>();
    for (String name : wanted) {
      if (name.equals(timeColumn)) {
        throw InputException.at(file, 0, "column '" + name
            + "' is the time column and cannot also be a value column; choose other columns");
      }
      if (!seen.add(name)) {
        throw InputException.at(file, table.headerLine(), "column '" + name
            + "' is named twice in the value columns; name each column once");
      }
    }
    if (wanted.isEmpty()) {
      throw InputException.at(file, table.headerLine(), "no value columns besides the time column '"
          + timeColumn + "'; add at least one column of values" + separatorHint(columns));
    }
    int[] valueIndex = table.select(wanted);

    int n = table.size();
    if (n < MIN_ROWS) {
      throw InputException.at(file, 0, "only " + n + " data row" + (n == 1 ? "" : "s")
          + "; need at least " + MIN_ROWS + " rows of " + String.join(",", columns));
    }
    double[] t = new double[n];
    double[][] values = new double[n][wanted.size()];
    for (int i = 0; i < n; i++) {
      table.checkWidth(i);
      t[i] = table.number(i, timeIndex);
      if (i > 0 && !(t[i] > t[i - 1])) {
        throw InputException.at(file, table.line(i), "time column '" + timeColumn + "' value '"
            + table.fields(i)[timeIndex].strip() + "' is not greater than '"
            + table.fields(i - 1)[timeIndex].strip() + "' on line " + table.line(i - 1)
            + "; sort the rows by time and remove duplicate times");
      }
      for (int j = 0; j < valueIndex.length; j++) {
        values[i][j] = table.number(i, valueIndex[j]);
      }
    }
    return new TimeSeries(timeColumn, t, wanted, values);
  }

  /**
   * The header's column names, e.g. to default the time column to the first column. Reads and
   * checks the whole file (a malformed row anywhere is reported), so call it once per file.
   *
   * @param file the CSV file
   * @return the trimmed column names in file order
   * @throws InputException if the file is missing, unreadable, empty or malformed, or its header
   *     has an empty or repeated name
   */
  public static List<String> header(Path file) {
    Objects.requireNonNull(file, "file");
    return CsvTable.read(file).header();
  }

  /**
   * Returns a hint for a header that looks semicolon-separated, else the empty string.
   *
   * @param header the header fields
   * @return {@code "; ..."} or {@code ""}
   */
  static String separatorHint(List<String> header) {
    return CsvTable.separatorHint(header);
  }
}
