package dev.neuralode.model;

import dev.neuralode.data.Standardizer;
import dev.neuralode.flow.Cnf;
import dev.neuralode.flow.CnfNetwork;
import dev.neuralode.flow.TraceEstimator;
import dev.neuralode.sensitivity.Sensitivity;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A trained continuous normalizing flow on standardised data: kind {@value #KIND}, written by
 * {@code neuralode density}.
 *
 * <p>The flow models u = (x − mean) / std; densities in data units add log|det ∂u/∂x| = −Σ log
 * std ({@link Standardizer#toDataLogProb(double[])}). {@link #build()} rebuilds the flow with a
 * fixed end time, the exact trace and no regularisers, ready to evaluate and sample.
 *
 * @param columns the data column names, d distinct non-empty names
 * @param scaling the standardisation, of dimension d
 * @param architecture the dynamics network; {@code dim} equals d
 * @param endTime the flow's end time T after training, finite and &gt; 0
 * @param trace the name of the trace estimator it was trained with (e.g. {@code exact}), or null
 *     if not recorded; informational, evaluation uses the exact trace
 * @param solver the ODE solver settings
 * @param parameters the network's parameters in flat order, all finite; copied
 * @serial exclude
 */
public record CnfModel(List<String> columns, Standardizer scaling, CnfNetworkSpec architecture,
    double endTime, String trace, SolverSpec solver, double[] parameters)
    implements ModelDescription {

  /** The kind of this model. */
  public static final String KIND = "cnf";

  /**
   * Checks the model, field by field in the order of the components, parameters last.
   *
   * @param columns the data column names, d distinct non-empty names
   * @param scaling the standardisation, of dimension d
   * @param architecture the dynamics network; {@code dim} equals d
   * @param endTime the flow's end time T after training, finite and &gt; 0
   * @param trace the name of the trace estimator it was trained with (e.g. {@code exact}), or null
   *     if not recorded; informational, evaluation uses the exact trace
   * @param solver the ODE solver settings
   * @param parameters the network's parameters in flat order, all finite; copied
   * @throws InvalidModelException naming the first field at fault
   */
  public CnfModel {
    columns = checkFields(columns, scaling, architecture, endTime, solver);
    parameters = Checks.finiteArray("parameters", parameters, architecture.layout().size());
  }

  /**
   * Describes a trained flow whose dynamics are a {@link CnfNetwork}.
   *
   * @param columns the data column names
   * @param scaling the standardisation the flow was trained on
   * @param cnf the trained flow; not modified
   * @return the description, with the flow's current end time
   * @throws IllegalArgumentException if {@code cnf} is null or its network is not a {@link
   *     CnfNetwork}
   * @throws InvalidModelException if a field is invalid (for example a parameter is NaN)
   */
  public static CnfModel from(List<String> columns, Standardizer scaling, Cnf cnf) {
    if (cnf == null || !(cnf.network() instanceof CnfNetwork net)) {
      throw new IllegalArgumentException("cnf must be a flow with a CnfNetwork (Cnf.create); got "
          + (cnf == null ? "null" : cnf.network().getClass().getSimpleName()));
    }
    return new CnfModel(columns, scaling, CnfNetworkSpec.of(net), cnf.endTime(),
        cnf.settings().trace().toString(), SolverSpec.of(cnf.settings().solver()),
        net.flatParameters());
  }

  /**
   * Describes a flow whose parameters are given by name, as a file stores them. The other fields
   * are checked first.
   *
   * @param columns the data column names
   * @param scaling the standardisation
   * @param architecture the dynamics network
   * @param endTime the end time T
   * @param trace the trace estimator's name, or null
   * @param solver the solver settings
   * @param shapes each parameter's shape by name; not modified
   * @param data each parameter's values by name, row-major; not modified
   * @return the description
   * @throws InvalidModelException naming the first field at fault; for parameters see {@link
   *     ParameterLayout#join(Map, Map)}
   */
  public static CnfModel withNamedParameters(List<String> columns, Standardizer scaling,
      CnfNetworkSpec architecture, double endTime, String trace, SolverSpec solver,
      Map<String, int[]> shapes, Map<String, double[]> data) {
    checkFields(columns, scaling, architecture, endTime, solver);
    return new CnfModel(columns, scaling, architecture, endTime, trace, solver,
        architecture.layout().join(shapes, data));
  }

  private static List<String> checkFields(List<String> columns, Standardizer scaling,
      CnfNetworkSpec architecture, double endTime, SolverSpec solver) {
    List<String> cols = Checks.columns(columns);
    int d = cols.size();
    Checks.present("scaling", scaling);
    Checks.standardisation("scaling", scaling.mean(), scaling.std(), cols);
    Checks.present("architecture", architecture);
    if (architecture.dim() != d) {
      throw new InvalidModelException("architecture", "has dim = " + architecture.dim()
          + " but there are " + d + " columns", "dim must equal the number of columns");
    }
    Checks.positive("endTime", endTime);
    Checks.present("solver", solver);
    return cols;
  }

  @Override
  public String kind() {
    return KIND;
  }

  /**
   * The network's parameters.
   *
   * @return a copy, in flat order
   */
  @Override
  public double[] parameters() {
    return parameters.clone();
  }

  @Override
  public ParameterLayout layout() {
    return architecture.layout();
  }

  /**
   * Rebuilds the dynamics network with the stored parameters.
   *
   * @return a new network whose parameters equal {@link #parameters()} bit for bit
   */
  public CnfNetwork buildNetwork() {
    return architecture.build(parameters);
  }

  /**
   * Rebuilds the flow: the stored network and end time (fixed), the exact trace, no regularisers,
   * the stored solver settings and backsolve-adjoint gradients.
   *
   * @return a new flow
   */
  public Cnf build() {
    Cnf.FlowSettings s = new Cnf.FlowSettings(endTime, false, TraceEstimator.exact(), 0, 0,
        solver.toSolver(), Sensitivity.backsolveAdjoint());
    return new Cnf(buildNetwork(), architecture.dim(), s);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CnfModel m && columns.equals(m.columns) && scaling.equals(m.scaling)
        && architecture.equals(m.architecture) && Double.compare(endTime, m.endTime) == 0
        && java.util.Objects.equals(trace, m.trace) && solver.equals(m.solver)
        && Arrays.equals(parameters, m.parameters);
  }

  @Override
  public int hashCode() {
    int h = columns.hashCode();
    h = 31 * h + scaling.hashCode();
    h = 31 * h + architecture.hashCode();
    h = 31 * h + Double.hashCode(endTime);
    h = 31 * h + java.util.Objects.hashCode(trace);
    h = 31 * h + solver.hashCode();
    return 31 * h + Arrays.hashCode(parameters);
  }

  @Override
  public String toString() {
    return "CnfModel[columns=" + columns + ", scaling=" + scaling + ", architecture="
        + architecture + ", endTime=" + endTime + ", trace=" + trace + ", solver=" + solver
        + ", parameters=" + parameters.length + " values]";
  }
}
