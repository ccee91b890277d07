package dev.neuralode.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.neuralode.ode.FlatOde;
import dev.neuralode.ode.OdeFunction;
import dev.neuralode.ode.OdeResult;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link OdeSystem#flatFunction()} gives the Tensor evaluation's bits, and solves through it agree. */
class FlatExprTest {
  private static final List<String> VARS = List.of("x", "v", "w");

  private static OdeSystem system(String... rhs) {
    Map<String, Tensor> params = new LinkedHashMap<>();
    params.put("mu", Tensor.scalar(1.7));
    params.put("k", Tensor.scalar(-0.3));
    List<String> names = OdeSystem.slotNames(VARS, List.copyOf(params.keySet()));
    return new OdeSystem(VARS, params, List.of(Parser.parse(rhs[0], names), Parser.parse(rhs[1], names),
        Parser.parse(rhs[2], names)));
  }

  @Test
  void everyOperatorAndFunctionGivesTheTensorBits() {
    String[][] systems = {
        {"v", "mu*(1-x*x)*v - x", "-w/3 + k*t"},
        {"sin(x) + cos(v)*tan(w)", "exp(-x*x) - log(1 + v*v) + sqrt(abs(w))", "tanh(x*v) + sigmoid(w) - sigmoid(-3*w)"},
        {"min(x, v) - max(v, w)", "x^2 + v^3 - w^1 + x^mu", "abs(x)^v + pow(abs(v), 0.5) + pow(abs(w) + 1, x)"},
        {"1", "2*pi - e", "t^2 + mu^k - (k - mu)/(1 + t)"},
        {"x - v - w - 1 - t", "x / v / (w + 4) * 2 * mu", "-(-x) + --v"},
    };
    Rng rng = new Rng(5);
    for (String[] rhs : systems) {
      OdeSystem sys = system(rhs);
      FlatOde flat = sys.flatFunction();
      for (int trial = 0; trial < 20; trial++) {
        Tensor y = rng.uniform(-2, 2, 4, 3);
        double t = 0.37 * trial - 2;
        double[] expected = sys.function().apply(Tensor.scalar(t), y).toArray();
        double[] got = new double[12];
        flat.derivative(t, y.toArray(), got);
        for (int i = 0; i < 12; i++) {
          assertThat(Double.doubleToRawLongBits(got[i])).as(String.join("; ", rhs) + " entry " + i + " " + got[i]
              + " vs " + expected[i]).isEqualTo(Double.doubleToRawLongBits(expected[i]));
        }
        // one row alone (the scalar path), and rows at their own times (the per-row solver's call)
        double[] times = new double[4];
        for (int row = 0; row < 4; row++) {
          times[row] = t + row;
          double[] one = new double[3];
          flat.derivative(t, y.index(row).toArray(), one);
          assertThat(one).isEqualTo(java.util.Arrays.copyOfRange(expected, 3 * row, 3 * row + 3));
        }
        double[] each = new double[12];
        ((FlatOde.RowTimes) flat).derivatives(4, times, y.toArray(), each);
        for (int row = 0; row < 4; row++) {
          double[] alone = sys.function().apply(Tensor.scalar(times[row]), y.index(row)).toArray();
          assertThat(java.util.Arrays.copyOfRange(each, 3 * row, 3 * row + 3)).isEqualTo(alone);
        }
      }
    }
  }

  @Test
  void solvesOfTheSystemTakeTheFlatPathWithTheSameBits() {
    OdeSystem sys = system("v", "mu*(1-x*x)*v - x", "sin(t)*w - k*x");
    OdeFunction fast = sys.function();
    OdeFunction eager = (t, y) -> sys.function().apply(t, y); // not traceable: the Tensor path
    assertThat(fast.flat()).isNotNull();
    assertThat(eager.flat()).isNull();
    for (String method : List.of("dopri5", "tsit5", "dopri8", "bosh3", "rk4")) {
      Solver s = Solver.builder().method(method).rtol(1e-7).atol(1e-9).stepSize(0.05).build();
      for (Tensor y0 : List.of(Tensor.vector(2, 0, 1), Tensor.matrix(new double[][] {{2, 0, 1}, {-1, 1, 0.5}}))) {
        double[] t = {0, 0.3, 1.1, 2.5, 4};
        OdeResult a = Odeint.solve(eager, y0, t, s);
        OdeResult b = Odeint.solve(fast, y0, t, s);
        assertThat(b.stats()).isEqualTo(a.stats());
        assertThat(b.ys().shape()).isEqualTo(a.ys().shape());
        double[] x = a.ys().toArray();
        double[] z = b.ys().toArray();
        for (int i = 0; i < x.length; i++) {
          assertThat(Double.doubleToRawLongBits(z[i])).as(method + " " + i).isEqualTo(Double.doubleToRawLongBits(x[i]));
        }
      }
    }
  }

  @Test
  void aParameterThatRequiresAGradientHasNoFlatTwin() {
    List<String> names = OdeSystem.slotNames(List.of("x"), List.of("a"));
    OdeSystem sys = new OdeSystem(List.of("x"), Map.of("a", Tensor.scalar(2).requireGrad()),
        List.of(Parser.parse("-a*x", names)));
    assertThat(sys.flatFunction()).isNull();
    assertThat(sys.function().flat()).isNull();
  }
}
