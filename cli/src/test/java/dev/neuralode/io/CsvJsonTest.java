package dev.neuralode.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvJsonTest {

  @TempDir Path dir;

  record Settings(String command, int iterations, double learningRate, List<Double> losses) {}

  @Test
  void csvRoundTripsDoublesBitForBit() throws IOException {
    double[] t = {1e-300, 0.1, 0.30000000000000004, 7.0e15};
    double[] x = {Math.PI, -1.0 / 3.0, 1.2345678901234567e20, Double.MIN_VALUE};
    Path file = dir.resolve("out/table.csv");
    Csv.writeColumns(file, List.of("time", "x"), t, x);
    assertThat(Files.readAllLines(file).get(0)).isEqualTo("time,x");
    TimeSeries back = TimeSeriesCsv.read(file, "time");
    assertThat(back.t()).containsExactly(t);
    assertThat(back.column("x")).containsExactly(x);
  }

  @Test
  void csvQuotesAwkwardHeaderNames() {
    assertThat(Csv.headerLine(List.of("a", "b,c", "say \"hi\"")))
        .isEqualTo("a,\"b,c\",\"say \"\"hi\"\"\"\n");
  }

  @Test
  void csvRejectsRaggedRows() {
    assertThatThrownBy(() -> Csv.write(dir.resolve("bad.csv"), List.of("a", "b"),
        new double[][] {{1, 2}, {3}}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows[1]");
    assertThat(dir.resolve("bad.csv")).doesNotExist();
  }

  @Test
  void jsonRoundTripsRecordsAndIsPretty() throws IOException {
    Settings s = new Settings("demo spiral", 2000, 1e-3, List.of(0.5, 0.25));
    Path file = dir.resolve("summary.json");
    Json.write(file, s);
    String text = Files.readString(file);
    assertThat(text).contains("\n  \"iterations\" : 2000").endsWith("}\n");
    assertThat(Json.read(file, Settings.class)).isEqualTo(s);
  }

  @Test
  void jsonReadReportsFileAndLineOfSyntaxError() throws IOException {
    Path file = dir.resolve("model.json");
    Files.writeString(file, "{\n  \"command\": \"x\",\n  \"iterations\": ,\n}\n");
    assertThatThrownBy(() -> Json.read(file, Settings.class))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(file + " line 3: is not valid JSON");
  }

  @Test
  void jsonReadReportsWrongShapeAndMissingFile() throws IOException {
    Path file = dir.resolve("other.json");
    Json.write(file, Map.of("unexpected", 1));
    assertThatThrownBy(() -> Json.read(file, Settings.class))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("does not match the settings format");
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> Json.read(missing, Settings.class))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(missing + ": file not found");
  }
}
