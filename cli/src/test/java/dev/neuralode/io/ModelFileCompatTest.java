package dev.neuralode.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.data.Standardizer;
import dev.neuralode.flow.Cnf;
import dev.neuralode.flow.TraceEstimator;
import dev.neuralode.model.CnfModel;
import dev.neuralode.model.OdeMlpModel;
import dev.neuralode.model.SeriesScaling;
import dev.neuralode.model.SolverSpec;
import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Rng;
import dev.neuralode.sensitivity.Sensitivity;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files are the JSON form of the core records: files written before the records existed
 * (the fixtures, saved by the former CLI-only model classes) load and save byte for byte, and a
 * record survives a save and a load unchanged.
 */
class ModelFileCompatTest {

  @TempDir Path dir;

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(ModelFileCompatTest.class.getResource(name).toURI());
  }

  @Test
  void aVersionOneSeriesModelSavesBackByteForByte() throws Exception {
    Path fixture = fixture("ode-mlp-v1.json");
    OdeMlpModel model = ModelFile.load(fixture);
    assertThat(model.architecture().activation()).isEqualTo(Activation.ELU);
    assertThat(model.architecture().timeDependent()).isTrue();
    assertThat(model.solver()).isEqualTo(new SolverSpec("bosh3", 1e-6, 1e-9));
    Path again = dir.resolve("again.json");
    ModelFile.of(model).save(again);
    assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(fixture));
    assertThat(ModelFile.load(again)).isEqualTo(model);
  }

  @Test
  void aVersionOneFlowSavesBackByteForByte() throws Exception {
    Path fixture = fixture("cnf-v1.json");
    CnfModel model = CnfModelFile.load(fixture);
    assertThat(model.trace()).isEqualTo("hutchinson-rademacher");
    assertThat(model.endTime()).isEqualTo(0.75);
    assertThat(model.solver()).isEqualTo(new SolverSpec("dopri5", 1e-5, 1e-6));
    Path again = dir.resolve("again.json");
    CnfModelFile.of(model).save(again);
    assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(fixture));
    assertThat(CnfModelFile.load(again)).isEqualTo(model);
  }

  @Test
  void aSeriesRecordRoundTripsThroughJsonWithAFixedStep() throws IOException {
    Mlp mlp = new Mlp(3, new int[] {4}, 3, Activation.SIGMOID, false, new Rng(21));
    OdeMlpModel model = OdeMlpModel.from(List.of("a", "b", "c"), "t",
        new SeriesScaling(new double[] {1, 2, 3}, new double[] {0.1, 0.2, 0.3}, -4.5, 0.25),
        mlp, SolverSpec.of(Solver.fixed("rk4", 0.05)),
        new double[] {0.1, -1e-300, Double.MIN_VALUE}, -4.5, 12);
    Path file = dir.resolve("m.json");
    ModelFile.of(model).save(file);
    assertThat(Files.readString(file)).contains("\"step_size\" : 0.05");
    OdeMlpModel back = ModelFile.load(file);
    assertThat(back).isEqualTo(model);
    assertThat(back.solver().toSolver().stepSize()).isEqualTo(0.05);
  }

  @Test
  void aFlowRecordRoundTripsThroughJson() throws IOException {
    Cnf cnf = Cnf.create(3, new int[] {5}, Activation.TANH, new Cnf.FlowSettings(1.3, true,
        TraceEstimator.exact(), 0, 0, Solver.of("tsit5"),
        Sensitivity.direct()), new Rng(8));
    CnfModel model = CnfModel.from(List.of("x", "y", "z"),
        new Standardizer(new double[] {0, 1, 2}, new double[] {3, 4, 5}), cnf);
    Path file = dir.resolve("f.json");
    CnfModelFile.of(model).save(file);
    assertThat(Files.readString(file)).doesNotContain("step_size");
    assertThat(CnfModelFile.load(file)).isEqualTo(model);
  }
}
