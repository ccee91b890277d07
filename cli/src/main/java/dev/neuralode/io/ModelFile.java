package dev.neuralode.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import dev.neuralode.nn.Parameter;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A trained model as a JSON file, written by {@code neuralode fit} and read by {@code neuralode
 * predict}.
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
 * reproduces every bit. Fields other kinds do not need may be absent; {@link #validate(Path)}
 * checks what a kind needs.
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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"format", "version", "kind", "columns", "time_column", "scaling",
    "architecture", "solver", "parameters", "initial_state", "t0", "data_t_end"})
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
    @JsonProperty("data_t_end") Double dataTEnd) {

  /** The value of the {@code format} field. */
  public static final String FORMAT = "neuralode-model";
  /** The format version this code writes and reads. */
  public static final int VERSION = 1;
  /** The kind of a neural ODE with MLP dynamics fitted to a time series. */
  public static final String KIND_ODE_MLP = "ode-mlp";
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
     * Standardises one row of values.
     *
     * @param x the values in data units, size d, not modified
     * @return a new array, (x − mean) / std
     */
    public double[] standardise(double[] x) {
      double[] z = new double[x.length];
      for (int j = 0; j < x.length; j++) {
        z[j] = (x[j] - mean[j]) / std[j];
      }
      return z;
    }

    /**
     * Maps one standardised row back to data units.
     *
     * @param z the standardised values, size d, not modified
     * @return a new array, z · std + mean
     */
    public double[] unstandardise(double[] z) {
      double[] x = new double[z.length];
      for (int j = 0; j < z.length; j++) {
        x[j] = z[j] * std[j] + mean[j];
      }
      return x;
    }

    /**
     * Converts a data time to model time.
     *
     * @param t a data time
     * @return (t − timeOffset) / timeScale
     */
    public double toModelTime(double t) {
      return (t - timeOffset) / timeScale;
    }
  }

  /**
   * The dynamics network of kind {@value #KIND_ODE_MLP}, as {@link Mlp}'s constructor takes it.
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
     * Describes an existing network.
     *
     * @param mlp the network, not modified
     * @return its architecture
     */
    public static Architecture of(Mlp mlp) {
      return new Architecture(mlp.in(), mlp.hidden(), mlp.out(),
          mlp.activation().name().toLowerCase(Locale.ROOT), mlp.timeDependent());
    }
  }

  /**
   * ODE solver settings.
   *
   * @param method the method name, e.g. {@code "dopri5"}
   * @param rtol the relative tolerance
   * @param atol the absolute tolerance
   */
  public record Solver(String method, Double rtol, Double atol) {

    /**
     * Describes a solver (step size, step budget, rule, norm and limits are not stored); a
     * fixed-step method is stored with the default tolerances 1e-7 and 1e-9.
     *
     * @param solver the solver
     * @return the method and tolerances
     */
    public static Solver of(dev.neuralode.ode.Solver solver) {
      dev.neuralode.ode.Tolerances t = solver.method().adaptive() ? solver.tolerances()
          : dev.neuralode.ode.Tolerances.DEFAULTS;
      return new Solver(solver.method().name(), t.rtol(), t.atol());
    }

    /**
     * Returns these settings on top of {@link dev.neuralode.ode.Solver#defaults()}.
     *
     * @return the solver
     * @throws IllegalArgumentException if the method is unknown or a tolerance is invalid (also for a
     *     fixed-step method, which does not use them)
     */
    public dev.neuralode.ode.Solver toSolver() {
      dev.neuralode.ode.Tolerances.of(rtol, atol);
      return dev.neuralode.ode.Solver.builder().method(method).rtol(rtol).atol(atol).build();
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
   * Describes a fitted {@value #KIND_ODE_MLP} model.
   *
   * @param columns the state column names, size d
   * @param timeColumn the time column name
   * @param scaling the standardisation and time scaling
   * @param mlp the trained dynamics, not modified
   * @param options the solver settings
   * @param initialState the standardised state at {@code t0}, size d, not modified
   * @param t0 the first data time
   * @param dataTEnd the last data time
   * @return the model description, not yet validated
   */
  public static ModelFile odeMlp(List<String> columns, String timeColumn, Scaling scaling,
      Mlp mlp, dev.neuralode.ode.Solver options, double[] initialState, double t0, double dataTEnd) {
    Map<String, ParameterData> params = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : mlp.namedParameters().entrySet()) {
      params.put(e.getKey(),
          new ParameterData(e.getValue().shape(), e.getValue().value().toArray()));
    }
    return new ModelFile(FORMAT, VERSION, KIND_ODE_MLP, List.copyOf(columns), timeColumn,
        scaling, Architecture.of(mlp), Solver.of(options), params, initialState.clone(), t0,
        dataTEnd);
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
  public static ModelFile load(Path file) {
    if (KIND_CNF.equals(Json.peekKind(file))) {
      throw InputException.at(file, 0, "is a density (cnf) model; predict needs a model"
          + " written by 'neuralode fit' (use 'neuralode sample' or 'neuralode logp' for a flow)");
    }
    ModelFile model = Json.read(file, ModelFile.class);
    model.validate(file);
    return model;
  }

  /**
   * Checks that this model is complete and consistent, as {@link #load(Path)} does.
   *
   * @param file the file named in messages
   * @throws InputException naming the file and the offending field
   */
  public void validate(Path file) {
    ModelChecks.validate(this, file);
  }

  /**
   * Rebuilds the dynamics network of a {@value #KIND_ODE_MLP} model with the stored parameters.
   *
   * @return a new network whose parameters equal the stored ones bit for bit
   * @throws IllegalStateException if this is not a valid {@value #KIND_ODE_MLP} model
   */
  public Mlp buildMlp() {
    if (!KIND_ODE_MLP.equals(kind) || architecture == null || parameters == null) {
      throw new IllegalStateException("buildMlp: this model is of kind '" + kind
          + "', not a complete '" + KIND_ODE_MLP + "' model; load it with ModelFile.load");
    }
    Architecture a = architecture;
    Mlp mlp = new Mlp(a.in(), a.hidden(), a.out(), Activation.parse(a.activation()),
        Boolean.TRUE.equals(a.timeDependent()), new Rng(0));
    for (Map.Entry<String, Parameter> e : mlp.namedParameters().entrySet()) {
      ParameterData p = parameters.get(e.getKey());
      if (p == null) {
        throw new IllegalStateException("buildMlp: parameter '" + e.getKey() + "' is missing");
      }
      e.getValue().set(Tensor.of(p.data().clone(), p.shape().clone()));
    }
    return mlp;
  }

  /**
   * Returns the solver settings as a solver.
   *
   * @return the solver
   */
  public dev.neuralode.ode.Solver odeSolver() {
    return solver.toSolver();
  }
}
