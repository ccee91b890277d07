package dev.neuralode.flow;

import dev.neuralode.sensitivity.Sensitivity;
import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.nn.Activation;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gradients of the exact-trace NLL (which needs second-order autodiff: ∂/∂θ of tr ∂f/∂z) agree with
 * central finite differences, through the adjoint and through direct backprop, including a trainable
 * end time, the RNODE regularisers and Hutchinson's estimator with the same probes in every call.
 */
class CnfGradientTest {
  private static final Solver TIGHT = Solver.builder().rtol(1e-10).atol(1e-10).build();
  private static final Tensor X = Tensor.matrix(new double[][] {{0.5, -0.3}, {-1.0, 0.8}, {0.2, 1.4}});

  private static double loss(Cnf cnf, boolean record, List<Tensor> gradsOut) {
    try (Autograd.Scope s = record ? Autograd.enableGrad() : Autograd.noGrad()) {
      Cnf.Density d = cnf.logProb(X, new Rng(5));
      Tensor l = d.logProb().mean().neg();
      if (cnf.settings().regularised()) {
        l = l.add(d.kinetic().mean().mul(cnf.settings().kineticWeight()))
            .add(d.jacobian().mean().mul(cnf.settings().jacobianWeight()));
      }
      if (gradsOut != null) {
        gradsOut.addAll(Autograd.grad(l, cnf.parameterValues()));
      }
      return l.item();
    }
  }

  private static void check(Sensitivity mode, boolean trainT, double reg) {
    check(mode, trainT, reg, TraceEstimator.exact());
  }

  private static void check(Sensitivity mode, boolean trainT, double reg, TraceEstimator trace) {
    Cnf.FlowSettings s = new Cnf.FlowSettings(0.6, trainT, trace, reg, reg, TIGHT, mode);
    Cnf cnf = Cnf.create(2, new int[] {6, 6}, Activation.SOFTPLUS, s, new Rng(11));
    List<Tensor> grads = new java.util.ArrayList<>();
    loss(cnf, true, grads);
    double[] analytic = new double[cnf.parameterCount()];
    int off = 0;
    for (Tensor g : grads) {
      System.arraycopy(g.toArray(), 0, analytic, off, g.size());
      off += g.size();
    }
    double[] theta = cnf.flatParameters();
    double eps = 1e-5;
    double maxErr = 0;
    for (int i = 0; i < theta.length; i++) {
      double orig = theta[i];
      theta[i] = orig + eps;
      cnf.loadFlatParameters(theta);
      double fp = loss(cnf, false, null);
      theta[i] = orig - eps;
      cnf.loadFlatParameters(theta);
      double fm = loss(cnf, false, null);
      theta[i] = orig;
      double num = (fp - fm) / (2 * eps);
      maxErr = Math.max(maxErr, Math.abs(num - analytic[i]) / Math.max(1, Math.abs(num)));
    }
    cnf.loadFlatParameters(theta);
    assertThat(maxErr).as(mode + " trainT=" + trainT + " reg=" + reg).isLessThan(1e-5);
  }

  @Test
  void adjointGradientsMatchFiniteDifferences() {
    check(Sensitivity.backsolveAdjoint(), true, 0);
  }

  @Test
  void directGradientsMatchFiniteDifferences() {
    check(Sensitivity.direct(), false, 0);
  }

  @Test
  void directGradientsWithTrainableEndTimeMatchFiniteDifferences() {
    check(Sensitivity.direct(), true, 0);
  }

  @Test
  void interpolatingAdjointAndCheckpointedGradientsMatchFiniteDifferences() {
    check(Sensitivity.interpolatingAdjoint(), false, 0);
    check(Sensitivity.checkpointed(), false, 0);
  }

  @Test
  void hutchinsonGradientsWithFixedProbesMatchFiniteDifferences() {
    check(Sensitivity.backsolveAdjoint(), false, 0.1, TraceEstimator.hutchinson(TraceEstimator.Noise.RADEMACHER, 2));
  }

  @Test
  void regularisedAdjointGradientsMatchFiniteDifferences() {
    check(Sensitivity.backsolveAdjoint(), false, 0.1);
  }
}
