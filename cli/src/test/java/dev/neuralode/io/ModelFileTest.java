package dev.neuralode.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.neuralode.model.OdeMlpModel;
import dev.neuralode.model.SeriesScaling;
import dev.neuralode.model.SolverSpec;
import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

  @TempDir Path dir;

  static ModelFile sample(boolean timeDependent) {
    Mlp mlp = new Mlp(2, new int[] {5, 3}, 2, Activation.TANH, timeDependent, new Rng(7));
    SeriesScaling scaling = new SeriesScaling(new double[] {34.1, 20.2},
        new double[] {20.9, 16.3}, 1900.0, 5.0);
    return ModelFile.of(OdeMlpModel.from(List.of("hare", "lynx"), "year", scaling, mlp,
        SolverSpec.of(Solver.builder().rtol(1e-6).build()), new double[] {-0.2, Math.PI / 7},
        1900, 1920));
  }

  @Test
  void roundTripReproducesEveryBit() throws IOException {
    ModelFile model = sample(true);
    Path file = dir.resolve("sub/model.json");
    model.save(file);
    OdeMlpModel back = ModelFile.load(file);
    Mlp original = model.toModel(file).buildMlp();
    Mlp rebuilt = back.buildMlp();
    double[] a = original.flatParameters();
    double[] b = rebuilt.flatParameters();
    assertThat(b).hasSameSizeAs(a);
    for (int i = 0; i < a.length; i++) {
      assertThat(Double.doubleToRawLongBits(b[i])).isEqualTo(Double.doubleToRawLongBits(a[i]));
    }
    assertThat(rebuilt.timeDependent()).isTrue();
    assertThat(rebuilt.hidden()).containsExactly(5, 3);
    assertThat(back.initialState()).containsExactly(model.initialState());
    assertThat(back.scaling().mean()).containsExactly(34.1, 20.2);
    assertThat(back.scaling().timeScale()).isEqualTo(5.0);
    assertThat(back.solver().toSolver()).isEqualTo(Solver.builder().rtol(1e-6).build());
    assertThat(back.columns()).containsExactly("hare", "lynx");
    assertThat(back.timeColumn()).isEqualTo("year");
    assertThat(back.t0()).isEqualTo(1900.0);
    assertThat(back.dataTEnd()).isEqualTo(1920.0);
    try (var files = Files.list(file.getParent())) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void writesTheDocumentedLayout() throws IOException {
    Path file = dir.resolve("model.json");
    sample(false).save(file);
    ObjectNode json = (ObjectNode) Json.mapper().readTree(file.toFile());
    assertThat(json.get("format").asText()).isEqualTo("neuralode-model");
    assertThat(json.get("version").asInt()).isEqualTo(1);
    assertThat(json.get("kind").asText()).isEqualTo("ode-mlp");
    assertThat(json.get("time_column").asText()).isEqualTo("year");
    assertThat(json.get("scaling").has("time_offset")).isTrue();
    assertThat(json.get("architecture").get("activation").asText()).isEqualTo("tanh");
    assertThat(json.get("architecture").get("time_dependent").asBoolean()).isFalse();
    assertThat(json.get("solver").get("method").asText()).isEqualTo("dopri5");
    assertThat(json.get("parameters").fieldNames()).toIterable().containsExactly(
        "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias",
        "layers.2.weight", "layers.2.bias");
    assertThat(json.get("parameters").get("layers.0.weight").get("shape").toString())
        .isEqualTo("[5,2]");
    assertThat(json.get("initial_state").size()).isEqualTo(2);
    assertThat(json.get("data_t_end").asDouble()).isEqualTo(1920.0);
  }

  private void assertRejected(Consumer<ObjectNode> edit, String expected) throws IOException {
    Path good = dir.resolve("good.json");
    sample(false).save(good);
    ObjectNode json = (ObjectNode) Json.mapper().readTree(good.toFile());
    edit.accept(json);
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, Json.toJson(json));
    assertThatThrownBy(() -> ModelFile.load(bad))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(bad.toString())
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void rejectsWrongFormatVersionAndKind() throws IOException {
    assertRejected(j -> j.put("format", "other"), "is not a neuralode model file");
    assertRejected(j -> j.put("version", 2), "version 2 is not supported");
    assertRejected(j -> j.remove("version"), "field 'version' is missing");
    assertRejected(j -> j.put("kind", "cnf"), "is a density (cnf) model; predict and spark ensemble-solve need a"
        + " model written by 'neuralode fit'");
    assertRejected(j -> j.put("kind", "sde"), "kind 'sde' is not supported");
  }

  @Test
  void rejectsInconsistentShapesAndValues() throws IOException {
    assertRejected(j -> ((ArrayNode) j.get("parameters").get("layers.1.weight").get("shape"))
        .set(1, 4), "'parameters.layers.1.weight.shape' is [3, 4] but the architecture needs"
        + " [3, 5]");
    assertRejected(j -> ((ArrayNode) j.get("parameters").get("layers.2.bias").get("data"))
        .remove(0), "'parameters.layers.2.bias.data' has 1 values but 2 are needed");
    assertRejected(j -> ((ObjectNode) j.get("parameters")).remove("layers.2.bias"),
        "lacks 'layers.2.bias'");
    assertRejected(j -> ((ObjectNode) j.get("architecture")).put("in", 3),
        "has in = 3 and out = 2 but there are 2 columns");
    assertRejected(j -> ((ObjectNode) j.get("architecture")).put("activation", "swish"),
        "unknown activation 'swish'");
    assertRejected(j -> ((ArrayNode) j.get("scaling").get("std")).set(0, 0.0),
        "'scaling.std' value 0.0 for column 'hare' must be > 0");
    assertRejected(j -> ((ArrayNode) j.get("initial_state")).add(1.0),
        "'initial_state' has 3 values but 2 are needed");
    assertRejected(j -> j.remove("t0"), "field 't0' is missing");
    assertRejected(j -> j.put("data_t_end", 1800), "must be greater than t0");
    assertRejected(j -> ((ObjectNode) j.get("solver")).put("method", "rk46"),
        "'solver' is invalid");
  }

  @Test
  void rejectsUnknownFieldsAndBadJson() throws IOException {
    assertRejected(j -> j.put("extra", 1), "unknown field 'extra'; remove it or check its spelling");
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"format\": \"neuralode-model\",\n \"version\": ");
    assertThatThrownBy(() -> ModelFile.load(broken)).isInstanceOf(InputException.class)
        .hasMessageContaining("line 2").hasMessageContaining("is not valid JSON");
    assertThatThrownBy(() -> ModelFile.load(dir.resolve("missing.json")))
        .isInstanceOf(InputException.class).hasMessageContaining("file not found");
  }

  @Test
  void refusesToSaveNonFiniteValues() {
    ModelFile model = sample(false);
    ModelFile bad = new ModelFile(model.format(), model.version(), model.kind(),
        model.columns(), model.timeColumn(), model.scaling(), model.architecture(),
        model.solver(), model.parameters(), new double[] {Double.NaN, 0}, model.t0(),
        model.dataTEnd());
    Path file = dir.resolve("nan.json");
    assertThatThrownBy(() -> bad.save(file)).isInstanceOf(InputException.class)
        .hasMessageContaining("'initial_state' value 0 is NaN");
    assertThat(file).doesNotExist();
  }
}
