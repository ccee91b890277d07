package dev.neuralode.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.neuralode.model.MlpSpec;
import dev.neuralode.model.OdeMlpModel;
import dev.neuralode.model.SeriesScaling;
import dev.neuralode.model.SolverSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A trained model as a JSON file, written by {@code neuralode fit} and read by {@code neuralode
 * predict}: the JSON form of the core description {@link OdeMlpModel}, to which it maps field by
 * field ({@link #of(OdeMlpModel)}, {@link #toModel(Path)}).
 *
 * <p>The format, version {@value #VERSION}, for kind {@value #KIND_ODE_MLP} (a neural ODE dz/dτ =
 * MLP(z) fitted to a standardised time series):
 *
 * <pre>{@code
 * {"format": "neuralode-model", "version": 1, "kind": "ode-mlp",
 *  "columns": ["hare", "lynx"], "time_column": "year",
 *  "scaling": {"mean": [..], "std": [..], "time_offset": 1900, "time_scale": 5},
 *  "architecture": {"in": 2, "hidden": [32, 32], "out": 2, "activation": "tanh",
 *                   "time_dependent": false},
 *  "solver": {"method": "dopri5", "rtol": 1e-7, "atol": 1e-9},
 *  "parameters": {"layers.0.weight": {"shape": [32, 2], "data": [..]}, ..},
 *  "initial_state": [..], "t0": 1900, "data_t_end": 1920}
 * }</pre>
 *
 * <p>The state is standardised, z = (x − mean) / std per column, and model time is τ = (t −
 * time_offset) / time_scale. {@code initial_state} is z at data time {@code t0}; {@code
 * data_t_end} is the last data time. Parameters are keyed by {@link
 * dev.neuralode.nn.Module#namedParameters()} names, data row-major. Numbers are written as the
 * shortest decimal that reads back as the same {@code double}, so a save/load round trip
 * reproduces every bit. The solver may also hold {@code "step_size"}, the fixed step of a
 * fixed-step method, written only when one was set. {@link #validate(Path)} checks the file: the
 * format, version and kind here, every field's consistency in {@link OdeMlpModel}.
 *
 * <p>Two optional fields, written only when used (files without them read as before): {@code
 * "latent": K}, the number of latent state components of an augmented fit (then {@code
 * initial_state} and the architecture have d + K components), and {@code "groups": [{"name":
 * "s1", "t0": 0, "data_t_end": 24, "initial_state": [..]}, ..]}, one entry per series of a panel
 * fit ({@code fit --group}).
 *
 * @param format always {@value #FORMAT}
 * @param version the format version, {@value #VERSION}
 * @param kind the model kind, e.g. {@value #KIND_ODE_MLP}
 * @param columns the state column names, size d
 * @param timeColumn the name of the time column
 * @param scaling how data map to model units
 * @param architecture the dynamics network
 * @param solver the ODE solver settings the model was trained with
 * @param parameters the network parameters by dotted name, in registration order
 * @param initialState the standardised state at {@code t0}, size d
 * @param t0 the first data time, in data units
 * @param dataTEnd the last data time, in data units
 * @param latent the number of latent state components, or null for none
 * @param groups the series of a panel fit, or null for one series
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"format", "version", "kind", "columns", "time_column", "scaling",
    "architecture", "solver", "parameters", "initial_state", "t0", "data_t_end", "latent", "groups"})
public record ModelFile(
    String format,
    Integer version,
    String kind,
    List<String> columns,
    @JsonProperty("time_column") String timeColumn,
    Scaling scaling,
    Architecture architecture,
    Solver solver,
    Map<String, ParameterData> parameters,
    @JsonProperty("initial_state") double[] initialState,
    Double t0,
    @JsonProperty("data_t_end") Double dataTEnd,
    Integer latent,
    List<Group> groups) {

  /**
   * One series of a panel fit.
   *
   * @param name the group's name
   * @param t0 its first data time
   * @param dataTEnd its last data time
   * @param initialState its standardised initial state, size d + K
   */
  @JsonPropertyOrder({"name", "t0", "data_t_end", "initial_state"})
  public record Group(String name, Double t0, @JsonProperty("data_t_end") Double dataTEnd,
      @JsonProperty("initial_state") double[] initialState) {}

  /**
   * A file without the optional {@code latent} and {@code groups} fields, as version 1 files
   * before them were written.
   *
   * @param format always {@value #FORMAT}
   * @param version the format version
   * @param kind the model kind
   * @param columns the state column names
   * @param timeColumn the time column
   * @param scaling the scaling
   * @param architecture the network
   * @param solver the solver settings
   * @param parameters the parameters by name
   * @param initialState the initial state
   * @param t0 the first data time
   * @param dataTEnd the last data time
   */
  public ModelFile(String format, Integer version, String kind, List<String> columns,
      String timeColumn, Scaling scaling, Architecture architecture, Solver solver,
      Map<String, ParameterData> parameters, double[] initialState, Double t0, Double dataTEnd) {
    this(format, version, kind, columns, timeColumn, scaling, architecture, solver, parameters,
        initialState, t0, dataTEnd, null, null);
  }

  /** The value of the {@code format} field. */
  public static final String FORMAT = "neuralode-model";
  /** The format version this code writes and reads. */
  public static final int VERSION = 1;
  /** The kind of a neural ODE with MLP dynamics fitted to a time series. */
  public static final String KIND_ODE_MLP = OdeMlpModel.KIND;
  /**
   * The kind of a continuous normalizing flow, written by {@code neuralode density}; read it with
   * {@link CnfModelFile}, which shares this format and version.
   */
  public static final String KIND_CNF = CnfModelFile.KIND;

  /**
   * How data values and times map to model units: z_j = (x_j − mean_j) / std_j and τ = (t −
   * timeOffset) / timeScale.
   *
   * @param mean the column means, size d
   * @param std the column standard deviations, size d, each {@code > 0}
   * @param timeOffset the data time at τ = 0
   * @param timeScale data time units per model time unit, {@code > 0}
   */
  @JsonPropertyOrder({"mean", "std", "time_offset", "time_scale"})
  public record Scaling(double[] mean, double[] std,
      @JsonProperty("time_offset") Double timeOffset,
      @JsonProperty("time_scale") Double timeScale) {

    /**
     * The JSON form of a core scaling.
     *
     * @param s the scaling
     * @return the same values
     */
    public static Scaling of(SeriesScaling s) {
      return new Scaling(s.mean(), s.std(), s.timeOffset(), s.timeScale());
    }
  }

  /**
   * The dynamics network of kind {@value #KIND_ODE_MLP}, as {@link dev.neuralode.nn.Mlp}'s constructor takes it.
   *
   * @param in the input width, d
   * @param hidden the hidden widths
   * @param out the output width, d
   * @param activation the activation name, e.g. {@code "tanh"}
   * @param timeDependent whether the network also takes model time
   */
  @JsonPropertyOrder({"in", "hidden", "out", "activation", "time_dependent"})
  public record Architecture(Integer in, int[] hidden, Integer out, String activation,
      @JsonProperty("time_dependent") Boolean timeDependent) {

    /**
     * The JSON form of a core architecture.
     *
     * @param a the architecture
     * @return the same values, the activation in lower case
     */
    public static Architecture of(MlpSpec a) {
      return new Architecture(a.in(), a.hidden(), a.out(), ModelJson.name(a.activation()),
          a.timeDependent());
    }
  }

  /**
   * ODE solver settings, the JSON form of {@link SolverSpec}.
   *
   * @param method the method name, e.g. {@code "dopri5"}
   * @param rtol the relative tolerance
   * @param atol the absolute tolerance
   * @param stepSize the fixed step, or null (absent) when none was set
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"method", "rtol", "atol", "step_size"})
  public record Solver(String method, Double rtol, Double atol,
      @JsonProperty("step_size") Double stepSize) {

    /**
     * The JSON form of core solver settings.
     *
     * @param s the settings
     * @return the same values; no {@code step_size} when the step is not set (NaN)
     */
    public static Solver of(SolverSpec s) {
      return new Solver(s.method(), s.rtol(), s.atol(),
          Double.isNaN(s.stepSize()) ? null : s.stepSize());
    }

    /**
     * The core settings, after checking that the fields are present.
     *
     * @param file the file named in messages
     * @param writer the command that writes this kind, named in messages
     * @return the settings
     * @throws InputException if a field is missing
     * @throws dev.neuralode.model.InvalidModelException if the solver rejects the settings
     */
    SolverSpec toSpec(Path file, String writer) {
      ModelJson.require(file, "solver.method", method, writer);
      ModelJson.require(file, "solver.rtol", rtol, writer);
      ModelJson.require(file, "solver.atol", atol, writer);
      return new SolverSpec(method, rtol, atol, stepSize == null ? Double.NaN : stepSize);
    }
  }

  /**
   * One parameter tensor.
   *
   * @param shape the shape
   * @param data the values in row-major order
   */
  public record ParameterData(int[] shape, double[] data) {}

  /**
   * The JSON form of a fitted series model.
   *
   * @param model the model
   * @return the file's content, with this format, version and kind
   */
  public static ModelFile of(OdeMlpModel model) {
    return new ModelFile(FORMAT, VERSION, KIND_ODE_MLP, model.columns(), model.timeColumn(),
        Scaling.of(model.scaling()), Architecture.of(model.architecture()),
        Solver.of(model.solver()), ModelJson.named(model), model.initialState(), model.t0(),
        model.dataTEnd(), model.latent() > 0 ? model.latent() : null,
        model.groups().isEmpty() ? null : model.groups().stream()
            .map(g -> new Group(g.name(), g.t0(), g.dataTEnd(), g.initialState())).toList());
  }

  /**
   * Validates this model and writes it atomically (temporary file, then rename).
   *
   * @param file the file to create or replace
   * @throws InputException if the model is invalid (for example holds a non-finite number)
   * @throws IOException if the file cannot be written
   */
  public void save(Path file) throws IOException {
    validate(file);
    Json.write(file, this);
  }

  /**
   * Reads and validates a model file.
   *
   * @param file the model file
   * @return the model
   * @throws InputException if the file is missing, not JSON, not a neuralode model, of another
   *     version or kind, or inconsistent (shapes, sizes, non-finite values)
   */
  public static OdeMlpModel load(Path file) {
    com.fasterxml.jackson.databind.JsonNode tree = Json.readTree(file, "model file");
    Json.refuseSummary(file, tree, KIND_ODE_MLP);
    com.fasterxml.jackson.databind.JsonNode kindNode = tree.get("kind");
    if (kindNode != null && KIND_CNF.equals(kindNode.asText())) {
      throw InputException.at(file, 0, "is a density (cnf) model; predict and spark ensemble-solve need a"
          + " model written by 'neuralode fit' or 'neuralode spark fit-ensemble' (use 'neuralode sample',"
          + " 'neuralode logp' or 'neuralode spark logp' for a flow)");
    }
    return Json.bind(file, tree, ModelFile.class).toModel(file);
  }

  /**
   * Checks that this model is complete and consistent, as {@link #load(Path)} does.
   *
   * @param file the file named in messages
   * @throws InputException naming the file and the offending field
   */
  public void validate(Path file) {
    toModel(file);
  }

  /**
   * Maps this file's content to the core description, checking it.
   *
   * @param file the file named in messages
   * @return the model
   * @throws InputException naming the file and the offending field (JSON spelling), for a wrong
   *     format, version or kind, a missing field or an inconsistent one
   */
  public OdeMlpModel toModel(Path file) {
    java.util.Objects.requireNonNull(file, "file");
    String w = "fit";
    if (!FORMAT.equals(format)) {
      throw InputException.at(file, 0, "is not a neuralode model file (field 'format' is "
          + (format == null ? "missing" : "'" + format + "'") + ", expected '" + FORMAT
          + "'); give a model.json written by 'neuralode fit'");
    }
    ModelJson.require(file, "version", version, w);
    if (version != VERSION) {
      throw InputException.at(file, 0, "model format version " + version
          + " is not supported; this neuralode reads version " + VERSION
          + "; refit the model with this version");
    }
    if (!KIND_ODE_MLP.equals(kind)) {
      throw InputException.at(file, 0, "model kind " + (kind == null ? "missing" : "'" + kind + "'")
          + " is not supported here; supported kinds: " + KIND_ODE_MLP
          + (KIND_CNF.equals(kind) ? " (a flow: use 'neuralode sample' or 'neuralode logp')" : ""));
    }
    ModelJson.require(file, "columns", columns, w);
    ModelJson.require(file, "time_column", timeColumn, w);
    Scaling s = ModelJson.require(file, "scaling", scaling, w);
    ModelJson.require(file, "scaling.mean", s.mean(), w);
    ModelJson.require(file, "scaling.std", s.std(), w);
    ModelJson.require(file, "scaling.time_offset", s.timeOffset(), w);
    ModelJson.require(file, "scaling.time_scale", s.timeScale(), w);
    ModelJson.require(file, "t0", t0, w);
    ModelJson.require(file, "data_t_end", dataTEnd, w);
    ModelJson.require(file, "initial_state", initialState, w);
    ModelJson.require(file, "solver", solver, w);
    Architecture a = ModelJson.require(file, "architecture", architecture, w);
    ModelJson.require(file, "architecture.in", a.in(), w);
    ModelJson.require(file, "architecture.out", a.out(), w);
    ModelJson.require(file, "architecture.hidden", a.hidden(), w);
    ModelJson.require(file, "architecture.activation", a.activation(), w);
    Map<String, ParameterData> params = ModelJson.require(file, "parameters", parameters, w);
    Map<String, int[]> shapes = ModelJson.shapes(file, params, w);
    List<dev.neuralode.model.SeriesGroup> groupList = new java.util.ArrayList<>();
    if (groups != null) {
      for (Group g : groups) {
        ModelJson.require(file, "groups", g, w);
        ModelJson.require(file, "groups.name", g.name(), w);
        ModelJson.require(file, "groups.t0", g.t0(), w);
        ModelJson.require(file, "groups.data_t_end", g.dataTEnd(), w);
        ModelJson.require(file, "groups.initial_state", g.initialState(), w);
        groupList.add(ModelJson.mapped(file, w, () -> new dev.neuralode.model.SeriesGroup(g.name(),
            g.t0(), g.dataTEnd(), g.initialState())));
      }
    }
    return ModelJson.mapped(file, w, () -> OdeMlpModel.withNamedParameters(columns, timeColumn,
        ModelJson.under("scaling",
            () -> new SeriesScaling(s.mean(), s.std(), s.timeOffset(), s.timeScale())),
        ModelJson.under("architecture", () -> new MlpSpec(a.in(), a.hidden(), a.out(),
            ModelJson.activation("activation", a.activation()),
            Boolean.TRUE.equals(a.timeDependent()))),
        solver.toSpec(file, w), shapes, ModelJson.data(params), initialState, t0, dataTEnd,
        latent == null ? 0 : latent, groupList));
  }
}
