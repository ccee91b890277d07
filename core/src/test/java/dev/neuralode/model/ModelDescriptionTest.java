package dev.neuralode.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.neuralode.data.Standardizer;
import dev.neuralode.flow.Cnf;
import dev.neuralode.flow.TraceEstimator;
import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Mlp;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import dev.neuralode.sensitivity.Sensitivity;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Model descriptions rebuild their models with core alone, bit for bit, and check themselves. */
class ModelDescriptionTest {

  private static final SeriesScaling SCALING =
      new SeriesScaling(new double[] {34.1, 20.2}, new double[] {20.9, 16.3}, 1900.0, 5.0);

  static OdeMlpModel series(Mlp mlp) {
    return OdeMlpModel.from(List.of("hare", "lynx"), "year", SCALING, mlp,
        SolverSpec.of(Solver.builder().rtol(1e-6).build()), new double[] {-0.2, Math.PI / 7},
        1900, 1920);
  }

  static Cnf flow() {
    Cnf.FlowSettings s = new Cnf.FlowSettings(0.8, false, TraceEstimator.exact(), 0, 0,
        Solver.builder().rtol(1e-5).atol(1e-5).build(), Sensitivity.backsolveAdjoint());
    return Cnf.create(2, new int[] {6, 5}, Activation.SOFTPLUS, s, new Rng(4));
  }

  private static void assertBits(double[] actual, double[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(Double.doubleToRawLongBits(actual[i])).as("index %d", i)
          .isEqualTo(Double.doubleToRawLongBits(expected[i]));
    }
  }

  @Test
  @SuppressWarnings("try")
  void seriesModelRebuildsBitForBit() {
    Mlp original = new Mlp(2, new int[] {7, 4}, 2, Activation.TANH, true, new Rng(9));
    OdeMlpModel model = series(original);
    Mlp rebuilt = model.buildMlp();
    assertBits(rebuilt.flatParameters(), original.flatParameters());
    Tensor y = new Rng(1).normal(5, 2);
    Tensor t = Tensor.scalar(0.3);
    assertBits(rebuilt.apply(t, y).toArray(), original.apply(t, y).toArray());

    double[] times = {1899, 1900, 1905.5, 1920, 1925};
    double[][] predicted = model.build().predict(times);
    double[] taus = {0, 1.1, 4, 5};
    double[] forward;
    try (Autograd.Scope scope = Autograd.noGrad()) {
      forward = Odeint.solve(original, Tensor.of(model.initialState(), 1, 2), taus,
          Solver.builder().rtol(1e-6).build()).ys().toArray();
    }
    assertBits(predicted[1], SCALING.unstandardise(model.initialState()));
    for (int k = 1; k < taus.length; k++) {
      assertBits(predicted[k + 1],
          SCALING.unstandardise(Arrays.copyOfRange(forward, 2 * k, 2 * k + 2)));
    }
    assertThat(predicted[0]).hasSize(2).doesNotContain(Double.NaN);
    assertThat(model.build().predict(new double[] {30, 10}, 1900, new double[] {1900})[0][0])
        .isEqualTo(30.0);
  }

  @Test
  @SuppressWarnings("try")
  void flowRebuildsBitForBit() {
    Cnf original = flow();
    Standardizer scaling = new Standardizer(new double[] {3.5, 70}, new double[] {1.1, 13.6});
    CnfModel model = CnfModel.from(List.of("eruptions", "waiting"), scaling, original);
    assertThat(model.endTime()).isEqualTo(0.8);
    assertThat(model.trace()).isEqualTo("exact");
    Cnf rebuilt = model.build();
    assertBits(rebuilt.flatParameters(), original.flatParameters());
    Tensor x = new Rng(2).normal(6, 2);
    try (Autograd.Scope scope = Autograd.noGrad()) {
      assertBits(rebuilt.logProb(x, null).logProb().toArray(),
          original.logProb(x, null).logProb().toArray());
    }
    assertBits(rebuilt.sample(4, new Rng(3)).toArray(), original.sample(4, new Rng(3)).toArray());
    assertThat(rebuilt.endTime()).isEqualTo(0.8);
  }

  @Test
  void describesEqualModelsEqually() {
    Mlp mlp = new Mlp(2, new int[] {3}, 2, Activation.ELU, false, new Rng(5));
    OdeMlpModel a = series(mlp);
    OdeMlpModel b = series(a.buildMlp());
    assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
    assertThat(series(new Mlp(2, new int[] {3}, 2, Activation.ELU, false, new Rng(6))))
        .isNotEqualTo(a);
    ParameterLayout layout = a.layout();
    assertThat(layout.names()).containsExactly("layers.0.weight", "layers.0.bias",
        "layers.1.weight", "layers.1.bias");
    assertThat(layout.shape("layers.0.weight")).containsExactly(3, 2);
    Map<String, double[]> named = layout.split(a.parameters());
    Map<String, int[]> shapes = new LinkedHashMap<>();
    for (String n : layout.names()) {
      shapes.put(n, layout.shape(n));
    }
    OdeMlpModel c = OdeMlpModel.withNamedParameters(a.columns(), a.timeColumn(), a.scaling(),
        a.architecture(), a.solver(), shapes, named, a.initialState(), a.t0(), a.dataTEnd());
    assertThat(c).isEqualTo(a);
    double[] p = a.parameters();
    p[0] = 42;
    assertThat(a.parameters()[0]).isNotEqualTo(42);
  }

