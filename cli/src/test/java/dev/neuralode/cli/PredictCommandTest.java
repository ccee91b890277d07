package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.io.ModelFile;
import dev.neuralode.model.OdeMlpModel;
import dev.neuralode.model.SeriesScaling;
import dev.neuralode.model.SolverSpec;
import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code neuralode predict} on a small hand-made model; no shared data needed. */
class PredictCommandTest {

  @TempDir Path dir;
  private Path modelFile;
  private OdeMlpModel model;

  @BeforeEach
  void writeModel() throws Exception {
    Mlp mlp = new Mlp(2, new int[] {8}, 2, Activation.TANH, false, new Rng(3));
    SeriesScaling scaling = new SeriesScaling(new double[] {30, 20},
        new double[] {20, 15}, 1900.0, 5.0);
    model = OdeMlpModel.from(List.of("hare", "lynx"), "year", scaling, mlp,
        SolverSpec.of(Solver.defaults()), new double[] {0.5, -0.7}, 1900, 1920);
    modelFile = dir.resolve("model.json");
    ModelFile.of(model).save(modelFile);
  }

  private CliRun predict(String... args) {
    List<String> all = new ArrayList<>(List.of("--model", modelFile.toString()));
    all.addAll(List.of(args));
    return CliRun.of(new PredictCommand(), all.toArray(String[]::new));
  }

