package dev.neuralode.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one strict CSV reader of {@code neuralode}: every command that reads a CSV file reads it
 * through this class, so the rules are the same everywhere.
 *
 * <ul>
 *   <li>The input is read <em>once</em>, front to back, so a FIFO or {@code /dev/stdin} works.
 *   <li>RFC 4180: fields separated by commas, records by {@code \n}, {@code \r\n} or {@code \r};
 *       a field in double quotes may hold commas, line breaks and doubled quotes. Text after a
 *       closing quote, or a quote left open, is an error with its line.
 *   <li>The first non-blank record is the header; a UTF-8 byte order mark is dropped; names are
 *       trimmed and must be non-empty and distinct. Blank lines are skipped.
 *   <li>Columns are looked up by name through a hash map, so a header of 200,000 columns is
 *       parsed and indexed in linear time.
 *   <li>Numbers follow {@link Decimal}: plain finite decimals only.
 * </ul>
 *
 * <p>Every problem is an {@link InputException} whose one-line message names the file, the line
 * as a user counts lines (header = line 1), the column where it applies, and the fix.
 */
public final class CsvTable {
  /** How pandas, R and spreadsheets write a missing value, in lower case. */
  static final java.util.Set<String> MISSING_MARKS =
      java.util.Set.of("nan", "na", "n/a", "null", "none", "-nan", "#n/a");

  private final Path file;
  private final List<String> header;
  private final long headerLine;
  private final Map<String, Integer> index;
  private final List<String[]> rows;
  private final List<Long> lines;

  private CsvTable(Path file, List<String> header, long headerLine, List<String[]> rows,
      List<Long> lines) {
    this.file = file;
    this.header = List.copyOf(header);
    this.headerLine = headerLine;
    this.rows = rows;
    this.lines = lines;
    this.index = new HashMap<>(header.size() * 2);
    for (int j = 0; j < header.size(); j++) {
      String name = header.get(j);
      if (name.isEmpty()) {
        throw InputException.at(file, headerLine, "the header has an empty column name (column "
            + (j + 1) + "); name every column, e.g. 'time,x,y'");
      }
      if (index.putIfAbsent(name, j) != null) {
        throw InputException.at(file, headerLine, "the header names column '"
            + Decimal.shorten(name) + "' twice; give each column a distinct name");
      }
    }
  }

