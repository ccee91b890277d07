package dev.neuralode.bench;

import dev.neuralode.expr.OdeSystem;
import dev.neuralode.expr.Parser;
import dev.neuralode.ode.FlatOde;
import dev.neuralode.ode.OdeFunction;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * P2's problem: Van der Pol's oscillator x' = v, v' = μ(1 − x²)v − x from (2, 0) over [0, 20], as
 * a Tensor right-hand side written by hand, as the expression ODE that {@code neuralode solve}
 * builds, and as Hipparchus's plain {@code double[]} right-hand side.
 */
final class VanDerPol {
  /** The end of the span. */
  static final double T1 = 20;

  private VanDerPol() {}

  /** The hand-written Tensor right-hand side over states {@code [batch, 2]}. */
  static OdeFunction tensor(double mu) {
    return (t, y) -> {
      Tensor x = y.slice(1, 0, 1);
      Tensor v = y.slice(1, 1, 2);
      Tensor dv = v.mul(x.mul(x).neg().add(1)).mul(mu).sub(x);
      return Tensor.concat(1, v, dv);
    };
  }

  /** The expression ODE of {@code neuralode solve --vars x,v --rhs "v; mu*(1-x*x)*v - x"}. */
  static OdeFunction expression(double mu) {
    List<String> vars = List.of("x", "v");
    List<String> names = OdeSystem.slotNames(vars, List.of("mu"));
    return new OdeSystem(vars, Map.of("mu", Tensor.scalar(mu)),
        List.of(Parser.parse("v", names), Parser.parse("mu*(1-x*x)*v - x", names))).function();
  }

  /** The hand-written Tensor right-hand side declared traceable: compiled dynamics (a captured program). */
  static OdeFunction compiled(double mu) {
    return OdeFunction.compiled(tensor(mu));
  }

  /** The library's plain right-hand side on arrays ({@link FlatOde}), row by row over {@code [rows, 2]}. */
  static FlatOde flat(double mu) {
    return (t, y, dy) -> {
      for (int i = 0; i < y.length; i += 2) {
        double x = y[i];
        double v = y[i + 1];
        dy[i] = v;
        dy[i + 1] = mu * (1 - x * x) * v - x;
      }
    };
  }

  /** Hipparchus's right-hand side. */
  static OrdinaryDifferentialEquation plain(double mu) {
    return new OrdinaryDifferentialEquation() {
      @Override
      public int getDimension() {
        return 2;
      }

      @Override
      public double[] computeDerivatives(double t, double[] y) {
        return new double[] {y[1], mu * (1 - y[0] * y[0]) * y[1] - y[0]};
      }
    };
  }
}
