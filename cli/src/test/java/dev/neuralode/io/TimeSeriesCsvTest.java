package dev.neuralode.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeSeriesCsvTest {

  @TempDir Path dir;

  private Path csv(String content) throws IOException {
    Path file = dir.resolve("series.csv");
    Files.writeString(file, content);
    return file;
  }

  private AbstractThrowableAssert<?, ? extends Throwable> failure(
      Path file, String time, List<String> columns) {
    return assertThatThrownBy(() -> TimeSeriesCsv.read(file, time, columns))
        .isInstanceOf(InputException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void requestedNamesAreTrimmedAndSemicolonHeadersGetAHint() throws IOException {
    Path file = csv("year,hare,lynx\n1900,30,4\n1901,47,6\n1902,70,9\n");
    TimeSeries s = TimeSeriesCsv.read(file, " year", List.of("hare", " lynx "));
    assertThat(s.names()).containsExactly("hare", "lynx");
    Path semi = Files.writeString(dir.resolve("semi.csv"),
        "year;hare;lynx\n1900;30;4\n1901;47;6\n1902;70;9\n");
    failure(semi, "year", List.of("hare")).hasMessageContaining("columns must be comma-separated");
    assertThat(TableCsv.read(file, List.of(" hare", "lynx "), 1)[0]).containsExactly(30, 4);
    assertThatThrownBy(() -> TableCsv.read(semi, List.of("hare"), 1))
        .hasMessageContaining("columns must be comma-separated");
  }

  @Test
  void readsSelectedColumnsInRequestedOrder() throws IOException {
    Path file = csv("\uFEFFyear, hare ,lynx\n1900,30.0,4.0\n\n1901, 47.2 ,6.1\n"
        + "1902,\"70.2\",9.8\n1903,77.4,-3.5e1\n");
    TimeSeries s = TimeSeriesCsv.read(file, "year", List.of("lynx", "hare"));
    assertThat(s.timeName()).isEqualTo("year");
    assertThat(s.t()).containsExactly(1900, 1901, 1902, 1903);
    assertThat(s.names()).containsExactly("lynx", "hare");
    assertThat(s.values()[1]).containsExactly(6.1, 47.2);
    assertThat(s.values()[3]).containsExactly(-35.0, 77.4);
    assertThat(s.column("hare")).containsExactly(30.0, 47.2, 70.2, 77.4);
    assertThat(s.size()).isEqualTo(4);
    assertThat(s.dimension()).isEqualTo(2);
  }

  @Test
  void defaultsToAllNonTimeColumns() throws IOException {
    Path file = csv("a,t,b\n1,0,2\n3,1,4\n5,2,6\n");
    TimeSeries s = TimeSeriesCsv.read(file, "t");
    assertThat(s.names()).containsExactly("a", "b");
    assertThat(s.values()[2]).containsExactly(5.0, 6.0);
  }

  @Test
  void readsSharedLynxHareData() {
    Path file = SharedData.require("data/lynx_hare.csv");
    TimeSeries s = TimeSeriesCsv.read(file, "year", List.of("hare", "lynx"));
    assertThat(s.size()).isEqualTo(21);
    assertThat(s.t()[0]).isEqualTo(1900.0);
    assertThat(s.t()[20]).isEqualTo(1920.0);
    assertThat(s.values()[0]).containsExactly(30.0, 4.0);
    assertThat(s.values()[1]).containsExactly(47.2, 6.1);
  }

  @Test
  void nonNumericValueNamesFileLineColumnAndValue() throws IOException {
    Path file = csv("year,hare,lynx\n1900,30,4\n1901,47,6\n1902,70,9\n1903,abc,35\n");
    failure(file, "year", List.of("hare", "lynx"))
        .hasMessageStartingWith(file + " line 5: column 'hare' value 'abc' is not a number;");
  }

  @Test
  void lineNumbersCountBlankLinesAndQuotedLineBreaks() throws IOException {
    Path file = csv("t,x\n0,1\n\n1,\"2\"\n2,\"multi\nline\"\n");
    failure(file, "t", List.of())
        .hasMessageStartingWith(file + " line 5: column 'x' value 'multi line' is not a number");
    Path later = csv("t,x\n0,\"1\n\"\n1,2\n2,oops\n");
    failure(later, "t", List.of()).hasMessageStartingWith(later + " line 5: column 'x'");
  }

  @Test
  void emptyNanAndInfiniteValuesAreRejected() throws IOException {
    Path empty = csv("t,x\n0,1\n1,\n2,3\n");
    failure(empty, "t", List.of()).hasMessageStartingWith(empty + " line 3: column 'x' is empty");
    Path nan = csv("t,x\n0,1\n1,NaN\n2,3\n");
    failure(nan, "t", List.of())
        .hasMessageStartingWith(nan + " line 3: column 'x' value 'NaN' marks a missing value;");
    Path na = csv("t,x\n0,1\n1,2\n2,NA\n");
    failure(na, "t", List.of())
        .hasMessageStartingWith(na + " line 4: column 'x' value 'NA' marks a missing value;");
    Path word = csv("t,x\n0,1\n1,two\n2,3\n");
    failure(word, "t", List.of())
        .hasMessageStartingWith(word + " line 3: column 'x' value 'two' is not a number");
    Path huge = csv("t,x\n0,1\n1,2\n2,1e999\n");
    failure(huge, "t", List.of())
        .hasMessageStartingWith(huge + " line 4: column 'x' value '1e999' is not a finite number");
  }

  @Test
  void timeMustStrictlyIncrease() throws IOException {
    Path file = csv("year,hare\n1900,1\n1901,2\n1901,3\n1902,4\n");
    failure(file, "year", List.of())
        .hasMessageStartingWith(file + " line 4: time column 'year' value '1901' is not greater"
            + " than '1901' on line 3;")
        .hasMessageContaining("sort the rows by time");
    Path down = csv("t,x\n0,1\n2,2\n1,3\n");
    failure(down, "t", List.of())
        .hasMessageStartingWith(down + " line 4: time column 't' value '1' is not greater than"
            + " '2' on line 3");
  }

  @Test
  void missingColumnListsAvailableColumns() throws IOException {
    Path file = csv("year,hare,lynx\n1900,1,2\n1901,2,3\n1902,3,4\n");
    failure(file, "year", List.of("hare", "wolf"))
        .hasMessage(file + " line 1: no column 'wolf' in the header; available columns: year,"
            + " hare, lynx");
    failure(file, "time", List.of())
        .hasMessageStartingWith(file + " line 1: no time column 'time' in the header;")
        .hasMessageEndingWith("available columns: year, hare, lynx");
  }

  @Test
  void tooFewRowsSaysHowManyAreNeeded() throws IOException {
    Path file = csv("t,x\n0,1\n1,2\n");
    failure(file, "t", List.of())
        .hasMessageStartingWith(file + ": only 2 data rows; need at least 3");
    Path headerOnly = csv("t,x\n");
    failure(headerOnly, "t", List.of()).hasMessageContaining(": only 0 data rows");
  }

  @Test
  void emptyMissingAndDirectoryFilesAreReported() throws IOException {
    Path empty = csv("");
    failure(empty, "t", List.of()).hasMessageStartingWith(empty + ": the file is empty;");
    Path blank = csv("\n\n");
    failure(blank, "t", List.of()).hasMessageStartingWith(blank + ": the file is empty;");
    Path missing = dir.resolve("missing.csv");
    failure(missing, "t", List.of()).hasMessageStartingWith(missing + ": file not found;");
    failure(dir, "t", List.of()).hasMessageStartingWith(dir + ": is a directory");
  }

  @Test
  void badHeadersAndRowWidthsAreReported() throws IOException {
    Path dup = csv("t,x,x\n0,1,2\n1,2,3\n2,3,4\n");
    failure(dup, "t", List.of()).hasMessageStartingWith(dup + " line 1: the header names column"
        + " 'x' twice");
    Path ragged = csv("t,x,y\n0,1,2\n1,2\n2,3,4\n");
    failure(ragged, "t", List.of())
        .hasMessageStartingWith(ragged + " line 3: expected 3 fields (t,x,y) but found 2");
    Path timeAsValue = csv("t,x\n0,1\n1,2\n2,3\n");
    failure(timeAsValue, "t", List.of("t"))
        .hasMessageContaining("column 't' is the time column");
    Path onlyTime = csv("t\n0\n1\n2\n");
    failure(onlyTime, "t", List.of()).hasMessageContaining("no value columns");
  }

  @Test
  void malformedQuotingIsReportedWithLine() throws IOException {
    Path file = csv("t,x\n0,1\n1,\"2\"x\n2,3\n");
    failure(file, "t", List.of()).hasMessageStartingWith(file + " line 3: malformed CSV");
  }
}
