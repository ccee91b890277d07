package dev.neuralode.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.neuralode.nn.Activation;
import dev.neuralode.nn.Linear;
import dev.neuralode.nn.Mlp;
import dev.neuralode.ode.Odeint;
import dev.neuralode.ode.Solver;
import dev.neuralode.tensor.Autograd;
import dev.neuralode.tensor.Rng;
import dev.neuralode.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The instrument's own pieces: the Vector API peers, the P1 workload, parsing and reporting. */
class InstrumentTest {

  @ParameterizedTest
  @CsvSource({"1,1,1", "4,3,16", "7,5,37", "9,64,33", "12,2,256"})
  void vectorKernelsMatchTheTripleLoop(int m, int k, int n) {
    Rng rng = new Rng(m * 1000L + k * 10L + n);
    double[] a = rng.normal(m, k).toArray();
    double[] at = rng.normal(k, m).toArray();
    double[] b = rng.normal(k, n).toArray();
    double[] c = new double[m * n];
    double[] ct = new double[m * n];
    VectorKernels.matmul(a, b, c, m, k, n);
    VectorKernels.matmulTransA(at, b, ct, m, k, n);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        double st = 0;
        for (int p = 0; p < k; p++) {
          s += a[i * k + p] * b[p * n + j];
          st += at[p * m + i] * b[p * n + j];
        }
        assertThat(c[i * n + j]).as("C[%d,%d]", i, j).isCloseTo(s, within(1e-12 * (1 + Math.abs(s))));
        assertThat(ct[i * n + j]).as("AᵀB[%d,%d]", i, j).isCloseTo(st, within(1e-12 * (1 + Math.abs(st))));
      }
    }
  }

  @Test
  void vectorMlpTwinHasTheLibrarysGradients() {
    Rng rng = new Rng(9);
    int[] widths = {2, 19, 33, 3};
    int batch = 5;
    Mlp mlp = new Mlp(2, new int[] {19, 33}, 3, Activation.TANH, false, rng);
    Tensor x = rng.normal(batch, 2);
    Tensor gy = rng.normal(batch, 3);
    List<Tensor> g = Autograd.grad(List.of(mlp.forward(x)), mlp.parameterValues(), List.of(gy), false);
    List<Linear> layers = mlp.layers();
    double[][] w = new double[3][];
    double[][] b = new double[3][];
    for (int l = 0; l < 3; l++) {
      w[l] = layers.get(l).weight().value().toArray();
      b[l] = layers.get(l).bias().value().toArray();
    }
    VectorMlp twin = new VectorMlp(w, b, widths, batch);
    double[] y = twin.forwardBackward(x.toArray(), gy.toArray());
    assertThat(y).containsExactly(mlp.forward(x).toArray(), within(1e-12));
    for (int l = 0; l < 3; l++) {
      int in = widths[l];
      int out = widths[l + 1];
      double[] gw = g.get(2 * l).toArray();
      for (int o = 0; o < out; o++) {
        for (int i = 0; i < in; i++) {
          assertThat(twin.gwt[l][i * out + o]).isCloseTo(gw[o * in + i], within(1e-12));
        }
      }
      assertThat(twin.gb[l]).containsExactly(g.get(2 * l + 1).toArray(), within(1e-12));
    }
  }

  @Test
  void tutorialStepsAreTheLibrarysEulerSteps() {
    Tutorial data = Tutorial.create(0, 25);
    Solver euler = Solver.builder().method("euler").stepSize(Tutorial.STEP).build();
    for (int it = 0; it < 25; it++) {
      int[] idx = data.windows()[it];
      assertThat(idx.length).isBetween(2, Tutorial.WINDOW);
      double[] ts = new double[idx.length];
      for (int j = 0; j < idx.length; j++) {
        ts[j] = data.t()[idx[j]];
      }
      int steps = Autograd.withoutGrad(() -> Odeint.solve((t, z) -> z.neg(), Tensor.of(new double[] {1, 0}, 1, 2),
          ts, euler)).stats().acceptedSteps();
      assertThat(data.steps(it)).as("iteration %d", it).isEqualTo(steps);
    }
    assertThat(data.params()).hasNumberOfRows(6);
    assertThat(data.params()[0]).hasSize(16 * 2);
  }

  @Test
  void progressLinesOfTheCliAreParsed() {
    String err = "neuralode density: training a CNF on 240 rows (60 held out), 3 iterations\n"
        + "neuralode density: iteration 1/3 (33%), nll 3.594, nfe 20/21, 1.8 s elapsed\n"
        + "neuralode density: iteration 3/3 (100%), nll 3.576, 2.9 s elapsed, about 0 s left\n";
    Matcher m = ProcessSections.PROGRESS.matcher(err);
    assertThat(m.find()).isTrue();
    assertThat(m.group(1)).isEqualTo("1");
    assertThat(m.group(2)).isEqualTo("nfe 20/21");
    assertThat(m.group(3)).isEqualTo("1.8");
    assertThat(m.find()).isTrue();
    assertThat(m.group(1)).isEqualTo("3");
    assertThat(m.group(2)).isNull();
    assertThat(m.group(3)).isEqualTo("2.9");
    assertThat(m.find()).isFalse();
  }

  @Test
  void mediansResultsAndLossChecks() {
    assertThat(Procs.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Procs.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
    assertThat(Procs.median(List.of())).isNaN();
    assertThat(Procs.num("{\"impl\":\"djl\",\"seconds\":1.5e-3,\"steps\":12}", "seconds")).isEqualTo(1.5e-3);
    assertThatThrownBy(() -> Procs.num("{}", "x")).isInstanceOf(IllegalStateException.class);
    assertThat(ProcessSections.lossCheck(Map.of("ours-direct", 0.5, "djl", 0.5, "numpy", 0.5 + 1e-12)))
        .contains("agree");
    assertThat(ProcessSections.lossCheck(Map.of("ours-direct", 0.5, "djl", 0.51, "numpy", 0.5)))
        .contains("DISAGREE");
    assertThatThrownBy(() -> Checks.close("x", new double[] {1, 2}, new double[] {1, 2.1}, 1e-9))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("x disagrees at 1");
  }

  @Test
  void reportEscapesJsonAndShowsEveryRow() {
    Row r = new Row("P9", "a \"quoted\" | workload", 1.5, Double.NaN, "ms", "peer", Double.NaN, "t", "report",
        "line\nbreak");
    Map<String, String> meta = new java.util.LinkedHashMap<>(Map.of("mode", "quick"));
    String json = Report.json(List.of(r), meta);
    assertThat(json).contains("\"workload\": \"a \\\"quoted\\\" | workload\"", "\"peer\": null",
        "\"note\": \"line\\nbreak\"", "\"ours\": 1.5");
    String md = Report.markdown(List.of(r), meta);
    assertThat(md).contains("| P9 | a \"quoted\" \\| workload |", "1.50 ms", "quick mode");
  }
}
