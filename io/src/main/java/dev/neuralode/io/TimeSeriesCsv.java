package dev.neuralode.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a time series from a CSV file with a header line, such as {@code year,hare,lynx}.
 *
 * <p>Every problem with the file is reported as an {@link InputException} whose one-line message
 * names the file, the line as a user counts lines in the file (the header is line 1) and the
 * column, says what is wrong and how to fix it. Blank lines are skipped. Values must be plain
 * decimals (optional sign, digits, optional point and exponent, e.g. {@code -1.5e3}; surrounding
 * spaces are ignored) and finite; {@code NaN}, {@code Infinity}, hex and empty fields are errors.
 */
public final class TimeSeriesCsv {

  /** The fewest data rows a series may have. */
  public static final int MIN_ROWS = 3;

  private static final CsvMapper MAPPER = new CsvMapper();

  /** A plain decimal number: optional sign, digits with optional point, optional exponent. */
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

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
   * Reads the time column and the given value columns; other columns are ignored.
   *
   * @param file the CSV file
   * @param timeColumnName the name of the time column (surrounding blanks are ignored)
   * @param valueColumnNames the value columns in the order wanted (surrounding blanks are
   *     ignored); empty means every column other than the time column
   * @return the series, with value columns in the order given
   * @throws InputException if the file is missing, unreadable, empty or malformed, lacks a
   *     requested column, holds a non-numeric value in a requested column, has time not strictly
   *     increasing, or has fewer than {@value #MIN_ROWS} data rows
   */
  public static TimeSeries read(Path file, String timeColumnName, List<String> valueColumnNames) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(timeColumnName, "timeColumn");
    Objects.requireNonNull(valueColumnNames, "valueColumns");
    // "--columns 'hare, lynx'" means hare and lynx: names are trimmed like header fields.
    String timeColumn = timeColumnName.trim();
    List<String> valueColumns = valueColumnNames.stream().map(String::trim).toList();
    List<Row> rows = readRows(file);
    if (rows.isEmpty()) {
      throw InputException.at(file, 0, "the file is empty; expected a header line such as '"
          + timeColumn + ",x,y' followed by data rows");
    }
    Row header = rows.get(0);
    List<String> columns = header.fields().stream().map(String::trim).toList();
    checkHeader(file, header.line(), columns);
    List<String> wanted = new ArrayList<>(valueColumns);
    if (wanted.isEmpty()) {
      columns.stream().filter(c -> !c.equals(timeColumn)).forEach(wanted::add);
    }
    int timeIndex = columnIndex(file, header.line(), columns, timeColumn, "time column");
    int[] valueIndex = new int[wanted.size()];
    for (int j = 0; j < wanted.size(); j++) {
      String name = wanted.get(j);
      if (name.equals(timeColumn)) {
        throw InputException.at(file, 0, "column '" + name
            + "' is the time column and cannot also be a value column; choose other columns");
      }
      if (wanted.indexOf(name) != j) {
        throw InputException.at(file, header.line(), "column '" + name
            + "' is named twice in the value columns; name each column once");
      }
      valueIndex[j] = columnIndex(file, header.line(), columns, name, "column");
    }
    if (wanted.isEmpty()) {
      throw InputException.at(file, header.line(), "no value columns besides the time column '"
          + timeColumn + "'; add at least one column of values" + separatorHint(columns));
    }

    int n = rows.size() - 1;
    if (n < MIN_ROWS) {
      throw InputException.at(file, 0, "only " + n + " data row" + (n == 1 ? "" : "s")
          + "; need at least " + MIN_ROWS + " rows of " + String.join(",", columns));
    }
    double[] t = new double[n];
    double[][] values = new double[n][wanted.size()];
    String previousTime = null;
    long previousLine = 0;
    for (int i = 0; i < n; i++) {
      Row row = rows.get(i + 1);
      if (row.fields().size() != columns.size()) {
        throw InputException.at(file, row.line(), "expected " + columns.size() + " fields ("
            + String.join(",", columns) + ") but found " + row.fields().size()
            + "; fix the commas on that line");
      }
      String timeText = row.fields().get(timeIndex).trim();
      t[i] = parse(file, row.line(), timeColumn, timeText);
      if (i > 0 && !(t[i] > t[i - 1])) {
        throw InputException.at(file, row.line(), "time column '" + timeColumn + "' value '"
            + timeText + "' is not greater than '" + previousTime + "' on line " + previousLine
            + "; sort the rows by time and remove duplicate times");
      }
      previousTime = timeText;
      previousLine = row.line();
      for (int j = 0; j < valueIndex.length; j++) {
        values[i][j] = parse(file, row.line(), wanted.get(j),
            row.fields().get(valueIndex[j]).trim());
      }
    }
    return new TimeSeries(timeColumn, t, wanted, values);
  }