  /**
   * Reads a CSV file (or FIFO, or {@code /dev/stdin}) in one pass.
   *
   * @param file the input, UTF-8
   * @return the table: header and data rows as text
   * @throws InputException if the input is missing, a directory, unreadable, not UTF-8, empty,
   *     malformed, or its header has an empty or repeated name
   */
  public static CsvTable read(Path file) {
    Objects.requireNonNull(file, "file");
    if (Files.isDirectory(file)) {
      throw InputException.at(file, 0, "is a directory, not a CSV file; give the path of a file");
    }
    try (Reader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16)) {
      return parse(file, reader);
    } catch (NoSuchFileException e) {
      throw new InputException(file, 0, "file not found; check the path (relative paths start at "
          + Path.of("").toAbsolutePath() + ")" + (file.toString().equals("-")
              ? "; to read standard input, give /dev/stdin" : ""), e);
    } catch (AccessDeniedException e) {
      throw new InputException(file, 0, "permission denied; make the file readable", e);
    } catch (CharacterCodingException e) {
      throw new InputException(file, 0, "is not UTF-8 text; save it as UTF-8 CSV", e);
    } catch (IOException e) {
      throw new InputException(file, 0, "cannot read the file (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage())
          + "); check that it is a readable UTF-8 text file", e);
    }
  }

  private static CsvTable parse(Path file, Reader in) throws IOException {
    List<String[]> records = new ArrayList<>();
    List<Long> recordLines = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    long line = 1;
    long recordLine = 1;
    boolean inQuotes = false;
    boolean afterQuote = false;
    boolean quoted = false;
    boolean text = false;
    int c = in.read();
    if (c == '\uFEFF') {
      c = in.read();
    }
    while (true) {
      if (inQuotes) {
        if (c < 0) {
          throw InputException.at(file, recordLine, "malformed CSV (a quote opened on this line"
              + " is never closed); check quotes and commas");
        }
        if (c == '"') {
          int d = in.read();
          if (d == '"') {
            field.append('"');
            c = in.read();
            continue;
          }
          inQuotes = false;
          afterQuote = true;
          c = d;
          continue;
        }
        if (c == '\n' || (c == '\r')) {
          line++;
          if (c == '\r') {
            int d = in.read();
            field.append('\n');
            if (d == '\n') {
              c = in.read();
            } else {
              c = d;
            }
            continue;
          }
        }
        field.append((char) c);
        c = in.read();
        continue;
      }
      if (c == ',' || c == '\n' || c == '\r' || c < 0) {
        fields.add(quoted ? field.toString() : field.toString().strip());
        field.setLength(0);
        afterQuote = false;
        quoted = false;
        text = false;
        if (c == ',') {
          c = in.read();
          continue;
        }
        boolean blank = fields.size() == 1 && fields.get(0).isBlank();
        if (!blank) {
          records.add(fields.toArray(new String[0]));
          recordLines.add(recordLine);
        }
        fields.clear();
        if (c < 0) {
          break;
        }
        if (c == '\r') {
          c = in.read();
          if (c == '\n') {
            c = in.read();
          }
        } else {
          c = in.read();
        }
        line++;
        recordLine = line;
        continue;
      }
      if (afterQuote) {
        if (c == ' ' || c == '\t') {
          c = in.read();
          continue;
        }
        throw InputException.at(file, line, "malformed CSV (text after a closing quote);"
            + " check quotes and commas");
      }
      if (c == '"' && !text) {
        field.setLength(0);
        inQuotes = true;
        quoted = true;
        c = in.read();
        continue;
      }
      field.append((char) c);
      text |= !Character.isWhitespace(c);
      c = in.read();
    }
    if (records.isEmpty()) {
      throw InputException.at(file, 0, "the file is empty; expected a header line such as"
          + " 'x,y' followed by data rows");
    }
    String[] h = records.get(0);
    List<String> header = new ArrayList<>(h.length);
    for (String s : h) {
      header.add(s.strip());
    }
    return new CsvTable(file, header, recordLines.get(0), records.subList(1, records.size()),
        recordLines.subList(1, recordLines.size()));
  }

  /**
   * The file, as the user named it.
   *
   * @return the path
   */
  public Path file() {
    return file;
  }

  /**
   * The trimmed column names in file order.
   *
   * @return an unmodifiable list
   */
  public List<String> header() {
    return header;
  }

  /**
   * The line of the header, as a user counts lines.
   *
   * @return 1 unless blank lines precede it
   */
  public long headerLine() {
    return headerLine;
  }

  /**
   * The number of data rows.
   *
   * @return n
   */
  public int size() {
    return rows.size();
  }

  /**
   * The line where a data row starts.
   *
   * @param row the row, 0-based
   * @return the 1-based line number
   */
  public long line(int row) {
    return lines.get(row);
  }

  /**
   * The fields of a data row.
   *
   * @param row the row, 0-based
   * @return its fields (quoted fields verbatim, others trimmed); do not modify
   */
  public String[] fields(int row) {
    return rows.get(row);
  }

  /**
   * The index of a column.
   *
   * @param name the name, trimmed
   * @param role how the column is called in a message, e.g. {@code "column"} or {@code "time
   *     column"}
   * @return its 0-based index
   * @throws InputException naming the available columns if there is none of that name
   */
  public int column(String name, String role) {
    Integer j = index.get(name);
    if (j == null) {
      throw InputException.at(file, headerLine, "no " + role + " '" + Decimal.shorten(name)
          + "' in the header; available columns: " + available() + separatorHint(header));
    }
    return j;
  }

  private String available() {
    if (header.size() <= 20) {
      return String.join(", ", header);
    }
    return String.join(", ", header.subList(0, 20)) + ", … (" + header.size() + " in all)";
  }

  /**
   * Resolves a selection of columns: trimmed names, each distinct and present.
   *
   * @param names the names wanted, in order; null or empty means every column
   * @return the indices, in the order given
   * @throws InputException if a name is missing or named twice
   */
  public int[] select(List<String> names) {
    if (names == null || names.isEmpty()) {
      int[] all = new int[header.size()];
      for (int j = 0; j < all.length; j++) {
        all[j] = j;
      }
      return all;
    }
    int[] out = new int[names.size()];
    Map<String, Integer> seen = new HashMap<>();
    for (int j = 0; j < out.length; j++) {
      String name = names.get(j).strip();
      if (seen.put(name, j) != null) {
        throw InputException.at(file, headerLine, "column '" + Decimal.shorten(name)
            + "' is selected twice; name each column once");
      }
      out[j] = column(name, "column");
    }
    return out;
  }

  /**
   * Reads selected columns as numbers. Each row must have as many fields as the header.
   *
   * @param columns the column indices, from {@link #select(List)}
   * @return shape {@code [size()][columns.length]}
   * @throws InputException at the line and column of a missing field, an empty value or a value
   *     that is not a plain finite decimal
   */
  public double[][] numbers(int[] columns) {
    double[][] out = new double[rows.size()][columns.length];
    for (int i = 0; i < rows.size(); i++) {
      checkWidth(i);
      for (int j = 0; j < columns.length; j++) {
        out[i][j] = number(i, columns[j]);
      }
    }
    return out;
  }

  /**
   * Checks that a data row has one field per header name.
   *
   * @param row the row, 0-based
   * @throws InputException at its line if not
   */
  public void checkWidth(int row) {
    String[] r = rows.get(row);
    if (r.length != header.size()) {
      throw InputException.at(file, lines.get(row), "expected " + header.size() + " fields ("
          + (header.size() <= 20 ? String.join(",", header) : header.size() + " columns")
          + ") but found " + r.length + "; fix the commas on that line");
    }
  }

  /**
   * Parses one field as a plain finite decimal.
   *
   * @param row the row, 0-based
   * @param column the column index
   * @return the value
   * @throws InputException at the line, naming the column, if the field is empty or not a number
   */
  public double number(int row, int column) {
    String text = rows.get(row)[column].strip();
    String name = Decimal.shorten(header.get(column));
    if (text.isEmpty()) {
      throw InputException.at(file, lines.get(row), "column '" + name
          + "' is empty; fill in a number or remove the row");
    }
    if (MISSING_MARKS.contains(text.toLowerCase(java.util.Locale.ROOT))) {
      // pandas and R write a missing value as NaN or NA: say so rather than "not a number"
      throw InputException.at(file, lines.get(row), "column '" + name + "' value '"
          + text + "' marks a missing value; every cell needs a number: fill it in or remove the row");
    }
    if (!Decimal.isDecimal(text)) {
      throw InputException.at(file, lines.get(row), "column '" + name + "' value '"
          + Decimal.shorten(text) + "' is not a number; use a plain decimal such as 12.5 or 1.2e3"
          + " (no hex, no d/f suffix)");
    }
    double v = Double.parseDouble(text);
    if (!Double.isFinite(v)) {
      throw InputException.at(file, lines.get(row), "column '" + name + "' value '"
          + Decimal.shorten(text) + "' is not a finite number; replace it or remove the row");
    }
    return v;
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
}
