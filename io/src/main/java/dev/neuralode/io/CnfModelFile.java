package dev.neuralode.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.neuralode.data.Standardizer;
import dev.neuralode.model.CnfModel;
import dev.neuralode.model.CnfNetworkSpec;
import dev.neuralode.model.InvalidModelException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A trained continuous normalizing flow as a JSON file of the {@code neuralode-model} format, kind
 * {@value #KIND}, written by {@code neuralode density} and read by {@code neuralode sample} and
 * {@code neuralode logp}: the JSON form of the core description {@link CnfModel}, to which it maps
 * field by field. It extends the format of {@link ModelFile} additively (same {@code format} and
 * {@code version}, a new {@code kind}):
 *
 * <pre>{@code
 * {"format": "neuralode-model", "version": 1, "kind": "cnf",
 *  "columns": ["eruptions", "waiting"],
 *  "scaling": {"mean": [..], "std": [..]},
 *  "architecture": {"dim": 2, "hidden": [64, 64, 64], "activation": "tanh", "layer": "concatsquash"},
 *  "end_time": 1.0, "trace": "exact",
 *  "solver": {"method": "dopri5", "rtol": 1e-5, "atol": 1e-5},
 *  "parameters": {"layers.0.weight": {"shape": [64, 2], "data": [..]}, ..}}
 * }</pre>
 *
 * <p>The flow models u = (x − mean) / std; densities in data units add log|det ∂u/∂x| =
 * −Σ log std ({@link Standardizer}). Parameters are the dynamics network's, by {@link
 * dev.neuralode.nn.Module#namedParameters()} name; {@code end_time} is T after training. The
 * field checks are {@link CnfModel}'s, reported with the JSON field names.
 *
 * @param format always {@value ModelFile#FORMAT}
 * @param version {@value ModelFile#VERSION}
 * @param kind {@value #KIND}
 * @param columns the data column names, size d
 * @param scaling the standardisation
 * @param architecture the dynamics network
 * @param endTime the flow's end time T &gt; 0
 * @param trace the trace estimator the flow was trained with (evaluation uses the exact trace)
 * @param solver the solver settings
 * @param parameters the network parameters
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"format", "version", "kind", "columns", "scaling", "architecture", "end_time", "trace",
    "solver", "parameters"})
public record CnfModelFile(String format, Integer version, String kind, List<String> columns,
    ScalingData scaling, ArchitectureData architecture, @JsonProperty("end_time") Double endTime,
    String trace, ModelFile.Solver solver, Map<String, ModelFile.ParameterData> parameters) {

  /** The kind of a continuous normalizing flow. */
  public static final String KIND = CnfModel.KIND;
  /** The only layer type of the dynamics network. */
  public static final String LAYER = "concatsquash";

  /**
   * The standardisation u = (x − mean) / std.
   *
   * @param mean the column means
   * @param std the column standard deviations, each &gt; 0
   */
  public record ScalingData(double[] mean, double[] std) {}

  /**
   * The dynamics network, as {@link dev.neuralode.flow.CnfNetwork}'s constructor takes it.
   *
   * @param dim d
   * @param hidden the hidden widths
   * @param activation the activation name
   * @param layer always {@code concatsquash}
   */
  public record ArchitectureData(Integer dim, int[] hidden, String activation, String layer) {}

  /**
   * The JSON form of a trained flow.
   *
   * @param model the flow's description
   * @return the file's content, with the format, version and kind
   */
  public static CnfModelFile of(CnfModel model) {
    CnfNetworkSpec a = model.architecture();
    return new CnfModelFile(ModelFile.FORMAT, ModelFile.VERSION, KIND, model.columns(),
        new ScalingData(model.scaling().mean(), model.scaling().std()),
        new ArchitectureData(a.dim(), a.hidden(), ModelJson.name(a.activation()), LAYER),
        model.endTime(), model.trace(), ModelFile.Solver.of(model.solver()),
        ModelJson.named(model));
  }

  /**
   * Writes the file atomically after validating it.
   *
   * @param file the target
   * @throws IOException if it cannot be written
   * @throws InputException if the model is inconsistent
   */
  public void save(Path file) throws IOException {
    toModel(file);
    Json.write(file, this);
  }

  /**
   * Reads and validates a flow file.
   *
   * @param file the file
   * @return the flow's description; {@link CnfModel#build()} rebuilds the flow
   * @throws InputException naming the file and field if it is missing, not a neuralode model, not
   *     of kind {@value #KIND}, or inconsistent
   */
  public static CnfModel load(Path file) {
    com.fasterxml.jackson.databind.JsonNode tree = Json.readTree(file, "CNF model file");
    Json.refuseSummary(file, tree, KIND);
    com.fasterxml.jackson.databind.JsonNode kindNode = tree.get("kind");
    if (kindNode != null && ModelFile.KIND_ODE_MLP.equals(kindNode.asText())) {
      throw InputException.at(file, 0, "is a time-series (ode-mlp) model; sample and logp need a"
          + " model written by 'neuralode density' (use 'neuralode predict' for a fitted series)");
    }
    return Json.bind(file, tree, CnfModelFile.class).toModel(file);
  }

  /**
   * Maps this file's content to the core description, checking it.
   *
   * @param file the file named in messages
   * @return the flow's description
   * @throws InputException naming the file and the offending field (JSON spelling)
   */
  public CnfModel toModel(Path file) {
    String w = "density";
    if (!ModelFile.FORMAT.equals(format) || version == null || version != ModelFile.VERSION) {
      throw InputException.at(file, 0, "is not a neuralode model file of version " + ModelFile.VERSION
          + "; give a model.json written by 'neuralode density'");
    }
    if (!KIND.equals(kind)) {
      throw InputException.at(file, 0, "holds a model of kind '" + kind + "', not a flow ('" + KIND
          + "'); give a model.json written by 'neuralode density'");
    }
    ModelJson.require(file, "columns", columns, w);
    ScalingData s = ModelJson.require(file, "scaling", scaling, w);
    ModelJson.require(file, "scaling.mean", s.mean(), w);
    ModelJson.require(file, "scaling.std", s.std(), w);
    ArchitectureData a = ModelJson.require(file, "architecture", architecture, w);
    ModelJson.require(file, "architecture.dim", a.dim(), w);
    ModelJson.require(file, "architecture.hidden", a.hidden(), w);
    ModelJson.require(file, "architecture.activation", a.activation(), w);
    ModelJson.require(file, "end_time", endTime, w);
    ModelJson.require(file, "solver", solver, w);
    Map<String, ModelFile.ParameterData> params = ModelJson.require(file, "parameters", parameters, w);
    Map<String, int[]> shapes = ModelJson.shapes(file, params, w);
    return ModelJson.mapped(file, w, () -> {
      if (a.layer() != null && !LAYER.equals(a.layer())) {
        throw new InvalidModelException("architecture.layer", "is '" + a.layer() + "' but only '"
            + LAYER + "' is supported", "refit the flow");
      }
      Standardizer st;
      try {
        st = new Standardizer(s.mean(), s.std());
      } catch (IllegalArgumentException e) {
        throw new InvalidModelException("scaling", "is invalid: " + e.getMessage(), "refit the flow");
      }
      return CnfModel.withNamedParameters(columns, st,
          ModelJson.under("architecture", () -> new CnfNetworkSpec(a.dim(), a.hidden(),
              ModelJson.activation("activation", a.activation()))),
          endTime, trace, solver.toSpec(file, w), shapes, ModelJson.data(params));
    });
  }
}
