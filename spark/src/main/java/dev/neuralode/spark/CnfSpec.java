package dev.neuralode.spark;

import dev.neuralode.flow.Cnf;
import dev.neuralode.flow.TraceEstimator;
import dev.neuralode.nn.Activation;
import dev.neuralode.sensitivity.Sensitivity;
import dev.neuralode.tensor.Rng;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A continuous normalizing flow's architecture and settings as plain serialisable data, so that
 * executors rebuild the same {@link Cnf} from a flat parameter vector. The trace is always exact:
 * Hutchinson probes drawn per partition would make the gradient depend on the partitioning.
 *
 * @param dim the data dimension d, ≥ 1
 * @param hidden the hidden widths of the concat-squash network
 * @param activation the activation (smooth, e.g. tanh or softplus)
 * @param endTime the flow's end time T, finite and &gt; 0
 * @param trainEndTime whether T is trained (then it is the last flat parameter)
 * @param kineticWeight λ_K ≥ 0 of the kinetic-energy regulariser
 * @param jacobianWeight λ_J ≥ 0 of the Jacobian-Frobenius regulariser
 * @param solver the ODE solver settings
 * @param sensitivity how gradients are taken, a name {@link Sensitivity#parse} reads (e.g. {@code
 *     backsolve}, {@code direct})
 * @serial exclude
 */
public record CnfSpec(int dim, int[] hidden, Activation activation, double endTime, boolean trainEndTime,
    double kineticWeight, double jacobianWeight, SolverSettings solver, String sensitivity)
    implements Serializable {

  /**
   * Checks the fields by building the flow settings once.
   *
   * @param dim see the record's description
   * @param hidden see the record's description
   * @param activation see the record's description
   * @param endTime see the record's description
   * @param trainEndTime see the record's description
   * @param kineticWeight see the record's description
   * @param jacobianWeight see the record's description
   * @param solver see the record's description
   * @param sensitivity see the record's description
   * @throws IllegalArgumentException naming the field at fault
   */
  public CnfSpec {
    if (dim < 1 || hidden == null || activation == null || solver == null || sensitivity == null) {
      throw new IllegalArgumentException("need dim >= 1, hidden widths, an activation, solver settings and a"
          + " gradient mode; got dim=" + dim + ", hidden=" + Arrays.toString(hidden) + ", activation=" + activation
          + ", solver=" + solver + ", sensitivity=" + sensitivity);
    }
    hidden = hidden.clone();
    new Cnf.FlowSettings(endTime, trainEndTime, TraceEstimator.exact(), kineticWeight, jacobianWeight,
        solver.solver(), Sensitivity.parse(sensitivity));
  }

  /**
   * The flow settings: these fields with the exact trace.
   *
   * @return the settings
   */
  public Cnf.FlowSettings settings() {
    return new Cnf.FlowSettings(endTime, trainEndTime, TraceEstimator.exact(), kineticWeight, jacobianWeight,
        solver.solver(), Sensitivity.parse(sensitivity));
  }

  /**
   * A new flow with seeded initial parameters, as single-machine training starts it.
   *
   * @param seed the seed of the initial weights
   * @return the flow
   */
  public Cnf create(long seed) {
    return Cnf.create(dim, hidden.clone(), activation, settings(), new Rng(seed));
  }

  /**
   * A flow with given parameters.
   *
   * @param flat the parameters in {@link Cnf#flatParameters()} order; not modified
   * @return the flow
   * @throws IllegalArgumentException if the length does not match the architecture
   */
  public Cnf build(double[] flat) {
    Cnf cnf = create(0);
    cnf.loadFlatParameters(flat);
    return cnf;
  }
}
