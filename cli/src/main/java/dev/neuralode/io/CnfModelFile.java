package dev.neuralode.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.neuralode.data.Standardizer;
import dev.neuralode.flow.Cnf;
import dev.neuralode.flow.CnfNetwork;
import dev.neuralode.flow.TraceEstimator;
import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Parameter;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A trained continuous normalizing flow as a JSON file of the {@code neuralode-model} format, kind
 * {@value #KIND}, written by {@code neuralode density} and read by {@code neuralode sample} and
 * {@code neuralode logp}. It extends the format of {@link ModelFile} additively (same
 * {@code format} and {@code version}, a new {@code kind}):
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
 * dev.neuralode.nn.Module#namedParameters()} name; {@code end_time} is T after training.
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
  public static final String KIND = "cnf";

  /**
   * The standardisation u = (x − mean) / std.
   *
   * @param mean the column means
   * @param std the column standard deviations, each &gt; 0
   */
  public record ScalingData(double[] mean, double[] std) {}

  /**
   * The dynamics network, as {@link CnfNetwork}'s constructor takes it.
   *
   * @param dim d
   * @param hidden the hidden widths
   * @param activation the activation name
   * @param layer always {@code concatsquash}
   */
  public record ArchitectureData(Integer dim, int[] hidden, String activation, String layer) {}

  /**
   * Describes a trained flow.
   *
   * @param columns the column names
   * @param scaling the standardisation
   * @param cnf the flow, whose network must be a {@link CnfNetwork}; not modified
   * @return the description
   */
  public static CnfModelFile of(List<String> columns, Standardizer scaling, Cnf cnf) {
    CnfNetwork net = (CnfNetwork) cnf.network();
    Map<String, ModelFile.ParameterData> params = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
      params.put(e.getKey(), new ModelFile.ParameterData(e.getValue().shape(), e.getValue().value().toArray()));
    }
    return new CnfModelFile(ModelFile.FORMAT, ModelFile.VERSION, KIND, List.copyOf(columns),
        new ScalingData(scaling.mean(), scaling.std()),
        new ArchitectureData(net.dim(), net.hidden(), net.activation().name().toLowerCase(Locale.ROOT),
            "concatsquash"),
        cnf.endTime(), cnf.settings().trace().toString(), ModelFile.Solver.of(cnf.settings().solver()), params);
  }

  /**
   * Writes the file atomically after validating it.
   *
   * @param file the target
   * @throws IOException if it cannot be written
   * @throws InputException if the model is inconsistent
   */
  public void save(Path file) throws IOException {
    validate(file);
    Json.write(file, this);
  }

  /**
   * Reads and validates a flow file.
   *
   * @param file the file
   * @return the model
   * @throws InputException naming the file and field if it is missing, not a neuralode model, not
   *     of kind {@value #KIND}, or inconsistent
   */
  public static CnfModelFile load(Path file) {
    if (ModelFile.KIND_ODE_MLP.equals(Json.peekKind(file))) {
      throw InputException.at(file, 0, "is a time-series (ode-mlp) model; sample and logp need a"
          + " model written by 'neuralode density' (use 'neuralode predict' for a fitted series)");
    }
    CnfModelFile m = Json.read(file, CnfModelFile.class);
    m.validate(file);
    return m;
  }

  private void validate(Path file) {
    if (!ModelFile.FORMAT.equals(format) || version == null || version != ModelFile.VERSION) {
      throw InputException.at(file, 0, "is not a neuralode model file of version " + ModelFile.VERSION
          + "; give a model.json written by 'neuralode density'");
    }
    if (!KIND.equals(kind)) {
      throw InputException.at(file, 0, "holds a model of kind '" + kind + "', not a flow ('" + KIND
          + "'); give a model.json written by 'neuralode density'");
    }
    if (columns == null || columns.isEmpty() || scaling == null || scaling.mean() == null || scaling.std() == null
        || architecture == null || architecture.dim() == null || architecture.hidden() == null
        || architecture.activation() == null || endTime == null || solver == null || parameters == null) {
      throw InputException.at(file, 0, "is incomplete: columns, scaling, architecture, end_time, solver and"
          + " parameters are all required");
    }
    int d = columns.size();
    if (architecture.dim() != d || scaling.mean().length != d || scaling.std().length != d) {
      throw InputException.at(file, 0, "has " + d + " columns but architecture.dim " + architecture.dim()
          + " and " + scaling.mean().length + " means, " + scaling.std().length + " stds; they must agree");
    }
    try {
      new Standardizer(scaling.mean(), scaling.std());
      Activation.parse(architecture.activation());
      solver.toSolver();
      if (!(endTime > 0) || !Double.isFinite(endTime)) {
        throw new IllegalArgumentException("end_time must be finite and > 0; got " + endTime);
      }
    } catch (IllegalArgumentException e) {
      throw InputException.at(file, 0, e.getMessage());
    }
    for (Map.Entry<String, ModelFile.ParameterData> e : parameters.entrySet()) {
      ModelFile.ParameterData p = e.getValue();
      if (p == null || p.shape() == null || p.data() == null) {
        throw InputException.at(file, 0, "parameter '" + e.getKey() + "' needs a shape and data");
      }
      for (double v : p.data()) {
        if (!Double.isFinite(v)) {
          throw InputException.at(file, 0, "parameter '" + e.getKey() + "' holds a non-finite value");
        }
      }
    }
  }

  /**
   * The standardisation.
   *
   * @return the standardizer
   */
  public Standardizer standardizer() {
    return new Standardizer(scaling.mean(), scaling.std());
  }

  /**
   * Rebuilds the flow with the stored parameters, a fixed end time, the exact trace and no
   * regularisers.
   *
   * @return the flow
   * @throws InputException if a parameter is missing or of the wrong shape
   */
  public Cnf buildCnf() {
    dev.neuralode.ode.Solver options = solver.toSolver();
    Cnf.Settings s = new Cnf.Settings(endTime, false, TraceEstimator.exact(), 0, 0, options,
        Sensitivity.backsolveAdjoint());
    CnfNetwork net = new CnfNetwork(architecture.dim(), architecture.hidden(),
        Activation.parse(architecture.activation()), new Rng(0));
    for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
      ModelFile.ParameterData p = parameters.get(e.getKey());
      if (p == null || !java.util.Arrays.equals(p.shape(), e.getValue().shape())) {
        throw new InputException("model.json: parameter '" + e.getKey() + "' is missing or has the wrong shape;"
            + " expected " + java.util.Arrays.toString(e.getValue().shape()));
      }
      e.getValue().set(Tensor.of(p.data().clone(), p.shape().clone()));
    }
    return new Cnf(net, architecture.dim(), s);
  }
}
