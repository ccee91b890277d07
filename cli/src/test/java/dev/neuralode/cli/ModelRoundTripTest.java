package dev.neuralode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.io.CnfModelFile;
import dev.neuralode.io.Json;
import dev.neuralode.io.ModelFile;
import dev.neuralode.io.SharedData;
import dev.neuralode.model.CnfModel;
import dev.neuralode.model.OdeMlpModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model files {@code fit} and {@code density} write are the JSON form of one core record:
 * loading gives the record, and writing the record again gives the same file.
 */
class ModelRoundTripTest {

  @TempDir Path dir;

  @Test
  void fitWritesTheJsonFormOfItsSeriesModel() throws Exception {
    Path out = dir.resolve("fit");
    CliRun run = CliRun.of(new FitCommand(), "--data",
        SharedData.require("data/lynx_hare.csv").toString(), "--time", "year", "--columns",
        "hare,lynx", "--iterations", "2", "--hidden", "4", "--out", out.toString(), "--quiet");
    assertThat(run.exit()).as(run.err()).isZero();
    Path file = out.resolve("model.json");
    OdeMlpModel model = ModelFile.load(file);
    assertThat(Json.toJson(ModelFile.of(model))).isEqualTo(Files.readString(file));
    assertThat(ModelFile.of(model).toModel(file)).isEqualTo(model);
    assertThat(model.architecture().hidden()).containsExactly(4);
    double[][] fitted = model.build().predict(new double[] {1900, 1920});
    String csv = Files.readString(out.resolve("predictions.csv"));
    assertThat(csv.lines().skip(1).findFirst().orElseThrow())
        .isEqualTo("1900.0," + fitted[0][0] + "," + fitted[0][1]);
  }

  @Test
  void densityWritesTheJsonFormOfItsFlow() throws Exception {
    Path out = dir.resolve("moons");
    CliRun run = CliRun.of(new DensityCommand(), "--toy", "moons", "--toy-samples", "60",
        "--iterations", "2", "--hidden", "4", "--grid", "4", "--samples", "10", "--out",
        out.toString(), "--quiet");
    assertThat(run.exit()).as(run.err()).isZero();
    Path file = out.resolve("model.json");
    CnfModel model = CnfModelFile.load(file);
    assertThat(Json.toJson(CnfModelFile.of(model))).isEqualTo(Files.readString(file));
    assertThat(CnfModelFile.of(model).toModel(file)).isEqualTo(model);
    assertThat(model.columns()).containsExactly("x", "y");
  }
}
