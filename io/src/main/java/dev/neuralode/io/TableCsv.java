package dev.neuralode.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads numeric columns of a CSV table with a header line (no time column, rows in any order),
 * for {@code neuralode density} and {@code neuralode logp}, through the strict {@link CsvTable}:
 * read once, columns by name, no duplicate names, plain finite decimals only.
 */
public final class TableCsv {

  private TableCsv() {}

  /**
   * Selected columns of a table.
   *
   * @param names the column names, in the order of {@code rows}' values
   * @param rows one row of values per data line, shape {@code [n][names.size()]}
   */
  public record Table(List<String> names, double[][] rows) {
    /**
     * Copies the names.
     *
     * @param names see the record
     * @param rows see the record
     */
    public Table {
      names = List.copyOf(names);
    }
  }

  /**
   * Reads the named columns, or every column, in one pass over the file.
   *
   * @param file the CSV file, UTF-8, first line the header; a FIFO or {@code /dev/stdin} works
   * @param columns the columns to read, in this order; null or empty means every column
   * @param minRows the fewest data rows accepted
   * @return the names and values
   * @throws InputException naming the file and line if the file is missing or malformed, a column
   *     is absent or selected twice, the header repeats a name, a row has the wrong number of
   *     fields, a value is empty or not a plain finite decimal, or there are fewer than minRows
   *     rows
   */
  public static Table readTable(Path file, List<String> columns, int minRows) {
    CsvTable t = CsvTable.read(file);
    int[] index = t.select(columns);
    List<String> names = new ArrayList<>(index.length);
    for (int j : index) {
      names.add(t.header().get(j));
    }
    if (t.size() < minRows) {
      throw InputException.at(file, 0, "has " + t.size() + " data rows; at least " + minRows
          + " are needed");
    }
    return new Table(names, t.numbers(index));
  }

  /**
   * Reads the named columns.
   *
   * @param file the CSV file, UTF-8, first line the header
   * @param columns the columns to read, in this order; null or empty means every column
   * @param minRows the fewest data rows accepted
   * @return one row of values per data line, columns in the order given
   * @throws InputException as {@link #readTable}
   */
  public static double[][] read(Path file, List<String> columns, int minRows) {
    return readTable(file, columns, minRows).rows();
  }
}
