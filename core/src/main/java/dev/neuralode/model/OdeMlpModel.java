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
 * @param columns the state column names, d distinct non-empty names
 * @param timeColumn the name of the time column
 * @param scaling how data map to model units; mean and std of size d, each std &gt; 0
 * @param architecture the dynamics network; {@code in} and {@code out} both equal d
 * @param solver the ODE solver settings the model was trained with
 * @param parameters the network's parameters in flat order, all finite; copied
 * @param initialState the standardised state at {@code t0}, size d, all finite; copied
 * @param t0 the first data time, finite
 * @param dataTEnd the last data time, finite and &gt; {@code t0}
 * @serial exclude
 */
public record OdeMlpModel(List<String> columns, String timeColumn, SeriesScaling scaling,
    MlpSpec architecture, SolverSpec solver, double[] parameters, double[] initialState,
    double t0, double dataTEnd) implements ModelDescription {

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
   * @param initialState the standardised state at {@code t0}, size d, all finite; copied
   * @param t0 the first data time, finite
   * @param dataTEnd the last data time, finite and &gt; {@code t0}
   * @throws InvalidModelException naming the first field at fault, e.g. {@code scaling.std}
   */
  public OdeMlpModel {
    columns = checkFields(columns, timeColumn, scaling, architecture, solver, initialState, t0,
        dataTEnd);
    initialState = initialState.clone();
    parameters = Checks.finiteArray("parameters", parameters, architecture.layout().size());
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
    checkFields(columns, timeColumn, scaling, architecture, solver, initialState, t0, dataTEnd);
    double[] flat = architecture.layout().join(shapes, data);
    return new OdeMlpModel(columns, timeColumn, scaling, architecture, solver, flat, initialState,
        t0, dataTEnd);
  }

  private static List<String> checkFields(List<String> columns, String timeColumn,
      SeriesScaling scaling, MlpSpec architecture, SolverSpec solver, double[] initialState,
      double t0, double dataTEnd) {
    List<String> cols = Checks.columns(columns);
    int d = cols.size();
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
    Checks.present("solver", solver);
    Checks.present("architecture", architecture);
    if (architecture.in() != d || architecture.out() != d) {
      throw new InvalidModelException("architecture", "has in = " + architecture.in()
          + " and out = " + architecture.out() + " but there are " + d + " columns",
          "both must equal the number of columns");
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
   * The number of state columns.
   *
   * @return d
   */
  public int dimension() {
    return columns.size();
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
        && Double.compare(t0, m.t0) == 0 && Double.compare(dataTEnd, m.dataTEnd) == 0;
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
    return 31 * h + Double.hashCode(t0) * 7 + Double.hashCode(dataTEnd);
  }

  @Override
  public String toString() {
    return "OdeMlpModel[columns=" + columns + ", timeColumn=" + timeColumn + ", scaling="
        + scaling + ", architecture=" + architecture + ", solver=" + solver + ", parameters="
        + parameters.length + " values, initialState=" + Arrays.toString(initialState) + ", t0="
        + t0 + ", dataTEnd=" + dataTEnd + "]";
  }
}
