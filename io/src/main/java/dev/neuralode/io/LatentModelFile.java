package dev.neuralode.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.neuralode.data.Standardizer;
import dev.neuralode.latent.LatentOde;
import dev.neuralode.model.InvalidModelException;
import dev.neuralode.model.LatentOdeModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A trained latent ODE as a JSON file of the {@code neuralode-model} format, kind {@value #KIND},
 * written by {@code neuralode latent}: the JSON form of the core description {@link LatentOdeModel},
 * field by field. It extends the format additively (same {@code format} and {@code version}, a new
 * {@code kind}):
 *
 * <pre>{@code
 * {"format": "neuralode-model", "version": 1, "kind": "latent-ode",
 *  "columns": ["x", "y"], "scaling": {"mean": [..], "std": [..]},
 *  "time": {"origin": 0.0, "scale": 2.5},
 *  "architecture": {"obs_dim": 2, "latent_dim": 4, "encoder_hidden": 25, "encoder_ode_hidden": [20],
 *                   "dynamics_hidden": [20], "decoder_hidden": [20]},
 *  "noise_std": 0.1, "solver": {"method": "rk4", ..},
 *  "parameters": {"encoder.ode.f.layers.0.weight": {"shape": [20, 25], "data": [..]}, ..}}
 * }</pre>
 *
 * @param format always {@value ModelFile#FORMAT}
 * @param version {@value ModelFile#VERSION}
 * @param kind {@value #KIND}
 * @param columns the data column names
 * @param scaling the standardisation
 * @param time the time scaling τ = (t − origin) / scale
 * @param architecture the sizes
 * @param noiseStd σ of the observation model, in standardised units
 * @param solver the solver settings
 * @param parameters the parameters by name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"format", "version", "kind", "columns", "scaling", "time", "architecture", "noise_std", "solver",
    "parameters"})
public record LatentModelFile(String format, Integer version, String kind, List<String> columns,
    CnfModelFile.ScalingData scaling, TimeData time, ArchitectureData architecture,
    @JsonProperty("noise_std") Double noiseStd, ModelFile.Solver solver,
    Map<String, ModelFile.ParameterData> parameters) {

  /** The kind of a latent ODE. */
  public static final String KIND = LatentOdeModel.KIND;

  /**
   * The time scaling.
   *
   * @param origin t at τ = 0
   * @param scale data time units per unit of τ
   */
  public record TimeData(Double origin, Double scale) {}

  /**
   * The sizes of {@link LatentOde.Sizes}.
   *
   * @param obsDim D
   * @param latentDim L
   * @param encoderHidden the GRU's hidden size
   * @param encoderOdeHidden the encoder dynamics' hidden widths
   * @param dynamicsHidden the latent dynamics' hidden widths
   * @param decoderHidden the decoder's hidden widths
   */
  public record ArchitectureData(@JsonProperty("obs_dim") Integer obsDim, @JsonProperty("latent_dim") Integer latentDim,
      @JsonProperty("encoder_hidden") Integer encoderHidden,
      @JsonProperty("encoder_ode_hidden") int[] encoderOdeHidden,
      @JsonProperty("dynamics_hidden") int[] dynamicsHidden, @JsonProperty("decoder_hidden") int[] decoderHidden) {}

  /**
   * The JSON form of a trained latent ODE.
   *
   * @param model the description
   * @return the file's content
   */
  public static LatentModelFile of(LatentOdeModel model) {
    LatentOde.Sizes a = model.architecture();
    return new LatentModelFile(ModelFile.FORMAT, ModelFile.VERSION, KIND, model.columns(),
        new CnfModelFile.ScalingData(model.scaling().mean(), model.scaling().std()),
        new TimeData(model.timeOrigin(), model.timeScale()),
        new ArchitectureData(a.obsDim(), a.latentDim(), a.encoderHidden(), a.encoderOdeHidden(), a.dynamicsHidden(),
            a.decoderHidden()),
        model.noiseStd(), ModelFile.Solver.of(model.solver()), ModelJson.named(model));
  }

  /**
   * Writes the file atomically after validating it.
   *
   * @param file the target
   * @throws IOException if it cannot be written
   */
  public void save(Path file) throws IOException {
    toModel(file);
    Json.write(file, this);
  }

  /**
   * Reads and validates a latent ODE file.
   *
   * @param file the file
   * @return the description; {@link LatentOdeModel#build()} rebuilds the model
   * @throws InputException naming the file and field if it is not a valid latent ODE file
   */
  public static LatentOdeModel load(Path file) {
    com.fasterxml.jackson.databind.JsonNode tree = Json.readTree(file, Json.readable(LatentModelFile.class));
    Json.refuseSummary(file, tree, KIND);
    return Json.bind(file, tree, LatentModelFile.class).toModel(file);
  }

  /**
   * Maps this file's content to the core description, checking it.
   *
   * @param file the file named in messages
   * @return the description
   * @throws InputException naming the file and the offending field
   */
  public LatentOdeModel toModel(Path file) {
    String w = "latent";
    if (!ModelFile.FORMAT.equals(format) || version == null || version != ModelFile.VERSION) {
      throw InputException.at(file, 0, "is not a neuralode model file of version " + ModelFile.VERSION
          + "; give a model.json written by 'neuralode latent'");
    }
    if (!KIND.equals(kind)) {
      throw InputException.at(file, 0, "holds a model of kind '" + kind + "', not a latent ODE ('" + KIND
          + "'); give a model.json written by 'neuralode latent'");
    }
    ModelJson.require(file, "columns", columns, w);
    CnfModelFile.ScalingData s = ModelJson.require(file, "scaling", scaling, w);
    ModelJson.require(file, "scaling.mean", s.mean(), w);
    ModelJson.require(file, "scaling.std", s.std(), w);
    TimeData t = ModelJson.require(file, "time", time, w);
    ModelJson.require(file, "time.origin", t.origin(), w);
    ModelJson.require(file, "time.scale", t.scale(), w);
    ArchitectureData a = ModelJson.require(file, "architecture", architecture, w);
    ModelJson.require(file, "architecture.obs_dim", a.obsDim(), w);
    ModelJson.require(file, "architecture.latent_dim", a.latentDim(), w);
    ModelJson.require(file, "architecture.encoder_hidden", a.encoderHidden(), w);
    ModelJson.require(file, "architecture.encoder_ode_hidden", a.encoderOdeHidden(), w);
    ModelJson.require(file, "architecture.dynamics_hidden", a.dynamicsHidden(), w);
    ModelJson.require(file, "architecture.decoder_hidden", a.decoderHidden(), w);
    ModelJson.require(file, "noise_std", noiseStd, w);
    ModelJson.require(file, "solver", solver, w);
    Map<String, ModelFile.ParameterData> params = ModelJson.require(file, "parameters", parameters, w);
    Map<String, int[]> shapes = ModelJson.shapes(file, params, w);
    return ModelJson.mapped(file, w, () -> {
      Standardizer st;
      try {
        st = new Standardizer(s.mean(), s.std());
      } catch (IllegalArgumentException e) {
        throw new InvalidModelException("scaling", "is invalid: " + e.getMessage(), "refit the model");
      }
      LatentOde.Sizes sizes = new LatentOde.Sizes(a.obsDim(), a.latentDim(), a.encoderHidden(),
          a.encoderOdeHidden(), a.dynamicsHidden(), a.decoderHidden());
      return LatentOdeModel.withNamedParameters(columns, st, t.origin(), t.scale(), sizes, noiseStd,
          solver.toSpec(file, w), shapes, ModelJson.data(params));
    });
  }
}
