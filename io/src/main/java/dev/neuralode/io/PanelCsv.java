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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A panel of irregular time series from a CSV file in long format: one row per (group, time), a group
 * column (any text), a numeric time column and numeric value columns, where an empty cell, {@code NA}
 * or {@code NaN} marks a missing value. Rows may come in any order; within a group the times must be
 * distinct.
 */
public final class PanelCsv {
  private static final CsvMapper MAPPER = new CsvMapper();

  /**
   * One series.
   *
   * @param name the group's name
   * @param times its times, strictly increasing
   * @param values its values {@code [times][columns]}, NaN where missing
   * @param text the cells as written in the file (trimmed), {@code [times][1 + columns]}: the time,
   *     then each value column (an empty cell, {@code NA} or {@code NaN} as it was); null when the
   *     series did not come from a file
   */
  public record Series(String name, double[] times, double[][] values, String[][] text) {
    /**
     * A series without the file's text.
     *
     * @param name the group's name
     * @param times its times, strictly increasing
     * @param values its values {@code [times][columns]}, NaN where missing
     */
    public Series(String name, double[] times, double[][] values) {
      this(name, times, values, null);
    }
  }

  /**
   * The panel.
   *
   * @param columns the value columns, in the order asked for
   * @param series the groups in order of first appearance
   */
  public record Panel(List<String> columns, List<Series> series) {}

  private PanelCsv() {}

  /**
   * Reads a panel.
   *
   * @param file the CSV file, UTF-8, first line the header
   * @param time the time column
   * @param group the group column
   * @param columns the value columns; null or empty for every other column
   * @return the panel
   * @throws InputException naming the file and line for a missing file or column, a bad number, a
   *     repeated time within a group, a group with fewer than 2 rows, or a column never observed
   */
  public static Panel read(Path file, String time, String group, List<String> columns) {
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
      throw new InputException(file, 0, "file not found; check the path (relative paths start at "
          + Path.of("").toAbsolutePath() + ")", e);
    } catch (JsonProcessingException e) {
      throw new InputException(file, 0, "malformed CSV (" + e.getOriginalMessage() + "); check quotes and commas", e);
    } catch (IOException e) {
      throw new InputException(file, 0, "cannot read the file (" + e + "); give a readable UTF-8 CSV file", e);
    }
    if (rows.isEmpty()) {
      throw InputException.at(file, 0, "the file is empty; expected a header line such as 'id,t,x' and data rows");
    }
    List<String> header = rows.get(0);
    int ti = column(file, header, time, lines.get(0));
    int gi = column(file, header, group, lines.get(0));
    List<String> wanted = new ArrayList<>();
    if (columns == null || columns.isEmpty()) {
      for (String h : header) {
        if (!h.equals(time) && !h.equals(group)) {
          wanted.add(h);
        }
      }
    } else {
      for (String c : columns) {
        wanted.add(c.trim());
      }
    }
    if (wanted.isEmpty()) {
      throw InputException.at(file, lines.get(0), "has no value columns besides '" + time + "' and '" + group
          + "'; add a column or name one with --columns");
    }
    int[] vi = new int[wanted.size()];
    for (int j = 0; j < vi.length; j++) {
      if (wanted.get(j).equals(time) || wanted.get(j).equals(group)) {
        throw InputException.at(file, lines.get(0), "column '" + wanted.get(j) + "' is the time or group column;"
            + " --columns must name value columns only");
      }
      vi[j] = column(file, header, wanted.get(j), lines.get(0));
    }
    Map<String, List<double[]>> groups = new LinkedHashMap<>();
    Map<String, List<Long>> groupLines = new LinkedHashMap<>();
    Map<String, List<String[]>> groupText = new LinkedHashMap<>();
    for (int i = 1; i < rows.size(); i++) {
      List<String> r = rows.get(i);
      String g = gi < r.size() ? r.get(gi) : "";
      if (g.isEmpty()) {
        throw InputException.at(file, lines.get(i), "column '" + group + "' is empty; give every row a group");
      }
      double[] row = new double[1 + vi.length];
      String[] text = new String[1 + vi.length];
      text[0] = ti < r.size() ? r.get(ti) : "";
      row[0] = number(file, lines.get(i), time, text[0], false);
      for (int j = 0; j < vi.length; j++) {
        text[1 + j] = vi[j] < r.size() ? r.get(vi[j]) : "";
        row[1 + j] = number(file, lines.get(i), wanted.get(j), text[1 + j], true);
      }
      groupText.computeIfAbsent(g, k -> new ArrayList<>()).add(text);
      groups.computeIfAbsent(g, k -> new ArrayList<>()).add(row);
      groupLines.computeIfAbsent(g, k -> new ArrayList<>()).add(lines.get(i));
    }
    if (groups.isEmpty()) {
      throw InputException.at(file, 0, "has no data rows; add rows below the header");
    }
    List<Series> out = new ArrayList<>();
    boolean[] seen = new boolean[vi.length];
    for (Map.Entry<String, List<double[]>> e : groups.entrySet()) {
      List<double[]> rs = e.getValue();
      List<Long> ls = groupLines.get(e.getKey());
      if (rs.size() < 2) {
        throw InputException.at(file, ls.get(0), "group '" + e.getKey() + "' has one row; every group needs at"
            + " least 2 times");
      }
      Integer[] order = new Integer[rs.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Double.compare(rs.get(a)[0], rs.get(b)[0]));
      double[] t = new double[rs.size()];
      double[][] v = new double[rs.size()][];
      String[][] written = new String[rs.size()][];
      for (int i = 0; i < order.length; i++) {
        double[] r = rs.get(order[i]);
        written[i] = groupText.get(e.getKey()).get(order[i]);
        t[i] = r[0];
        v[i] = Arrays.copyOfRange(r, 1, r.length);
        if (i > 0 && t[i] == t[i - 1]) {
          throw InputException.at(file, ls.get(order[i]), "group '" + e.getKey() + "' has time " + t[i]
              + " twice; give each time of a group one row");
        }
        for (int j = 0; j < vi.length; j++) {
          seen[j] |= !Double.isNaN(v[i][j]);
        }
      }
      out.add(new Series(e.getKey(), t, v, written));
    }
    for (int j = 0; j < vi.length; j++) {
      if (!seen[j]) {
        throw InputException.at(file, 0, "column '" + wanted.get(j) + "' has no value in any row; drop it from"
            + " --columns");
      }
    }
    return new Panel(List.copyOf(wanted), List.copyOf(out));
  }

  private static int column(Path file, List<String> header, String name, long line) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw InputException.at(file, line, "no column '" + name + "' in the header; available columns: "
          + String.join(", ", header) + TimeSeriesCsv.separatorHint(header));
    }
    return i;
  }

  private static double number(Path file, long line, String column, String text, boolean missingAllowed) {
    if (text.isEmpty() || CsvTable.MISSING_MARKS.contains(text.toLowerCase(Locale.ROOT))) {
      if (missingAllowed) {
        return Double.NaN;
      }
      throw InputException.at(file, line, "column '" + column + "' is missing; every row needs a time");
    }
    double v;
    try {
      v = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw InputException.at(file, line, "column '" + column + "' value '" + text
          + "' is not a number; use a plain decimal such as 12.5, or leave the cell empty if missing");
    }
    if (!Double.isFinite(v)) {
      throw InputException.at(file, line, "column '" + column + "' value '" + text + "' is not finite");
    }
    return v;
  }
}
