package dev.neuralode.model;

import dev.neuralode.data.Standardizer;
import dev.neuralode.latent.LatentOde;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.tensor.Rng;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A trained latent ODE for a panel of irregular series: kind {@value #KIND}, written by {@code
 * neuralode latent}. Columns are standardised by {@code scaling}; model time is τ = (t −
 * timeOrigin) / timeScale. {@link #build()} rebuilds the {@link LatentOde} with the stored parameters.
 *
 * @param columns the data column names, D distinct non-empty names
 * @param scaling the standardisation of the columns, of dimension D
 * @param timeOrigin t at τ = 0, finite
 * @param timeScale data time units per unit of τ, finite and &gt; 0
 * @param architecture the sizes; {@code obsDim} equals D
 * @param noiseStd σ of the Gaussian observation model (standardised units), &gt; 0
 * @param solver the solver of the encoder's and the latent ODE's solves
 * @param parameters the model's parameters in flat order; copied
 * @serial exclude
 */
public record LatentOdeModel(List<String> columns, Standardizer scaling, double timeOrigin, double timeScale,
    LatentOde.Sizes architecture, double noiseStd, SolverSpec solver, double[] parameters)
    implements ModelDescription {

  /** The kind of this model. */
  public static final String KIND = "latent-ode";

  /**
   * Checks the model, parameters last.
   *
   * @param columns see the record's description
   * @param scaling see the record's description
   * @param timeOrigin see the record's description
   * @param timeScale see the record's description
   * @param architecture see the record's description
   * @param noiseStd see the record's description
   * @param solver see the record's description
   * @param parameters see the record's description
   * @throws InvalidModelException naming the first field at fault
   */
  public LatentOdeModel {
    columns = checkFields(columns, scaling, timeOrigin, timeScale, architecture, noiseStd, solver);
    parameters = Checks.finiteArray("parameters", parameters, layoutOf(architecture).size());
  }

  /**
   * Describes a trained latent ODE.
   *
   * @param columns the column names
   * @param scaling the standardisation
   * @param timeOrigin t at τ = 0
   * @param timeScale data time units per unit of τ
   * @param sizes the sizes the model was built with
   * @param noiseStd σ of the observation model
   * @param solver the solver it was trained with
   * @param model the trained model; not modified
   * @return the description
   * @throws InvalidModelException if a field is invalid
   */
  public static LatentOdeModel from(List<String> columns, Standardizer scaling, double timeOrigin,
      double timeScale, LatentOde.Sizes sizes, double noiseStd, SolverSpec solver, LatentOde model) {
    return new LatentOdeModel(columns, scaling, timeOrigin, timeScale, sizes, noiseStd, solver,
        model.flatParameters());
  }

  /**
   * Describes a model whose parameters are given by name, as a file stores them.
   *
   * @param columns the column names
   * @param scaling the standardisation
   * @param timeOrigin t at τ = 0
   * @param timeScale data time units per unit of τ
   * @param architecture the sizes
   * @param noiseStd σ
   * @param solver the solver settings
   * @param shapes each parameter's shape by name
   * @param data each parameter's values by name
   * @return the description
   * @throws InvalidModelException naming the first field at fault
   */
  public static LatentOdeModel withNamedParameters(List<String> columns, Standardizer scaling, double timeOrigin,
      double timeScale, LatentOde.Sizes architecture, double noiseStd, SolverSpec solver,
      Map<String, int[]> shapes, Map<String, double[]> data) {
    checkFields(columns, scaling, timeOrigin, timeScale, architecture, noiseStd, solver);
    return new LatentOdeModel(columns, scaling, timeOrigin, timeScale, architecture, noiseStd, solver,
        layoutOf(architecture).join(shapes, data));
  }

  private static List<String> checkFields(List<String> columns, Standardizer scaling, double timeOrigin,
      double timeScale, LatentOde.Sizes a, double noiseStd, SolverSpec solver) {
    List<String> cols = Checks.columns(columns);
    Checks.present("scaling", scaling);
    Checks.standardisation("scaling", scaling.mean(), scaling.std(), cols);
    Checks.finite("timeOrigin", timeOrigin);
    Checks.positive("timeScale", timeScale);
    Checks.present("architecture", a);
    if (a.obsDim() != cols.size()) {
      throw new InvalidModelException("architecture.obsDim", "is " + a.obsDim() + " but there are "
          + cols.size() + " columns", "obs_dim must equal the number of columns");
    }
    for (String[] f : new String[][] {{"latentDim"}, {"encoderHidden"}}) {
      int v = f[0].equals("latentDim") ? a.latentDim() : a.encoderHidden();
      if (v < 1 || v > 100_000) {
        throw new InvalidModelException("architecture." + f[0], "is " + v + " but must lie in [1, 100000]",
            Checks.FIX);
      }
    }
    Checks.widths("architecture.encoderOdeHidden", a.encoderOdeHidden());
    Checks.widths("architecture.dynamicsHidden", a.dynamicsHidden());
    Checks.widths("architecture.decoderHidden", a.decoderHidden());
    Checks.positive("noiseStd", noiseStd);
    Checks.present("solver", solver);
    return cols;
  }

  private static dev.neuralode.model.ParameterLayout layoutOf(LatentOde.Sizes a) {
    return ParameterLayout.of(new LatentOde(a, dev.neuralode.ode.Solver.of("euler"),
        dev.neuralode.ode.Solver.of("euler"), Sensitivity.direct(), new Rng(0)));
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public ParameterLayout layout() {
    return layoutOf(architecture);
  }

  @Override
  public double[] parameters() {
    return parameters.clone();
  }

  /**
   * Rebuilds the latent ODE with the stored parameters, the stored solver for both solves and direct
   * gradients.
   *
   * @return a new model whose parameters equal {@link #parameters()} bit for bit
   */
  public LatentOde build() {
    LatentOde m = new LatentOde(architecture, solver.toSolver(), solver.toSolver(), Sensitivity.direct(),
        new Rng(0));
    m.loadFlatParameters(parameters);
    return m;
  }

  /**
   * Model time of data times.
   *
   * @param t data times
   * @return τ = (t − timeOrigin) / timeScale
   */
  public double[] toModelTime(double[] t) {
    double[] out = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      out[i] = (t[i] - timeOrigin) / timeScale;
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LatentOdeModel m && columns.equals(m.columns) && scaling.equals(m.scaling)
        && Double.compare(timeOrigin, m.timeOrigin) == 0 && Double.compare(timeScale, m.timeScale) == 0
        && sizesEqual(architecture, m.architecture) && Double.compare(noiseStd, m.noiseStd) == 0
        && solver.equals(m.solver) && Arrays.equals(parameters, m.parameters);
  }

  private static boolean sizesEqual(LatentOde.Sizes a, LatentOde.Sizes b) {
    return a.obsDim() == b.obsDim() && a.latentDim() == b.latentDim() && a.encoderHidden() == b.encoderHidden()
        && Arrays.equals(a.encoderOdeHidden(), b.encoderOdeHidden())
        && Arrays.equals(a.dynamicsHidden(), b.dynamicsHidden())
        && Arrays.equals(a.decoderHidden(), b.decoderHidden());
  }

  @Override
  public int hashCode() {
    return 31 * columns.hashCode() + Arrays.hashCode(parameters);
  }

  @Override
  public String toString() {
    return "LatentOdeModel[columns=" + columns + ", latentDim=" + architecture.latentDim() + ", solver=" + solver
        + ", parameters=" + parameters.length + " values]";
  }
}