  /**
   * Reads only the header line, e.g. to default the time column to the first column.
   *
   * @param file the CSV file
   * @return the trimmed column names in file order
   * @throws InputException if the file is missing, unreadable, empty or malformed, or its header
   *     has an empty or repeated name
   */
  public static List<String> header(Path file) {
    Objects.requireNonNull(file, "file");
    List<Row> rows = readRows(file);
    if (rows.isEmpty()) {
      throw InputException.at(file, 0, "the file is empty; expected a header line such as"
          + " 'time,x,y' followed by data rows");
    }
    List<String> columns = rows.get(0).fields().stream().map(String::trim).toList();
    checkHeader(file, rows.get(0).line(), columns);
    return columns;
  }

  private record Row(long line, List<String> fields) {}

  private static List<Row> readRows(Path file) {
    if (Files.isDirectory(file)) {
      throw InputException.at(file, 0, "is a directory, not a CSV file; give the path of a file");
    }
    List<Row> rows = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CsvParser parser = (CsvParser) MAPPER.getFactory().createParser(reader)) {
      parser.setSchema(CsvSchema.emptySchema());
      List<String> fields = null;
      long line = 0;
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.START_ARRAY) {
          fields = new ArrayList<>();
          line = 0;
        } else if (token == JsonToken.VALUE_STRING && fields != null) {
          if (fields.isEmpty()) {
            line = parser.currentTokenLocation().getLineNr();
          }
          String text = parser.getText();
          fields.add(rows.isEmpty() && fields.isEmpty() ? stripBom(text) : text);
        } else if (token == JsonToken.END_ARRAY && fields != null) {
          boolean blank = fields.size() == 1 && fields.get(0).isBlank();
          if (!fields.isEmpty() && !blank) {
            rows.add(new Row(line, List.copyOf(fields)));
          }
          fields = null;
        }
      }
    } catch (NoSuchFileException e) {
      throw new InputException(file, 0, "file not found; check the path (relative paths start at "
          + Path.of("").toAbsolutePath() + ")", e);
    } catch (AccessDeniedException e) {
      throw new InputException(file, 0, "permission denied; make the file readable", e);
    } catch (JsonProcessingException e) {
      long line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
      throw new InputException(file, line, "malformed CSV (" + e.getOriginalMessage()
          + "); check quotes and commas", e);
    } catch (IOException e) {
      throw new InputException(file, 0, "cannot read the file (" + e
          + "); check that it is a readable UTF-8 text file", e);
    }
    return rows;
  }

  private static String stripBom(String text) {
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static void checkHeader(Path file, long line, List<String> columns) {
    Set<String> seen = new HashSet<>();
    for (String c : columns) {
      if (c.isEmpty()) {
        throw InputException.at(file, line, "the header has an empty column name; name every"
            + " column, e.g. 'time,x,y'");
      }
      if (!seen.add(c)) {
        throw InputException.at(file, line, "the header names column '" + c
            + "' twice; give each column a distinct name");
      }
    }
  }

  private static int columnIndex(
      Path file, long headerLine, List<String> columns, String name, String role) {
    int index = columns.indexOf(name);
    if (index < 0) {
      throw InputException.at(file, headerLine, "no " + role + " '" + name
          + "' in the header; available columns: " + String.join(", ", columns)
          + separatorHint(columns));
    }
    return index;
  }

  /**
   * Returns a hint for a header that looks semicolon-separated, else the empty string.
   *
   * @param header the header fields
   * @return {@code "; ..."} or {@code ""}
   */
  static String separatorHint(List<String> header) {
    for (String c : header) {
      if (c.contains(";")) {
        return "; the header contains ';' but columns must be comma-separated"
            + " (convert the file, e.g. sed 's/;/,/g')";
      }
    }
    return "";
  }

  private static double parse(Path file, long line, String column, String text) {
    if (text.isEmpty()) {
      throw InputException.at(file, line, "column '" + column
          + "' is empty; fill in a number or remove the row");
    }
    if (!DECIMAL.matcher(text).matches()) {
      throw InputException.at(file, line, "column '" + column + "' value '" + text
          + "' is not a number; use a plain decimal such as 12.5 or 1.2e3");
    }
    double value = Double.parseDouble(text);
    if (!Double.isFinite(value)) {
      throw InputException.at(file, line, "column '" + column + "' value '" + text
          + "' is not a finite number; replace it or remove the row");
    }
    return value;
  }
}