  private static double[][] rows(String csv) {
    List<String> lines = csv.lines().toList();
    assertThat(lines.get(0)).isEqualTo("year,hare,lynx");
    double[][] rows = new double[lines.size() - 1][];
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      rows[i - 1] = new double[f.length];
      for (int j = 0; j < f.length; j++) {
        rows[i - 1][j] = Double.parseDouble(f[j]);
      }
    }
    return rows;
  }

  @Test
  void startsFromTheFittedInitialStateAtTheModelsT0() {
    CliRun run = predict("--t0", "1900", "--t1", "1910", "--points", "11");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    double[][] r = rows(run.out());
    assertThat(r).hasNumberOfRows(11);
    assertThat(r[0]).containsExactly(1900.0, 0.5 * 20 + 30, -0.7 * 15 + 20);
    assertThat(r[10][0]).isEqualTo(1910.0);
    assertThat(r[3][0]).isEqualTo(1903.0);
  }

  @Test
  void coversAWindowAroundTheModelsT0() {
    double[][] forward = rows(predict("--t0", "1900", "--t1", "1910", "--points", "11").out());
    double[][] around = rows(predict("--t0", "1890", "--t1", "1910", "--points", "21").out());
    double[][] before = rows(predict("--t0", "1899", "--t1", "1890", "--points", "10").out());
    assertThat(around[10]).containsExactly(forward[0]);
    for (int i = 0; i <= 10; i++) {
      assertThat(around[10 + i][1]).isCloseTo(forward[i][1], within(1e-6));
      assertThat(around[10 + i][2]).isCloseTo(forward[i][2], within(1e-6));
    }
    assertThat(before[0][0]).isEqualTo(1899.0);
    assertThat(before[9][0]).isEqualTo(1890.0);
    for (int i = 0; i < 10; i++) {
      assertThat(before[i][1]).isCloseTo(around[9 - i][1], within(1e-6));
    }
  }

  @Test
  void startsFromGivenValuesAtT0() {
    CliRun run = predict("--t0", "1950", "--t1", "1940", "--points", "3", "--y0", "12.5,40");
    assertThat(run.exit()).as(run.err()).isZero();
    double[][] r = rows(run.out());
    assertThat(r[0][0]).isEqualTo(1950.0);
    assertThat(r[0][1]).isCloseTo(12.5, within(1e-12));
    assertThat(r[0][2]).isCloseTo(40.0, within(1e-12));
    assertThat(r[1][0]).isEqualTo(1945.0);
    assertThat(r[2][0]).isEqualTo(1940.0);
  }

  @Test
  void writesToAFileAtomicallyWithTheSameContent() throws Exception {
    Path out = dir.resolve("sub/pred.csv");
    CliRun toFile = predict("--t0", "1900", "--t1", "1930", "--points", "31", "--out",
        out.toString());
    assertThat(toFile.exit()).as(toFile.err()).isZero();
    assertThat(toFile.out()).isEmpty();
    CliRun toStdout = predict("--t0", "1900", "--t1", "1930", "--points", "31");
    assertThat(Files.readString(out)).isEqualTo(toStdout.out());
    try (var files = Files.list(out.getParent())) {
      assertThat(files).containsExactly(out);
    }
  }

  private void assertFails(CliRun run, String expected) {
    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().startsWith("predict: ")
        .contains(expected).doesNotContain("Exception");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void badArgumentsExitTwoWithOneLine() throws Exception {
    assertFails(predict("--t0", "1900", "--t1", "1900"), "--t1 equals --t0");
    assertFails(predict("--t0", "1900", "--t1", "1910", "--points", "1"),
        "-n/--count must be between 2");
    assertFails(predict("--t0", "1900", "--t1", "1910", "--y0", "1,2,3"),
        "--y0 has 3 values but the model has 2 columns (hare,lynx)");
    assertFails(predict("--t0", "1900", "--t1", "1910", "--y0", "1,x"),
        "--y0: ");
    assertFails(predict("--t0", "1900"), "missing required option --t1 TIME");
    assertFails(predict("--t0", "1900", "--t1", "1910", "--out", dir.toString()),
        "is a directory");
  }

  @Test
  void badModelFilesExitTwoWithOneLine() throws Exception {
    Path missing = dir.resolve("missing.json");
    assertFails(CliRun.of(new PredictCommand(), "--model", missing.toString(), "--t0", "0",
        "--t1", "1"), missing + ": file not found");
    Path notJson = Files.writeString(dir.resolve("x.json"), "year,hare\n1,2\n");
    assertFails(CliRun.of(new PredictCommand(), "--model", notJson.toString(), "--t0", "0",
        "--t1", "1"), notJson + " line 1: is not valid JSON");
    String text = Files.readString(modelFile);
    Path otherVersion = Files.writeString(dir.resolve("v2.json"),
        text.replace("\"version\" : 1", "\"version\" : 2"));
    assertFails(CliRun.of(new PredictCommand(), "--model", otherVersion.toString(), "--t0",
        "0", "--t1", "1"), "model format version 2 is not supported");
    Path badShape = Files.writeString(dir.resolve("shape.json"),
        text.replaceFirst("\"shape\" : \\[ 8, 2 \\]", "\"shape\" : [ 2, 8 ]"));
    assertFails(CliRun.of(new PredictCommand(), "--model", badShape.toString(), "--t0", "0",
        "--t1", "1"), "'parameters.layers.0.weight.shape' is [2, 8]");
  }

  @Test
  void solverFailureIsReportedInDataTimeWithAFix() throws Exception {
    // dz/dτ = 4z: the state overflows long before τ = 2e8.
    Mlp growth = new Mlp(2, new int[] {2}, 2, Activation.IDENTITY, false, new Rng(3));
    for (var p : growth.namedParameters().entrySet()) {
      int[] shape = p.getValue().shape();
      double[] data = new double[shape.length == 2 ? shape[0] * shape[1] : shape[0]];
      if (shape.length == 2) {
        data[0] = 2;
        data[3] = 2;
      }
      p.getValue().set(Tensor.of(data, shape));
    }
    ModelFile.of(OdeMlpModel.from(List.of("hare", "lynx"), "year", model.scaling(), growth,
        SolverSpec.of(Solver.defaults()), new double[] {0.5, -0.7}, 1900, 1920))
        .save(modelFile);
    CliRun run = predict("--t0", "1900", "--t1", "1e9");
    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    assertThat(run.errLines()).singleElement().asString()
        .contains("the ODE solver stopped at year").contains("give a shorter range")
        .doesNotContain("maxSteps").doesNotContain("max-steps");
  }

  @Test
  void flowCommandsRefuseAFittedSeriesModelByKind() {
    for (CliRun run : List.of(CliRun.of(new SampleCommand(), "--model", modelFile.toString()),
        CliRun.of(new LogpCommand(), "--model", modelFile.toString(), "--data",
            modelFile.toString()))) {
      assertThat(run.exit()).as(run.err()).isEqualTo(2);
      assertThat(run.err()).contains(modelFile + ": is a time-series (ode-mlp) model;"
          + " sample and logp need a model written by 'neuralode density'")
          .doesNotContain("Unrecognized");
    }
  }
}
