package dev.neuralode.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads numeric columns of a CSV table with a header line (no time column, rows in any order),
 * for {@code neuralode density} and {@code neuralode logp}.
 */
public final class TableCsv {
  private static final CsvMapper MAPPER = new CsvMapper();

  private TableCsv() {}

  /**
   * Reads the named columns.
   *
   * @param file the CSV file, UTF-8, first line the header
   * @param columns the columns to read, in this order; null or empty means every column
   * @param minRows the fewest data rows accepted
   * @return one row of values per data line, columns in the order given
   * @throws InputException naming the file and line if the file is missing or malformed, a column
   *     is absent, a value is empty or not a finite number, or there are fewer than minRows rows
   */
  public static double[][] read(Path file, List<String> columns, int minRows) {
    List<List<String>> rows = new ArrayList<>();
    List<Long> lines = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CsvParser parser = MAPPER.getFactory().createParser(reader)) {
      parser.setSchema(CsvSchema.emptySchema());
      List<String> fields = null;
      long line = 0;
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.START_ARRAY) {
          fields = new ArrayList<>();
        } else if (token == JsonToken.VALUE_STRING && fields != null) {
          if (fields.isEmpty()) {
            line = parser.currentTokenLocation().getLineNr();
          }
          String text = parser.getText().trim();
          fields.add(rows.isEmpty() && fields.isEmpty() && text.startsWith("\uFEFF") ? text.substring(1) : text);
        } else if (token == JsonToken.END_ARRAY && fields != null) {
          if (!fields.isEmpty() && !(fields.size() == 1 && fields.get(0).isEmpty())) {
            rows.add(fields);
            lines.add(line);
          }
          fields = null;
        }
      }
    } catch (NoSuchFileException e) {
      throw new InputException(file, 0, "file not found; check the path", e);
    } catch (JsonProcessingException e) {
      throw new InputException(file, 0, "malformed CSV (" + e.getOriginalMessage() + "); check quotes and commas", e);
    } catch (IOException e) {
      throw new InputException(file, 0, "cannot read the file (" + e + "); give a readable UTF-8 CSV file", e);
    }
    if (rows.isEmpty()) {
      throw InputException.at(file, 0, "the file is empty; expected a header line such as 'x,y' and data rows");
    }
    List<String> header = rows.get(0);
    List<String> wanted = columns == null || columns.isEmpty() ? header
        : columns.stream().map(String::trim).toList();
    int[] index = new int[wanted.size()];
    for (int j = 0; j < index.length; j++) {
      index[j] = header.indexOf(wanted.get(j));
      if (index[j] < 0) {
        throw InputException.at(file, lines.get(0), "no column '" + wanted.get(j)
            + "' in the header; available columns: " + String.join(", ", header)
            + TimeSeriesCsv.separatorHint(header));
      }
    }
    if (rows.size() - 1 < minRows) {
      throw InputException.at(file, 0, "has " + (rows.size() - 1) + " data rows; at least " + minRows
          + " are needed");
    }
    double[][] out = new double[rows.size() - 1][index.length];
    for (int i = 1; i < rows.size(); i++) {
      List<String> r = rows.get(i);
      for (int j = 0; j < index.length; j++) {
        String text = index[j] < r.size() ? r.get(index[j]) : "";
        double v;
        try {
          v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw InputException.at(file, lines.get(i), "column '" + wanted.get(j) + "' value '" + text
              + "' is not a number; use a plain decimal such as 12.5");
        }
        if (!Double.isFinite(v)) {
          throw InputException.at(file, lines.get(i), "column '" + wanted.get(j) + "' value '" + text
              + "' is not finite; replace it or remove the row");
        }
        out[i - 1][j] = v;
      }
    }
    return out;
  }

  /**
   * The column names of the header line.
   *
   * @param file the CSV file
   * @return the names in file order
   * @throws InputException as {@link #read}
   */
  public static List<String> header(Path file) {
    try (java.io.BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String first = r.readLine();
      if (first == null) {
        throw InputException.at(file, 0, "the file is empty; expected a header line such as 'x,y'");
      }
      List<String> names = new ArrayList<>();
      for (String s : first.replace("\uFEFF", "").split(",", -1)) {
        names.add(s.trim());
      }
      return names;
    } catch (NoSuchFileException e) {
      throw new InputException(file, 0, "file not found; check the path", e);
    } catch (IOException e) {
      throw new InputException(file, 0, "cannot read the file (" + e + ")", e);
    }
  }
}