  @Test
  void rejectsInconsistentFieldsNamingThem() {
    OdeMlpModel m = series(new Mlp(2, new int[] {3}, 2, Activation.TANH, false, new Rng(1)));
    assertThatThrownBy(() -> new OdeMlpModel(m.columns(), m.timeColumn(), m.scaling(),
        m.architecture(), m.solver(), m.parameters(), new double[] {1, 2, 3}, m.t0(),
        m.dataTEnd()))
        .isInstanceOf(InvalidModelException.class)
        .hasMessage("field 'initialState' has 3 values but 2 are needed; " + Checks.FIX)
        .satisfies(e -> assertThat(((InvalidModelException) e).field()).isEqualTo("initialState"));
    assertThatThrownBy(() -> new OdeMlpModel(m.columns(), m.timeColumn(),
        new SeriesScaling(new double[] {0, 0}, new double[] {1, 0}, 0, 1), m.architecture(),
        m.solver(), m.parameters(), m.initialState(), m.t0(), m.dataTEnd()))
        .hasMessageContaining("field 'scaling.std' value 0.0 for column 'lynx' must be > 0");
    assertThatThrownBy(() -> new OdeMlpModel(List.of("a", "b", "c"), m.timeColumn(),
        new SeriesScaling(new double[3], new double[] {1, 1, 1}, 0, 1), m.architecture(),
        m.solver(), m.parameters(), new double[3], m.t0(), m.dataTEnd()))
        .hasMessageContaining("'architecture' has in = 2 and out = 2 but there are 3 columns");
    double[] nan = m.parameters();
    nan[4] = Double.NaN;
    assertThatThrownBy(() -> new OdeMlpModel(m.columns(), m.timeColumn(), m.scaling(),
        m.architecture(), m.solver(), nan, m.initialState(), m.t0(), m.dataTEnd()))
        .hasMessageContaining("'parameters' value 4 is NaN");
    assertThatThrownBy(() -> new OdeMlpModel(m.columns(), m.timeColumn(), m.scaling(),
        m.architecture(), m.solver(), m.parameters(), m.initialState(), 1920, 1900))
        .hasMessageContaining("'dataTEnd' is 1900.0 but must be greater than t0 = 1920.0");
    assertThatThrownBy(() -> new SolverSpec("rk45", 1e-6, 1e-9))
        .isInstanceOf(InvalidModelException.class).hasMessageContaining("field 'solver' is invalid");
    assertThatThrownBy(() -> new SeriesScaling(new double[1], new double[1], 0, 0))
        .hasMessageContaining("'timeScale' is 0.0 but must be > 0");
    assertThatThrownBy(() -> new MlpSpec(2, new int[] {0}, 2, Activation.TANH, false))
        .hasMessageContaining("'hidden' holds width 0");
    InvalidModelException nested = new InvalidModelException("std", "is bad", "fix it")
        .under("scaling");
    assertThat(nested.field()).isEqualTo("scaling.std");
    assertThat(nested).hasMessage("field 'scaling.std' is bad; fix it");
  }

  @Test
  void joinChecksNamesShapesAndValues() {
    CnfModel m = CnfModel.from(List.of("x", "y"),
        new Standardizer(new double[2], new double[] {1, 1}), flow());
    ParameterLayout layout = m.layout();
    Map<String, double[]> data = layout.split(m.parameters());
    Map<String, int[]> shapes = new LinkedHashMap<>();
    for (String n : layout.names()) {
      shapes.put(n, layout.shape(n));
    }
    assertThat(layout.join(shapes, data)).isEqualTo(m.parameters());
    Map<String, int[]> wrong = new LinkedHashMap<>(shapes);
    wrong.put("layers.1.weight", new int[] {6, 5});
    assertThatThrownBy(() -> layout.join(wrong, data))
        .hasMessageContaining("'parameters.layers.1.weight.shape' is [6, 5] but the architecture"
            + " needs [5, 6]");
    Map<String, int[]> extra = new LinkedHashMap<>(shapes);
    extra.put("layers.9.bias", new int[] {1});
    assertThatThrownBy(() -> layout.join(extra, data)).hasMessageContaining("holds 'layers.9.bias'");
    Map<String, int[]> missing = new LinkedHashMap<>(shapes);
    missing.remove("layers.2.hyper_bias");
    Map<String, double[]> missingData = new LinkedHashMap<>(data);
    missingData.remove("layers.2.hyper_bias");
    assertThatThrownBy(() -> layout.join(missing, missingData))
        .hasMessageContaining("lacks 'layers.2.hyper_bias'");
    assertThatThrownBy(() -> CnfModel.withNamedParameters(List.of("x"), m.scaling(),
        m.architecture(), 1, null, m.solver(), shapes, data))
        .hasMessageContaining("'scaling.mean' has 2 values but 1 are needed");
  }
}
