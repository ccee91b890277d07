package dev.neuralode.model;

import dev.neuralode.nn.Mlp;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A neural ODE dz/dτ = MLP(z) (or MLP(z, τ)) fitted to a standardised time series: kind {@value
 * #KIND}, written by {@code neuralode fit}.
 *
 * <p>The state is standardised per column, z = (x − mean) / std, and model time is τ = (t −
 * timeOffset) / timeScale ({@link SeriesScaling}). {@code initialState} is z at data time {@code
 * t0}, the first data time; {@code dataTEnd} is the last. {@link #build()} gives a {@link
 * SeriesPredictor} that solves the model in data units.
 *
 * <p><b>Latent components and groups.</b> With {@code latent} = K &gt; 0 the state has d + K
 * components, the d observed columns first; {@code initialState} and the architecture then have
 * d + K, and predictions show the observed part only. A panel fit ({@code groups} non-empty)
 * stores one {@link SeriesGroup} per series, each with its own t0 and initial state;
 * {@code initialState} and {@code t0} are then the first group's and {@code dataTEnd} the latest
 * group end. Models without latent components or groups have {@code latent} 0 and no groups.
 *
 * @param columns the state column names, d distinct non-empty names
 * @param timeColumn the name of the time column
 * @param scaling how data map to model units; mean and std of size d, each std &gt; 0
 * @param architecture the dynamics network; {@code in} and {@code out} both equal d
 * @param solver the ODE solver settings the model was trained with
 * @param parameters the network's parameters in flat order, all finite; copied
 * @param initialState the standardised state at {@code t0}, size d + K, all finite; copied
 * @param t0 the first data time, finite
 * @param dataTEnd the last data time, finite and &gt; {@code t0}
 * @param latent K, the number of latent state components, {@code >= 0}
 * @param groups the series of a panel fit, each with d + K initial values; empty for one series
 * @serial exclude
 */
public record OdeMlpModel(List<String> columns, String timeColumn, SeriesScaling scaling,
    MlpSpec architecture, SolverSpec solver, double[] parameters, double[] initialState,
    double t0, double dataTEnd, int latent, List<SeriesGroup> groups) implements ModelDescription {

  /** The kind of this model. */
  public static final String KIND = "ode-mlp";

  /**
   * Checks the model, field by field in the order of the components, parameters last.
   *
   * @param columns the state column names, d distinct non-empty names
   * @param timeColumn the name of the time column
   * @param scaling how data map to model units; mean and std of size d, each std &gt; 0
   * @param architecture the dynamics network; {@code in} and {@code out} both equal d
   * @param solver the ODE solver settings the model was trained with
   * @param parameters the network's parameters in flat order, all finite; copied
   * @param initialState the standardised state at {@code t0}, size d + K, all finite; copied
   * @param t0 the first data time, finite
   * @param dataTEnd the last data time, finite and &gt; {@code t0}
   * @param latent K, the number of latent state components, {@code >= 0}
   * @param groups the series of a panel fit; null or empty for one series
   * @throws InvalidModelException naming the first field at fault, e.g. {@code scaling.std}
   */
  public OdeMlpModel {
    columns = checkFields(columns, timeColumn, scaling, architecture, solver, initialState, t0,
        dataTEnd, latent, groups);
    initialState = initialState.clone();
    groups = groups == null ? List.of() : List.copyOf(groups);
    parameters = Checks.finiteArray("parameters", parameters, architecture.layout().size());
  }

  /**
   * A model of one series without latent components, as version 1 files without {@code latent}
   * or {@code groups} describe it.
   *
   * @param columns the state column names, d distinct non-empty names
   * @param timeColumn the name of the time column
   * @param scaling how data map to model units
   * @param architecture the dynamics network; {@code in} and {@code out} both equal d
   * @param solver the ODE solver settings the model was trained with
   * @param parameters the network's parameters in flat order, all finite; copied
   * @param initialState the standardised state at {@code t0}, size d; copied
   * @param t0 the first data time, finite
   * @param dataTEnd the last data time, finite and &gt; {@code t0}
   * @throws InvalidModelException naming the first field at fault
   */
  public OdeMlpModel(List<String> columns, String timeColumn, SeriesScaling scaling,
      MlpSpec architecture, SolverSpec solver, double[] parameters, double[] initialState,
      double t0, double dataTEnd) {
    this(columns, timeColumn, scaling, architecture, solver, parameters, initialState, t0,
        dataTEnd, 0, List.of());
  }

  /**
   * Describes a fitted model.
   *
   * @param columns the state column names
   * @param timeColumn the time column name
   * @param scaling the standardisation and time scaling
   * @param mlp the trained dynamics; not modified
   * @param solver the solver settings it was trained with
   * @param initialState the fitted standardised state at {@code t0}; not modified
   * @param t0 the first data time
   * @param dataTEnd the last data time
   * @return the description
   * @throws InvalidModelException if a field is invalid (for example a parameter is NaN)
   * @throws IllegalArgumentException if {@code mlp} is null
   */
  public static OdeMlpModel from(List<String> columns, String timeColumn, SeriesScaling scaling,
      Mlp mlp, SolverSpec solver, double[] initialState, double t0, double dataTEnd) {
    return new OdeMlpModel(columns, timeColumn, scaling, MlpSpec.of(mlp), solver,
        mlp.flatParameters(), initialState, t0, dataTEnd);
  }

  /**
   * Describes a fitted model with latent components and, for a panel, its groups.
   *
   * @param columns the observed column names, d
   * @param timeColumn the time column name
   * @param scaling the standardisation and time scaling
   * @param mlp the trained dynamics, d + K inputs and outputs; not modified
   * @param solver the solver settings it was trained with
   * @param latent K
   * @param groups the groups (empty for one series)
   * @param initialState the standardised state at {@code t0}, size d + K; not modified
   * @param t0 the first data time
   * @param dataTEnd the last data time
   * @return the description
   * @throws InvalidModelException if a field is invalid
   */
  public static OdeMlpModel from(List<String> columns, String timeColumn, SeriesScaling scaling,
      Mlp mlp, SolverSpec solver, int latent, List<SeriesGroup> groups, double[] initialState,
      double t0, double dataTEnd) {
    return new OdeMlpModel(columns, timeColumn, scaling, MlpSpec.of(mlp), solver,
        mlp.flatParameters(), initialState, t0, dataTEnd, latent, groups);
  }

  /**
   * Describes a model whose parameters are given by name, as a file stores them. The other fields
   * are checked first, so a wrong architecture is reported as such rather than as wrong shapes.
   *
   * @param columns the state column names
   * @param timeColumn the time column name
   * @param scaling the standardisation and time scaling
   * @param architecture the dynamics network
   * @param solver the solver settings
   * @param shapes each parameter's shape by name; not modified
   * @param data each parameter's values by name, row-major; not modified
   * @param initialState the standardised state at {@code t0}; not modified
   * @param t0 the first data time
   * @param dataTEnd the last data time
   * @return the description
   * @throws InvalidModelException naming the first field at fault; for parameters see {@link
   *     ParameterLayout#join(Map, Map)}
   */
  public static OdeMlpModel withNamedParameters(List<String> columns, String timeColumn,
      SeriesScaling scaling, MlpSpec architecture, SolverSpec solver, Map<String, int[]> shapes,
      Map<String, double[]> data, double[] initialState, double t0, double dataTEnd) {
    return withNamedParameters(columns, timeColumn, scaling, architecture, solver, shapes, data,
        initialState, t0, dataTEnd, 0, List.of());
  }

  /**
   * Describes a model with latent components and groups whose parameters are given by name.
   *
   * @param columns the observed column names
   * @param timeColumn the time column name
   * @param scaling the standardisation and time scaling
   * @param architecture the dynamics network, d + K wide
   * @param solver the solver settings
   * @param shapes each parameter's shape by name; not modified
   * @param data each parameter's values by name, row-major; not modified
   * @param initialState the standardised state at {@code t0}, size d + K; not modified
   * @param t0 the first data time
   * @param dataTEnd the last data time
   * @param latent K
   * @param groups the groups, or empty
   * @return the description
   * @throws InvalidModelException naming the first field at fault
   */
  public static OdeMlpModel withNamedParameters(List<String> columns, String timeColumn,
      SeriesScaling scaling, MlpSpec architecture, SolverSpec solver, Map<String, int[]> shapes,
      Map<String, double[]> data, double[] initialState, double t0, double dataTEnd, int latent,
      List<SeriesGroup> groups) {
    checkFields(columns, timeColumn, scaling, architecture, solver, initialState, t0, dataTEnd,
        latent, groups);
    double[] flat = architecture.layout().join(shapes, data);
    return new OdeMlpModel(columns, timeColumn, scaling, architecture, solver, flat, initialState,
        t0, dataTEnd, latent, groups);
  }

  private static List<String> checkFields(List<String> columns, String timeColumn,
      SeriesScaling scaling, MlpSpec architecture, SolverSpec solver, double[] initialState,
      double t0, double dataTEnd, int latent, List<SeriesGroup> groups) {
    List<String> cols = Checks.columns(columns);
    if (latent < 0) {
      throw new InvalidModelException("latent", "is " + latent + " but must be >= 0",
          "give the number of latent state components, 0 for none");
    }
    int d = cols.size() + latent;
    Checks.present("timeColumn", timeColumn);
    Checks.present("scaling", scaling);
    Checks.standardisation("scaling", scaling.mean(), scaling.std(), cols);
    Checks.finite("t0", t0);
    Checks.finite("dataTEnd", dataTEnd);
    if (!(dataTEnd > t0)) {
      throw new InvalidModelException("dataTEnd", "is " + dataTEnd
          + " but must be greater than t0 = " + t0, "give the last data time after the first");
    }
    Checks.finiteArray("initialState", initialState, d);
    if (groups != null) {
      java.util.Set<String> names = new java.util.HashSet<>();
      for (SeriesGroup g : groups) {
        Checks.present("groups", g);
        Checks.finiteArray("groups.initial_state", g.initialState(), d);
        if (!names.add(g.name())) {
          throw new InvalidModelException("groups.name", "repeats '" + g.name() + "'",
              "give every group a distinct name");
        }
      }
    }
    Checks.present("solver", solver);
    Checks.present("architecture", architecture);
    if (architecture.in() != d || architecture.out() != d) {
      throw new InvalidModelException("architecture", "has in = " + architecture.in()
          + " and out = " + architecture.out() + " but there are " + (latent == 0 ? d + " columns"
          : d + " state components (" + cols.size() + " columns and " + latent + " latent)"),
          latent == 0 ? "both must equal the number of columns"
          : "both must equal the number of columns plus the latent components");
    }
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

  /**
   * The standardised state at {@code t0}.
   *
   * @return a copy, size d
   */
  @Override
  public double[] initialState() {
    return initialState.clone();
  }

  @Override
  public ParameterLayout layout() {
    return architecture.layout();
  }

  /**
   * The number of observed state columns.
   *
   * @return d
   */
  public int dimension() {
    return columns.size();
  }

  /**
   * The number of state components, observed and latent.
   *
   * @return d + K
   */
  public int stateDimension() {
    return columns.size() + latent;
  }

  /**
   * The group of a panel fit by name.
   *
   * @param name the group's name
   * @return the group
   * @throws IllegalArgumentException if the model has no such group, listing the names
   */
  public SeriesGroup group(String name) {
    for (SeriesGroup g : groups) {
      if (g.name().equals(name)) {
        return g;
      }
    }
    List<String> names = groups.stream().map(SeriesGroup::name).toList();
    throw new IllegalArgumentException(groups.isEmpty()
        ? "the model was not fitted to groups; leave out the group"
        : "the model has no group '" + name + "'; its groups are " + String.join(", ",
            names.size() > 20 ? names.subList(0, 20) : names) + (names.size() > 20 ? ", ..." : ""));
  }

  /**
   * Rebuilds the dynamics network with the stored parameters.
   *
   * @return a new network whose parameters equal {@link #parameters()} bit for bit
   */
  public Mlp buildMlp() {
    return architecture.build(parameters);
  }

  /**
   * Rebuilds the runnable model: the network, the solver settings and the scalings.
   *
   * @return a new predictor in data units
   */
  public SeriesPredictor build() {
    return new SeriesPredictor(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OdeMlpModel m && columns.equals(m.columns)
        && timeColumn.equals(m.timeColumn) && scaling.equals(m.scaling)
        && architecture.equals(m.architecture) && solver.equals(m.solver)
        && Arrays.equals(parameters, m.parameters) && Arrays.equals(initialState, m.initialState)
        && Double.compare(t0, m.t0) == 0 && Double.compare(dataTEnd, m.dataTEnd) == 0
        && latent == m.latent && groups.equals(m.groups);
  }

  @Override
  public int hashCode() {
    int h = columns.hashCode();
    h = 31 * h + timeColumn.hashCode();
    h = 31 * h + scaling.hashCode();
    h = 31 * h + architecture.hashCode();
    h = 31 * h + solver.hashCode();
    h = 31 * h + Arrays.hashCode(parameters);
    h = 31 * h + Arrays.hashCode(initialState);
    h = 31 * h + latent * 17 + groups.hashCode();
    return 31 * h + Double.hashCode(t0) * 7 + Double.hashCode(dataTEnd);
  }

  @Override
  public String toString() {
    return "OdeMlpModel[columns=" + columns + ", timeColumn=" + timeColumn + ", scaling="
        + scaling + ", architecture=" + architecture + ", solver=" + solver + ", parameters="
        + parameters.length + " values, initialState=" + Arrays.toString(initialState) + ", t0="
        + t0 + ", dataTEnd=" + dataTEnd + (latent > 0 ? ", latent=" + latent : "")
        + (groups.isEmpty() ? "" : ", groups=" + groups.size()) + "]";
  }
}
